"""``acollida housing sync-capacity | recompute-priority``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Housing: write free places into the directory's capacity; recompute waiting list priorities."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("sync-capacity", help="Write the network's free places into the directory.")
        sub.add_parser("recompute-priority", help="Rescore the waiting list (run daily).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "sync-capacity":
            from acollida.housing.feed import sync_capacity

            self.stdout.write(f"Updated the capacity of {sync_capacity()} directory services.")
        else:
            from acollida.housing.services import priority_recompute

            self.stdout.write(f"Rescored {priority_recompute()} waiting list entries.")

"""``acollida agenda send-reminders``: e-mail tomorrow's appointments to the persons booked (cron)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Work with the agenda from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        remind = actions.add_parser(
            "send-reminders",
            help="Remind persons of tomorrow's appointments in their language (run daily; safe to repeat).",
        )
        remind.add_argument("--date", help="remind appointments on this day (YYYY-MM-DD) instead of tomorrow")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "send-reminders":
            from acollida.agenda.reminders import send_reminders

            day = None
            if options.get("date"):
                try:
                    day = date.fromisoformat(options["date"])
                except ValueError as exc:
                    raise CommandError(f"{options['date']}: not a date (YYYY-MM-DD).") from exc
            run = send_reminders(day=day)
            by_language = ", ".join(f"{code}: {count}" for code, count in sorted(run.languages.items()))
            self.stdout.write(
                f"{run.sent} reminders sent ({by_language or 'none'}); "
                f"{run.unreachable} persons have no way to be reached."
            )

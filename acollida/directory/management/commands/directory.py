"""``acollida directory ACTION``: the public service directory from the command line or cron.

* ``flag-stale [--days N]``: e-mail the people who keep directory entries the list of their
  services not verified for N days (default ``ACOLLIDA_DIRECTORY_STALE_DAYS``); run weekly;
* ``load-taxonomy``: create or update the newcomer needs taxonomy (safe to repeat);
* ``load-demo``: the taxonomy plus the Valencia demo services (development only);
* ``rebuild-search``: refresh every service's search rows (after a taxonomy change);
* ``export-hsds --lang LANG --out DIR`` / ``import-hsds DIR --lang LANG``: the open-data feed
  (Open Referral HSDS 3.1, JSON and CSV), see ``acollida/directory/hsds/``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = "Work with the public service directory from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        stale = actions.add_parser(
            "flag-stale",
            help="E-mail the keepers of directory entries the services not verified lately (run weekly).",
        )
        stale.add_argument(
            "--days",
            type=_positive,
            default=None,
            help="days since the last verification (default: ACOLLIDA_DIRECTORY_STALE_DAYS)",
        )
        actions.add_parser(
            "load-taxonomy", help="Create or update the newcomer needs taxonomy (safe to repeat)."
        )
        demo = actions.add_parser("load-demo", help="Load the taxonomy and the Valencia demo services.")
        demo.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        actions.add_parser("rebuild-search", help="Refresh the search rows of every service.")
        export = actions.add_parser(
            "export-hsds", help="Write the directory as an Open Referral HSDS 3.1 feed in one language."
        )
        export.add_argument("--lang", required=True, help="language of the feed's texts, e.g. ar")
        export.add_argument("--out", required=True, help="folder to write the JSON and CSV files into")
        load = actions.add_parser(
            "import-hsds", help="Load an HSDS 3.1 feed (all or nothing; every error is reported)."
        )
        load.add_argument("folder", help="folder holding services.json and organizations.json")
        load.add_argument("--lang", required=True, help="language the feed's texts are written in")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "flag-stale":
            from acollida.directory.stale import stale_reminders_send

            mails, services = stale_reminders_send(days=options["days"])
            self.stdout.write(f"Stale services: {services} listed in {mails} e-mails.")
        elif action == "load-taxonomy":
            from acollida.directory.taxonomy_seed import taxonomy_load

            counts = taxonomy_load()
            self.stdout.write(f"Taxonomy terms: {counts['created']} created, {counts['updated']} updated.")
        elif action == "load-demo":
            if not settings.DEBUG and not options["force"]:
                raise CommandError(
                    "Refusing to load demo data with ACOLLIDA_DEBUG off. Use --force if you mean it."
                )
            from acollida.directory.demo import load_demo

            load_demo(self.stdout)
        elif action == "rebuild-search":
            from acollida.directory.services import search_rebuild_all

            self.stdout.write(f"Search rows refreshed for {search_rebuild_all()} services.")
        elif action in {"export-hsds", "import-hsds"}:
            from acollida.directory.hsds.commands import hsds_command

            hsds_command(action, options, self.stdout)

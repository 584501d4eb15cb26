"""``acollida emergency import-manifest --operation SLUG FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Emergency operations: import a passenger or rescue manifest."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        manifest = sub.add_parser(
            "import-manifest", help="Import a manifest (CSV or XLSX) into an operation."
        )
        manifest.add_argument("--operation", required=True, help="The operation's slug.")
        manifest.add_argument("file", help="The manifest, CSV (UTF-8) or XLSX.")
        drill = sub.add_parser("drill", help="Run a fictitious operation of N arrivals, timed by stage.")
        drill.add_argument("--people", type=int, default=629, help="Arrivals (629 by default).")
        drill.add_argument("--json", action="store_true", help="Print the figures as one JSON object.")
        drill.add_argument("--keep", action="store_true", help="Keep what the drill wrote.")
        drill.add_argument("--seed", type=int, default=0, help="Seed of the fictitious population.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "import-manifest":
            self._import_manifest(options["operation"], Path(options["file"]))
        elif options["action"] == "drill":
            from acollida.emergency.drill import command_output

            self.stdout.write(
                command_output(options["people"], options["keep"], options["seed"], options["json"])
            )

    def _import_manifest(self, slug: str, path: Path) -> None:
        from acollida.core.spreadsheets import SpreadsheetError, read_table
        from acollida.emergency.imports import ManifestError, manifest_import
        from acollida.emergency.models import Operation

        operation = Operation.objects.filter(slug=slug).first()
        if operation is None:
            raise CommandError(f"No operation {slug!r}.")
        try:
            table = read_table(path.read_bytes())
            result = manifest_import(actor=None, operation=operation, table=table)
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        except (SpreadsheetError, ManifestError) as exc:
            raise CommandError(f"Nothing was imported.\n{exc}") from exc
        self.stdout.write(f"Imported {result.created} new arrivals, updated {result.updated}.")

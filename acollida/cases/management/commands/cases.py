"""``acollida cases ACTION``: case-file work run from the command line or cron.

* ``load-pathways``: create or update the network-wide pathway templates (safe to repeat);
* ``load-document-templates``: create or update the network-wide templates of issued documents
  (safe to repeat);
* ``send-reminders``: remind caseworkers, and persons who consented, of pathway deadlines (daily);
* ``apply-retention``: pseudonymise persons whose cases all closed before the retention period.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Work with case files from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        load = actions.add_parser(
            "load-pathways",
            help="Create or update the network-wide pathway templates by code (safe to repeat).",
        )
        load.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="language of the templates' texts (default: the site's)",
        )
        actions.add_parser(
            "load-document-templates",
            help="Create or update the network-wide templates of issued documents by code and language "
            "(safe to repeat).",
        )
        actions.add_parser(
            "send-reminders",
            help="Remind caseworkers (e-mail digest) and persons who consented of pathway deadlines "
            "(run daily; each step is reminded once).",
        )
        retention = actions.add_parser(
            "apply-retention",
            help="Pseudonymise persons whose cases all closed more than ACOLLIDA_RETENTION_DAYS ago "
            "and who have no active legal hold (run weekly).",
        )
        retention.add_argument("--dry-run", action="store_true", help="only count the persons due")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "load-pathways":
            from acollida.cases.services_pathways import pathway_templates_load

            counts = pathway_templates_load(language=options["language"])
            self.stdout.write(
                f"Pathway templates: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        elif options["action"] == "load-document-templates":
            from acollida.cases.services_documents import document_templates_load

            counts = document_templates_load()
            self.stdout.write(
                f"Document templates: {counts['created']} created, {counts['updated']} updated, "
                f"{counts['unchanged']} unchanged."
            )
        elif options["action"] == "send-reminders":
            from acollida.cases.reminders import send_pathway_reminders

            run = send_pathway_reminders()
            by_language = ", ".join(f"{code}: {count}" for code, count in sorted(run.languages.items()))
            self.stdout.write(
                f"{run.digests} caseworker digests ({run.staff_steps} steps); "
                f"{run.persons} persons reminded ({by_language or 'none'}); "
                f"{run.unreachable} persons could not be reached."
            )
        elif options["action"] == "apply-retention":
            from acollida.cases.erasure import retention_apply

            retention_run = retention_apply(dry_run=options["dry_run"])
            if options["dry_run"]:
                self.stdout.write(f"{retention_run.due} persons are due for pseudonymisation (dry run).")
            else:
                self.stdout.write(
                    f"{len(retention_run.references)} persons pseudonymised: "
                    f"{', '.join(retention_run.references) or 'none'}."
                )

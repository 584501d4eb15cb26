"""``acollida people dedupe INPUT.csv --out PAIRS.csv``: the product's duplicate engine on a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from acollida.people.dedupe_csv import InputError, read_records, write_pairs
from acollida.people.linkage import find_duplicates


class Command(BaseCommand):
    help = "Work with person records from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        dedupe = actions.add_parser(
            "dedupe",
            help="Find candidate duplicate persons in a CSV file.",
            description="Reads persons (header with 'id' and any of given_name, family_name, "
            "date_of_birth, sex, nationality, document_number, phone, address) and writes "
            "id_a,id_b,score,decision rows; decision is 'match' or 'possible'.",
        )
        dedupe.add_argument("input", type=Path, help="persons CSV (UTF-8)")
        dedupe.add_argument("--out", type=Path, required=True, help="where to write the pairs CSV")
        scan = actions.add_parser(
            "scan-duplicates",
            help="Scan every person across organisations and file new pairs for review (run nightly).",
        )
        scan.add_argument(
            "--trigram-days",
            type=int,
            default=2,
            help="on PostgreSQL, also compare persons changed in the last N days with their nearest "
            "names by trigram distance (0: never; default 2)",
        )
        scan.add_argument(
            "--trigram-all",
            action="store_true",
            help="compare every person with their trigram neighbours (slower; after a large import)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "dedupe":
            self._dedupe(options["input"], options["out"])
        elif options["action"] == "scan-duplicates":
            from acollida.people.review import scan_duplicates

            if options["trigram_days"] < 0:
                raise CommandError("--trigram-days must be 0 or more.")
            days = None if options["trigram_all"] else options["trigram_days"]
            result = scan_duplicates(trigram_days=days)
            self.stdout.write(
                f"{result['scanned']} persons scanned ({result['neighbours']} trigram neighbour "
                f"pairs): {result['pairs']} candidate pairs, "
                f"{result['new']} new for review, {result['refreshed']} refreshed."
            )

    def _dedupe(self, source: Path, target: Path) -> None:
        try:
            records = read_records(source)
        except InputError as exc:
            raise CommandError(f"{source}: {exc}. Nothing was written.") from exc
        if not target.resolve().parent.is_dir():
            raise CommandError(f"{target}: the folder does not exist. Nothing was written.")
        pairs = find_duplicates(records)
        count = write_pairs(target, pairs)
        matches = sum(1 for pair in pairs if pair.decision == "match")
        self.stdout.write(
            f"{len(records)} persons read, {count} candidate pairs written to {target} "
            f"({matches} match, {count - matches} possible)."
        )

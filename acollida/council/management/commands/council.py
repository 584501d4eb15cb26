"""``acollida council composition BODY_SLUG [--json] [--date YYYY-MM-DD]``: seat shares, target bands,
representation ratios and the Loosemore–Hanby index of a body (for reports and checks)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from acollida.council import selectors
from acollida.council.models import Body


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


class Command(BaseCommand):
    help = "Work with the council from the command line."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        composition = actions.add_parser(
            "composition", help="Seat shares, target bands, ratios and index of a body."
        )
        composition.add_argument("body", metavar="BODY_SLUG")
        composition.add_argument("--json", action="store_true", help="print JSON")
        composition.add_argument("--date", help="the composition on this day (YYYY-MM-DD) instead of today")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "composition":
            self._composition(options)

    def _composition(self, options: dict[str, Any]) -> None:
        body = Body.objects.filter(slug=options["body"]).first()
        if body is None:
            raise CommandError(f"{options['body']}: no such body.")
        day = timezone.localdate()
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"{options['date']}: not a date (YYYY-MM-DD).") from exc
        report = selectors.composition_on(body, day)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False))
            return
        self.stdout.write(f"{body.name} on {day.isoformat()}: {report.seats.total_seats} seats held")
        for row in report.seats.categories:
            self.stdout.write(
                f"  {row.code:22} {row.seats:4}  share {_pct(row.share):>8}  "
                f"band {_pct(row.target_min)}–{_pct(row.target_max)}  "
                f"ratio {'—' if row.ratio is None else f'{row.ratio:.2f}'}"
            )
        index = report.voting.loosemore_hanby
        self.stdout.write(f"Loosemore–Hanby index (voting seats): {'—' if index is None else f'{index:.3f}'}")
        self.stdout.write(f"Women among titular members: {_pct(report.gender.women_share)}")

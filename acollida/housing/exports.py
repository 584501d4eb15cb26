"""The occupancy export for funders: one row per accommodation, programme or organisation."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.housing.selectors import OccupancyRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def occupancy_table(rows: list[OccupancyRow], *, by: str) -> list[list[object]]:
    header: list[object] = [
        {"programme": _("Programme"), "organisation": _("Organisation")}.get(by, _("Accommodation")),
        _("Places"),
        _("Free"),
        _("Reserved"),
        _("Occupied"),
        _("Out of service"),
        _("Occupancy (%)"),
        _("Stays"),
        _("Average stay (days)"),
        _("Check-outs"),
        _("Turnover"),
    ]
    table = [header]
    for row in rows:
        table.append(
            [
                row.label,
                row.places,
                row.free,
                row.reserved,
                row.occupied,
                row.out_of_service,
                row.occupancy,
                row.stays,
                row.average_stay_days,
                row.check_outs,
                row.turnover,
            ]
        )
    return table


def _safe(value: object) -> object:
    """Spreadsheet formulas are never written: a text cell starting with = + - @ is quoted."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def occupancy_response(rows: list[OccupancyRow], *, by: str, file_format: str) -> HttpResponse:
    table = [[_safe(cell) for cell in line] for line in occupancy_table(rows, by=by)]
    stamp = timezone.localdate().isoformat()
    if file_format == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "occupancy"
        for line in table:
            sheet.append([str(c) if not isinstance(c, int | float) else c for c in line])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="occupancy-{stamp}.xlsx"'
        return response
    out = io.StringIO()
    writer = csv.writer(out)
    for line in table:
        writer.writerow([str(c) for c in line])
    response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="occupancy-{stamp}.csv"'
    return response

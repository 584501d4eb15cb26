"""Import of accommodations and their units from a spreadsheet (CSV or XLSX), all or nothing.

One row per unit. The columns are named in English (header spelling is forgiving: case, spaces and
accents do not matter): ``accommodation``, ``kind``, ``address``, ``district``, ``lat``, ``lon``,
``protected_address``, the rules and accessibility flags (``women_only`` … ``adapted_bathroom``,
yes/no), ``languages`` (ISO 639 codes), ``unit``, ``unit_kind`` (flat/room), ``rooms``, ``places``.
Rows naming the same accommodation add units to it; an accommodation of the operator with that
name already is extended. Every row is checked before anything is written; one bad row and nothing
is saved, with a report naming each row and column.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acollida.core.models import Organisation, User
from acollida.core.spreadsheets import RowError, Table
from acollida.directory.models import District
from acollida.housing import services
from acollida.housing.models import ACCESS_FIELDS, RULE_FIELDS, Accommodation, AccommodationKind, Unit

COLUMNS = (
    "accommodation",
    "kind",
    "address",
    "district",
    "lat",
    "lon",
    "protected_address",
    *RULE_FIELDS,
    *ACCESS_FIELDS,
    "languages",
    "unit",
    "unit_kind",
    "rooms",
    "places",
)
YES = {"yes", "y", "si", "sí", "true", "1", "x", "oui", "so"}
NO = {"no", "n", "false", "0", ""}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace(" ", "_").replace("-", "_")


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    accommodations: int = 0
    units: int = 0
    places: int = 0


def _bool(value: str) -> bool | None:
    folded = _fold(value)
    if folded in YES:
        return True
    if folded in NO:
        return False
    return None


def _parse(table: Table) -> tuple[list[tuple[int, dict[str, Any]]], list[RowError]]:
    index = {_fold(h): i for i, h in enumerate(table.headers)}
    errors: list[RowError] = []
    for required in ("accommodation", "kind", "unit"):
        if required not in index:
            errors.append(RowError(row=1, column=required, message=_("This column is missing.")))
    if errors:
        return [], errors
    parsed: list[tuple[int, dict[str, Any]]] = []
    kinds = {_fold(v): v for v in AccommodationKind.values} | {
        _fold(str(label)): v for v, label in AccommodationKind.choices
    }
    districts = {_fold(v): v for v in District.values} | {_fold(label): v for v, label in District.choices}
    for number, cells in zip(table.numbers, table.rows, strict=True):

        def cell(name: str, cells: list[str] = cells) -> str:
            i = index.get(name)
            return cells[i].strip() if i is not None else ""

        row: dict[str, Any] = {}
        problems: list[RowError] = []

        def bad(column: str, message: str, problems: list[RowError] = problems, number: int = number) -> None:
            problems.append(RowError(row=number, column=column, message=message))

        row["accommodation"] = cell("accommodation")
        if not row["accommodation"]:
            bad("accommodation", _("Give the accommodation's name."))
        kind = kinds.get(_fold(cell("kind")))
        if kind is None:
            bad("kind", _("Unknown kind of accommodation."))
        row["kind"] = kind
        row["address"] = cell("address")
        district = cell("district")
        row["district"] = districts.get(_fold(district), None) if district else ""
        if row["district"] is None:
            bad("district", _("Unknown district."))
        for name in ("lat", "lon"):
            text = cell(name).replace(",", ".")
            try:
                row[name] = float(text) if text else None
            except ValueError:
                bad(name, _("Write a number, e.g. 39.47."))
        for name in ("protected_address", *RULE_FIELDS, *ACCESS_FIELDS):
            value = _bool(cell(name))
            if value is None:
                bad(name, _("Write yes or no."))
            row[name] = bool(value)
        row["languages"] = [
            c.strip().lower() for c in cell("languages").replace(";", ",").split(",") if c.strip()
        ]
        row["unit"] = cell("unit")
        if not row["unit"]:
            bad("unit", _("Give the unit's name."))
        unit_kind = _fold(cell("unit_kind")) or "room"
        if unit_kind not in Unit.Kind.values:
            bad("unit_kind", _("Write flat or room."))
        row["unit_kind"] = unit_kind
        for name, default in (("rooms", 1), ("places", 0)):
            text = cell(name)
            try:
                row[name] = int(text) if text else default
                if not 0 <= row[name] <= 200:
                    raise ValueError
            except ValueError:
                bad(name, _("Write a whole number between 0 and 200."))
        errors += problems
        if not problems:
            parsed.append((number, row))
    return parsed, errors


def import_accommodations(*, actor: User, operator: Organisation, table: Table) -> ImportResult:
    """Create the accommodations, units and places of ``table`` for ``operator``: all or nothing."""
    result = ImportResult()
    rows, result.errors = _parse(table)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            seen: dict[str, Accommodation] = {}
            for number, row in rows:
                try:
                    accommodation = (
                        seen.get(row["accommodation"])
                        or Accommodation.objects.filter(operator=operator, name=row["accommodation"]).first()
                    )
                    if row["accommodation"] not in seen:
                        data = {k: row[k] for k in ("kind", "address", "district", "lat", "lon", "languages")}
                        data["name"] = row["accommodation"]
                        data["is_protected_address"] = row["protected_address"]
                        data.update({k: row[k] for k in (*RULE_FIELDS, *ACCESS_FIELDS)})
                        created = accommodation is None
                        accommodation = services.accommodation_save(
                            actor=actor, operator=operator, data=data, accommodation=accommodation
                        )
                        result.accommodations += int(created)
                        seen[row["accommodation"]] = accommodation
                    assert accommodation is not None
                    if accommodation.units.filter(name=row["unit"]).exists():
                        raise ValidationError(
                            {"unit": _("This accommodation already has a unit of this name.")}
                        )
                    unit = services.unit_save(
                        actor=actor,
                        accommodation=accommodation,
                        name=row["unit"],
                        kind=row["unit_kind"],
                        rooms=row["rooms"] or 1,
                    )
                    result.units += 1
                    if row["places"]:
                        result.places += len(services.places_add(actor=actor, unit=unit, count=row["places"]))
                except ValidationError as error:
                    items = (
                        error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
                    )
                    for column, messages in items:
                        for message in messages:
                            result.errors.append(
                                RowError(
                                    row=number, column=column if column != "__all__" else "", message=message
                                )
                            )
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.accommodations = result.units = result.places = 0
    return result


class _Rollback(Exception):
    """Raised inside the transaction to undo every row when one of them failed."""

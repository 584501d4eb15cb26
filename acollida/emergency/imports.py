"""Import of a passenger or rescue manifest (CSV/XLSX) into an operation's arrivals.

Columns, by header: ``wristband,given_name,family_name,sex,age_estimate,nationality,languages,
group_id,unaccompanied_minor,pregnant,medical_urgent``. Languages are ISO 639 codes separated by
``;``, flags ``yes``/``no``; every cell but the wristband may be blank. All-or-nothing: one
malformed row and nothing is written, with the row and the column named. A wristband already in
the operation is updated, never duplicated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.models import User
from acollida.core.spreadsheets import RowError, Table
from acollida.emergency import services
from acollida.emergency.models import Arrival, ArrivalLink, Operation, Sex

COLUMNS = (
    "wristband",
    "given_name",
    "family_name",
    "sex",
    "age_estimate",
    "nationality",
    "languages",
    "group_id",
    "unaccompanied_minor",
    "pregnant",
    "medical_urgent",
)
FLAGS = ("unaccompanied_minor", "pregnant", "medical_urgent")
YES = {"yes", "y", "sí", "si", "oui", "1", "true"}
NO = {"no", "n", "non", "0", "false", ""}


class ManifestError(ValueError):
    """The manifest cannot be imported; ``errors`` name each failing row and column."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors


@dataclass
class ManifestResult:
    created: int
    updated: int


def _flag(value: str) -> bool | None:
    lowered = value.strip().lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    return None


def manifest_parse(table: Table) -> list[services.ArrivalData]:
    """Every row as arrival data, or ``ManifestError`` with every failing row and column."""
    headers = [header.strip().lower() for header in table.headers]
    missing = [name for name in COLUMNS if name not in headers]
    if missing:
        raise ManifestError(
            [RowError(1, "", _("Missing columns: %(columns)s") % {"columns": ", ".join(missing)})]
        )
    index = {name: headers.index(name) for name in COLUMNS}
    errors: list[RowError] = []
    parsed: list[services.ArrivalData] = []
    seen: dict[str, int] = {}
    sexes = {choice.value for choice in Sex}
    for number, row in zip(table.numbers, table.rows, strict=True):
        cell = {name: row[position].strip() for name, position in index.items()}
        row_errors: list[RowError] = []
        wristband = cell["wristband"]
        if not wristband:
            row_errors.append(RowError(number, "wristband", _("The wristband is required.")))
        elif len(wristband) > 40:
            row_errors.append(RowError(number, "wristband", _("At most 40 characters.")))
        elif wristband in seen:
            row_errors.append(
                RowError(
                    number, "wristband", _("Also on row %(row)s of this file.") % {"row": seen[wristband]}
                )
            )
        else:
            seen[wristband] = number
        sex = cell["sex"].upper() or "U"
        if sex not in sexes:
            row_errors.append(RowError(number, "sex", _("Use F, M, X or U.")))
        age: int | None = None
        if cell["age_estimate"]:
            try:
                age = int(cell["age_estimate"])
            except ValueError:
                age = -1
            if not 0 <= age <= 120:
                row_errors.append(RowError(number, "age_estimate", _("An age in years between 0 and 120.")))
        languages = [code.strip().lower() for code in cell["languages"].split(";") if code.strip()]
        for column, message in services.validate_codes(languages, cell["nationality"]).items():
            row_errors.append(RowError(number, column, message))
        flags: dict[str, bool] = {}
        for name in FLAGS:
            value = _flag(cell[name])
            if value is None:
                row_errors.append(RowError(number, name, _("Use yes or no.")))
            flags[name] = bool(value)
        if len(cell["group_id"]) > 40:
            row_errors.append(RowError(number, "group_id", _("At most 40 characters.")))
        name = " ".join(part for part in (cell["given_name"], cell["family_name"]) if part)
        if len(name) > 200:
            row_errors.append(RowError(number, "given_name", _("At most 200 characters.")))
        errors += row_errors
        if not row_errors:
            parsed.append(
                services.ArrivalData(
                    wristband=wristband,
                    name_as_said=name,
                    sex=sex,
                    age_estimate=age,
                    nationality=cell["nationality"].upper(),
                    languages=languages,
                    group_id=cell["group_id"],
                    unaccompanied_minor=flags["unaccompanied_minor"],
                    pregnant=flags["pregnant"],
                    medical_urgent=flags["medical_urgent"],
                )
            )
    if errors:
        raise ManifestError(errors)
    return parsed


@transaction.atomic
def manifest_import(*, actor: User | None, operation: Operation, table: Table) -> ManifestResult:
    """Import the manifest into ``operation`` all-or-nothing (``actor`` None: the command line)."""
    if actor is not None and not policy.may_register_arrivals(actor, operation):
        raise PermissionDenied
    if operation.is_closed:
        raise ManifestError([RowError(1, "", _("The operation is closed."))])
    rows = manifest_parse(table)
    existing = {
        arrival.wristband: arrival
        for arrival in Arrival.objects.select_for_update().filter(
            operation=operation, wristband__in=[row.wristband for row in rows]
        )
    }
    new: list[Arrival] = []
    changed: list[Arrival] = []
    for row in rows:
        arrival = existing.get(row.wristband)
        if arrival is None:
            arrival = Arrival(operation=operation, registered_by=actor)
            new.append(arrival)
        else:
            changed.append(arrival)
        services._apply(arrival, row)
    Arrival.objects.bulk_create(new, batch_size=1000)
    fields = ["name_as_said", "sex", "age_estimate", "nationality", "languages", "group_id"]
    Arrival.objects.bulk_update(changed, [*fields, *FLAGS], batch_size=1000)
    _link_groups(operation, {row.group_id for row in rows if row.group_id})
    for arrival in [*new, *changed]:
        if arrival.unaccompanied_minor and arrival.child_protection_notified_at is None:
            services._route_minor(arrival, operation)
    return ManifestResult(created=len(new), updated=len(changed))


def _link_groups(operation: Operation, group_ids: set[str]) -> None:
    """Each member of a travel group is linked to the group's first member (no duplicates)."""
    members: dict[str, list[int]] = defaultdict(list)
    for pk, group_id in (
        Arrival.objects.filter(operation=operation, group_id__in=group_ids)
        .order_by("pk")
        .values_list("pk", "group_id")
    ):
        members[group_id].append(pk)
    links = [
        ArrivalLink(from_arrival_id=pk, to_arrival_id=pks[0], relation=ArrivalLink.Relation.TRAVELLING_WITH)
        for pks in members.values()
        for pk in pks[1:]
    ]
    ArrivalLink.objects.bulk_create(links, ignore_conflicts=True, batch_size=1000)

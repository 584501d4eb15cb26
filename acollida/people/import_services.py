"""Workflows that write an import of people: keep the uploaded rows for the preview, then import
them all or none (``imports`` reads and checks them)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.models import Organisation, User
from acollida.core.policy import Perm
from acollida.core.spreadsheets import RowError, Table
from acollida.people.imports import ImportRow, duplicates_find, rows_validate
from acollida.people.models import Household, HouseholdMember, Person, PersonImport
from acollida.people.services import person_register

# An import not confirmed within a day is dropped: its rows are personal data kept for nothing.
DRAFT_LIFETIME = timedelta(hours=24)


def person_import_create(
    *, owner: User, organisation: Organisation, file_name: str, table: Table
) -> PersonImport:
    """Keep the parsed rows (encrypted) for the mapping and the preview; nothing is imported yet."""
    policy.require(owner, Perm.EDIT_PERSONS, organisation)
    PersonImport.objects.filter(
        owner=owner, status=PersonImport.Status.DRAFT, created_at__lt=timezone.now() - DRAFT_LIFETIME
    ).update(status=PersonImport.Status.CANCELLED, table="")
    return PersonImport.objects.create(
        owner=owner,
        organisation=organisation,
        file_name=file_name[:200],
        table=json.dumps(table.to_json()),
        row_count=len(table.rows),
    )


def person_import_get_for_user(*, user: Any, import_id: int) -> PersonImport | None:
    """The user's own import; anyone else's does not exist for them."""
    if not user.is_authenticated:
        return None
    found = PersonImport.objects.filter(pk=import_id, owner_id=user.pk).first()
    if (
        found
        and found.status == PersonImport.Status.DRAFT
        and found.created_at < timezone.now() - DRAFT_LIFETIME
    ):
        return None
    return found


def import_table(person_import: PersonImport) -> Table:
    return Table.from_json(json.loads(person_import.table))


def person_import_map(*, person_import: PersonImport, mapping: dict[str, int | None]) -> None:
    person_import.mapping = {name: index for name, index in mapping.items() if index is not None}
    person_import.save(update_fields=["mapping"])


def import_mapping(person_import: PersonImport) -> dict[str, int | None]:
    from acollida.people.imports import FIELDS

    return {name: person_import.mapping.get(name) for name in FIELDS}


@dataclass
class Report:
    """The row-by-row report: what would be (or was) imported, what stops the import."""

    rows: list[ImportRow]
    duplicates: dict[int, Any]
    errors: list[RowError] = field(default_factory=list)

    @property
    def ready(self) -> list[ImportRow]:
        return [row for row in self.rows if not row.errors and row.number not in self.duplicates]

    @property
    def failed(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]


def import_report(*, user: Any, person_import: PersonImport) -> Report:
    """Validate every row and look each valid one up in the registry. Writes nothing."""
    rows = rows_validate(import_table(person_import), import_mapping(person_import))
    duplicates = duplicates_find(user=user, rows=rows)
    return Report(rows=rows, duplicates=duplicates, errors=[e for row in rows for e in row.errors])


class _RollBack(Exception):
    pass


class AlreadyImported(Exception):
    """The import was confirmed (or cancelled) meanwhile, e.g. by a second click."""


@dataclass
class ImportResult:
    report: Report
    persons: list[Person]
    changed: bool = False  # the registry changed since the preview: the caseworker must look again


def person_import_confirm(
    *, actor: User, person_import: PersonImport, chosen: set[int], reason: str, expected: int
) -> ImportResult:
    """Import every valid row, households included, in one transaction — or nothing at all.

    Everything is checked again first (the registry may have changed since the preview). Possible
    duplicates are left out unless their row number is in ``chosen``, which needs a ``reason``.
    ``expected`` is the number of rows the preview said were ready; if that changed, nothing is
    written and the caseworker sees the new report.
    """
    if person_import.status != PersonImport.Status.DRAFT:
        raise AlreadyImported
    policy.require(actor, Perm.EDIT_PERSONS, person_import.organisation)
    report = import_report(user=actor, person_import=person_import)
    if report.errors:
        return ImportResult(report=report, persons=[])
    if len(report.ready) != expected:
        return ImportResult(report=report, persons=[], changed=True)
    chosen &= set(report.duplicates)
    if chosen and not reason.strip():
        raise ValidationError({"reason": _("Say why the rows you ticked are different people.")})
    try:
        persons = _write(
            actor=actor, person_import=person_import, report=report, chosen=chosen, reason=reason
        )
    except _RollBack:
        return ImportResult(report=report, persons=[])
    return ImportResult(report=report, persons=persons)


@transaction.atomic
def _write(
    *, actor: User, person_import: PersonImport, report: Report, chosen: set[int], reason: str
) -> list[Person]:
    # A second click on "Import" waits here for the first and then finds the import done.
    locked = PersonImport.objects.select_for_update().get(pk=person_import.pk)
    if locked.status != PersonImport.Status.DRAFT:
        raise AlreadyImported
    organisation = person_import.organisation
    created: dict[int, Person] = {}
    for row in report.rows:
        duplicate = row.number in report.duplicates
        if duplicate and row.number not in chosen:
            continue
        try:
            with transaction.atomic():
                created[row.number] = person_register(
                    actor=actor,
                    organisation=organisation,
                    data=row.data,
                    candidates_seen=1 if duplicate else 0,
                    reason=reason if duplicate else "",
                )
        except ValidationError as exc:
            for message in exc.messages:
                row.errors.append(RowError(row.number, "", message))
    households: dict[str, list[ImportRow]] = {}
    for row in report.rows:
        if row.household and row.number in created:
            households.setdefault(row.household, []).append(row)
    for key, members in households.items():
        head = next(
            (row for row in members if row.relationship == HouseholdMember.Relationship.HEAD), members[0]
        )
        household = Household(
            organisation=organisation, name=(head.data.family_name or head.data.given_name or key)[:150]
        )
        household.full_clean()
        household.save()
        HouseholdMember.objects.bulk_create(
            [
                HouseholdMember(
                    household=household, person=created[row.number], relationship=row.relationship
                )
                for row in members
            ]
        )
    report.errors = [error for row in report.rows for error in row.errors]
    if report.errors:
        raise _RollBack
    person_import.status = PersonImport.Status.IMPORTED
    person_import.imported_at = timezone.now()
    person_import.imported_count = len(created)
    person_import.skipped_count = len(report.duplicates) - len(chosen)
    person_import.table = ""
    person_import.save()
    person_import.persons.set(created.values())
    return list(created.values())


def person_import_cancel(*, person_import: PersonImport) -> None:
    """Drop the uploaded rows; the record that an upload happened stays."""
    if person_import.status == PersonImport.Status.DRAFT:
        person_import.status = PersonImport.Status.CANCELLED
        person_import.table = ""
        person_import.save(update_fields=["status", "table"])

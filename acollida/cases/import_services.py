"""Workflows that write an import of open cases: keep the uploaded rows for the mapping and the
preview, then open every case or none (``imports`` reads and checks the rows)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.cases.imports import FIELDS, CaseRow, rows_validate
from acollida.cases.models import Case, CaseImport
from acollida.cases.services import case_hold, case_open, case_update, need_add
from acollida.core import policy
from acollida.core.models import Organisation, User
from acollida.core.policy import Perm
from acollida.core.spreadsheets import RowError, Table

# An import not confirmed within a day is dropped: its rows are personal data kept for nothing.
DRAFT_LIFETIME = timedelta(hours=24)


def case_import_create(
    *, owner: User, organisation: Organisation, file_name: str, table: Table
) -> CaseImport:
    """Keep the parsed rows (encrypted) for the mapping and the preview; nothing is imported yet."""
    policy.require(owner, Perm.EDIT_PERSONS, organisation)
    CaseImport.objects.filter(
        owner=owner, status=CaseImport.Status.DRAFT, created_at__lt=timezone.now() - DRAFT_LIFETIME
    ).update(status=CaseImport.Status.CANCELLED, table="")
    return CaseImport.objects.create(
        owner=owner,
        organisation=organisation,
        file_name=file_name[:200],
        table=json.dumps(table.to_json()),
        row_count=len(table.rows),
    )


def case_import_get_for_user(*, user: Any, import_id: int) -> CaseImport | None:
    """The user's own import; anyone else's does not exist for them. A draft older than a day is gone."""
    if not user.is_authenticated:
        return None
    found = CaseImport.objects.select_related("organisation").filter(pk=import_id, owner_id=user.pk).first()
    if (
        found
        and found.status == CaseImport.Status.DRAFT
        and found.created_at < timezone.now() - DRAFT_LIFETIME
    ):
        return None
    return found


def import_table(case_import: CaseImport) -> Table:
    return Table.from_json(json.loads(case_import.table))


def case_import_map(*, case_import: CaseImport, mapping: dict[str, int | None]) -> None:
    case_import.mapping = {name: index for name, index in mapping.items() if index is not None}
    case_import.save(update_fields=["mapping"])


def import_mapping(case_import: CaseImport) -> dict[str, int | None]:
    return {name: case_import.mapping.get(name) for name in FIELDS}


@dataclass
class Report:
    """The row-by-row report: the case each row would open, and what stops the import."""

    rows: list[CaseRow]
    errors: list[RowError] = field(default_factory=list)

    @property
    def ready(self) -> list[CaseRow]:
        return [row for row in self.rows if not row.errors]

    @property
    def failed(self) -> list[CaseRow]:
        return [row for row in self.rows if row.errors]


def import_report(*, user: Any, case_import: CaseImport) -> Report:
    """Check every row against the registry and the open cases. Writes nothing."""
    rows = rows_validate(
        import_table(case_import),
        import_mapping(case_import),
        user=user,
        organisation=case_import.organisation,
    )
    return Report(rows=rows, errors=[error for row in rows for error in row.errors])


class AlreadyImported(Exception):
    """The import was confirmed (or cancelled) meanwhile, e.g. by a second click."""


class _RollBack(Exception):
    pass


@dataclass
class ImportResult:
    report: Report
    cases: list[Case]
    changed: bool = False  # the registry or the cases changed since the preview: look again


def case_import_confirm(*, actor: User, case_import: CaseImport, expected: int) -> ImportResult:
    """Open a case for every row in one transaction, or none at all.

    Everything is checked again first (people and cases may have changed since the preview). If any
    row has an error, or the number of rows ready is not the ``expected`` one the preview showed,
    nothing is written and the caller shows the new report.
    """
    if case_import.status != CaseImport.Status.DRAFT:
        raise AlreadyImported
    policy.require(actor, Perm.EDIT_PERSONS, case_import.organisation)
    report = import_report(user=actor, case_import=case_import)
    if report.errors:
        return ImportResult(report=report, cases=[])
    if len(report.ready) != expected:
        return ImportResult(report=report, cases=[], changed=True)
    try:
        cases = _write(actor=actor, case_import=case_import, report=report)
    except _RollBack:
        return ImportResult(report=report, cases=[])
    return ImportResult(report=report, cases=cases)


@transaction.atomic
def _write(*, actor: User, case_import: CaseImport, report: Report) -> list[Case]:
    # A second click on "Import" waits here for the first and then finds the import done.
    locked = CaseImport.objects.select_for_update().get(pk=case_import.pk)
    if locked.status != CaseImport.Status.DRAFT:
        raise AlreadyImported
    organisation = case_import.organisation
    created: list[Case] = []
    for row in report.rows:
        try:
            with transaction.atomic():
                created.append(_open(actor=actor, organisation=organisation, row=row))
        except ValidationError as exc:
            row.errors.extend(RowError(row.number, row.person_column, message) for message in exc.messages)
        except PermissionDenied:
            row.errors.append(
                RowError(row.number, row.person_column, _("you may not open a case for this person here."))
            )
    report.errors = [error for row in report.rows for error in row.errors]
    if report.errors:
        raise _RollBack
    case_import.status = CaseImport.Status.IMPORTED
    case_import.imported_at = timezone.now()
    case_import.imported_count = len(created)
    case_import.table = ""
    case_import.save()
    case_import.cases.set(created)
    return created


def _open(*, actor: User, organisation: Organisation, row: CaseRow) -> Case:
    """One row's case through the case services: opened, dated, on hold, waiting, its needs."""
    assert row.person is not None and row.responsible is not None and row.opened_on is not None
    case = case_open(
        actor=actor,
        organisation=organisation,
        person=row.person,
        sensitivity=row.sensitivity,
        responsible=row.responsible,
    )
    if row.opened_on < timezone.localdate():
        case.opened_at = timezone.make_aware(datetime.combine(row.opened_on, time(hour=9)))
        case.full_clean()
        case.save(update_fields=["opened_at", "updated_at"])
    if row.status == Case.Status.ON_HOLD:
        case_hold(actor=actor, case=case)
    if row.waiting_for:
        case_update(actor=actor, case=case, waiting_for=row.waiting_for)
    for area in row.needs:
        need_add(actor=actor, case=case, area=area, opened_on=row.opened_on)
    return case


def case_import_cancel(*, case_import: CaseImport) -> None:
    """Drop the uploaded rows; the record that an upload happened stays."""
    if case_import.status == CaseImport.Status.DRAFT:
        case_import.status = CaseImport.Status.CANCELLED
        case_import.table = ""
        case_import.save(update_fields=["status", "table"])

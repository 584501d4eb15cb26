"""Erasure at the person's request, legal holds, and pseudonymisation at the end of retention.

Who does what (decided here, DESIGN.md §Data protection 7): the data-protection officer of the
holding organisation (``Perm.VIEW_AUDIT`` there or above) exports and erases, after a
confirmation page listing what goes. An active legal hold (not lifted, no end date or one still
ahead) blocks erasure and retention, and its reason is shown; an open case blocks erasure ("close
the case first"). Holds are placed and lifted by that officer or the holder's coordinators.

Erasure deletes the person (with the records merged into them) and every row registered in
``acollida.core.rights``, stored document files included; the change log keeps that each change
happened but loses every value and name; the read log keeps who read and when, pointing to the
erasure reference. An ``ErasureRecord`` with a random reference and counts (no personal data)
is the proof left behind.

Retention (``acollida cases apply-retention``) pseudonymises persons whose cases all closed longer
ago than ``ACOLLIDA_RETENTION_DAYS``: names become a pseudonym ("Persona 8F3K2"), the date of birth
its year, contact details, documents, photo, search keys and free text go; what statistics count
(sex, year of birth, district, nationalities, languages, needs areas, services, outcomes) stays.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.deletion import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.cases.models import Case, CaseDocument, ErasureRecord, LegalHold
from acollida.core import policy
from acollida.core.models import User
from acollida.core.rights import DELETE, person_group, read_log_rows, registry
from acollida.people.models import DatePrecision, Household, Person

MARKER = "[erased]"
_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
# Rows that protect others from deletion go first; everything else cascades from cases and persons.
_ERASE_FIRST = ("agenda.appointment", "cases.referral", "cases.casetransfer", "cases.consent", "people.merge")


def new_reference(length: int = 5) -> str:
    return "".join(secrets.choice(_ALPHABET) for _i in range(length))


# --- Legal holds --------------------------------------------------------------------------------


def active_holds(person_ids: Iterable[int], today: date | None = None) -> models.QuerySet[LegalHold]:
    day = today or timezone.localdate()
    return LegalHold.objects.filter(person_id__in=list(person_ids), lifted_at__isnull=True).filter(
        Q(until__isnull=True) | Q(until__gte=day)
    )


def legal_hold_place(*, actor: User, person: Person, reason: str, until: date | None) -> LegalHold:
    """Keep the person's data (a pending court case, a subsidy audit): erasure and retention stop."""
    if not policy.may_manage_legal_holds(actor, person):
        raise PermissionDenied
    if until is not None and until < timezone.localdate():
        raise ValidationError({"until": _("The end date is already past.")})
    with transaction.atomic():
        hold = LegalHold(person=person, reason=reason.strip(), until=until, placed_by=actor)
        hold.full_clean()
        hold.save()
    return hold


def legal_hold_lift(*, actor: User, hold: LegalHold) -> LegalHold:
    """End a hold now; the record of it stays."""
    if not policy.may_manage_legal_holds(actor, hold.person):
        raise PermissionDenied
    if hold.lifted_at is not None:
        raise ValidationError(_("This hold was already lifted."))
    with transaction.atomic():
        hold.lifted_at = timezone.now()
        hold.lifted_by = actor
        hold.full_clean()
        hold.save(update_fields=["lifted_at", "lifted_by"])
    return hold


# --- Erasure ------------------------------------------------------------------------------------


def erasure_blockers(*, person: Person) -> list[str]:
    """Why the person cannot be erased now (empty: they can)."""
    group = person_group(person)
    reasons = []
    for hold in active_holds(group):
        if hold.until:
            reasons.append(
                _("A legal hold keeps this record until %(date)s: %(reason)s")
                % {"date": hold.until.isoformat(), "reason": hold.reason}
            )
        else:
            reasons.append(_("A legal hold keeps this record: %(reason)s") % {"reason": hold.reason})
    if Case.objects.filter(person_id__in=group).open().exists():
        reasons.append(_("The person has an open case: close the case first."))
    return reasons


@dataclass
class _Targets:
    """The rows a person's erasure or pseudonymisation touches, by model label."""

    own: dict[str, list[int]] = field(default_factory=dict)
    shared: dict[str, list[int]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {label: len(pks) for label, pks in sorted(self.own.items()) if pks}


def _targets(group: list[int]) -> _Targets:
    found = _Targets()
    for label, entry in registry().items():
        own = list(entry.own_rows(group).values_list("pk", flat=True))
        shared = set(entry.all_rows(group).values_list("pk", flat=True)) - set(own)
        if own:
            found.own[label] = own
        if shared:
            found.shared[label] = sorted(shared)
    return found


def _needles(group: list[int]) -> list[str]:
    """The strings that identify the person, to take out of shared change-log entries."""
    needles: set[str] = set()
    for person in Person.objects.filter(pk__in=group).prefetch_related("names", "documents"):
        needles |= {
            str(person),
            person.full_name,
            person.given_name,
            person.family_name,
            person.native_name,
            person.preferred_name,
            person.phone,
            person.email,
        }
        needles |= {other.name for other in person.names.all()}
        needles |= {document.number for document in person.documents.all()}
    return sorted((needle for needle in needles if len(needle) >= 3), key=len, reverse=True)


def _replace(value: Any, needles: list[str]) -> Any:
    if isinstance(value, str):
        for needle in needles:
            if needle.lower() in value.lower():
                return MARKER
        return value
    if isinstance(value, list):
        return [_replace(item, needles) for item in value]
    if isinstance(value, dict):
        return {key: _replace(item, needles) for key, item in value.items()}
    return value


def _blank_changes(changes: Any) -> Any:
    """Keep which fields changed, not their values."""
    if isinstance(changes, dict):
        return {key: [MARKER, MARKER] for key in changes}
    return None


def _scrub_change_log(targets: _Targets, needles: list[str]) -> int:
    """The change log of the person's rows keeps each change (when, who, which fields) without a
    value or a name; entries of shared rows lose the strings that name the person."""
    scrubbed: list[LogEntry] = []
    for label, pks in targets.own.items():
        content_type = ContentType.objects.get_for_model(registry()[label].model)
        for entry in LogEntry.objects.filter(
            content_type=content_type, object_pk__in=[str(pk) for pk in pks]
        ):
            entry.object_repr = MARKER
            entry.changes = _blank_changes(entry.changes)
            entry.changes_text = ""
            entry.serialized_data = None
            entry.additional_data = None
            scrubbed.append(entry)
    for label, pks in targets.shared.items():
        content_type = ContentType.objects.get_for_model(registry()[label].model)
        for entry in LogEntry.objects.filter(
            content_type=content_type, object_pk__in=[str(pk) for pk in pks]
        ):
            entry.object_repr = _replace(entry.object_repr, needles)
            entry.changes = _replace(entry.changes, needles)
            entry.changes_text = _replace(entry.changes_text, needles)
            entry.serialized_data = _replace(entry.serialized_data, needles)
            entry.additional_data = _replace(entry.additional_data, needles)
            scrubbed.append(entry)
    LogEntry.objects.bulk_update(
        scrubbed,
        ["object_repr", "changes", "changes_text", "serialized_data", "additional_data"],
        batch_size=500,
    )
    return len(scrubbed)


def _delete_files(storage_names: list[str]) -> None:
    def delete() -> None:
        for name in storage_names:
            default_storage.delete(name)

    transaction.on_commit(delete)


def _storage_names(targets: _Targets) -> list[str]:
    pks = targets.own.get("cases.casedocument", [])
    return list(CaseDocument.objects.filter(pk__in=pks).values_list("storage_name", flat=True))


def person_erase(*, actor: User, person: Person, reason: str) -> ErasureRecord:
    """Erase everything held about ``person`` (and the records merged into them) everywhere.

    Refused while a legal hold is active or a case is open (``ValidationError`` with the reasons).
    ``reason`` is the ground for the erasure (say "request of 3 May", not who asked).
    """
    if not policy.may_exercise_rights(actor, person):
        raise PermissionDenied
    reasons = erasure_blockers(person=person)
    if reasons:
        raise ValidationError(reasons)
    if not reason.strip():
        raise ValidationError({"reason": _("Say on what grounds the record is erased.")})
    reference = f"E-{new_reference(8)}"
    organisation = person.organisation
    with transaction.atomic():
        group = person_group(person)
        targets = _targets(group)
        needles = _needles(group)
        files = _storage_names(targets)
        reads = read_log_rows(group).pseudonymise_for_data_subject_rights(record_id=reference)  # type: ignore[attr-defined]
        entries = registry()
        try:
            for label in (*_ERASE_FIRST, *sorted(entries)):
                if label in targets.own and label != "people.person":
                    entries[label].model._default_manager.filter(pk__in=targets.own[label]).delete()
            Person.objects.filter(pk__in=group).update(merged_into=None)
            for member in Person.objects.filter(pk__in=group):
                member.delete()
        except ProtectedError as exc:
            raise ValidationError(
                _("Another record still points to this person; erase or correct it first.")
            ) from exc
        Household.objects.filter(
            pk__in=targets.shared.get("people.household", []), members__isnull=True
        ).filter(cases__isnull=True).delete()
        changes = _scrub_change_log(targets, needles)
        _delete_files(files)
        record = ErasureRecord(
            kind=ErasureRecord.Kind.ERASURE,
            subject_reference=reference,
            organisation=organisation,
            performed_by=actor,
            counts={
                "records": targets.counts(),
                "reads": reads,
                "changes": changes,
                "reason": reason.strip(),
            },
        )
        record.full_clean()
        record.save()
    return record


# --- Retention ----------------------------------------------------------------------------------


def retention_cutoff() -> Any:
    return timezone.now() - timedelta(days=settings.ACOLLIDA_RETENTION_DAYS)


def retention_candidates() -> models.QuerySet[Person]:
    """Persons whose cases all closed before the retention period, with no open or recent case
    (their own or their household's) and no active legal hold."""
    cutoff = retention_cutoff()
    today = timezone.localdate()
    open_or_recent = ~Q(status=Case.Status.CLOSED) | Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff)
    old_closed = Case.objects.filter(person=OuterRef("pk"), status=Case.Status.CLOSED, closed_at__lt=cutoff)
    own_live = Case.objects.filter(open_or_recent, person=OuterRef("pk"))
    household_live = Case.objects.filter(open_or_recent, household__members__person=OuterRef("pk"))
    hold = LegalHold.objects.filter(person=OuterRef("pk"), lifted_at__isnull=True).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )
    return (
        Person.objects.filter(pseudonymised_at__isnull=True, merged_into__isnull=True)
        .filter(Exists(old_closed))
        .exclude(Exists(own_live))
        .exclude(Exists(household_live))
        .exclude(Exists(hold))
        .order_by("pk")
    )


def person_pseudonymise(*, person: Person) -> ErasureRecord:
    """Pseudonymise one person at the end of the retention period (see the module docstring)."""
    code = new_reference()
    now = timezone.now()
    with transaction.atomic():
        group = person_group(person)
        if active_holds(group).exists():
            raise ValidationError(erasure_blockers(person=person))
        targets = _targets(group)
        needles = _needles(group)
        files = _storage_names(targets)
        entries = registry()
        for label, pks in targets.own.items():
            retention = entries[label].retention
            rows = entries[label].model._default_manager.filter(pk__in=pks)
            if retention == DELETE:
                rows.delete()
            elif retention and not isinstance(retention, str):
                rows.update(**retention)
        for member in Person.objects.filter(pk__in=group):
            year = member.date_of_birth.year if member.date_of_birth else None
            Person.objects.filter(pk=member.pk).update(
                given_name="Persona",
                family_name=code,
                date_of_birth=date(year, 1, 1) if year else None,
                date_of_birth_precision=DatePrecision.YEAR if year else member.date_of_birth_precision,
                pseudonymised_at=now,
            )
        Case.objects.filter(pk__in=targets.own.get("cases.case", [])).update(pseudonymised_at=now)
        fully = Household.objects.filter(pk__in=targets.shared.get("people.household", [])).exclude(
            members__person__pseudonymised_at__isnull=True
        )
        fully.update(name=code)
        reads = read_log_rows(group).pseudonymise_for_data_subject_rights()  # type: ignore[attr-defined]
        changes = _scrub_change_log(targets, needles)
        _delete_files(files)
        record = ErasureRecord(
            kind=ErasureRecord.Kind.RETENTION,
            subject_reference=code,
            organisation=person.organisation,
            counts={"records": targets.counts(), "reads": reads, "changes": changes},
        )
        record.full_clean()
        record.save()
    return record


@dataclass
class RetentionRun:
    due: int
    references: list[str]


def retention_apply(*, dry_run: bool = False) -> RetentionRun:
    """Pseudonymise every person due (``dry_run``: only count them). Each person in their own
    transaction, so one failure leaves the others done."""
    candidates = list(retention_candidates())
    if dry_run:
        return RetentionRun(due=len(candidates), references=[])
    references = [person_pseudonymise(person=person).subject_reference for person in candidates]
    return RetentionRun(due=len(candidates), references=references)

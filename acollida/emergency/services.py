"""Writes of the emergency operation mode: operations, sites, quick registration, triage, conversion."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.models import Membership, Organisation, Role, User
from acollida.emergency.models import Arrival, ArrivalLink, Operation, Site

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


def duplicate_wristband_message(wristband: str) -> str:
    return _("Wristband %(wristband)s is already registered in this operation.") % {"wristband": wristband}


# --- Operations and sites -----------------------------------------------------------------------


@transaction.atomic
def operation_declare(
    *, actor: User, data: dict[str, Any], lead_organisations: list[Organisation]
) -> Operation:
    """A coordinator declares an operation (``data``: the model's own fields)."""
    if not policy.may_manage_operations(actor):
        raise PermissionDenied
    if not lead_organisations:
        raise ValidationError({"lead_organisations": _("Choose at least one lead organisation.")})
    operation = Operation(declared_by=actor, **data)
    operation.full_clean()
    operation.save()
    operation.lead_organisations.set(lead_organisations)
    return operation


@transaction.atomic
def operation_update(
    *, actor: User, operation: Operation, data: dict[str, Any], lead_organisations: list[Organisation]
) -> Operation:
    """Change an operation that is not closed; a closed operation is archived and read-only."""
    if not policy.may_manage_operations(actor) or operation.is_closed:
        raise PermissionDenied
    if not lead_organisations:
        raise ValidationError({"lead_organisations": _("Choose at least one lead organisation.")})
    for name, value in data.items():
        setattr(operation, name, value)
    operation.full_clean()
    operation.save()
    operation.lead_organisations.set(lead_organisations)
    return operation


@transaction.atomic
def operation_close(*, actor: User, operation: Operation) -> Operation:
    """Close (archive) an operation: from now on it is read-only."""
    if not policy.may_manage_operations(actor) or operation.is_closed:
        raise PermissionDenied
    operation.status = Operation.Status.CLOSED
    operation.ends_at = operation.ends_at or max(timezone.now(), operation.starts_at)
    operation.full_clean()
    operation.save(update_fields=["status", "ends_at"])
    return operation


@transaction.atomic
def site_create(
    *, actor: User, operation: Operation, name: str, kind: str, address: str = "", capacity: int | None = None
) -> Site:
    """Add a site (port reception, triage, shelter) to an operation that is not closed."""
    if not policy.may_manage_operations(actor) or operation.is_closed:
        raise PermissionDenied
    site = Site(operation=operation, name=name, kind=kind, address=address, capacity=capacity)
    site.full_clean()
    site.save()
    return site


# --- Quick registration -------------------------------------------------------------------------


@dataclass
class ArrivalData:
    """What the quay records about one person (the quick form's or a manifest row's values)."""

    wristband: str
    name_as_said: str = ""
    sex: str = "U"
    age_estimate: int | None = None
    nationality: str = ""
    languages: list[str] = field(default_factory=list)
    group_id: str = ""
    unaccompanied_minor: bool = False
    pregnant: bool = False
    medical_urgent: bool = False
    disability: bool = False
    trafficking_signs: str = ""
    site: Site | None = None
    desk: str = ""


def _apply(arrival: Arrival, data: ArrivalData) -> None:
    arrival.wristband = data.wristband.strip()
    arrival.name_as_said = data.name_as_said.strip()
    arrival.sex = data.sex or "U"
    arrival.age_estimate = data.age_estimate
    arrival.nationality = data.nationality.upper()
    arrival.languages = sorted({code.lower() for code in data.languages if code})
    arrival.group_id = data.group_id.strip()
    arrival.unaccompanied_minor = data.unaccompanied_minor
    arrival.pregnant = data.pregnant
    arrival.medical_urgent = data.medical_urgent
    arrival.disability = data.disability
    if data.trafficking_signs:
        arrival.trafficking_signs = data.trafficking_signs
    if data.site is not None:
        arrival.site = data.site
    if data.desk:
        arrival.desk = data.desk


def _link_group(arrival: Arrival) -> None:
    """Link a new arrival to the others of its travel group (families are kept together)."""
    if not arrival.group_id:
        return
    companions = (
        Arrival.objects.filter(operation_id=arrival.operation_id, group_id=arrival.group_id)
        .exclude(pk=arrival.pk)
        .exclude(links_to__from_arrival=arrival)
        .values_list("pk", flat=True)
    )
    ArrivalLink.objects.bulk_create(
        [
            ArrivalLink(from_arrival=arrival, to_arrival_id=pk, relation=ArrivalLink.Relation.TRAVELLING_WITH)
            for pk in companions
        ],
        ignore_conflicts=True,
    )


def coordinators_of(operation: Operation) -> list[str]:
    """E-mail addresses of the coordinators of the operation's lead organisations and its declarer."""
    emails = set(
        Membership.objects.active()
        .filter(organisation__in=operation.lead_organisations.all(), role=Role.COORDINATOR)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if operation.declared_by is not None and operation.declared_by.email:
        emails.add(operation.declared_by.email)
    return sorted(emails)


def _route_minor(arrival: Arrival, operation: Operation) -> None:
    """Flag an unaccompanied minor for child protection at once and tell the coordinators.

    The e-mail names the operation and the wristband only: no personal data leaves the system.
    """
    if not arrival.unaccompanied_minor or arrival.child_protection_notified_at is not None:
        return
    arrival.child_protection_notified_at = timezone.now()
    Arrival.objects.filter(pk=arrival.pk).update(
        child_protection_notified_at=arrival.child_protection_notified_at
    )
    recipients = coordinators_of(operation)
    if recipients:
        subject = _("Unaccompanied minor registered: %(operation)s") % {"operation": operation.name}
        body = _(
            "An unaccompanied minor was registered with wristband %(wristband)s in %(operation)s. "
            "Open the operation's board to route them to child protection."
        ) % {"wristband": arrival.wristband, "operation": operation.name}
        send_mail(subject, body, None, recipients, fail_silently=True)


def arrival_register(*, actor: User, operation: Operation, data: ArrivalData) -> Arrival:
    """Register one person on the quay. Several desks at once: the wristband is unique per operation,
    and when two desks save the same one, the second gets a clear error and nothing is written."""
    if not policy.may_register_arrivals(actor, operation):
        raise PermissionDenied
    arrival = Arrival(operation=operation, registered_by=actor)
    _apply(arrival, data)
    # The database's unique constraint decides between desks (one code path, one clear message).
    arrival.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            arrival.save()
            _link_group(arrival)
    except IntegrityError as exc:
        raise ValidationError({"wristband": duplicate_wristband_message(arrival.wristband)}) from exc
    _route_minor(arrival, operation)
    return arrival


@transaction.atomic
def arrival_triage(
    *,
    actor: User,
    arrival: Arrival,
    data: ArrivalData,
    notes: str = "",
    status: str = Arrival.Status.TRIAGED,
) -> Arrival:
    """Record triage: flags, site, notes; an arrival newly flagged as a minor is routed at once."""
    operation = arrival.operation
    if not policy.may_register_arrivals(actor, operation) or not policy.may_see_arrival(actor, arrival):
        raise PermissionDenied
    _apply(arrival, data)
    arrival.trafficking_signs = data.trafficking_signs  # unticked at triage: the flag goes
    if notes:
        arrival.notes = notes
    arrival.status = status
    arrival.triaged_at = timezone.now()
    arrival.triaged_by = actor
    arrival.full_clean()
    arrival.save()
    _link_group(arrival)
    _route_minor(arrival, operation)
    return arrival


def validate_codes(languages: list[str], nationality: str) -> dict[str, str]:
    """Errors for language codes that are not ISO 639 and a nationality that is not ISO 3166."""
    errors: dict[str, str] = {}
    bad = [code for code in languages if not LANGUAGE_CODE.match(code.lower())]
    if bad:
        errors["languages"] = _("Not ISO 639 language codes: %(codes)s") % {"codes": ", ".join(bad)}
    if nationality and not COUNTRY_CODE.match(nationality.upper()):
        errors["nationality"] = _("Use the two-letter ISO 3166 country code, e.g. SY or ER.")
    return errors


# --- From the quay to a full file ---------------------------------------------------------------


def arrival_person_data(arrival: Arrival) -> Any:
    """What the quay recorded, as registration data for ``people`` (nothing typed twice)."""
    from datetime import date

    from acollida.people.models import DatePrecision, Vulnerability
    from acollida.people.services import PersonData

    words = arrival.name_as_said.split()
    vulnerabilities = [
        value
        for flag, value in [
            (arrival.unaccompanied_minor, Vulnerability.UNACCOMPANIED_MINOR),
            (arrival.pregnant, Vulnerability.PREGNANCY),
            (arrival.disability, Vulnerability.DISABILITY),
        ]
        if flag
    ]
    born = None
    if arrival.age_estimate is not None:
        born = date(timezone.localdate().year - arrival.age_estimate, 1, 1)
    return PersonData(
        given_name=" ".join(words[:-1]),
        family_name=words[-1] if words else "",
        sex=arrival.sex,
        date_of_birth=born,
        date_of_birth_precision=DatePrecision.ESTIMATED if born else DatePrecision.EXACT,
        nationalities=[arrival.nationality] if arrival.nationality else [],
        languages=[(code, "native", True) for code in arrival.languages],
        vulnerabilities=[str(value) for value in vulnerabilities],
        # An unaccompanied minor's file gets the strictest protection: named staff only.
        is_protected=arrival.unaccompanied_minor,
    )


@transaction.atomic
def arrival_convert(
    *, actor: User, arrival: Arrival, organisation: Organisation, candidates_seen: int, reason: str = ""
) -> Arrival:
    """Make a full person and an open case from an arrival, through the people duplicate check
    (``candidates_seen`` and ``reason`` as in ``people.services.person_register``)."""
    from acollida.cases.models import Case
    from acollida.cases.services import case_open
    from acollida.people.services import person_register

    if not policy.may_convert_arrival(actor, arrival):
        raise PermissionDenied
    if arrival.person_id is not None:
        raise ValidationError({"__all__": _("This arrival already has a person file.")})
    person = person_register(
        actor=actor,
        organisation=organisation,
        data=arrival_person_data(arrival),
        candidates_seen=candidates_seen,
        reason=reason,
    )
    case = case_open(
        actor=actor,
        organisation=organisation,
        person=person,
        sensitivity=Case.Sensitivity.PROTECTED if arrival.unaccompanied_minor else Case.Sensitivity.NORMAL,
    )
    arrival.person = person
    arrival.case = case
    arrival.save(update_fields=["person", "case", "updated_at"])
    return arrival

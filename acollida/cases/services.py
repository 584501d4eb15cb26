"""Workflows that write case files: opening, assigning, holding, closing; needs, timeline, goals.

Every service checks the actor against the access policy itself (a view or endpoint that forgot
would still be refused), validates with ``full_clean()`` and writes in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.cases.models import Case, Goal, Need, TimelineEntry
from acollida.core import policy
from acollida.core.models import Membership, Organisation, Role, User
from acollida.core.policy import Perm
from acollida.people.models import Household, Person

# Who may be responsible for a case: those who record persons' matters at the holding organisation.
RESPONSIBLE_ROLES = frozenset({Role.CASEWORKER, Role.COORDINATOR})


def _require_editable(actor: User, case: Case) -> None:
    """The actor may open the case and records matters at its holding organisation."""
    if not policy.can(actor, Perm.EDIT_PERSONS, case.organisation_id):
        raise PermissionDenied
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise PermissionDenied


def _require_not_closed(case: Case) -> None:
    if case.is_closed:
        raise ValidationError({"__all__": _("This case is closed. Reopen it first.")})


def reference_code(organisation: Organisation) -> str:
    """The holder's code at the start of its case references: its short name, or its slug."""
    return (organisation.short_name or organisation.slug).upper().replace(" ", "-")[:20]


def _next_reference(organisation: Organisation, year: int) -> str:
    """``CAI-2026-00042``: the holder's short code, the year, a number counting up within both.

    The organisation row is locked so two cases opened at once do not get the same number.
    """
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    prefix = f"{reference_code(organisation)}-{year}-"
    last = (
        Case.objects.filter(organisation=organisation, reference__startswith=prefix)
        .order_by("-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last and last.rsplit("-", 1)[1].isdigit() else 1
    return f"{prefix}{number:05d}"


def is_responsible_candidate(user: User, organisation_id: int) -> bool:
    return (
        Membership.objects.active()
        .filter(user=user, organisation_id=organisation_id, role__in=RESPONSIBLE_ROLES)
        .exists()
    )


@transaction.atomic
def case_open(
    *,
    actor: User,
    organisation: Organisation,
    person: Person | None = None,
    household: Household | None = None,
    sensitivity: str = Case.Sensitivity.NORMAL,
    responsible: User | None = None,
) -> Case:
    """Open a case for a person or a household the actor may open, held by ``organisation``.

    A person (or household) has at most one open case at an organisation. The actor is
    responsible unless someone else is named; a protected case starts with the actor (and the
    responsible caseworker) as its named staff, and so does the case of a protected person.
    """
    if (person is None) == (household is None):
        raise ValidationError({"__all__": _("A case is for one person or one household.")})
    if not policy.can(actor, Perm.EDIT_PERSONS, organisation):
        raise PermissionDenied
    if person is not None and not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    if household is not None:
        from acollida.people.households import households_visible_to

        if not households_visible_to(actor).filter(pk=household.pk).exists():
            raise PermissionDenied
    if person is not None and person.merged_into_id is not None:
        raise ValidationError({"person": _("This record was merged into another one. Use that one.")})
    existing = Case.objects.open().filter(organisation=organisation, person=person, household=household)
    found = existing.values_list("reference", flat=True).first()
    if found:
        raise ValidationError(
            {"__all__": _("There is already an open case here: %(reference)s.") % {"reference": found}}
        )
    responsible = responsible or actor
    if not is_responsible_candidate(responsible, organisation.pk):
        raise ValidationError(
            {"responsible": _("The responsible person must be a caseworker or coordinator here.")}
        )
    if person is not None and person.is_protected:
        sensitivity = Case.Sensitivity.PROTECTED
    now = timezone.now()
    case = Case(
        organisation=organisation,
        person=person,
        household=household,
        reference=_next_reference(organisation, timezone.localdate().year),
        responsible=responsible,
        sensitivity=sensitivity,
        opened_at=now,
        opened_by=actor,
    )
    case.full_clean()
    case.save()
    if sensitivity == Case.Sensitivity.PROTECTED:
        case.protected_staff.add(*{actor, responsible})
    return case


@transaction.atomic
def case_update(
    *,
    actor: User,
    case: Case,
    sensitivity: str | None = None,
    waiting_for: str | None = None,
    waiting_since: date | None = None,
    protected_staff: Iterable[User] | None = None,
) -> Case:
    """Change a case's sensitivity, what it is waiting for, or its named staff.

    A protected person's case stays protected; the actor cannot take themselves off the named
    staff of a protected case (they would lose the case at once).
    """
    _require_editable(actor, case)
    if sensitivity is not None:
        if case.person_id and case.person and case.person.is_protected:
            sensitivity = Case.Sensitivity.PROTECTED
        case.sensitivity = sensitivity
    if waiting_for is not None:
        case.waiting_for = waiting_for.strip()
        if case.waiting_for:
            case.waiting_since = waiting_since or case.waiting_since or timezone.localdate()
        else:
            case.waiting_since = None
    case.full_clean()
    case.save()
    if protected_staff is not None:
        staff = set(protected_staff)
        if any(not is_responsible_candidate(user, case.organisation_id) for user in staff):
            raise ValidationError(
                {"protected_staff": _("Named staff must be caseworkers or coordinators here.")}
            )
        if case.sensitivity == Case.Sensitivity.PROTECTED:
            staff.add(actor)
        case.protected_staff.set(staff)
    elif case.sensitivity == Case.Sensitivity.PROTECTED and not case.protected_staff.exists():
        case.protected_staff.add(actor)
    return case


@transaction.atomic
def case_assign(*, actor: User, case: Case, responsible: User) -> Case:
    """A coordinator hands the case to another caseworker or coordinator of the holding organisation.

    On a protected case the new responsible joins the named staff, or they could not open it.
    """
    if not policy.can(actor, Perm.COORDINATE, case.organisation_id):
        raise PermissionDenied
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise PermissionDenied
    if not is_responsible_candidate(responsible, case.organisation_id):
        raise ValidationError(
            {"responsible": _("The responsible person must be a caseworker or coordinator here.")}
        )
    case.responsible = responsible
    case.full_clean()
    case.save(update_fields=["responsible", "updated_at"])
    if case.sensitivity == Case.Sensitivity.PROTECTED:
        case.protected_staff.add(responsible)
    return case


@transaction.atomic
def case_hold(*, actor: User, case: Case) -> Case:
    """Put an open case on hold (the person is away, or waiting for something long)."""
    _require_editable(actor, case)
    if case.status != Case.Status.OPEN:
        raise ValidationError({"__all__": _("Only an open case can be put on hold.")})
    case.status = Case.Status.ON_HOLD
    case.full_clean()
    case.save(update_fields=["status", "updated_at"])
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case) -> Case:
    """Reopen a case on hold or closed; its outcome is cleared (the audit trail keeps it)."""
    _require_editable(actor, case)
    if case.status == Case.Status.OPEN:
        raise ValidationError({"__all__": _("This case is already open.")})
    others = Case.objects.open().filter(
        organisation_id=case.organisation_id, person=case.person, household=case.household
    )
    found = others.exclude(pk=case.pk).values_list("reference", flat=True).first()
    if found:
        raise ValidationError(
            {"__all__": _("There is already an open case here: %(reference)s.") % {"reference": found}}
        )
    case.status = Case.Status.OPEN
    case.outcome = ""
    case.closed_at = None
    case.full_clean()
    case.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    return case


@transaction.atomic
def case_close(*, actor: User, case: Case, outcome: str, drop_open_goals: bool = False) -> Case:
    """Close a case with its outcome. Open goals must be closed first, or dropped with the case
    when ``drop_open_goals`` is set."""
    _require_editable(actor, case)
    _require_not_closed(case)
    if outcome not in Case.Outcome.values:
        raise ValidationError({"outcome": _("Say how the case ended.")})
    open_goals = Goal.objects.filter(case=case, status=Goal.Status.OPEN)
    if open_goals.exists():
        if not drop_open_goals:
            raise ValidationError(
                {
                    "drop_open_goals": _(
                        "Some goals are still open. Close them first, or drop them with the case."
                    )
                }
            )
        open_goals.update(status=Goal.Status.DROPPED, closed_on=timezone.localdate())
    case.status = Case.Status.CLOSED
    case.outcome = outcome
    case.closed_at = timezone.now()
    case.waiting_for = ""
    case.waiting_since = None
    case.full_clean()
    case.save()
    return case


def _closed_on(status: str, closed: frozenset[str], current: date | None) -> date | None:
    if status in closed:
        return current or timezone.localdate()
    return None


@transaction.atomic
def need_add(
    *,
    actor: User,
    case: Case,
    area: str,
    priority: str = Need.Priority.MEDIUM,
    description: str = "",
    opened_on: date | None = None,
) -> Need:
    """Record a need found at intake or later."""
    _require_editable(actor, case)
    _require_not_closed(case)
    need = Need(
        case=case,
        area=area,
        priority=priority,
        description=description.strip(),
        opened_on=opened_on or timezone.localdate(),
    )
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def need_update(*, actor: User, need: Need, priority: str, status: str, description: str) -> Need:
    """Change a need's priority, status or description; a met, unmet or withdrawn need is dated."""
    _require_editable(actor, need.case)
    need.priority = priority
    need.status = status
    need.description = description.strip()
    need.closed_on = _closed_on(status, Need.CLOSED_STATUSES, need.closed_on)
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def timeline_add(
    *,
    actor: User,
    case: Case,
    kind: str,
    text: str,
    occurred_on: date | None = None,
    service_type: str = "",
    is_special_category: bool = False,
) -> TimelineEntry:
    """Add a service delivered or a note to the case's timeline.

    A special-category note (health, legal status, violence) is written to the encrypted column
    only; the plain column stays empty.
    """
    _require_editable(actor, case)
    text = text.strip()
    if kind == TimelineEntry.Kind.NOTE and not text:
        raise ValidationError({"text": _("Write the note.")})
    occurred_on = occurred_on or timezone.localdate()
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("This date is in the future.")})
    entry = TimelineEntry(
        case=case,
        kind=kind,
        occurred_on=occurred_on,
        service_type=service_type if kind == TimelineEntry.Kind.SERVICE else "",
        text="" if is_special_category else text,
        sensitive_text=text if is_special_category else "",
        is_special_category=is_special_category,
        author=actor,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def goal_add(
    *,
    actor: User,
    case: Case,
    description: str,
    target_date: date | None = None,
    need: Need | None = None,
) -> Goal:
    """Add a goal to the case plan, optionally for one of the case's needs."""
    _require_editable(actor, case)
    _require_not_closed(case)
    if need is not None and need.case_id != case.pk:
        raise ValidationError({"need": _("Choose one of this case's needs.")})
    goal = Goal(case=case, description=description.strip(), target_date=target_date, need=need)
    goal.full_clean()
    goal.save()
    return goal


_GOAL_CLOSED = frozenset({Goal.Status.ACHIEVED, Goal.Status.NOT_ACHIEVED, Goal.Status.DROPPED})


@transaction.atomic
def goal_update(
    *,
    actor: User,
    goal: Goal,
    description: str,
    target_date: date | None,
    status: str,
    outcome_note: str = "",
    need: Need | None = None,
) -> Goal:
    """Change a goal, or close it with how it went."""
    _require_editable(actor, goal.case)
    if need is not None and need.case_id != goal.case_id:
        raise ValidationError({"need": _("Choose one of this case's needs.")})
    goal.description = description.strip()
    goal.target_date = target_date
    goal.status = status
    goal.outcome_note = outcome_note.strip()
    goal.need = need
    goal.closed_on = _closed_on(status, _GOAL_CLOSED, goal.closed_on)
    goal.full_clean()
    goal.save()
    return goal

"""Volunteers, interpreters and the shift rota: self-registration, approval, availability, the
planner's proposal, hand adjustments with conflict checks, confirmation and check-in/out.

Availability is kept on ``Volunteer.availability`` as ``{"windows": [[start, end], ...]}`` (ISO
8601). Languages as ``[{"code": "ar", "level": "native"}, ...]``. A site counts as a
child-protection site when unaccompanied minors were registered there: only volunteers with a
cleared background check work there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.models import Organisation, User
from acollida.emergency import rota
from acollida.emergency.models import Arrival, Operation, Shift, ShiftAssignment, Site, Volunteer

LEVELS = ("a1", "a2", "b1", "b2", "c1", "c2", "native")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")

# --- who may do what (through the one policy) ------------------------------------------------------


def may_manage_volunteers(user: Any) -> bool:
    """Coordinators keep the registry and plan the rota (``policy.may_manage_operations``)."""
    return policy.may_manage_operations(user)


def may_check_in(user: Any, assignment: ShiftAssignment) -> bool:
    """The volunteer on their own shift, or a coordinator."""
    if may_manage_volunteers(user):
        return True
    return bool(getattr(user, "is_authenticated", False)) and assignment.volunteer.user_id == user.pk


# --- parsing --------------------------------------------------------------------------------------


def parse_languages(text: str) -> list[dict[str, str]]:
    """``"ar native, fr b2"`` (one language per comma or line: code and level)."""
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for raw in re.split(r"[,\n;]", text):
        parts = raw.strip().lower().split()
        if not parts:
            continue
        code = parts[0]
        level = parts[1] if len(parts) > 1 else "b1"
        if not LANGUAGE_CODE.match(code) or level not in LEVELS or len(parts) > 2:
            raise ValidationError(
                _("Write each language as a code and a level, for example: ar native, fr b2 (not %(item)s).")
                % {"item": raw.strip()},
                code="languages",
            )
        if code not in seen:
            seen.add(code)
            out.append({"code": code, "level": level})
    return out


def languages_text(languages: list[Any]) -> str:
    return ", ".join(
        f"{item.get('code', '')} {item.get('level', '')}" for item in languages if isinstance(item, dict)
    )


def parse_windows(text: str) -> list[list[str]]:
    """One window per line: ``2018-06-17 06:00 2018-06-17 22:00`` (start and end)."""
    windows: list[list[str]] = []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        start = parse_datetime(" ".join(parts[:2])) if len(parts) == 4 else None
        end = parse_datetime(" ".join(parts[2:])) if len(parts) == 4 else None
        if start is None or end is None or end <= start:
            raise ValidationError(
                _(
                    "Write each time you are available on its own line as start and end, for example "
                    "2018-06-17 06:00 2018-06-17 22:00 (not %(line)s)."
                )
                % {"line": line.strip()},
                code="availability",
            )
        if timezone.is_naive(start):
            start = timezone.make_aware(start)
        if timezone.is_naive(end):
            end = timezone.make_aware(end)
        windows.append([start.isoformat(), end.isoformat()])
    return windows


def windows_of(volunteer: Volunteer) -> tuple[tuple[datetime, datetime], ...]:
    out = []
    raw = volunteer.availability.get("windows", []) if isinstance(volunteer.availability, dict) else []
    for pair in raw:
        try:
            start, end = parse_datetime(str(pair[0])), parse_datetime(str(pair[1]))
        except (IndexError, TypeError, ValueError):
            continue
        if start is not None and end is not None:
            out.append((start, end))
    return tuple(out)


def windows_text(volunteer: Volunteer) -> str:
    local = timezone.localtime
    return "\n".join(f"{local(s):%Y-%m-%d %H:%M} {local(e):%Y-%m-%d %H:%M}" for s, e in windows_of(volunteer))


# --- the registry ---------------------------------------------------------------------------------


@transaction.atomic
def volunteer_self_register(
    *,
    name: str,
    email: str,
    phone: str,
    organisation: Organisation | None,
    languages: list[dict[str, str]],
    skills: list[str],
    windows: list[list[str]],
) -> Volunteer:
    """A public self-registration: kept as applied until a coordinator approves it."""
    volunteer = Volunteer(
        name=name,
        email=email,
        phone=phone,
        organisation=organisation,
        languages=languages,
        skills=sorted(set(skills)),
        availability={"windows": windows},
        status=Volunteer.Status.APPLIED,
        consent_at=timezone.now(),
    )
    volunteer.full_clean()
    volunteer.save()
    return volunteer


@transaction.atomic
def volunteer_decide(*, actor: User, volunteer: Volunteer, approve: bool) -> Volunteer:
    """A coordinator approves or rejects an application (or an approved volunteer later)."""
    if not may_manage_volunteers(actor):
        raise PermissionDenied
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if approve:
        volunteer.status = Volunteer.Status.APPROVED
        volunteer.approved_by = actor
        volunteer.approved_at = timezone.now()
    else:
        volunteer.status = Volunteer.Status.REJECTED
    volunteer.full_clean()
    volunteer.save(update_fields=["status", "approved_by", "approved_at"])
    if not approve:
        ShiftAssignment.objects.filter(volunteer=volunteer, checked_in_at__isnull=True).delete()
    return volunteer


@transaction.atomic
def volunteer_update(
    *,
    actor: User,
    volunteer: Volunteer,
    languages: list[dict[str, str]],
    skills: list[str],
    windows: list[list[str]],
    background_check: str,
) -> Volunteer:
    """A coordinator edits languages, skills, availability and the background check."""
    if not may_manage_volunteers(actor):
        raise PermissionDenied
    volunteer.languages = languages
    volunteer.skills = sorted(set(skills))
    volunteer.availability = {"windows": windows}
    volunteer.background_check = background_check
    volunteer.full_clean()
    volunteer.save(update_fields=["languages", "skills", "availability", "background_check"])
    return volunteer


def volunteers_filtered(
    *,
    language: str = "",
    level: str = "",
    skill: str = "",
    check: str = "",
    status: str = "",
    order: str = "name",
) -> list[Volunteer]:
    """The registry with the coordinators' filters. Languages and skills are JSON lists, matched
    here rather than in SQL so that every database backend answers the same (a registry holds
    hundreds or a few thousand people)."""
    qs = Volunteer.objects.select_related("organisation")
    if check:
        qs = qs.filter(background_check=check)
    if status:
        qs = qs.filter(status=status)
    orders = {
        "name": ("name", "pk"),
        "-name": ("-name", "-pk"),
        "created": ("created_at", "pk"),
        "-created": ("-created_at", "-pk"),
    }
    rows = []
    for volunteer in qs.order_by(*orders.get(order, orders["name"])):
        spoken = [i for i in volunteer.languages if isinstance(i, dict)]
        if language and not any(i.get("code") == language for i in spoken):
            continue
        if level and not any(
            i.get("level") == level and (not language or i.get("code") == language) for i in spoken
        ):
            continue
        if skill and skill not in volunteer.skills:
            continue
        rows.append(volunteer)
    return rows


# --- the rota -------------------------------------------------------------------------------------


@transaction.atomic
def shift_create(
    *,
    actor: User,
    site: Site,
    starts_at: datetime,
    ends_at: datetime,
    language_needs: dict[str, int],
    volunteers_needed: int = 0,
) -> Shift:
    """A coordinator adds a shift at a site of an operation that is not closed."""
    if not may_manage_volunteers(actor) or site.operation.is_closed:
        raise PermissionDenied
    for code, count in language_needs.items():
        if not LANGUAGE_CODE.match(code) or count < 0:
            raise ValidationError(_("Write language needs as a code and a number, for example: ar 2, ti 1."))
    shift = Shift(
        operation=site.operation,
        site=site,
        starts_at=starts_at,
        ends_at=ends_at,
        language_needs={k: v for k, v in language_needs.items() if v > 0},
        volunteers_needed=volunteers_needed,
    )
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("A shift ends after it starts.")})
    shift.full_clean()
    shift.save()
    return shift


def child_protection_site_ids(operation: Operation) -> set[int]:
    return set(
        Arrival.objects.filter(operation=operation, unaccompanied_minor=True, site__isnull=False)
        .values_list("site_id", flat=True)
        .distinct()
    )


def rota_inputs(operation: Operation) -> tuple[list[rota.Person], list[rota.ShiftNeed]]:
    """The planner's plain inputs for an operation: its shifts and the approved volunteers."""
    protected = child_protection_site_ids(operation)
    shifts = [
        rota.ShiftNeed(
            s.pk,
            s.starts_at,
            s.ends_at,
            {str(k): int(v) for k, v in (s.language_needs or {}).items() if str(v).isdigit()},
            s.volunteers_needed,
            s.site_id in protected,
        )
        for s in Shift.objects.filter(operation=operation)
    ]
    people = [
        rota.Person(
            v.pk,
            {str(i.get("code")): str(i.get("level", "")) for i in v.languages if isinstance(i, dict)},
            windows_of(v),
            v.background_check == Volunteer.BackgroundCheck.CLEARED,
        )
        for v in Volunteer.objects.filter(status=Volunteer.Status.APPROVED)
    ]
    return people, shifts


def confirmed_slots(operation: Operation) -> list[rota.Slot]:
    return [
        rota.Slot(
            a.volunteer_id, a.shift_id, a.language if a.role == ShiftAssignment.Role.INTERPRETER else ""
        )
        for a in ShiftAssignment.objects.filter(shift__operation=operation)
    ]


def rota_propose(*, actor: User, operation: Operation, time_limit: float = 10.0) -> rota.RotaPlan:
    """Run the planner; assignments already confirmed are kept. Nothing is written."""
    if not may_manage_volunteers(actor):
        raise PermissionDenied
    people, shifts = rota_inputs(operation)
    return rota.plan_rota(people, shifts, fixed=confirmed_slots(operation), time_limit=time_limit)


@dataclass(frozen=True)
class SlotProblem:
    slot: rota.Slot
    message: str


def slot_problem(
    slot: rota.Slot,
    slots: list[rota.Slot],
    operation: Operation,
    inputs: tuple[list[rota.Person], list[rota.ShiftNeed]] | None = None,
) -> str:
    """Why ``slot`` cannot join ``slots`` (empty when it can): the planner's hard constraints.
    ``inputs`` are ``rota_inputs(operation)`` when the caller already has them."""
    people, shifts = inputs if inputs is not None else rota_inputs(operation)
    person = next((p for p in people if p.id == slot.person), None)
    shift = next((s for s in shifts if s.id == slot.shift), None)
    if person is None or shift is None:
        return _("Only approved volunteers can be assigned to this operation's shifts.")
    if shift.child_protection and not person.check_cleared:
        return _("This site receives unaccompanied minors: a cleared background check is needed.")
    if not rota.available(person, shift):
        return _("This person is not available for the whole shift.")
    if slot.language and slot.language not in person.languages:
        return _("This person does not speak that language.")
    if rota.conflicts([*[s for s in slots if s != slot], slot], shifts):
        return _("This person already has a shift at that time.")
    return ""


@transaction.atomic
def rota_confirm(*, actor: User, operation: Operation, slots: list[rota.Slot]) -> list[ShiftAssignment]:
    """Write the proposal: new slots are created, slots dropped from it are removed unless the
    person already checked in. Each new slot is checked again against the hard constraints."""
    if not may_manage_volunteers(actor) or operation.is_closed:
        raise PermissionDenied
    existing = {
        rota.Slot(
            a.volunteer_id, a.shift_id, a.language if a.role == ShiftAssignment.Role.INTERPRETER else ""
        ): a
        for a in ShiftAssignment.objects.select_for_update().filter(shift__operation=operation)
    }
    wanted = set(slots)
    for slot, assignment in existing.items():
        if slot not in wanted and assignment.checked_in_at is None:
            assignment.delete()
    kept = [s for s in existing if s in wanted or existing[s].checked_in_at is not None]
    created = []
    inputs = rota_inputs(operation)
    for slot in slots:
        if slot in existing:
            continue
        problem = slot_problem(slot, kept, operation, inputs)
        if problem:
            raise ValidationError(problem)
        assignment = ShiftAssignment(
            shift_id=slot.shift,
            volunteer_id=slot.person,
            role=ShiftAssignment.Role.INTERPRETER if slot.language else ShiftAssignment.Role.VOLUNTEER,
            language=slot.language,
            planned_by=actor,
        )
        assignment.full_clean()
        assignment.save()
        kept.append(slot)
        created.append(assignment)
    return created


@transaction.atomic
def check_in(*, actor: User, assignment: ShiftAssignment) -> ShiftAssignment:
    if not may_check_in(actor, assignment):
        raise PermissionDenied
    assignment = ShiftAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.checked_in_at is not None:
        raise ValidationError(_("Already checked in."))
    assignment.checked_in_at = timezone.now()
    assignment.save(update_fields=["checked_in_at"])
    return assignment


@transaction.atomic
def check_out(*, actor: User, assignment: ShiftAssignment) -> ShiftAssignment:
    if not may_check_in(actor, assignment):
        raise PermissionDenied
    assignment = ShiftAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.checked_in_at is None:
        raise ValidationError(_("Check in before checking out."))
    if assignment.checked_out_at is not None:
        raise ValidationError(_("Already checked out."))
    assignment.checked_out_at = timezone.now()
    assignment.save(update_fields=["checked_out_at"])
    return assignment


def shifts_of(user: Any) -> QuerySet[ShiftAssignment]:
    """A volunteer's own shifts (a user linked to a volunteer record)."""
    if not getattr(user, "is_authenticated", False):
        return ShiftAssignment.objects.none()
    return (
        ShiftAssignment.objects.filter(volunteer__user_id=user.pk)
        .select_related("shift", "shift__site", "shift__operation")
        .order_by("shift__starts_at", "pk")
    )

"""Workflows that write the agenda: slots, bookings and their changes, the walk-in queue, feeds.

Every service checks the access policy itself (a view or endpoint may be wrong; the service is the
last door), runs in one transaction and validates the record before saving it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.agenda.models import (
    Appointment,
    CalendarFeed,
    ServiceType,
    Slot,
    TicketCounter,
    WalkInTicket,
)
from acollida.core import policy
from acollida.core.models import Office, User
from acollida.core.policy import Perm
from acollida.people.models import Person
from acollida.people.reference import is_language

MAX_REPEAT_WEEKS = 26


def _require_agenda_office(actor: User, office: Office) -> None:
    if not policy.can(
        actor, Perm.EDIT_PERSONS
    ) or office.organisation_id not in policy.agenda_organisation_ids(actor):
        raise PermissionDenied


def _require_manage(actor: User, appointment: Appointment) -> None:
    """Changing an appointment: staff who record persons and see it, not as its interpreter only."""
    visible = Appointment.objects.visible_to(actor).filter(pk=appointment.pk).exists()
    if not visible or not policy.can(actor, Perm.EDIT_PERSONS) or policy.interprets_only(actor, appointment):
        raise PermissionDenied


def _shift_weeks(moment: datetime, weeks: int) -> datetime:
    """The same local wall-clock time ``weeks`` later (a daylight-saving change keeps 09:00 at 09:00)."""
    local = timezone.localtime(moment).replace(tzinfo=None) + timedelta(weeks=weeks)
    return timezone.make_aware(local)


# --- Slots -------------------------------------------------------------------------------------


@transaction.atomic
def slot_publish(
    *,
    actor: User,
    office: Office,
    service_type: str,
    starts_at: datetime,
    ends_at: datetime,
    staff: User | None = None,
    capacity: int = 1,
    repeat_weeks: int = 1,
) -> list[Slot]:
    """Publish a slot, and the same slot each following week for ``repeat_weeks`` weeks in all."""
    if office.organisation_id not in policy.slot_publisher_organisation_ids(actor):
        raise PermissionDenied
    if not 1 <= repeat_weeks <= MAX_REPEAT_WEEKS:
        raise ValidationError(
            {"repeat_weeks": _("Repeat for 1 to %(max)s weeks.") % {"max": MAX_REPEAT_WEEKS}}
        )
    if staff is not None and office.organisation_id not in policy.agenda_organisation_ids(staff):
        raise ValidationError({"staff": _("This member of staff does not work at this office.")})
    slots = []
    for week in range(repeat_weeks):
        slot = Slot(
            office=office,
            service_type=service_type,
            staff=staff,
            starts_at=_shift_weeks(starts_at, week),
            ends_at=_shift_weeks(ends_at, week),
            capacity=capacity,
            created_by=actor,
        )
        slot.full_clean()
        slot.save()
        slots.append(slot)
    return slots


# --- Appointments ------------------------------------------------------------------------------


@dataclass
class Booking:
    """Where and when: a published slot, or an office, service and free times."""

    slot: Slot | None = None
    office: Office | None = None
    service_type: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    staff: User | None = None


def interpreter_language_for(person: Person) -> str:
    """The first language the person speaks with an interpreter, or none."""
    spoken = person.languages.filter(needs_interpreter=True).order_by("pk").first()
    return spoken.language if spoken is not None else ""


def _resolve(booking: Booking) -> tuple[Office, str, datetime, datetime, User | None]:
    if booking.slot is not None:
        slot = Slot.objects.select_for_update().get(pk=booking.slot.pk)
        taken = slot.appointments.active().count()
        if taken >= slot.capacity:
            raise ValidationError({"slot": _("This slot is full. Choose another one.")})
        return slot.office, slot.service_type, slot.starts_at, slot.ends_at, slot.staff
    errors = {}
    if booking.office is None:
        errors["office"] = [_("Choose an office.")]
    if booking.service_type not in ServiceType.values:
        errors["service_type"] = [_("Choose a service.")]
    if booking.starts_at is None:
        errors["starts_at"] = [_("Choose a slot or give a start time.")]
    if booking.ends_at is None:
        errors["ends_at"] = [_("Give an end time.")]
    if errors:
        raise ValidationError(errors)
    assert booking.office and booking.starts_at and booking.ends_at
    return booking.office, booking.service_type, booking.starts_at, booking.ends_at, booking.staff


def _check_no_overlap(person: Person, starts_at: datetime, ends_at: datetime) -> None:
    clash = (
        Appointment.objects.active()
        .filter(person=person, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        when = timezone.localtime(clash.starts_at)
        raise ValidationError(
            _("This person already has an appointment at %(time)s on %(date)s (%(service)s).")
            % {
                "time": when.strftime("%H:%M"),
                "date": when.strftime("%d/%m/%Y"),
                "service": clash.get_service_type_display(),
            }
        )


@transaction.atomic
def appointment_book(
    *,
    actor: User,
    person: Person,
    booking: Booking,
    interpreter_language: str | None = None,
    notes: str = "",
    rescheduled_from: Appointment | None = None,
) -> Appointment:
    """Book ``person`` (whom the actor may open) into a slot or a free time.

    A slot's capacity and a person's other appointments are checked under row locks, so two desks
    booking at once cannot overfill a slot or give one person two places at the same time.
    ``interpreter_language`` ``None`` takes the person's language that needs an interpreter.
    """
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    locked = Person.objects.select_for_update().get(pk=person.pk)
    office, service_type, starts_at, ends_at, staff = _resolve(booking)
    _require_agenda_office(actor, office)
    if interpreter_language is None:
        interpreter_language = interpreter_language_for(locked)
    interpreter_language = interpreter_language.strip().lower()
    if interpreter_language and not is_language(interpreter_language):
        raise ValidationError({"interpreter_language": _("Use an ISO 639 language code.")})
    _check_no_overlap(locked, starts_at, ends_at)
    appointment = Appointment(
        slot=booking.slot,
        office=office,
        service_type=service_type,
        staff=staff,
        person=locked,
        starts_at=starts_at,
        ends_at=ends_at,
        interpreter_language=interpreter_language,
        notes=notes,
        created_by=actor,
        rescheduled_from=rescheduled_from,
    )
    appointment.full_clean()
    appointment.save()
    return appointment


@transaction.atomic
def appointment_cancel(*, actor: User, appointment: Appointment, reason: str) -> Appointment:
    """Cancel a booked appointment; the reason is kept (and masked in the audit trail)."""
    _require_manage(actor, appointment)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the appointment is cancelled.")})
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError(_("Only a booked appointment can be cancelled."))
    appointment.status = Appointment.Status.CANCELLED
    appointment.cancel_reason = reason[:300]
    appointment.full_clean()
    appointment.save()
    return appointment


@transaction.atomic
def appointment_reschedule(
    *, actor: User, appointment: Appointment, booking: Booking, reason: str = ""
) -> Appointment:
    """A new appointment at the new time; the old one is cancelled and linked to it. The interpreter
    language carries over; the interpreter does not (they were free at the old time only)."""
    old = appointment_cancel(actor=actor, appointment=appointment, reason=reason or _("Rescheduled"))
    if booking.slot is None:
        booking.office = booking.office or old.office
        booking.service_type = booking.service_type or old.service_type
        booking.staff = booking.staff or old.staff
    new = appointment_book(
        actor=actor,
        person=old.person,
        booking=booking,
        interpreter_language=old.interpreter_language,
        notes=old.notes,
        rescheduled_from=old,
    )
    return new


@transaction.atomic
def appointment_mark(*, actor: User, appointment: Appointment, status: str) -> Appointment:
    """Record that the person came, or did not; only once the appointment has begun."""
    _require_manage(actor, appointment)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if status not in {Appointment.Status.ATTENDED, Appointment.Status.NO_SHOW}:
        raise ValidationError({"status": _("Choose attended or did not come.")})
    if appointment.status == Appointment.Status.CANCELLED:
        raise ValidationError(_("This appointment was cancelled."))
    if timezone.now() < appointment.starts_at:
        raise ValidationError(_("Attendance can be recorded once the appointment has begun."))
    appointment.status = status
    appointment.full_clean()
    appointment.save()
    return appointment


@transaction.atomic
def interpreter_assign(*, actor: User, appointment: Appointment, interpreter: User) -> Appointment:
    """Assign an interpreter (a user who holds the interpreting permission somewhere)."""
    _require_manage(actor, appointment)
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if not interpreter.is_active or not policy.can(interpreter, Perm.INTERPRET):
        raise ValidationError({"interpreter": _("This person is not an interpreter.")})
    if appointment.status != Appointment.Status.BOOKED:
        raise ValidationError(_("Only a booked appointment takes an interpreter."))
    if not appointment.interpreter_language:
        raise ValidationError({"interpreter": _("This appointment needs no interpreter.")})
    appointment.interpreter = interpreter
    appointment.full_clean()
    appointment.save()
    return appointment


# --- The walk-in queue -------------------------------------------------------------------------


def _require_queue(actor: User, office: Office) -> None:
    if office.organisation_id not in policy.organisation_ids_with(actor, Perm.VIEW_PERSONS):
        raise PermissionDenied


@transaction.atomic
def ticket_issue(
    *, actor: User, office: Office, service_type: str, person: Person | None = None
) -> WalkInTicket:
    """The next number of the day at this office. The day's counter row is locked while it is
    taken, so two desks issuing at once never give the same number."""
    _require_queue(actor, office)
    if person is not None and not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    today = timezone.localdate()
    TicketCounter.objects.get_or_create(office=office, date=today)
    counter = TicketCounter.objects.select_for_update().get(office=office, date=today)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    ticket = WalkInTicket(
        office=office, date=today, number=counter.last_number, person=person, service_type=service_type
    )
    ticket.full_clean()
    ticket.save()
    return ticket


@transaction.atomic
def ticket_call_next(*, actor: User, office: Office, desk: str) -> WalkInTicket | None:
    """Call the longest-waiting ticket of the day to ``desk``; ``None`` when nobody waits."""
    _require_queue(actor, office)
    desk = desk.strip()
    if not desk:
        raise ValidationError({"desk": _("Say which desk is calling.")})
    ticket = (
        WalkInTicket.objects.select_for_update(skip_locked=True)
        .filter(office=office, date=timezone.localdate(), status=WalkInTicket.Status.WAITING)
        .order_by("number")
        .first()
    )
    if ticket is None:
        return None
    ticket.status = WalkInTicket.Status.CALLED
    ticket.desk = desk[:40]
    ticket.called_at = timezone.now()
    ticket.called_by = actor
    ticket.full_clean()
    ticket.save()
    return ticket


def _finish(actor: User, ticket: WalkInTicket, status: str, allowed: set[str]) -> WalkInTicket:
    _require_queue(actor, ticket.office)
    ticket = WalkInTicket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status not in allowed:
        raise ValidationError(_("This ticket is no longer in the queue."))
    ticket.status = status
    ticket.finished_at = timezone.now()
    ticket.full_clean()
    ticket.save()
    return ticket


@transaction.atomic
def ticket_serve(*, actor: User, ticket: WalkInTicket) -> WalkInTicket:
    """The called person has been seen."""
    return _finish(actor, ticket, WalkInTicket.Status.SERVED, {WalkInTicket.Status.CALLED})


@transaction.atomic
def ticket_left(*, actor: User, ticket: WalkInTicket) -> WalkInTicket:
    """The person left before being seen (or did not answer the call)."""
    return _finish(
        actor, ticket, WalkInTicket.Status.LEFT, {WalkInTicket.Status.WAITING, WalkInTicket.Status.CALLED}
    )


# --- Calendar feeds ----------------------------------------------------------------------------


@transaction.atomic
def feed_create(*, actor: User) -> tuple[CalendarFeed, str]:
    """A new secret feed address for the actor's own appointments; any earlier one stops working.
    Returns the feed and its secret, which is shown once and never stored."""
    if not policy.may_keep_calendar(actor):
        raise PermissionDenied
    for earlier in CalendarFeed.objects.filter(user=actor, revoked_at__isnull=True):
        earlier.revoked_at = timezone.now()
        earlier.save(update_fields=["revoked_at"])
    raw, digest = CalendarFeed.new_secret()
    feed = CalendarFeed(user=actor, token_hash=digest)
    feed.full_clean()
    feed.save()
    return feed, raw


@transaction.atomic
def feed_revoke(*, actor: User, feed: CalendarFeed) -> CalendarFeed:
    """Stop a feed address from working; calendars subscribed to it get nothing more."""
    if not CalendarFeed.objects.visible_to(actor).filter(pk=feed.pk).exists():
        raise PermissionDenied
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
    return feed

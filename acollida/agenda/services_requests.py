"""Handling the appointment requests sent from the public directory: booked into a real
appointment for a person found or registered by staff, or closed with a note."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.agenda import services
from acollida.agenda.models import Appointment, AppointmentRequest
from acollida.agenda.selectors_requests import appointment_requests_for
from acollida.core.models import User
from acollida.people.models import Person


def _open_request(actor: User, request: AppointmentRequest) -> AppointmentRequest:
    """The request locked for update, if the actor may handle it and it is still new."""
    locked = appointment_requests_for(actor).select_for_update().filter(pk=request.pk).first()
    if locked is None:
        raise PermissionDenied
    if locked.status != AppointmentRequest.Status.NEW:
        raise ValidationError(_("This request has already been handled."))
    return locked


@transaction.atomic
def appointment_request_book(
    *,
    actor: User,
    request: AppointmentRequest,
    person: Person,
    booking: services.Booking,
    interpreter_language: str | None = None,
    notes: str = "",
) -> Appointment:
    """Book ``person`` through the agenda's own booking and mark the request booked with it."""
    locked = _open_request(actor, request)
    appointment = services.appointment_book(
        actor=actor, person=person, booking=booking, interpreter_language=interpreter_language, notes=notes
    )
    locked.status = AppointmentRequest.Status.BOOKED
    locked.appointment = appointment
    locked.handled_by = actor
    locked.handled_at = timezone.now()
    locked.full_clean()
    locked.save()
    return appointment


@transaction.atomic
def appointment_request_close(*, actor: User, request: AppointmentRequest, note: str) -> AppointmentRequest:
    """Close a request without an appointment (unreachable, a duplicate, sent elsewhere)."""
    locked = _open_request(actor, request)
    locked.status = AppointmentRequest.Status.CLOSED
    locked.closing_note = note.strip()
    locked.handled_by = actor
    locked.handled_at = timezone.now()
    locked.full_clean()
    locked.save()
    return locked

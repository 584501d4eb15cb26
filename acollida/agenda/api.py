"""Agenda API: appointments listed, booked and cancelled, through the access policy.

Listing shows persons' names, so every person listed is written to the read log with the purpose
stated in ``X-Purpose``. Protected persons never appear in the list, as on the day page.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from acollida.agenda import selectors, services
from acollida.agenda.models import Appointment, ServiceType, Slot
from acollida.core import audit, policy
from acollida.core.api import MAX_LIMIT, MAX_OFFSET, NO_NUL
from acollida.core.models import ReadLog, User
from acollida.core.policy import Perm
from acollida.people.selectors import person_get_for_user

router = Router(tags=["agenda"])


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    """The API's one error shape."""

    error: ErrorDetail


ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class AppointmentOut(Schema):
    id: int
    person_id: int
    person_name: str
    office_id: int
    service_type: ServiceType
    staff_id: int | None
    starts_at: datetime
    ends_at: datetime
    status: Appointment.Status
    interpreter_language: str
    interpreter_id: int | None
    slot_id: int | None
    rescheduled_from_id: int | None
    cancel_reason: str


class AppointmentPage(Schema):
    count: int
    items: list[AppointmentOut]


class AppointmentFilter(Schema):
    office: int | None = Field(None, ge=1)
    date: dt.date | None = None
    staff: int | None = Field(None, ge=1)
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class AppointmentIn(Schema):
    person_id: int = Field(..., ge=1)
    slot_id: int | None = Field(None, ge=1)
    office_id: int | None = Field(None, ge=1)
    service_type: ServiceType | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    interpreter_language: str | None = Field(
        None,
        max_length=3,
        pattern=NO_NUL,
        description="ISO 639; omitted: the person's language that needs one.",
    )
    notes: str = Field("", max_length=2000, pattern=NO_NUL)


class CancelIn(Schema):
    reason: str = Field(..., min_length=1, max_length=300, pattern=NO_NUL)


def _out(appointment: Appointment) -> AppointmentOut:
    person = appointment.person
    return AppointmentOut(
        id=appointment.pk,
        person_id=person.pk,
        person_name=person.full_name or person.native_name,
        office_id=appointment.office_id,
        service_type=ServiceType(appointment.service_type),
        staff_id=appointment.staff_id,
        starts_at=appointment.starts_at,
        ends_at=appointment.ends_at,
        status=Appointment.Status(appointment.status),
        interpreter_language=appointment.interpreter_language,
        interpreter_id=appointment.interpreter_id,
        slot_id=appointment.slot_id,
        rescheduled_from_id=appointment.rescheduled_from_id,
        cancel_reason=appointment.cancel_reason,
    )


def _log(request: HttpRequest, appointments: list[Appointment], default_purpose: str) -> None:
    stated = request.headers.get("X-Purpose", "").replace("\x00", "").strip()[:200]
    audit.read_records(
        request,
        user=request.user,
        record_type="person",
        records=[(a.person_id, a.person.organisation_id) for a in appointments],
        purpose=stated or default_purpose,
        channel=ReadLog.Channel.API,
    )


@router.get(
    "/appointments",
    response={200: AppointmentPage, **ERRORS},
    summary="Appointments at offices whose agenda you keep (each person listed is logged)",
)
def appointment_list(request: HttpRequest, filters: Query[AppointmentFilter]) -> AppointmentPage:
    policy.require(request.user, Perm.VIEW_PERSONS)
    qs = (
        Appointment.objects.visible_to(request.user)
        .on_shared_lists()
        .select_related("person", "person__organisation")
        .order_by("starts_at", "pk")
    )
    if filters.office is not None:
        qs = qs.filter(office_id=filters.office)
    if filters.staff is not None:
        qs = qs.filter(staff_id=filters.staff)
    if filters.date is not None:
        start, end = selectors.day_bounds(filters.date)
        qs = qs.filter(starts_at__gte=start, starts_at__lt=end)
    items = list(qs[filters.offset : filters.offset + filters.limit])
    _log(request, items, _("agenda"))
    return AppointmentPage(count=qs.count(), items=[_out(a) for a in items])


@router.post(
    "/appointments",
    response={201: AppointmentOut, **ERRORS},
    summary="Book a person into a slot, or at a free time at an office",
)
def appointment_create(request: HttpRequest, payload: AppointmentIn) -> Status[AppointmentOut]:
    policy.require(request.user, Perm.EDIT_PERSONS)
    user: User = request.user  # type: ignore[assignment]
    person = person_get_for_user(user=user, person_id=payload.person_id)
    if person is None:
        raise Http404
    slot = None
    if payload.slot_id is not None:
        slot = policy.slots_visible_to(user, Slot.objects.all()).filter(pk=payload.slot_id).first()
        if slot is None:
            raise ValidationError({"slot_id": _("No slot you may book has this number.")})
    office = None
    if payload.office_id is not None:
        office = selectors.agenda_offices(user).filter(pk=payload.office_id).first()
        if office is None:
            raise ValidationError({"office_id": _("No office whose agenda you keep has this number.")})
    booking = services.Booking(
        slot=slot,
        office=office,
        service_type=payload.service_type or "",
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
    )
    appointment = services.appointment_book(
        actor=user,
        person=person,
        booking=booking,
        interpreter_language=payload.interpreter_language,
        notes=payload.notes,
    )
    _log(request, [appointment], _("booking an appointment"))
    return Status(201, _out(appointment))


@router.post(
    "/appointments/{appointment_id}/cancel",
    response={200: AppointmentOut, **ERRORS},
    summary="Cancel a booked appointment, with the reason",
)
def appointment_cancel(request: HttpRequest, appointment_id: int, payload: CancelIn) -> AppointmentOut:
    policy.require(request.user, Perm.EDIT_PERSONS)
    user: User = request.user  # type: ignore[assignment]
    appointment = selectors.appointment_get_for_user(user, appointment_id)
    if appointment is None or policy.interprets_only(user, appointment):
        raise Http404
    cancelled = services.appointment_cancel(actor=user, appointment=appointment, reason=payload.reason)
    _log(request, [cancelled], _("cancelling an appointment"))
    return _out(cancelled)

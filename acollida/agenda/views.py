"""Agenda screens: the day at an office, booking, one appointment and its changes, slots, interpreters."""

from __future__ import annotations

from datetime import date, datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from acollida.agenda import selectors, services
from acollida.agenda.forms import AssignForm, BookForm, CancelForm, DayForm, RescheduleForm, SlotForm
from acollida.agenda.models import Appointment, ServiceType, Slot
from acollida.core import audit, policy
from acollida.core.models import Office, User
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.people.reference import language_name
from acollida.people.selectors import person_get_for_user


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _log_persons(request: HttpRequest, appointments: list[Appointment], purpose: str) -> None:
    audit.read_records(
        request,
        user=request.user,
        record_type="person",
        records=[(a.person_id, a.person.organisation_id) for a in appointments],
        purpose=purpose,
    )


def _form_errors(form: object, exc: ValidationError) -> None:
    from django import forms

    assert isinstance(form, forms.Form)
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def day(request: HttpRequest) -> HttpResponse:
    """The day at one office: appointments (protected persons left out) and the slots with room."""
    policy.require(request.user, Perm.VIEW_PERSONS)
    user = _user(request)
    offices = selectors.agenda_offices(user)
    first = offices.first()
    if first is None:
        return render(request, "agenda/day.html", {"form": None, "no_office": True})
    form = DayForm(
        request.GET or None,
        offices=offices,
        staff=selectors.agenda_staff(user),
        initial={"office": first, "date": timezone.localdate()},
    )
    if request.GET and form.is_valid():
        data = form.cleaned_data
        office, on, staff, service = data["office"], data["date"], data["staff"], data["service"]
    else:
        office, on, staff, service = first, timezone.localdate(), None, ""
        if request.GET:
            messages.error(request, _("Some filters were not valid; showing today at the first office."))
            form = DayForm(
                offices=offices, staff=selectors.agenda_staff(user), initial={"office": first, "date": on}
            )
    sort = request.GET.get("sort", "time")
    f = selectors.DayFilter(office=office, day=on, staff=staff, service_type=service, sort=sort)
    page = paginate(request, selectors.day_appointments(user, f))
    _log_persons(request, list(page), _("agenda of the day"))
    params = request.GET.copy()
    params.pop("sort", None)
    params.pop("page", None)
    return render(
        request,
        "agenda/day.html",
        {
            "form": form,
            "office": office,
            "day": on,
            "page": page,
            "query": query_without_page(request),
            "sort": sort if sort in selectors.SORTS else "time",
            "sort_query": params.urlencode(),
            "slots": selectors.day_slots(user, f),
            "can_edit": policy.can(user, Perm.EDIT_PERSONS),
            "can_publish": bool(policy.slot_publisher_organisation_ids(user)),
            "now": timezone.now(),
            "previous_day": _day_link(request, on.toordinal() - 1),
            "next_day": _day_link(request, on.toordinal() + 1),
        },
    )


def _day_link(request: HttpRequest, ordinal: int) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params["date"] = date.fromordinal(ordinal).isoformat()
    return "?" + params.urlencode()


@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, person_id: int) -> HttpResponse:
    """Book from a person's page: choose office and service, then a free slot or a free time."""
    policy.require(request.user, Perm.EDIT_PERSONS)
    user = _user(request)
    person = person_get_for_user(user=user, person_id=person_id)
    if person is None:
        raise Http404
    audit.read_record(
        request,
        user=user,
        record_type="person",
        record_id=person.pk,
        record_organisation_id=person.organisation_id,
        purpose=_("booking an appointment"),
    )
    offices = selectors.agenda_offices(user)
    office_id = _int(request.GET.get("office"))
    office = offices.filter(pk=office_id).first() if office_id else None
    service = request.GET.get("service", "")
    slots = selectors.free_slots(user, office=office, service_type=service)
    form = BookForm(
        request.POST or None,
        slots=slots,
        offices=offices,
        initial={
            "interpreter_language": services.interpreter_language_for(person),
            "office": office,
            "service_type": service,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at, ends_at = form.free_times()
        booking = services.Booking(
            slot=data["slot"],
            office=data["office"],
            service_type=data["service_type"],
            starts_at=starts_at,
            ends_at=ends_at,
        )
        try:
            appointment = services.appointment_book(
                actor=user,
                person=person,
                booking=booking,
                interpreter_language=data["interpreter_language"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The appointment is booked."))
            return redirect("agenda:appointment", appointment_id=appointment.pk)
    return render(
        request,
        "agenda/book.html",
        {
            "person": person,
            "form": form,
            "offices": offices,
            "office": office,
            "service": service,
            "service_choices": ServiceType.choices,
            "slots": slots,
            "appointments": selectors.person_appointments(user, person)[:20],
        },
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _appointment_for(request: HttpRequest, appointment_id: int) -> Appointment:
    appointment = selectors.appointment_get_for_user(_user(request), appointment_id)
    if appointment is None:
        raise Http404
    return appointment


def appointment(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """One appointment. Its interpreter sees only the first name, language, time and office."""
    user = _user(request)
    record = _appointment_for(request, appointment_id)
    if policy.interprets_only(user, record):
        audit.read_record(
            request,
            user=user,
            record_type="person",
            record_id=record.person_id,
            record_organisation_id=record.person.organisation_id,
            purpose=_("interpreting at an appointment"),
            perm=Perm.INTERPRET,
        )
        return render(
            request,
            "agenda/appointment_interpreter.html",
            {
                "appointment": record,
                "first_name": record.person.preferred_name or record.person.given_name,
                "language": language_name(record.interpreter_language) if record.interpreter_language else "",
            },
        )
    audit.read_record(
        request,
        user=user,
        record_type="person",
        record_id=record.person_id,
        record_organisation_id=record.person.organisation_id,
        purpose=_("appointment"),
    )
    can_edit = policy.can(user, Perm.EDIT_PERSONS)
    return render(
        request,
        "agenda/appointment.html",
        {
            "appointment": record,
            "language": language_name(record.interpreter_language) if record.interpreter_language else "",
            "can_edit": can_edit and record.status == Appointment.Status.BOOKED,
            "can_mark": can_edit
            and record.status != Appointment.Status.CANCELLED
            and record.starts_at <= timezone.now(),
            "rescheduled_to": getattr(record, "rescheduled_to", None),
            "can_assign": can_edit
            and record.status == Appointment.Status.BOOKED
            and bool(record.interpreter_language),
            "assign_form": AssignForm(interpreters=selectors.interpreters()),
        },
    )


def _manageable(request: HttpRequest, appointment_id: int) -> Appointment:
    policy.require(request.user, Perm.EDIT_PERSONS)
    record = _appointment_for(request, appointment_id)
    if policy.interprets_only(_user(request), record):
        raise PermissionDenied
    return record


@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Confirmation page, then the cancellation with its reason."""
    record = _manageable(request, appointment_id)
    if record.status != Appointment.Status.BOOKED:
        messages.info(request, _("This appointment is no longer booked."))
        return redirect("agenda:appointment", appointment_id=record.pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.appointment_cancel(
                actor=_user(request), appointment=record, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The appointment is cancelled."))
            return redirect("agenda:appointment", appointment_id=record.pk)
    return render(request, "agenda/cancel.html", {"appointment": record, "form": form})


@require_http_methods(["GET", "POST"])
def reschedule(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Move an appointment: a new one at the new time, the old one cancelled and linked."""
    record = _manageable(request, appointment_id)
    user = _user(request)
    if record.status != Appointment.Status.BOOKED:
        messages.info(request, _("This appointment is no longer booked."))
        return redirect("agenda:appointment", appointment_id=record.pk)
    slots = [
        s
        for s in selectors.free_slots(user, office=record.office, service_type=record.service_type)
        if s.pk != record.slot_id
    ]
    form = RescheduleForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.free_times()
        booking = services.Booking(slot=form.cleaned_data["slot"], starts_at=starts_at, ends_at=ends_at)
        try:
            new = services.appointment_reschedule(
                actor=user, appointment=record, booking=booking, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The appointment is moved."))
            return redirect("agenda:appointment", appointment_id=new.pk)
    return render(request, "agenda/reschedule.html", {"appointment": record, "form": form, "slots": slots})


@require_POST
def mark(request: HttpRequest, appointment_id: int) -> HttpResponse:
    """Attended or did not come; only once the appointment has begun."""
    record = _manageable(request, appointment_id)
    try:
        services.appointment_mark(
            actor=_user(request), appointment=record, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attendance recorded."))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("agenda:appointment", appointment_id=record.pk)


@require_http_methods(["GET", "POST"])
def slots(request: HttpRequest) -> HttpResponse:
    """Coordinators publish slots, once or weekly for some weeks; upcoming slots are listed."""
    user = _user(request)
    publishable = policy.slot_publisher_organisation_ids(user)
    if not publishable:
        raise PermissionDenied
    offices = Office.objects.filter(organisation_id__in=publishable).select_related("organisation")
    form = SlotForm(request.POST or None, offices=offices, staff=selectors.agenda_staff(user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.slot_publish(
                actor=user,
                office=data["office"],
                service_type=data["service_type"],
                staff=data["staff"],
                starts_at=_aware(data["day"], data["start"]),
                ends_at=_aware(data["day"], data["end"]),
                capacity=data["capacity"],
                repeat_weeks=data["repeat_weeks"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("%(count)s slots published.") % {"count": len(made)})
            return redirect("agenda:slots")
    upcoming = selectors.slots_with_room(
        user, Slot.objects.filter(office__in=offices, starts_at__gte=timezone.now())
    ).order_by("starts_at", "pk")
    return render(
        request,
        "agenda/slots.html",
        {"form": form, "page": paginate(request, upcoming), "query": query_without_page(request)},
    )


def _aware(on: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(on, at))


def interpreters_needed(request: HttpRequest) -> HttpResponse:
    """Upcoming appointments with an interpreter language and nobody assigned yet."""
    policy.require(request.user, Perm.EDIT_PERSONS)
    user = _user(request)
    page = paginate(request, selectors.interpreters_needed(user))
    _log_persons(request, list(page), _("finding interpreters"))
    return render(
        request,
        "agenda/interpreters_needed.html",
        {
            "page": page,
            "query": query_without_page(request),
            "rows": [(a, language_name(a.interpreter_language)) for a in page],
            "interpreters": list(selectors.interpreters()),
        },
    )


@require_POST
def interpreter_assign(request: HttpRequest, appointment_id: int) -> HttpResponse:
    record = _manageable(request, appointment_id)
    form = AssignForm(request.POST, interpreters=selectors.interpreters())
    if not form.is_valid():
        messages.error(request, _("Choose an interpreter from the list."))
    else:
        try:
            services.interpreter_assign(
                actor=_user(request), appointment=record, interpreter=form.cleaned_data["interpreter"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Interpreter assigned."))
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(reverse("agenda:interpreters_needed"))

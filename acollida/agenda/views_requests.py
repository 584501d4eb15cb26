"""The entry point's list of appointment requests from the public directory: read them, book the
person found or registered into a real appointment, or close a request with a note."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from acollida.agenda import selectors, services, services_requests
from acollida.agenda.forms import BookForm
from acollida.agenda.models import AppointmentRequest, ServiceType
from acollida.agenda.selectors_requests import (
    appointment_request_get_for_user,
    appointment_request_list,
)
from acollida.agenda.views import _form_errors, _int, _user
from acollida.core import audit, policy
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.people.reference import language_name
from acollida.people.selectors import person_get_for_user, person_search


def _log(request: HttpRequest, items: list[AppointmentRequest], purpose: str) -> None:
    audit.read_records(
        request,
        user=request.user,
        record_type="appointment_request",
        records=[(item.pk, item.office.organisation_id) for item in items],
        purpose=purpose,
    )


def _request_for(request: HttpRequest, request_id: int) -> AppointmentRequest:
    found = appointment_request_get_for_user(request.user, request_id)
    if found is None:
        raise Http404
    return found


def _directory_service_name(item: AppointmentRequest) -> str:
    if item.directory_service is None:
        return ""
    from acollida.directory.models import Service
    from acollida.directory.services import text_for

    service = Service.objects.filter(pk=item.directory_service).first()
    if service is None:
        return ""
    return text_for(service, "name", translation.get_language() or "ca")[0]


@require_GET
def requests(request: HttpRequest) -> HttpResponse:
    """Requests waiting at the user's offices (oldest first), or handled ones."""
    policy.require(request.user, Perm.VIEW_PERSONS)
    user = _user(request)
    status = request.GET.get("status", AppointmentRequest.Status.NEW)
    sort = request.GET.get("sort", "oldest")
    offices = selectors.agenda_offices(user)
    office_id = _int(request.GET.get("office"))
    qs = appointment_request_list(user, status=status, office_id=office_id, sort=sort)
    page = paginate(request, qs)
    items = list(page.object_list)
    _log(request, items, _("appointment requests list"))
    return render(
        request,
        "agenda/requests.html",
        {
            "page": page,
            "items": items,
            "status": status,
            "sort": sort,
            "statuses": AppointmentRequest.Status.choices,
            "offices": offices,
            "office_id": office_id,
            "query": query_without_page(request),
        },
    )


@require_GET
def request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    """One request, with the people already known under that name to book for."""
    policy.require(request.user, Perm.VIEW_PERSONS)
    user = _user(request)
    item = _request_for(request, request_id)
    _log(request, [item], _("handling an appointment request"))
    candidates = []
    if item.status == AppointmentRequest.Status.NEW:
        candidates = [c for c in person_search(user=user, text=item.name, limit=5) if c.visible]
        audit.read_records(
            request,
            user=user,
            record_type="person",
            records=[(c.person.pk, c.person.organisation_id) for c in candidates],
            purpose=_("finding the person of an appointment request"),
        )
    return render(
        request,
        "agenda/request.html",
        {
            "item": item,
            "candidates": candidates,
            "language": language_name(item.language) if item.language else "",
            "service_name": _directory_service_name(item),
        },
    )


@require_http_methods(["GET", "POST"])
def request_book(request: HttpRequest, request_id: int, person_id: int) -> HttpResponse:
    """Book the person of a request through the agenda's booking form; the request is then booked."""
    policy.require(request.user, Perm.EDIT_PERSONS)
    user = _user(request)
    item = _request_for(request, request_id)
    if item.status != AppointmentRequest.Status.NEW:
        messages.info(request, _("This request has already been handled."))
        return redirect("agenda:request", request_id=item.pk)
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
    office_id = _int(request.GET.get("office")) or item.office_id
    office = offices.filter(pk=office_id).first()
    service = request.GET.get("service", item.service_type)
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
            appointment = services_requests.appointment_request_book(
                actor=user,
                request=item,
                person=person,
                booking=booking,
                interpreter_language=data["interpreter_language"],
                notes=data["notes"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The appointment is booked and the request is marked as booked."))
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
            "appointment_request": item,
        },
    )


class CloseForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why is it closed?"),
        max_length=300,
        help_text=gettext_lazy("For example: could not be reached, a duplicate, sent to another service."),
    )


@require_http_methods(["GET", "POST"])
def request_close(request: HttpRequest, request_id: int) -> HttpResponse:
    """Close a request without an appointment, after confirmation."""
    policy.require(request.user, Perm.EDIT_PERSONS)
    user = _user(request)
    item = _request_for(request, request_id)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_requests.appointment_request_close(
                actor=user, request=item, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The request is closed."))
            return redirect("agenda:requests")
    context: dict[str, Any] = {"item": item, "form": form}
    return render(request, "agenda/request_close.html", context)

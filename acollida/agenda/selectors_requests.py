"""Reads of the appointment requests sent from the public directory."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from acollida.agenda.models import AppointmentRequest
from acollida.core import policy
from acollida.core.models import Office
from acollida.core.policy import Perm

REQUEST_SORTS = {"oldest": ("created_at", "pk"), "newest": ("-created_at", "-pk")}


def appointment_requests_for(user: Any) -> QuerySet[AppointmentRequest]:
    """Requests at the offices whose agenda the user keeps (through the access policy); none for
    those who do not read persons."""
    if not policy.can(user, Perm.VIEW_PERSONS):
        return AppointmentRequest.objects.none()
    offices = policy.agenda_offices_visible_to(user, Office.objects.all())
    return AppointmentRequest.objects.filter(office__in=offices).select_related(
        "office", "office__organisation"
    )


def appointment_request_list(
    user: Any, *, status: str = "new", office_id: int | None = None, sort: str = "oldest"
) -> QuerySet[AppointmentRequest]:
    qs = appointment_requests_for(user)
    if status in AppointmentRequest.Status.values:
        qs = qs.filter(status=status)
    if office_id:
        qs = qs.filter(office_id=office_id)
    return qs.order_by(*REQUEST_SORTS.get(sort, REQUEST_SORTS["oldest"]))


def appointment_request_get_for_user(user: Any, request_id: int) -> AppointmentRequest | None:
    return appointment_requests_for(user).filter(pk=request_id).first()


def new_request_count(user: Any) -> int:
    return appointment_requests_for(user).filter(status=AppointmentRequest.Status.NEW).count()

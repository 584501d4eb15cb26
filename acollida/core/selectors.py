"""Reads that views and the API share: filtered, sorted lists, always through ``visible_to``."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils import timezone

from acollida.core import policy
from acollida.core.models import Membership, Organisation, ReadLog, User


def organisation_list(*, user: Any, q: str = "", kind: str = "") -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(user).select_related("parent")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def organisation_get(*, user: Any, slug: str) -> Organisation | None:
    return organisation_list(user=user).filter(slug=slug).first()


def membership_list(
    *, user: Any, q: str = "", role: str = "", status: str = "", sort: str = ""
) -> QuerySet[Membership]:
    qs = Membership.objects.visible_to(user).select_related("user", "organisation")
    if q:
        qs = qs.filter(
            Q(user__username__icontains=q)
            | Q(user__first_name__icontains=q)
            | Q(user__last_name__icontains=q)
            | Q(user__email__icontains=q)
            | Q(organisation__name__icontains=q)
        )
    if role:
        qs = qs.filter(role=role)
    if status == "inactive":
        qs = qs.filter(Q(is_active=False) | Q(user__is_active=False))
    elif status != "all":
        qs = qs.filter(is_active=True, user__is_active=True)
    allowed_sorts = {"user__username", "organisation__name", "role", "-created_at"}
    return qs.order_by(sort if sort in allowed_sorts else "user__username", "pk")


def staff_get(*, user: Any, user_id: int) -> User | None:
    return User.objects.visible_to(user).filter(pk=user_id).first()


def staff_memberships(*, user: Any, staff: User) -> QuerySet[Membership]:
    return Membership.objects.visible_to(user).filter(user=staff).select_related("organisation")


def staff_holding_organisation_id(*, user: Any, staff: User) -> int | None:
    """The organisation whose staff record is being read (the first one the reader manages)."""
    managed = policy.organisation_ids_with(user, policy.Perm.MANAGE_STAFF)
    for org_id in staff.memberships.values_list("organisation_id", flat=True):
        if org_id in managed:
            return org_id
    return None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def read_log_list(
    *,
    user: Any,
    username: str = "",
    record_type: str = "",
    record_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[ReadLog]:
    qs = ReadLog.objects.visible_to(user).select_related("user", "organisation", "record_organisation")
    if username:
        qs = qs.filter(user__username__iexact=username)
    if record_type:
        qs = qs.filter(record_type__iexact=record_type)
    if record_id:
        qs = qs.filter(record_id=record_id)
    if date_from:
        qs = qs.filter(at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(at__lt=_day_start(date_to) + timedelta(days=1))
    return qs


def change_log_list(
    *,
    user: Any,
    username: str = "",
    record_type: str = "",
    record_id: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[LogEntry]:
    """Write history a DPO may see: changes made by their organisations' staff or to their records."""
    audited = policy.audited_organisation_ids(user)
    if not audited:
        return LogEntry.objects.none()
    staff_ids = Membership.objects.filter(organisation_id__in=audited).values_list("user_id", flat=True)
    ct = ContentType.objects.get_for_model
    own_records = (
        Q(content_type=ct(Organisation), object_id__in=list(audited))
        | Q(
            content_type=ct(Membership),
            object_id__in=list(
                Membership.objects.filter(organisation_id__in=audited).values_list("id", flat=True)
            ),
        )
        | Q(content_type=ct(User), object_id__in=list(staff_ids))
    )
    qs = LogEntry.objects.filter(Q(actor_id__in=staff_ids) | own_records).select_related(
        "actor", "content_type"
    )
    if username:
        qs = qs.filter(actor__username__iexact=username)
    if record_type:
        qs = qs.filter(content_type__model__iexact=record_type)
    if record_id:
        qs = qs.filter(object_pk=record_id)
    if date_from:
        qs = qs.filter(timestamp__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(timestamp__lt=_day_start(date_to) + timedelta(days=1))
    return qs.order_by("-timestamp", "-id")

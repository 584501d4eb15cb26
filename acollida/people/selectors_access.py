"""Reads about sharing: access requests to decide or waiting for an answer, and a record's grants.

Every queryset goes through the access policy (``policy.access_requests_*``,
``policy.access_grants_visible_to``); nothing here filters by organisation itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from acollida.core import policy
from acollida.people.models import AccessGrant, AccessRequest, Person

INCOMING = "incoming"
OUTGOING = "outgoing"


def _open_first(qs: QuerySet[AccessRequest], *, newest_first: bool = True) -> QuerySet[AccessRequest]:
    waiting = Case(
        When(status=AccessRequest.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    created = "-created_at" if newest_first else "created_at"
    return qs.annotate(waiting=waiting).order_by("waiting", created, "-pk")


def access_requests_incoming(
    *, user: Any, status: str = "", newest_first: bool = True
) -> QuerySet[AccessRequest]:
    """Requests the user may decide, waiting ones first."""
    qs = policy.access_requests_incoming_for(user, AccessRequest.objects.all())
    if status:
        qs = qs.filter(status=status)
    return _open_first(
        qs.select_related("person__organisation", "requesting_organisation", "requested_by", "decided_by"),
        newest_first=newest_first,
    )


def access_requests_outgoing(
    *, user: Any, status: str = "", newest_first: bool = True
) -> QuerySet[AccessRequest]:
    """The user's own requests, waiting ones first, with the grant when there is one."""
    qs = policy.access_requests_outgoing_for(user, AccessRequest.objects.all())
    if status:
        qs = qs.filter(status=status)
    return _open_first(
        qs.select_related("person__organisation", "requesting_organisation", "decided_by", "grant"),
        newest_first=newest_first,
    )


def access_request_incoming_get(*, user: Any, request_id: int) -> AccessRequest | None:
    return access_requests_incoming(user=user).filter(pk=request_id).first()


def open_incoming_count(user: Any) -> int:
    return policy.access_requests_incoming_for(
        user, AccessRequest.objects.filter(status=AccessRequest.Status.OPEN)
    ).count()


def active_grants_for(*, user: Any, person: Person) -> QuerySet[AccessGrant]:
    """The active grants on ``person``, for the holder side (empty for everyone else)."""
    return (
        policy.access_grants_visible_to(user, AccessGrant.objects.filter(person=person))
        .filter(revoked_at__isnull=True, expires_on__gte=timezone.localdate())
        .select_related("organisation", "granted_by")
        .order_by("expires_on", "pk")
    )


def access_grant_get_for_user(*, user: Any, grant_id: int) -> AccessGrant | None:
    return (
        policy.access_grants_visible_to(user, AccessGrant.objects.all())
        .select_related("person__organisation", "organisation")
        .filter(pk=grant_id)
        .first()
    )


def grant_to_user(*, user: Any, person: Person) -> AccessGrant | None:
    """The active grant through which the user opens ``person``, if they are not at the holder."""
    readers = policy.organisation_ids_with(user, policy.Perm.VIEW_PERSONS)
    if person.organisation_id in readers:
        return None
    return (
        AccessGrant.objects.filter(
            person=person,
            organisation_id__in=readers,
            revoked_at__isnull=True,
            expires_on__gte=timezone.localdate(),
        )
        .order_by("-expires_on")
        .first()
    )


def access_requests_for(*, user: Any, direction: str | None, status: str = "") -> QuerySet[AccessRequest]:
    """Incoming, outgoing or both (``direction`` None), waiting ones first, newest first."""
    parts = []
    if direction in {None, INCOMING}:
        parts.append(policy.access_requests_incoming_for(user, AccessRequest.objects.all()).values("pk"))
    if direction in {None, OUTGOING}:
        parts.append(policy.access_requests_outgoing_for(user, AccessRequest.objects.all()).values("pk"))
    condition = Q(pk__in=parts[0])
    for part in parts[1:]:
        condition |= Q(pk__in=part)
    qs = AccessRequest.objects.filter(condition)
    if status:
        qs = qs.filter(status=status)
    return _open_first(
        qs.select_related("person__organisation", "requesting_organisation", "decided_by", "grant")
    )


def incoming_ids(*, user: Any, ids: list[int]) -> set[int]:
    """Which of ``ids`` the user may decide on."""
    qs = policy.access_requests_incoming_for(user, AccessRequest.objects.filter(pk__in=ids))
    return set(qs.values_list("pk", flat=True))

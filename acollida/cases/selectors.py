"""Reads of case files: one case for a user, workload lists, the team's load, the timeline.

Every list reads through ``Case.objects.visible_to(user)`` and fetches what its page shows in a
fixed number of queries, whatever the number of rows (``select_related``, annotations).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, DateField, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from acollida.cases.models import Case, Goal, Need, TimelineEntry
from acollida.core import policy
from acollida.core.models import Membership, User
from acollida.core.policy import Perm

# The sort keys a list accepts, and what each orders by ("-" in front for descending).
CASE_SORTS: dict[str, tuple[str, ...]] = {
    "opened": ("opened_at", "pk"),
    "-opened": ("-opened_at", "-pk"),
    "reference": ("reference", "pk"),
    "-reference": ("-reference", "-pk"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
    "status": ("status", "reference", "pk"),
    "-status": ("-status", "reference", "pk"),
}
DEFAULT_SORT = "-updated"


@dataclass
class CaseFilters:
    status: str = ""
    sensitivity: str = ""


def case_get_for_user(user: Any, case_id: int) -> Case:
    """The case if ``user`` may open it, with whom it is about; 404 otherwise."""
    case = (
        Case.objects.visible_to(user)
        .select_related("person", "household", "organisation", "responsible")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    return case


def _with_lists(qs: QuerySet[Case]) -> QuerySet[Case]:
    """What a list row shows: whom it is about, the holder, the responsible, open needs and the
    next target date. Correlated subqueries, not joins: they are computed for the page's rows
    only, and the page count leaves them out."""
    open_needs = (
        Need.objects.filter(case=OuterRef("pk"), closed_on__isnull=True)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )
    next_target = (
        Goal.objects.filter(case=OuterRef("pk"), status=Goal.Status.OPEN, target_date__isnull=False)
        .order_by("target_date")
        .values("target_date")[:1]
    )
    return qs.select_related("person", "household", "organisation", "responsible").annotate(
        open_needs=Coalesce(Subquery(open_needs, output_field=IntegerField()), 0),
        next_target=Subquery(next_target, output_field=DateField()),
    )


def cases_visible(user: Any) -> QuerySet[Case]:
    return Case.objects.visible_to(user)


def my_cases(user: Any, filters: CaseFilters | None = None, sort: str = DEFAULT_SORT) -> QuerySet[Case]:
    """Cases the user is responsible for (closed ones only when filtered on), newest activity first."""
    filters = filters or CaseFilters()
    qs = Case.objects.visible_to(user).filter(responsible_id=user.pk)
    qs = qs.filter(status=filters.status) if filters.status else qs.exclude(status=Case.Status.CLOSED)
    if filters.sensitivity:
        qs = qs.filter(sensitivity=filters.sensitivity)
    return _with_lists(qs).order_by(*CASE_SORTS.get(sort, CASE_SORTS[DEFAULT_SORT]))


def due_this_week(user: Any, today: date | None = None) -> QuerySet[Goal]:
    """Open goals due within seven days, or overdue, on open cases the user is responsible for."""
    today = today or timezone.localdate()
    cases = Case.objects.visible_to(user).filter(responsible_id=user.pk).exclude(status=Case.Status.CLOSED)
    return (
        Goal.objects.filter(
            case__in=cases.values("pk"),
            status=Goal.Status.OPEN,
            target_date__isnull=False,
            target_date__lte=today + timedelta(days=7),
        )
        .select_related("case__person", "case__household", "need")
        .order_by("target_date", "pk")
    )


def waiting(user: Any) -> QuerySet[Case]:
    """The user's open cases waiting for an answer, the longest waiting first."""
    return _with_lists(
        Case.objects.visible_to(user)
        .filter(responsible_id=user.pk)
        .exclude(status=Case.Status.CLOSED)
        .exclude(waiting_for="")
    ).order_by("waiting_since", "pk")


@dataclass
class LoadRow:
    user: User
    organisation_id: int
    open_cases: int = 0
    on_hold: int = 0
    waiting: int = 0


@dataclass
class TeamLoad:
    rows: list[LoadRow] = field(default_factory=list)
    unassigned: int = 0


def team_load(user: Any) -> TeamLoad:
    """For a coordinator: each caseworker and coordinator of the organisations they coordinate,
    with their open, on-hold and waiting cases (those the coordinator may see). Two queries."""
    coordinated = policy.organisation_ids_with(user, Perm.COORDINATE)
    if not coordinated:
        return TeamLoad()
    members = (
        Membership.objects.active()
        .filter(organisation_id__in=coordinated, role__in=["caseworker", "coordinator"])
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    counts = (
        Case.objects.visible_to(user)
        .filter(organisation_id__in=coordinated)
        .exclude(status=Case.Status.CLOSED)
        .values("organisation_id", "responsible_id")
        .annotate(
            open_cases=Count("pk", filter=Q(status=Case.Status.OPEN)),
            on_hold=Count("pk", filter=Q(status=Case.Status.ON_HOLD)),
            waiting=Count("pk", filter=~Q(waiting_for="")),
        )
        .order_by()
    )
    by_key = {(row["organisation_id"], row["responsible_id"]): row for row in counts}
    load = TeamLoad()
    seen: set[tuple[int, int]] = set()
    for membership in members:
        key = (membership.organisation_id, membership.user_id)
        if key in seen:
            continue
        seen.add(key)
        row = by_key.get(key, {})
        load.rows.append(
            LoadRow(
                user=membership.user,
                organisation_id=membership.organisation_id,
                open_cases=row.get("open_cases", 0),
                on_hold=row.get("on_hold", 0),
                waiting=row.get("waiting", 0),
            )
        )
    load.unassigned = sum(row["open_cases"] + row["on_hold"] for key, row in by_key.items() if key[1] is None)
    return load


def team_cases(user: Any, responsible_id: int | None) -> QuerySet[Case]:
    """The open cases of one member of a coordinator's team (or the unassigned ones)."""
    coordinated = policy.organisation_ids_with(user, Perm.COORDINATE)
    qs = (
        Case.objects.visible_to(user)
        .filter(organisation_id__in=coordinated)
        .exclude(status=Case.Status.CLOSED)
    )
    qs = (
        qs.filter(responsible__isnull=True)
        if responsible_id is None
        else qs.filter(responsible_id=responsible_id)
    )
    return _with_lists(qs).order_by("opened_at", "pk")


def case_timeline(
    case: Case,
    kinds: Iterable[str] = (),
    service_types: Iterable[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[TimelineEntry]:
    """The case's timeline, newest first, narrowed to kinds, service types and a date range."""
    qs = TimelineEntry.objects.filter(case=case).select_related("author")
    kinds = [k for k in kinds if k in TimelineEntry.Kind.values]
    service_types = [s for s in service_types if s in TimelineEntry.ServiceType.values]
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if service_types:
        qs = qs.filter(service_type__in=service_types)
    if date_from:
        qs = qs.filter(occurred_on__gte=date_from)
    if date_to:
        qs = qs.filter(occurred_on__lte=date_to)
    return qs.order_by("-occurred_on", "-pk")


def open_case_for_person(user: Any, person_id: int) -> Case | None:
    """The open case of a person the user may open, at one of their organisations (for the
    person page's "Open case …" link)."""
    return (
        Case.objects.visible_to(user)
        .open()
        .filter(person_id=person_id)
        .only("pk", "reference")
        .order_by("opened_at")
        .first()
    )


def responsible_candidates(organisation_id: int) -> QuerySet[User]:
    """Who may be made responsible for a case held by the organisation."""
    return (
        User.objects.filter(
            memberships__in=Membership.objects.active().filter(
                organisation_id=organisation_id, role__in=["caseworker", "coordinator"]
            )
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )

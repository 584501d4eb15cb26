"""Reads of the emergency screens: the live board's figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from acollida.core import policy
from acollida.emergency.models import Arrival, Operation, ShiftAssignment

HANDLED = (Arrival.Status.PLACED, Arrival.Status.TRANSFERRED, Arrival.Status.LEFT)


@dataclass
class Board:
    expected: int = 0
    registered: int = 0
    triaged: int = 0
    placed: int = 0
    per_site: list[dict[str, Any]] = field(default_factory=list)
    languages: list[tuple[str, int, int]] = field(default_factory=list)  # code, people, interpreters now
    minors: list[Arrival] = field(default_factory=list)
    urgent: list[Arrival] = field(default_factory=list)
    minors_waiting: int = 0
    urgent_waiting: int = 0


def board_for(*, user: Any, operation: Operation) -> Board:
    """The live board: counts of the whole operation (aggregates), and the arrivals still waiting
    for child protection or medical care, listed only as far as ``user`` may see them."""
    arrivals = Arrival.objects.filter(operation=operation)
    totals = arrivals.aggregate(
        registered=Count("pk"),
        triaged=Count("pk", filter=Q(triaged_at__isnull=False) | ~Q(status=Arrival.Status.REGISTERED)),
        placed=Count("pk", filter=Q(status=Arrival.Status.PLACED)),
        minors=Count("pk", filter=Q(unaccompanied_minor=True) & ~Q(status__in=HANDLED)),
        urgent=Count("pk", filter=Q(medical_urgent=True, status=Arrival.Status.REGISTERED)),
    )
    per_site = list(
        operation.sites.annotate(people=Count("arrivals", filter=~Q(arrivals__status__in=HANDLED[1:])))
        .values("pk", "name", "capacity", "people")
        .order_by("name")
    )
    unassigned = arrivals.filter(site__isnull=True).exclude(status__in=HANDLED[1:]).count()
    if unassigned:
        per_site.append({"pk": None, "name": "", "capacity": None, "people": unassigned})
    present: Counter[str] = Counter()
    for codes in arrivals.exclude(status__in=HANDLED[1:]).values_list("languages", flat=True):
        present.update(codes or [])
    now = timezone.now()
    on_shift: Counter[str] = Counter(
        ShiftAssignment.objects.filter(
            shift__operation=operation,
            shift__starts_at__lte=now,
            shift__ends_at__gt=now,
            role=ShiftAssignment.Role.INTERPRETER,
            checked_out_at__isnull=True,
        )
        .exclude(language="")
        .values_list("language", flat=True)
    )
    codes = sorted(
        set(present) | set(on_shift) | set(operation.expected_languages), key=lambda c: -present[c]
    )
    visible = policy.arrivals_visible_to(user, arrivals).exclude(status__in=HANDLED)
    return Board(
        expected=operation.expected_arrivals,
        registered=totals["registered"],
        triaged=totals["triaged"],
        placed=totals["placed"],
        per_site=per_site,
        languages=[(code, present[code], on_shift[code]) for code in codes],
        minors=list(visible.filter(unaccompanied_minor=True).order_by("registered_at")[:50]),
        urgent=list(
            visible.filter(medical_urgent=True, status=Arrival.Status.REGISTERED).order_by("registered_at")[
                :50
            ]
        ),
        minors_waiting=totals["minors"],
        urgent_waiting=totals["urgent"],
    )

"""Housing reads: vacancies, the waiting list, priority, occupancy, length of stay and turnover.

Every function that returns records takes the user and reads through the policy's
``*_visible_to`` functions; statistics count places and stays, never name anyone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from acollida.core import policy
from acollida.housing.models import (
    ACCESS_FIELDS,
    RULE_FIELDS,
    Accommodation,
    Place,
    Placement,
    PlaceStatus,
    PriorityRules,
    Unit,
    WaitingListEntry,
)
from acollida.people.models import Vulnerability

# The CAI (the single entry point), Carrer d'Amadeu de Savoia: distances "to the entry point".
DEFAULT_ENTRY_POINT = (39.4740, -0.3660)

DEFAULT_VULNERABILITY_WEIGHTS: dict[str, int] = {
    Vulnerability.UNACCOMPANIED_MINOR: 40,
    Vulnerability.PREGNANCY: 25,
    Vulnerability.DISABILITY: 25,
    Vulnerability.SERIOUS_ILLNESS: 30,
    Vulnerability.VIOLENCE_SURVIVOR: 35,
    Vulnerability.RIGHTS_DEFENDER: 20,
    Vulnerability.LGBTI_AT_RISK: 25,
    Vulnerability.OLDER_ALONE: 20,
}


def entry_point() -> tuple[float, float]:
    value = getattr(settings, "ACOLLIDA_HOUSING_ENTRY_POINT", None)
    return (float(value[0]), float(value[1])) if value else DEFAULT_ENTRY_POINT


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> int:
    """Great-circle distance in metres (haversine)."""
    r = 6_371_000.0
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * r * math.asin(math.sqrt(a)))


# --- Priority -----------------------------------------------------------------------------------


def active_priority_rules() -> PriorityRules:
    """The rules in use; the defaults are created the first time they are asked for."""
    rules = PriorityRules.objects.filter(is_active=True).first()
    if rules is None:
        rules = PriorityRules.objects.create(
            name="Default", vulnerability_weights=dict(DEFAULT_VULNERABILITY_WEIGHTS)
        )
    return rules


def priority_of(
    entry: WaitingListEntry, rules: PriorityRules, today: date | None = None
) -> tuple[Decimal, dict[str, Any]]:
    """The entry's priority and its parts: vulnerability points (by the rules' weights, plus the
    entry's own points), days waiting (capped) and children."""
    today = today or timezone.localdate()
    weights = rules.vulnerability_weights or {}
    vulnerability = sum(int(weights.get(code, 0)) for code in entry.vulnerabilities or [])
    vulnerability += int(entry.vulnerability_points or 0)
    days = max(0, min((today - entry.entered_on).days, int(rules.max_waiting_days)))
    waiting = Decimal(days) * Decimal(rules.points_per_waiting_day)
    children = Decimal(entry.children) * Decimal(rules.points_per_child)
    total = Decimal(vulnerability) + waiting + children
    parts = {
        "vulnerability": vulnerability,
        "waiting_days": days,
        "waiting": float(waiting),
        "children": float(children),
        "total": float(total),
    }
    return total.quantize(Decimal("0.01")), parts


# --- Vacancies ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VacancyFilters:
    district: str = ""
    kind: str = ""
    rules: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    min_free: int = 1
    organisation: int | None = None
    sort: str = "-free"


VACANCY_SORTS = {
    "-free": ("-free", "accommodation__name", "name"),
    "free": ("free", "accommodation__name", "name"),
    "name": ("accommodation__name", "name"),
    "district": ("accommodation__district", "accommodation__name", "name"),
}


def units_with_counts(qs: QuerySet[Unit]) -> QuerySet[Unit]:
    return qs.annotate(
        free=Count("places", filter=Q(places__status=PlaceStatus.FREE), distinct=True),
        total=Count("places", distinct=True),
        free_accessible=Count(
            "places", filter=Q(places__status=PlaceStatus.FREE, places__accessible=True), distinct=True
        ),
    )


def vacancies(user: Any, filters: VacancyFilters | None = None) -> QuerySet[Unit]:
    """Units with free places the user may see, with ``free`` and ``total`` counts."""
    f = filters or VacancyFilters()
    units = policy.units_visible_to(user, Unit.objects.all()).filter(
        is_active=True, accommodation__is_active=True
    )
    if f.district:
        units = units.filter(accommodation__district=f.district)
    if f.kind:
        units = units.filter(accommodation__kind=f.kind)
    if f.organisation:
        units = units.filter(accommodation__operator_id=f.organisation)
    for flag in f.rules:
        if flag in RULE_FIELDS:
            units = units.filter(**{f"accommodation__{flag}": True})
    for flag in f.access:
        if flag in ACCESS_FIELDS:
            units = units.filter(**{f"accommodation__{flag}": True})
    units = units_with_counts(units).filter(free__gte=max(1, f.min_free))  # type: ignore[misc]
    order = VACANCY_SORTS.get(f.sort, VACANCY_SORTS["-free"])
    return units.select_related(
        "accommodation", "accommodation__operator", "accommodation__programme"
    ).order_by(*order, "pk")


def free_places(unit: Unit) -> QuerySet[Place]:
    return unit.places.filter(status=PlaceStatus.FREE).order_by("label", "pk")


# --- Waiting list -------------------------------------------------------------------------------

WAITING_SORTS = {
    "-priority": ("-priority", "entered_on"),
    "priority": ("priority", "entered_on"),
    "entered_on": ("entered_on", "-priority"),
    "-entered_on": ("-entered_on", "-priority"),
    "size": ("size", "-priority"),
    "-size": ("-size", "-priority"),
}


def waiting_list(
    user: Any, *, status: str = "waiting", needs: tuple[str, ...] = (), sort: str = "-priority"
) -> QuerySet[WaitingListEntry]:
    entries = policy.waiting_entries_visible_to(user, WaitingListEntry.objects.all())
    if status:
        entries = entries.filter(status=status)
    for flag in needs:
        if flag in ("step_free", "adapted_bathroom", "women_only", "minors_only", "lgbti_safe", "pets"):
            entries = entries.filter(**{flag: True})
    order = WAITING_SORTS.get(sort, WAITING_SORTS["-priority"])
    return entries.select_related("organisation", "case", "person", "household").order_by(*order, "pk")


def openable_entry_ids(user: Any, entries: QuerySet[WaitingListEntry]) -> set[int]:
    """Which of ``entries`` the user may open in full (names, notes, locations)."""
    return set(policy.waiting_entries_openable_by(user, entries).values_list("pk", flat=True))


def entry_label(entry: WaitingListEntry, *, openable: bool) -> str:
    """The household's name for those who may open the entry, a reference for everyone else."""
    from django.utils.translation import gettext as _

    if openable:
        if entry.case_id and entry.case is not None:
            about = entry.case.household or entry.case.person
            if about is not None:
                return str(about)
        if entry.household_id and entry.household is not None:
            return entry.household.name
        if entry.person_id and entry.person is not None:
            return str(entry.person)
    return _("Household W-%(id)s") % {"id": entry.pk}


# --- Statistics ---------------------------------------------------------------------------------


@dataclass
class OccupancyRow:
    key: Any
    label: str
    places: int = 0
    free: int = 0
    reserved: int = 0
    occupied: int = 0
    out_of_service: int = 0
    stays: int = 0
    stay_days: int = 0
    check_outs: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def in_service(self) -> int:
        return self.places - self.out_of_service

    @property
    def occupancy(self) -> float:
        """Occupied and reserved places over places in service, in percent."""
        return round(100 * (self.occupied + self.reserved) / self.in_service, 1) if self.in_service else 0.0

    @property
    def average_stay_days(self) -> float:
        return round(self.stay_days / self.stays, 1) if self.stays else 0.0

    @property
    def turnover(self) -> float:
        """Check-outs in the period per place in service."""
        return round(self.check_outs / self.in_service, 2) if self.in_service else 0.0


GROUPINGS = {
    "accommodation": ("unit__accommodation_id", "unit__accommodation__name"),
    "programme": ("unit__accommodation__programme_id", "unit__accommodation__programme__name"),
    "organisation": ("unit__accommodation__operator_id", "unit__accommodation__operator__name"),
}


def occupancy(
    user: Any, *, by: str = "accommodation", start: date | None = None, end: date | None = None
) -> list[OccupancyRow]:
    """Places by status now, and stays and check-outs between ``start`` and ``end`` (the last
    365 days by default), per accommodation, programme or operating organisation."""
    key_field, label_field = GROUPINGS.get(by, GROUPINGS["accommodation"])
    end = end or timezone.localdate()
    start = start or end - timedelta(days=365)
    accommodations = policy.accommodations_visible_to(user, Accommodation.objects.all())
    rows: dict[Any, OccupancyRow] = {}
    places = (
        Place.objects.filter(unit__accommodation__in=accommodations)
        .values(key_field, label_field, "status")
        .annotate(n=Count("pk"))
    )
    for item in places:
        key = item[key_field]
        row = rows.setdefault(key, OccupancyRow(key=key, label=item[label_field] or "—"))
        row.places += item["n"]
        setattr(row, item["status"], getattr(row, item["status"]) + item["n"])
    stays = Placement.objects.filter(
        unit__accommodation__in=accommodations, check_in_on__isnull=False
    ).filter(Q(check_out_on__isnull=True) | Q(check_out_on__gte=start), check_in_on__lte=end)
    for stay in stays.values(key_field, label_field, "check_in_on", "check_out_on"):
        key = stay[key_field]
        row = rows.setdefault(key, OccupancyRow(key=key, label=stay[label_field] or "—"))
        out = stay["check_out_on"]
        row.stays += 1
        row.stay_days += ((out or end) - stay["check_in_on"]).days
        if out is not None and start <= out <= end:
            row.check_outs += 1
    return sorted(rows.values(), key=lambda r: str(r.label))


def accommodation_totals(accommodation: Accommodation) -> dict[str, int]:
    counts = dict(
        Place.objects.filter(unit__accommodation=accommodation)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: int(counts.get(status, 0)) for status in PlaceStatus.values}

"""Emergency places: mass placement of an operation's arrivals with the housing optimizer.

Emergency capacity (sports halls, hotels, NGO reserve places) is housing ``Accommodation`` s of
the emergency kind (or any accommodation a coordinator adds to the run) with their units and free
places. ``placement_propose`` groups the operation's arrivals not yet placed into households —
one per travel group (the same ``group_id`` or a family link), so a family is never split; each
unaccompanied minor is a household of their own that only a minors-only (child-protection)
accommodation takes — and solves it with ``acollida.housing.solver`` (the same engine, rules and
explanations as the housing optimizer). Nothing is written until a coordinator accepts:
``placement_accept`` solves again (the solver is seeded, so the plan is the one reviewed), marks
the places taken as reserved, and puts each arrival in the shelter site of its accommodation
(bulk updates, with their write audit entries written in bulk too).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.models import User
from acollida.emergency.models import Arrival, ArrivalLink, Operation, Site
from acollida.housing import solver
from acollida.housing.models import Accommodation, AccommodationKind, Place, PlaceStatus, Unit
from acollida.housing.services_optimizer import unit_of

PLACEABLE = (Arrival.Status.REGISTERED, Arrival.Status.TRIAGED)
# Emergency placement needs no suitability search beyond what fits: a few seconds is enough.
TIME_LIMIT = 20.0


@dataclass(frozen=True)
class Group:
    """Arrivals placed together: a family or travel group, or one unaccompanied minor."""

    key: str
    arrival_ids: tuple[int, ...]
    minors_only: bool
    household: solver.Household


@dataclass
class Proposal:
    """A plan for review: which group goes to which unit, and who is left without a place."""

    operation: Operation
    groups: dict[str, Group]
    units: dict[str, Unit]
    plan: solver.Plan
    by_unit: dict[str, list[str]] = field(default_factory=dict)

    @property
    def people(self) -> int:
        return sum(len(g.arrival_ids) for g in self.groups.values())

    @property
    def people_placed(self) -> int:
        return sum(len(self.groups[m.household_id].arrival_ids) for m in self.plan.matches)

    @property
    def unplaced_groups(self) -> list[Group]:
        return [self.groups[key] for key in self.plan.unplaced]

    def unit_of_group(self, key: str) -> Unit | None:
        unit_id = self.plan.unit_of(key)
        return None if unit_id is None else self.units[unit_id]


@dataclass(frozen=True)
class AcceptResult:
    people_placed: int
    groups_placed: int
    places_reserved: int


def _require(actor: User, operation: Operation) -> None:
    if not policy.may_manage_operations(actor) or not policy.sees_network_vacancies(actor):
        raise PermissionDenied
    if operation.is_closed:
        raise PermissionDenied


def emergency_accommodations(actor: User) -> list[Accommodation]:
    """Accommodations in use the coordinator may place into, emergency kind first."""
    qs = policy.accommodations_visible_to(actor, Accommodation.objects.filter(is_active=True))
    return sorted(qs, key=lambda a: (a.kind != AccommodationKind.EMERGENCY, a.name.lower(), a.pk))


def _groups(operation: Operation, arrivals: list[Arrival]) -> dict[str, Group]:
    """Union of the same group id and family/travel links; each unaccompanied minor alone."""
    parent: dict[int, int] = {a.pk: a.pk for a in arrivals}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    minors = {a.pk for a in arrivals if a.unaccompanied_minor}
    first_of_group: dict[str, int] = {}
    for a in arrivals:
        if a.pk in minors or not a.group_id:
            continue
        if a.group_id in first_of_group:
            union(first_of_group[a.group_id], a.pk)
        else:
            first_of_group[a.group_id] = a.pk
    # One subquery on the operation's arrivals (a join on both ends made SQLite scan the links).
    links = ArrivalLink.objects.filter(
        from_arrival_id__in=Arrival.objects.filter(operation=operation).values("pk")
    ).values_list("from_arrival_id", "to_arrival_id")
    for left, right in links:
        if left in parent and right in parent and left not in minors and right not in minors:
            union(left, right)
    members: dict[int, list[Arrival]] = defaultdict(list)
    for a in arrivals:
        members[find(a.pk)].append(a)
    groups: dict[str, Group] = {}
    for root, people in members.items():
        key = str(root)
        minor = root in minors
        children = sum(1 for p in people if p.age_estimate is not None and p.age_estimate < 18)
        men = sum(1 for p in people if p.sex != "F" and (p.age_estimate is None or p.age_estimate >= 18))
        urgent = any(p.medical_urgent or p.pregnant or p.disability for p in people)
        languages = frozenset(code for p in people for code in (p.languages or []))
        groups[key] = Group(
            key=key,
            arrival_ids=tuple(sorted(p.pk for p in people)),
            minors_only=minor,
            household=solver.Household(
                id=key,
                size=len(people),
                rooms_needed=0,
                men=0 if minor else men,
                children=0 if minor else children,
                minors_only=minor,
                needs_step_free=any(p.disability for p in people),
                languages=languages,
                priority=100.0 if (minor or urgent) else 0.0,
            ),
        )
    return groups


def _units(accommodations: list[Accommodation]) -> dict[str, Unit]:
    units = (
        Unit.objects.filter(accommodation__in=accommodations, is_active=True)
        .filter(places__status=PlaceStatus.FREE)
        .distinct()
        .select_related("accommodation")
        .prefetch_related("places")
        .order_by("accommodation__name", "name", "pk")
    )
    return {str(u.pk): u for u in units}


def placement_propose(
    *, actor: User, operation: Operation, accommodations: list[Accommodation], explain: bool = True
) -> Proposal:
    """The optimizer's plan for the arrivals not yet placed into the accommodations' free places."""
    _require(actor, operation)
    allowed = {a.pk for a in emergency_accommodations(actor)}
    accommodations = [a for a in accommodations if a.pk in allowed]
    if not accommodations:
        raise ValidationError(_("Choose at least one accommodation with free places."))
    arrivals = list(
        policy.arrivals_visible_to(actor, Arrival.objects.filter(operation=operation, status__in=PLACEABLE))
        .only(
            "pk",
            "group_id",
            "unaccompanied_minor",
            "sex",
            "age_estimate",
            "languages",
            "medical_urgent",
            "pregnant",
            "disability",
        )
        .order_by("pk")
    )
    groups = _groups(operation, arrivals)
    units = _units(accommodations)
    # Shelter dormitories: rooms are not counted, only beds (rooms_needed is 0 for every group).
    problem = solver.Problem(
        households=tuple(g.household for g in groups.values()),
        units=tuple(unit_of(u, 0) for u in units.values()),
    )
    plan = solver.optimize(problem, time_limit=TIME_LIMIT, explain=explain, seed=0)
    by_unit: dict[str, list[str]] = defaultdict(list)
    for match in plan.matches:
        by_unit[match.unit_id].append(match.household_id)
    return Proposal(operation=operation, groups=groups, units=units, plan=plan, by_unit=dict(by_unit))


def _shelter_site(operation: Operation, accommodation: Accommodation, beds: int) -> Site:
    site = Site.objects.filter(
        operation=operation, kind=Site.Kind.SHELTER, name=accommodation.name[:200]
    ).first()
    if site is None:
        site = Site(
            operation=operation,
            kind=Site.Kind.SHELTER,
            name=accommodation.name[:200],
            address="" if accommodation.is_protected_address else accommodation.address[:250],
            capacity=beds,
        )
        site.full_clean()
        site.save()
    return site


def _audit_bulk(
    actor: User,
    model: type[Arrival] | type[Place],
    rows: list[tuple[int, str, dict[str, list[str]]]],
    now: datetime,
) -> None:
    """The write audit of a bulk update (``update()`` sends no signal to django-auditlog): one
    entry per record with its changed fields, as auditlog writes them for a save."""
    content_type = ContentType.objects.get_for_model(model)
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                content_type=content_type,
                object_pk=str(pk),
                object_id=pk,
                object_repr=text,
                action=LogEntry.Action.UPDATE,
                changes=changes,
                actor=actor,
                actor_email=actor.email,
                timestamp=now,
            )
            for pk, text, changes in rows
        ],
        batch_size=1000,
    )


@transaction.atomic
def placement_accept(*, actor: User, proposal: Proposal) -> AcceptResult:
    """Apply a reviewed plan: the places taken become reserved, the arrivals placed in the
    shelter site of their accommodation. A place taken meanwhile makes the whole plan stale."""
    operation = proposal.operation
    _require(actor, operation)
    now = timezone.now()
    place_ids: list[int] = []
    site_of_arrival: dict[int, int] = {}
    sites: dict[int, Site] = {}
    for unit_id, keys in proposal.by_unit.items():
        unit = proposal.units[unit_id]
        free = [p for p in unit.places.all() if p.status == PlaceStatus.FREE]
        free.sort(key=lambda p: (p.label, p.pk))
        people = [pk for key in keys for pk in proposal.groups[key].arrival_ids]
        beds = 0
        taken: list[int] = []
        for place in free:
            if beds >= len(people):
                break
            taken.append(place.pk)
            beds += place.sleeps
        if beds < len(people):
            raise ValidationError(_("The free places changed since the plan was made: plan again."))
        place_ids.extend(taken)
        acc = unit.accommodation
        if acc.pk not in sites:
            sites[acc.pk] = _shelter_site(operation, acc, len(free))
        for pk in people:
            site_of_arrival[pk] = sites[acc.pk].pk
    locked = Place.objects.select_for_update().filter(pk__in=place_ids, status=PlaceStatus.FREE)
    if len(list(locked.values_list("pk", flat=True))) != len(place_ids):
        raise ValidationError(_("The free places changed since the plan was made: plan again."))
    before = {
        pk: (wristband, status, site_id)
        for pk, wristband, status, site_id in Arrival.objects.filter(
            pk__in=list(site_of_arrival), status__in=PLACEABLE
        ).values_list("pk", "wristband", "status", "site_id")
    }
    Place.objects.filter(pk__in=place_ids).update(status=PlaceStatus.RESERVED, status_changed_at=now)
    by_site: dict[int, list[int]] = defaultdict(list)
    for pk, site_id in site_of_arrival.items():
        by_site[site_id].append(pk)
    _audit_bulk(
        actor,
        Place,
        [
            (pk, label, {"status": [PlaceStatus.FREE.value, PlaceStatus.RESERVED.value]})
            for pk, label in Place.objects.filter(pk__in=place_ids).values_list("pk", "label")
        ],
        now,
    )
    _audit_bulk(
        actor,
        Arrival,
        [
            (
                pk,
                wristband,
                {
                    "status": [str(status), Arrival.Status.PLACED.value],
                    "site": [str(old), str(site_of_arrival[pk])],
                },
            )
            for pk, (wristband, status, old) in before.items()
        ],
        now,
    )
    for site_id, pks in by_site.items():
        for start in range(0, len(pks), 500):
            Arrival.objects.filter(Q(pk__in=pks[start : start + 500]), status__in=PLACEABLE).update(
                site_id=site_id, status=Arrival.Status.PLACED, updated_at=now
            )
    return AcceptResult(
        people_placed=len(site_of_arrival),
        groups_placed=len(proposal.plan.matches),
        places_reserved=len(place_ids),
    )

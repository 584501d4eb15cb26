"""Housing writes: the network's accommodations, units and places; the waiting list; placements.

Every function takes keyword-only typed arguments, checks the access policy, validates with
``full_clean`` and runs in one transaction. A place changes status by hand only between free and
out of service; reserved and occupied follow placements. A reservation locks the unit's places
(``select_for_update``) and the entry, so two coordinators can never fill the same bed nor place
one household twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.cases.models import Case
from acollida.core import policy
from acollida.core.models import Organisation, User
from acollida.housing import selectors
from acollida.housing.models import (
    Absence,
    Accommodation,
    ExitDestination,
    Place,
    Placement,
    PlaceStatus,
    PriorityRules,
    Programme,
    Unit,
    WaitingListEntry,
)

ACCOMMODATION_FIELDS = (
    "kind",
    "programme",
    "name",
    "address",
    "district",
    "lat",
    "lon",
    "is_protected_address",
    "women_only",
    "men_only",
    "families_only",
    "minors_only",
    "lgbti_safe",
    "pets_allowed",
    "step_free",
    "adapted_bathroom",
    "languages",
    "distance_school_m",
    "distance_health_m",
    "distance_entry_point_m",
    "directory_service",
    "is_active",
)
ENTRY_FIELDS = (
    "size",
    "composition",
    "beds_needed",
    "rooms_needed",
    "step_free",
    "adapted_bathroom",
    "women_only",
    "men_only",
    "minors_only",
    "lgbti_safe",
    "pets",
    "preferred_districts",
    "school_lat",
    "school_lon",
    "work_lat",
    "work_lon",
    "medical_lat",
    "medical_lon",
    "languages",
    "vulnerabilities",
    "vulnerability_points",
    "entered_on",
    "notes",
)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- The network ---------------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, actor: User, organisation: Organisation, name: str, funder: str = "") -> Programme:
    _require(organisation.pk in policy.housing_manager_ids(actor))
    programme = Programme(organisation=organisation, name=name.strip(), funder=funder.strip())
    programme.full_clean()
    programme.save()
    return programme


def _fill_distances(accommodation: Accommodation) -> None:
    if (
        accommodation.lat is not None
        and accommodation.lon is not None
        and not accommodation.distance_entry_point_m
    ):
        lat, lon = selectors.entry_point()
        accommodation.distance_entry_point_m = selectors.distance_m(
            accommodation.lat, accommodation.lon, lat, lon
        )


@transaction.atomic
def accommodation_save(
    *, actor: User, operator: Organisation, data: dict[str, Any], accommodation: Accommodation | None = None
) -> Accommodation:
    """Create an accommodation operated by ``operator``, or update ``accommodation``."""
    _require(operator.pk in policy.housing_manager_ids(actor))
    if accommodation is None:
        accommodation = Accommodation(operator=operator)
    else:
        _require(accommodation.operator_id in policy.housing_manager_ids(actor))
        accommodation.operator = operator
    for name in ACCOMMODATION_FIELDS:
        if name in data:
            setattr(accommodation, name, data[name])
    if accommodation.programme is not None and accommodation.programme.organisation_id != operator.pk:
        raise ValidationError({"programme": _("Choose a programme of the operating organisation.")})
    _fill_distances(accommodation)
    accommodation.full_clean()
    accommodation.save()
    return accommodation


@transaction.atomic
def unit_save(
    *,
    actor: User,
    accommodation: Accommodation,
    name: str,
    kind: str = Unit.Kind.ROOM,
    rooms: int = 1,
    attributes: dict[str, Any] | None = None,
    unit: Unit | None = None,
) -> Unit:
    _require(accommodation.operator_id in policy.housing_manager_ids(actor))
    unit = unit or Unit(accommodation=accommodation)
    unit.accommodation = accommodation
    unit.name, unit.kind, unit.rooms = name.strip(), kind, rooms
    if attributes is not None:
        unit.attributes = attributes
    unit.full_clean()
    unit.save()
    return unit


@transaction.atomic
def places_add(
    *, actor: User, unit: Unit, count: int, kind: str = Place.Kind.BED, accessible: bool = False
) -> list[Place]:
    """Add ``count`` places to ``unit``, labelled after the existing ones."""
    _require(unit.accommodation.operator_id in policy.housing_manager_ids(actor))
    if not 1 <= count <= 200:
        raise ValidationError({"count": _("Add between 1 and 200 places at a time.")})
    existing = set(unit.places.values_list("label", flat=True))
    created: list[Place] = []
    number = len(existing)
    while len(created) < count:
        number += 1
        label = _("Place %(number)s") % {"number": number}
        if label in existing:
            continue
        place = Place(unit=unit, label=label, kind=kind, accessible=accessible)
        place.full_clean()
        place.save()
        created.append(place)
    return created


@transaction.atomic
def place_update(*, actor: User, place: Place, label: str, kind: str, accessible: bool) -> Place:
    _require(place.unit.accommodation.operator_id in policy.housing_manager_ids(actor))
    place.label, place.kind, place.accessible = label.strip(), kind, accessible
    place.full_clean()
    place.save()
    return place


MANUAL_TRANSITIONS = {
    (PlaceStatus.FREE, PlaceStatus.OUT_OF_SERVICE),
    (PlaceStatus.OUT_OF_SERVICE, PlaceStatus.FREE),
    (PlaceStatus.OUT_OF_SERVICE, PlaceStatus.OUT_OF_SERVICE),
}


@transaction.atomic
def place_set_status(
    *, actor: User, place: Place, status: str, reason: str = "", expected_back_on: date | None = None
) -> Place:
    """Take a free place out of service (with a reason and an expected date back) or bring it back.

    Reserved and occupied places change only through their placement."""
    _require(place.unit.accommodation.operator_id in policy.housing_operator_ids(actor))
    place = Place.objects.select_for_update().get(pk=place.pk)
    if (place.status, status) not in MANUAL_TRANSITIONS:
        raise ValidationError(
            _("A place that is %(current)s cannot be set to %(new)s here; use its placement.")
            % {"current": PlaceStatus(place.status).label, "new": PlaceStatus(status).label}
            if status in PlaceStatus.values
            else _("Unknown status.")
        )
    place.status = status
    if status == PlaceStatus.OUT_OF_SERVICE:
        place.out_of_service_reason = reason.strip()
        place.expected_back_on = expected_back_on
    else:
        place.out_of_service_reason, place.expected_back_on = "", None
    place.status_changed_at = timezone.now()
    place.full_clean()
    place.save()
    return place


# --- Waiting list ---------------------------------------------------------------------------------


def _set_priority(entry: WaitingListEntry, rules: PriorityRules, today: date | None = None) -> None:
    entry.priority, entry.priority_parts = selectors.priority_of(entry, rules, today)
    entry.priority_computed_at = timezone.now()


@transaction.atomic
def waiting_entry_add(*, actor: User, case: Case, data: dict[str, Any]) -> WaitingListEntry:
    """Put the household or person of ``case`` on the waiting list with their needs."""
    _require(policy.may_add_to_waiting_list(actor, case))
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("This case is closed."))
    if WaitingListEntry.objects.filter(case=case, status=WaitingListEntry.Status.WAITING).exists():
        raise ValidationError(_("This case is already on the waiting list."))
    entry = WaitingListEntry(case=case, organisation_id=case.organisation_id, created_by=actor)
    for name in ENTRY_FIELDS:
        if name in data:
            setattr(entry, name, data[name])
    if not entry.size:
        entry.size = (
            case.household.members.filter(left_on__isnull=True).count() if case.household is not None else 1
        )
        entry.size = max(entry.size, 1)
    if not entry.beds_needed:
        entry.beds_needed = entry.size
    _set_priority(entry, selectors.active_priority_rules())
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def waiting_entry_update(*, actor: User, entry: WaitingListEntry, data: dict[str, Any]) -> WaitingListEntry:
    _require(policy.may_edit_waiting_entry(actor, entry))
    for name in ENTRY_FIELDS:
        if name in data:
            setattr(entry, name, data[name])
    _set_priority(entry, selectors.active_priority_rules())
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def waiting_entry_withdraw(*, actor: User, entry: WaitingListEntry, reason: str = "") -> WaitingListEntry:
    _require(policy.may_edit_waiting_entry(actor, entry))
    entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != WaitingListEntry.Status.WAITING:
        raise ValidationError(_("Only a waiting household can be withdrawn from the list."))
    entry.status = WaitingListEntry.Status.WITHDRAWN
    if reason.strip():
        entry.notes = (entry.notes + "\n" if entry.notes else "") + reason.strip()
    entry.full_clean()
    entry.save()
    return entry


def priority_recompute(*, today: date | None = None) -> int:
    """Recompute the priority of every waiting entry with the rules in use (daily, and after the
    rules change). Returns how many entries changed."""
    rules = selectors.active_priority_rules()
    changed = 0
    with transaction.atomic():
        for entry in WaitingListEntry.objects.select_for_update().filter(
            status=WaitingListEntry.Status.WAITING
        ):
            before = entry.priority
            _set_priority(entry, rules, today)
            entry.save(update_fields=["priority", "priority_parts", "priority_computed_at"])
            changed += int(before != entry.priority)
    return changed


@transaction.atomic
def priority_rules_update(
    *,
    actor: User,
    vulnerability_weights: dict[str, int],
    points_per_waiting_day: Any,
    points_per_child: Any,
    max_waiting_days: int,
) -> PriorityRules:
    """Coordinators change the network's scoring rules; every waiting entry is rescored."""
    _require(policy.can(actor, policy.Perm.COORDINATE))
    rules = selectors.active_priority_rules()
    rules.vulnerability_weights = {k: int(v) for k, v in vulnerability_weights.items()}
    rules.points_per_waiting_day = points_per_waiting_day
    rules.points_per_child = points_per_child
    rules.max_waiting_days = max_waiting_days
    rules.updated_by = actor
    rules.full_clean()
    rules.save()
    priority_recompute()
    return rules


# --- Placements -----------------------------------------------------------------------------------


def _lock_places(unit: Unit, places: Sequence[Place] | None, beds: int) -> list[Place]:
    """Lock the unit's places and pick the free ones to reserve; refuse anything beyond them."""
    locked = list(Place.objects.select_for_update().filter(unit=unit).order_by("label", "pk"))
    if places:
        wanted = {p.pk for p in places}
        chosen = [p for p in locked if p.pk in wanted]
        if len(chosen) != len(wanted):
            raise ValidationError(_("Choose places of this unit."))
        if any(p.status != PlaceStatus.FREE for p in chosen):
            raise ValidationError(_("One of the chosen places is no longer free."))
        return chosen
    chosen, sleeps = [], 0
    for place in locked:
        if sleeps >= beds:
            break
        if place.status == PlaceStatus.FREE:
            chosen.append(place)
            sleeps += place.sleeps
    if sleeps < beds:
        raise ValidationError(_("Not enough free places in this unit: %(beds)s needed.") % {"beds": beds})
    return chosen


def _set_places(places: Iterable[Place], status: str) -> None:
    now = timezone.now()
    for place in places:
        place.status = status
        place.status_changed_at = now
        place.out_of_service_reason, place.expected_back_on = "", None
        place.save(update_fields=["status", "status_changed_at", "out_of_service_reason", "expected_back_on"])


def _lock_entry(entry: WaitingListEntry) -> WaitingListEntry:
    return WaitingListEntry.objects.select_for_update().get(pk=entry.pk)


@transaction.atomic
def placement_reserve(
    *,
    actor: User,
    entry: WaitingListEntry,
    unit: Unit,
    places: Sequence[Place] | None = None,
    planned_check_out_on: date | None = None,
    moved_from: Placement | None = None,
) -> Placement:
    """Reserve free places of ``unit`` for a waiting household: the places chosen, or as many as
    the household needs beds. Never more than the unit's free places; never twice for one entry."""
    _require(policy.may_reserve(actor, entry, unit) or moved_from is not None)
    entry = _lock_entry(entry)
    if moved_from is None and entry.status != WaitingListEntry.Status.WAITING:
        raise ValidationError(_("This household is not waiting: it was placed or withdrawn."))
    if not unit.is_active or not unit.accommodation.is_active:
        raise ValidationError(_("This unit is not in use."))
    chosen = _lock_places(unit, places, entry.beds_needed)
    if sum(p.sleeps for p in chosen) < entry.beds_needed:
        raise ValidationError(_("Not enough places chosen: %(beds)s needed.") % {"beds": entry.beds_needed})
    placement = Placement(
        entry=entry,
        unit=unit,
        reserved_by=actor,
        planned_check_out_on=planned_check_out_on,
        moved_from=moved_from,
    )
    placement.full_clean()
    placement.save()
    placement.places.set(chosen)
    _set_places(chosen, PlaceStatus.RESERVED)
    entry.status = WaitingListEntry.Status.PLACED
    entry.save(update_fields=["status", "updated_at"])
    return placement


def _lock_placement(placement: Placement) -> Placement:
    return Placement.objects.select_for_update().select_related("unit__accommodation").get(pk=placement.pk)


@transaction.atomic
def placement_cancel(*, actor: User, placement: Placement, reason: str) -> Placement:
    """Cancel a reservation (its operator, or a coordinator): the places are free again and the
    household goes back to the waiting list."""
    placement = _lock_placement(placement)
    _require(policy.may_operate_placement(actor, placement) or policy.can(actor, policy.Perm.COORDINATE))
    if placement.status != Placement.Status.RESERVED:
        raise ValidationError(_("Only a reservation can be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the reservation is cancelled.")})
    placement.status = Placement.Status.CANCELLED
    placement.cancel_reason = reason.strip()[:200]
    placement.full_clean()
    placement.save()
    _set_places(placement.places.select_for_update(), PlaceStatus.FREE)
    entry = _lock_entry(placement.entry)
    entry.status = WaitingListEntry.Status.WAITING
    entry.save(update_fields=["status", "updated_at"])
    return placement


@transaction.atomic
def placement_check_in(
    *, actor: User, placement: Placement, on: date | None = None, planned_check_out_on: date | None = None
) -> Placement:
    placement = _lock_placement(placement)
    _require(policy.may_operate_placement(actor, placement))
    if placement.status != Placement.Status.RESERVED:
        raise ValidationError(_("Only a reserved placement can be checked in."))
    placement.status = Placement.Status.CHECKED_IN
    placement.check_in_on = on or timezone.localdate()
    if planned_check_out_on is not None:
        placement.planned_check_out_on = planned_check_out_on
    placement.full_clean()
    placement.save()
    _set_places(placement.places.select_for_update(), PlaceStatus.OCCUPIED)
    return placement


@transaction.atomic
def absence_record(
    *, actor: User, placement: Placement, from_on: date, to_on: date | None = None, reason: str = ""
) -> Absence:
    placement = _lock_placement(placement)
    _require(policy.may_operate_placement(actor, placement))
    if placement.status != Placement.Status.CHECKED_IN:
        raise ValidationError(_("Absences are recorded for households who are staying."))
    if placement.check_in_on and from_on < placement.check_in_on:
        raise ValidationError({"from_on": _("The absence starts before the check-in.")})
    absence = Absence(
        placement=placement, from_on=from_on, to_on=to_on, reason=reason.strip(), recorded_by=actor
    )
    absence.full_clean()
    absence.save()
    return absence


@transaction.atomic
def placement_check_out(
    *, actor: User, placement: Placement, on: date | None = None, exit_destination: str
) -> Placement:
    placement = _lock_placement(placement)
    _require(policy.may_operate_placement(actor, placement))
    if placement.status != Placement.Status.CHECKED_IN:
        raise ValidationError(_("Only a household who is staying can check out."))
    if exit_destination not in ExitDestination.values:
        raise ValidationError({"exit_destination": _("Choose where the household went.")})
    placement.status = Placement.Status.CHECKED_OUT
    placement.check_out_on = on or timezone.localdate()
    placement.exit_destination = exit_destination
    placement.full_clean()
    placement.save()
    _set_places(placement.places.select_for_update(), PlaceStatus.FREE)
    return placement


@transaction.atomic
def placement_move(
    *,
    actor: User,
    placement: Placement,
    to_unit: Unit,
    on: date | None = None,
    places: Sequence[Place] | None = None,
) -> Placement:
    """Move a staying household to another unit: the stay here is checked out ("moved"), a new
    placement is reserved and checked in there, and ``moved_from`` keeps the history."""
    placement = _lock_placement(placement)
    _require(policy.may_operate_placement(actor, placement))
    _require(
        to_unit.accommodation.operator_id in policy.housing_operator_ids(actor)
        or policy.can(actor, policy.Perm.COORDINATE)
    )
    if placement.status != Placement.Status.CHECKED_IN:
        raise ValidationError(_("Only a household who is staying can move."))
    if to_unit.pk == placement.unit_id:
        raise ValidationError({"to_unit": _("Choose another unit.")})
    day = on or timezone.localdate()
    placement.status = Placement.Status.CHECKED_OUT
    placement.check_out_on = day
    placement.exit_destination = ExitDestination.MOVED
    placement.full_clean()
    placement.save()
    _set_places(placement.places.select_for_update(), PlaceStatus.FREE)
    moved = placement_reserve(
        actor=actor,
        entry=placement.entry,
        unit=to_unit,
        places=places,
        planned_check_out_on=placement.planned_check_out_on,
        moved_from=placement,
    )
    moved.status = Placement.Status.CHECKED_IN
    moved.check_in_on = day
    moved.full_clean()
    moved.save()
    _set_places(moved.places.all(), PlaceStatus.OCCUPIED)
    return moved


def placement_history(placement: Placement) -> list[Placement]:
    """The chain of stays a household went through, first to last."""
    chain = [placement]
    node = placement
    while node.moved_from_id is not None and node.moved_from is not None:
        node = node.moved_from
        chain.insert(0, node)
    node = placement
    while True:
        nxt = Placement.objects.filter(moved_from=node).first()
        if nxt is None:
            break
        chain.append(nxt)
        node = nxt
    return chain

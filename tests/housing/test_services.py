"""Housing services: place states, reservations within capacity, check-in, moves, check-out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from acollida.housing import selectors, services
from acollida.housing.models import Place, Placement, PlaceStatus, WaitingListEntry
from tests.conftest import Network
from tests.housing.factories import case_for, shelter, unit_with_places, waiting

pytestmark = pytest.mark.django_db


def test_a_free_place_goes_out_of_service_with_a_reason_and_comes_back(network: Network) -> None:
    place = unit_with_places(network, shelter(network)).places.first()
    assert place is not None
    back = timezone.localdate() + timedelta(days=5)
    services.place_set_status(
        actor=network.users["caseworker"],
        place=place,
        status="out_of_service",
        reason="Leak",
        expected_back_on=back,
    )
    place.refresh_from_db()
    assert (place.status, place.out_of_service_reason, place.expected_back_on) == (
        "out_of_service",
        "Leak",
        back,
    )
    services.place_set_status(actor=network.users["caseworker"], place=place, status="free")
    place.refresh_from_db()
    assert (place.status, place.out_of_service_reason, place.expected_back_on) == ("free", "", None)


def test_out_of_service_needs_a_reason(network: Network) -> None:
    place = unit_with_places(network, shelter(network)).places.first()
    assert place is not None
    with pytest.raises(ValidationError):
        services.place_set_status(actor=network.users["caseworker"], place=place, status="out_of_service")


def test_a_reserved_place_is_not_changed_by_hand(network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=1)
    services.placement_reserve(actor=network.users["coordinator"], entry=waiting(network), unit=unit)
    place = unit.places.get()
    with pytest.raises(ValidationError):
        services.place_set_status(actor=network.users["caseworker"], place=place, status="free")


def test_another_organisation_does_not_change_our_places(network: Network) -> None:
    place = unit_with_places(network, shelter(network)).places.first()
    assert place is not None
    with pytest.raises(PermissionDenied):
        services.place_set_status(
            actor=network.users["ngo_caseworker"], place=place, status="out_of_service", reason="x"
        )


def test_caseworkers_do_not_create_accommodations(network: Network) -> None:
    with pytest.raises(PermissionDenied):
        services.accommodation_save(
            actor=network.users["caseworker"],
            operator=network.cai,
            data={"kind": "emergency", "name": "Hall"},
        )


def test_distance_to_the_entry_point_is_computed_from_coordinates(network: Network) -> None:
    home = shelter(network, lat=39.4699, lon=-0.3763)
    assert home.distance_entry_point_m is not None
    assert 500 < home.distance_entry_point_m < 1500


def test_reservation_takes_as_many_free_places_as_beds_needed(network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=4)
    entry = waiting(network, size=3, beds_needed=3)
    placement = services.placement_reserve(actor=network.users["coordinator"], entry=entry, unit=unit)
    assert placement.places.count() == 3
    assert unit.places.filter(status="reserved").count() == 3
    entry.refresh_from_db()
    assert entry.status == WaitingListEntry.Status.PLACED


def test_reservation_never_exceeds_the_free_places(network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=2)
    entry = waiting(network, size=3, beds_needed=3)
    with pytest.raises(ValidationError):
        services.placement_reserve(actor=network.users["coordinator"], entry=entry, unit=unit)
    assert not Placement.objects.exists()
    assert unit.places.filter(status="free").count() == 2


def test_a_household_is_not_reserved_twice(network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=4)
    entry = waiting(network)
    services.placement_reserve(actor=network.users["coordinator"], entry=entry, unit=unit)
    with pytest.raises(ValidationError):
        services.placement_reserve(actor=network.users["coordinator"], entry=entry, unit=unit)


def test_a_place_already_reserved_cannot_be_chosen(network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=2)
    first = services.placement_reserve(actor=network.users["coordinator"], entry=waiting(network), unit=unit)
    taken = list(first.places.all())
    other = waiting(network, case=case_for(network, given="Oksana"))
    with pytest.raises(ValidationError):
        services.placement_reserve(actor=network.users["coordinator"], entry=other, unit=unit, places=taken)


def test_check_in_occupies_and_check_out_frees_with_destination(network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=1)
    placement = services.placement_reserve(
        actor=network.users["coordinator"], entry=waiting(network), unit=unit
    )
    services.placement_check_in(actor=network.users["caseworker"], placement=placement)
    assert unit.places.get().status == PlaceStatus.OCCUPIED
    services.placement_check_out(
        actor=network.users["caseworker"], placement=placement, exit_destination="independent"
    )
    placement.refresh_from_db()
    assert (placement.status, placement.exit_destination) == ("checked_out", "independent")
    assert unit.places.get().status == PlaceStatus.FREE


def test_cancelling_a_reservation_puts_the_household_back_on_the_list(network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=1)
    entry = waiting(network)
    placement = services.placement_reserve(actor=network.users["coordinator"], entry=entry, unit=unit)
    services.placement_cancel(actor=network.users["coordinator"], placement=placement, reason="Declined")
    entry.refresh_from_db()
    assert entry.status == "waiting"
    assert unit.places.get().status == PlaceStatus.FREE


def test_a_move_closes_one_stay_opens_the_next_and_keeps_history(network: Network) -> None:
    home = shelter(network)
    first_unit = unit_with_places(network, home, name="Room 1", places=1)
    second_unit = unit_with_places(network, home, name="Room 2", places=1)
    placement = services.placement_reserve(
        actor=network.users["coordinator"], entry=waiting(network), unit=first_unit
    )
    services.placement_check_in(actor=network.users["caseworker"], placement=placement)
    moved = services.placement_move(
        actor=network.users["caseworker"], placement=placement, to_unit=second_unit
    )
    placement.refresh_from_db()
    assert (placement.status, placement.exit_destination) == ("checked_out", "moved")
    assert (moved.status, moved.moved_from_id, moved.unit_id) == ("checked_in", placement.pk, second_unit.pk)
    assert first_unit.places.get().status == "free"
    assert second_unit.places.get().status == "occupied"
    assert services.placement_history(moved) == [placement, moved]


def test_absence_is_recorded_for_a_staying_household(network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=1)
    placement = services.placement_reserve(
        actor=network.users["coordinator"], entry=waiting(network), unit=unit
    )
    with pytest.raises(ValidationError):
        services.absence_record(
            actor=network.users["caseworker"], placement=placement, from_on=timezone.localdate()
        )
    services.placement_check_in(actor=network.users["caseworker"], placement=placement)
    absence = services.absence_record(
        actor=network.users["caseworker"],
        placement=placement,
        from_on=timezone.localdate(),
        reason="Hospital",
    )
    assert absence.placement == placement


def test_priority_counts_vulnerabilities_waiting_days_and_children(network: Network) -> None:
    rules = selectors.active_priority_rules()
    entry = waiting(
        network,
        size=3,
        beds_needed=3,
        composition={"adults": 1, "children": 2},
        vulnerabilities=["pregnancy"],
        entered_on=timezone.localdate() - timedelta(days=10),
    )
    expected = (
        rules.vulnerability_weights["pregnancy"]
        + 10 * rules.points_per_waiting_day
        + 2 * rules.points_per_child
    )
    assert entry.priority == expected
    assert entry.priority_parts["waiting_days"] == 10


def test_changing_the_rules_rescores_the_waiting_list(network: Network) -> None:
    entry = waiting(network, vulnerabilities=["disability"], entered_on=timezone.localdate())
    services.priority_rules_update(
        actor=network.users["coordinator"],
        vulnerability_weights={"disability": 100},
        points_per_waiting_day=1,
        points_per_child=0,
        max_waiting_days=365,
    )
    entry.refresh_from_db()
    assert entry.priority == 100


def test_only_coordinators_change_the_rules(network: Network) -> None:
    with pytest.raises(PermissionDenied):
        services.priority_rules_update(
            actor=network.users["caseworker"],
            vulnerability_weights={},
            points_per_waiting_day=1,
            points_per_child=0,
            max_waiting_days=365,
        )


def test_a_case_enters_the_waiting_list_once(network: Network) -> None:
    case = case_for(network)
    waiting(network, case=case)
    with pytest.raises(ValidationError):
        waiting(network, case=case)


def test_a_caseworker_of_another_organisation_cannot_add_our_case(network: Network) -> None:
    case = case_for(network)
    with pytest.raises(PermissionDenied):
        services.waiting_entry_add(actor=network.users["ngo_caseworker"], case=case, data={"size": 1})


def test_places_sleep_two_in_a_couple_bed(network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=1)
    Place.objects.filter(unit=unit).update(kind="couple")
    entry = waiting(network, size=2, beds_needed=2)
    placement = services.placement_reserve(actor=network.users["coordinator"], entry=entry, unit=unit)
    assert placement.places.count() == 1

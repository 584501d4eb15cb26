"""Emergency places: families kept together, minors only in child-protection places, capacity."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acollida.emergency import services_placement
from acollida.emergency.models import Arrival, ArrivalLink, Operation, Site
from acollida.housing.models import Accommodation, Place, PlaceStatus
from tests.conftest import Network
from tests.emergency.helpers import declare, register
from tests.housing.factories import shelter, unit_with_places


def hall(network: Network, name: str = "Pavelló Font de Sant Lluís", **rules: Any) -> Accommodation:
    return shelter(network, name=name, kind="emergency", **rules)


def propose(network: Network, operation: Operation, *accommodations: Accommodation):  # type: ignore[no-untyped-def]
    return services_placement.placement_propose(
        actor=network.users["coordinator"], operation=operation, accommodations=list(accommodations)
    )


def accept(network: Network, operation: Operation, *accommodations: Accommodation):  # type: ignore[no-untyped-def]
    proposal = propose(network, operation, *accommodations)
    return services_placement.placement_accept(actor=network.users["coordinator"], proposal=proposal)


def test_a_family_is_placed_in_one_unit_even_when_units_are_small(network: Network) -> None:
    operation = declare(network)
    family = [
        register(network, operation, f"F{i}", group_id="G1", age_estimate=age)
        for i, age in enumerate((34, 36, 8))
    ]
    register(network, operation, "S1", age_estimate=25, sex="M")
    register(network, operation, "S2", age_estimate=27, sex="M")
    place = hall(network)
    unit_with_places(network, place, name="Section A", places=2)
    unit_with_places(network, place, name="Section B", places=3)
    proposal = propose(network, operation, place)
    assert {proposal.plan.unit_of(str(min(a.pk for a in family)))} == {
        str(place.units.get(name="Section B").pk)
    }


def test_a_family_link_without_group_keeps_them_together(network: Network) -> None:
    operation = declare(network)
    mother = register(network, operation, "M1", age_estimate=30, sex="F")
    son = register(network, operation, "M2", age_estimate=6, sex="M")
    ArrivalLink.objects.create(from_arrival=son, to_arrival=mother, relation=ArrivalLink.Relation.FAMILY)
    proposal = propose(network, operation, hall(network))
    assert [g.arrival_ids for g in proposal.groups.values()] == [(mother.pk, son.pk)]


def test_unaccompanied_minor_is_left_unplaced_without_a_child_protection_place(network: Network) -> None:
    operation = declare(network)
    register(network, operation, "U1", age_estimate=15, unaccompanied_minor=True)
    place = hall(network)
    unit_with_places(network, place, places=5)
    proposal = propose(network, operation, place)
    assert proposal.people_placed == 0


def test_unaccompanied_minor_goes_to_the_child_protection_place(network: Network) -> None:
    operation = declare(network)
    minor = register(network, operation, "U1", age_estimate=15, unaccompanied_minor=True)
    adult = register(network, operation, "A1", age_estimate=40, sex="M")
    centre = hall(network, name="Centre de protecció", minors_only=True)
    unit_with_places(network, centre, places=3)
    general = hall(network)
    unit_with_places(network, general, places=3)
    accept(network, operation, general, centre)
    minor.refresh_from_db()
    adult.refresh_from_db()
    assert (minor.site.name, adult.site.name) == ("Centre de protecció", general.name)  # type: ignore[union-attr]


def test_no_more_people_are_placed_than_free_places(network: Network) -> None:
    operation = declare(network)
    for i in range(5):
        register(network, operation, f"S{i}", age_estimate=30, sex="M")
    place = hall(network)
    unit_with_places(network, place, places=3)
    result = accept(network, operation, place)
    assert (result.people_placed, Arrival.objects.filter(status=Arrival.Status.PLACED).count()) == (3, 3)


def test_accepting_reserves_the_places_and_makes_a_shelter_site(network: Network) -> None:
    operation = declare(network)
    register(network, operation, "S1", age_estimate=30, sex="M")
    place = hall(network)
    unit_with_places(network, place, places=2)
    accept(network, operation, place)
    assert Place.objects.filter(status=PlaceStatus.RESERVED).count() == 1
    assert Site.objects.filter(operation=operation, kind=Site.Kind.SHELTER, name=place.name).exists()


def test_placed_arrivals_are_not_proposed_again(network: Network) -> None:
    operation = declare(network)
    register(network, operation, "S1", age_estimate=30, sex="M")
    place = hall(network)
    unit_with_places(network, place, places=2)
    accept(network, operation, place)
    assert propose(network, operation, place).people == 0


def test_a_place_taken_meanwhile_makes_the_plan_stale(network: Network) -> None:
    operation = declare(network)
    register(network, operation, "S1", age_estimate=30, sex="M")
    place = hall(network)
    unit_with_places(network, place, places=1)
    proposal = propose(network, operation, place)
    Place.objects.update(status=PlaceStatus.OCCUPIED)
    with pytest.raises(ValidationError):
        services_placement.placement_accept(actor=network.users["coordinator"], proposal=proposal)
    assert not Arrival.objects.filter(status=Arrival.Status.PLACED).exists()


def test_caseworkers_cannot_place(network: Network) -> None:
    operation = declare(network)
    with pytest.raises(PermissionDenied):
        services_placement.placement_propose(
            actor=network.users["caseworker"], operation=operation, accommodations=[hall(network)]
        )


def test_proposing_without_accommodations_is_a_clear_error(network: Network) -> None:
    with pytest.raises(ValidationError):
        propose(network, declare(network))


def test_accepting_writes_the_audit_of_each_arrival_placed(network: Network) -> None:
    from auditlog.models import LogEntry

    operation = declare(network)
    arrival = register(network, operation, "S1", age_estimate=30, sex="M")
    place = hall(network)
    unit_with_places(network, place, places=1)
    accept(network, operation, place)
    entry = LogEntry.objects.get_for_object(arrival).filter(action=LogEntry.Action.UPDATE).get()
    assert (entry.changes["status"][1], entry.actor) == ("placed", network.users["coordinator"])

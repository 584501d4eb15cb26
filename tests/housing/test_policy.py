"""Who sees and changes what in housing, per role and organisation."""

from __future__ import annotations

import pytest

from acollida.core import policy
from acollida.housing.models import Accommodation, Placement, WaitingListEntry
from acollida.housing.selectors import openable_entry_ids, waiting_list
from tests.conftest import Network
from tests.housing.factories import case_for, shelter, unit_with_places, waiting

pytestmark = pytest.mark.django_db


def _visible(user: object) -> set[int]:
    return set(
        policy.accommodations_visible_to(user, Accommodation.objects.all()).values_list("pk", flat=True)
    )


def test_coordinators_see_every_organisations_accommodations(network: Network) -> None:
    ours, theirs = shelter(network), shelter(network, operator=network.cear, name="CEAR flat")
    assert _visible(network.users["coordinator"]) == {ours.pk, theirs.pk}


def test_caseworkers_see_only_their_organisations_accommodations(network: Network) -> None:
    ours, theirs = shelter(network), shelter(network, operator=network.cear, name="CEAR flat")
    assert _visible(network.users["caseworker"]) == {ours.pk}
    assert _visible(network.users["ngo_caseworker"]) == {theirs.pk}


@pytest.mark.parametrize(
    "persona", ["org_admin", "dpo", "researcher", "volunteer", "interpreter", "platform_admin"]
)
def test_other_roles_see_no_accommodation(network: Network, persona: str) -> None:
    shelter(network)
    assert _visible(network.users[persona]) == set()


def test_only_the_operators_coordinators_manage_its_accommodations(network: Network) -> None:
    ours = shelter(network)
    managed = policy.accommodations_managed_by
    assert managed(network.users["coordinator"], Accommodation.objects.all()).get() == ours
    assert not managed(network.users["caseworker"], Accommodation.objects.all()).exists()
    assert not managed(network.users["ngo_caseworker"], Accommodation.objects.all()).exists()


def test_a_protected_address_is_shown_only_to_the_operator(network: Network) -> None:
    hidden = shelter(network, operator=network.cear, name="Safe house", is_protected_address=True)
    assert policy.accommodation_address_visible(network.users["ngo_caseworker"], hidden)
    assert not policy.accommodation_address_visible(network.users["coordinator"], hidden)
    assert not policy.accommodation_address_visible(network.users["caseworker"], hidden)


def test_coordinators_see_other_organisations_entries_without_opening_them(network: Network) -> None:
    theirs = waiting(network, case=case_for(network, organisation=network.cear))
    coordinator = network.users["coordinator"]
    assert list(waiting_list(coordinator)) == [theirs]
    assert openable_entry_ids(coordinator, WaitingListEntry.objects.all()) == set()


def test_caseworkers_do_not_see_other_organisations_entries(network: Network) -> None:
    waiting(network, case=case_for(network, organisation=network.cear))
    assert not waiting_list(network.users["caseworker"]).exists()


def test_the_holders_caseworker_opens_the_entry(network: Network) -> None:
    ours = waiting(network)
    assert openable_entry_ids(network.users["caseworker"], WaitingListEntry.objects.all()) == {ours.pk}


def test_a_protected_case_stays_off_the_network_list(network: Network) -> None:
    protected = case_for(network, organisation=network.cear, given="Hidden")
    protected.sensitivity = "protected"
    protected.save()
    protected.protected_staff.add(network.users["ngo_caseworker"])
    entry = waiting(network, case=protected)
    assert not waiting_list(network.users["coordinator"]).exists()
    assert list(waiting_list(network.users["ngo_caseworker"])) == [entry]


def test_a_protected_person_stays_off_the_network_list(network: Network) -> None:
    case = case_for(network, organisation=network.cear, given="Hidden", is_protected=True)
    entry = waiting(network, case=case)  # added by the CEAR caseworker, named for the person
    assert not waiting_list(network.users["coordinator"]).exists()
    assert list(waiting_list(network.users["ngo_caseworker"])) == [entry]


def test_the_operator_sees_placements_in_its_units_without_opening_the_entry(network: Network) -> None:
    from acollida.housing import services

    flat = unit_with_places(network, shelter(network, operator=network.cear, name="CEAR flat"))
    placement = services.placement_reserve(
        actor=network.users["coordinator"], entry=waiting(network), unit=flat
    )
    ngo = network.users["ngo_caseworker"]
    assert policy.placements_visible_to(ngo, Placement.objects.all()).get() == placement
    assert openable_entry_ids(ngo, WaitingListEntry.objects.all()) == set()
    assert policy.may_operate_placement(ngo, placement)
    assert not policy.may_operate_placement(network.users["caseworker"], placement)

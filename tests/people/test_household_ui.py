"""Household screens: start from a person, add a member found by the search, record a leaving."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.core.models import ReadLog
from acollida.people import households
from acollida.people.models import Household, HouseholdMember, Person
from acollida.people.services import PersonData, person_register
from tests.conftest import Network, login


def _register(
    network: Network, given: str, family: str, *, org: str = "cai", protected: bool = False
) -> Person:
    actor = network.users["caseworker" if org == "cai" else "ngo_caseworker"]
    return person_register(
        actor=actor,
        organisation=network.cai if org == "cai" else network.cear,
        data=PersonData(given_name=given, family_name=family, is_protected=protected),
        candidates_seen=0,
    )


@pytest.fixture
def amina(network: Network) -> Person:
    return _register(network, "Amina", "Diallo")


@pytest.fixture
def household(network: Network, amina: Person) -> Household:
    household = households.household_create(
        actor=network.users["caseworker"], organisation=network.cai, name="Diallo"
    )
    households.household_member_join(
        actor=network.users["caseworker"],
        household=household,
        person=amina,
        relationship="head",
        joined_on=date(2024, 1, 10),
    )
    return household


def test_a_household_is_started_from_the_person_page(network: Network, client: Client, amina: Person) -> None:
    login(client, network.users["caseworker"])
    person_page = client.get(reverse("people:detail", args=[amina.pk])).content.decode()
    assert reverse("people:household_create", args=[amina.pk]) in person_page
    response = client.post(
        reverse("people:household_create", args=[amina.pk]),
        {"name": "Diallo", "relationship": "head", "joined_on": "2024-01-10"},
    )
    household = Household.objects.get()
    assert response["Location"] == reverse("people:household_detail", args=[household.pk])
    member = household.members.get()
    assert (member.person, member.relationship, member.joined_on) == (amina, "head", date(2024, 1, 10))
    assert household.organisation == network.cai


def test_a_member_is_found_by_search_and_added(
    network: Network, client: Client, household: Household
) -> None:
    moussa = _register(network, "Moussa", "Diallo")
    login(client, network.users["caseworker"])
    url = reverse("people:household_add_member", args=[household.pk])
    page = client.get(url, {"q": "Moussa Diallo"}).content.decode()
    assert "Moussa" in page
    response = client.post(
        url,
        {"q": "Moussa Diallo", "person_id": moussa.pk, "relationship": "child", "joined_on": "2024-02-01"},
    )
    assert response.status_code == 302
    assert household.members.filter(person=moussa, relationship="child", left_on__isnull=True).exists()


def test_the_member_search_offers_no_one_held_elsewhere(
    network: Network, client: Client, household: Household
) -> None:
    elsewhere = _register(network, "Moussa", "Diallo", org="cear")
    login(client, network.users["caseworker"])
    response = client.get(reverse("people:household_add_member", args=[household.pk]), {"q": "Moussa Diallo"})
    assert response.context["results"] == [] or all(p != elsewhere for p, _ in response.context["results"])
    assert f'name="person_id" value="{elsewhere.pk}"' not in response.content.decode()


def test_adding_someone_held_elsewhere_by_number_is_refused(
    network: Network, client: Client, household: Household
) -> None:
    elsewhere = _register(network, "Moussa", "Diallo", org="cear")
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("people:household_add_member", args=[household.pk]),
        {"person_id": elsewhere.pk, "relationship": "child", "joined_on": "2024-02-01"},
    )
    assert response.status_code == 200
    assert not household.members.filter(person=elsewhere).exists()


def test_leaving_asks_first_and_keeps_the_history_on_the_person_page(
    network: Network, client: Client, household: Household, amina: Person
) -> None:
    member = household.members.get()
    login(client, network.users["caseworker"])
    url = reverse("people:household_member_leave", args=[household.pk, member.pk])
    assert client.get(url).status_code == 200
    member.refresh_from_db()
    assert member.left_on is None
    left_on = timezone.localdate() - timedelta(days=1)
    assert client.post(url, {"left_on": left_on.isoformat()}).status_code == 302
    member.refresh_from_db()
    assert member.left_on == left_on
    with translation.override("en"):
        page = client.get(
            reverse("people:detail", args=[amina.pk]), HTTP_ACCEPT_LANGUAGE="en"
        ).content.decode()
        household_url = reverse("people:household_detail", args=[household.pk])
    assert "Households before" in page
    assert household_url in page


def test_a_leaving_before_joining_gets_a_clear_error(
    network: Network, client: Client, household: Household
) -> None:
    member = household.members.get()
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("people:household_member_leave", args=[household.pk, member.pk]),
            {"left_on": "2023-12-31"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "cannot leave before they joined" in response.content.decode()
    member.refresh_from_db()
    assert member.left_on is None


def test_members_the_viewer_may_not_open_are_counted_not_named(
    network: Network, client: Client, household: Household
) -> None:
    hidden = _register(network, "Leila", "Nasser", protected=True)
    households.household_member_join(
        actor=network.users["caseworker"], household=household, person=hidden, relationship="partner"
    )
    login(client, network.users["coordinator"])  # not among Leila's named staff
    with translation.override("en"):
        response = client.get(
            reverse("people:household_detail", args=[household.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
    page = response.content.decode()
    assert "Amina" in page
    assert "Leila" not in page and "Nasser" not in page
    assert "1 more member" in page


def test_the_household_page_is_read_logged(
    network: Network, client: Client, household: Household, amina: Person
) -> None:
    login(client, network.users["coordinator"])
    client.get(reverse("people:household_detail", args=[household.pk]))
    logged = ReadLog.objects.filter(user_id=network.users["coordinator"].pk)
    assert logged.filter(record_type="person", record_id=str(amina.pk)).exists()
    assert logged.filter(record_type="household", record_id=str(household.pk)).exists()


def test_another_organisation_does_not_see_the_household(
    network: Network, client: Client, household: Household
) -> None:
    login(client, network.users["ngo_caseworker"])
    assert client.get(reverse("people:household_detail", args=[household.pk])).status_code == 404
    member = household.members.get()
    url = reverse("people:household_member_leave", args=[household.pk, member.pk])
    assert client.post(url, {"left_on": timezone.localdate().isoformat()}).status_code == 404
    assert HouseholdMember.objects.get(pk=member.pk).left_on is None

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from acollida.core.models import ReadLog
from acollida.people.models import AccessRequest, Person
from acollida.people.services import PersonData, person_register
from tests.conftest import Network, login


@pytest.fixture
def yusuf(network: Network) -> Person:
    return person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(given_name="Yusuf", family_name="Haddad", date_of_birth=date(1990, 3, 7)),
        candidates_seen=0,
    )


def _form(**overrides: str) -> dict[str, str]:
    data = {"sex": "M", "given_name": "Youssef", "family_name": "Haddad", "date_of_birth": "1990"}
    data.update(overrides)
    return data


def test_search_page_lists_candidates_with_reasons(network: Network, client: Client, yusuf: Person) -> None:
    login(client, network.users["caseworker"])
    response = client.get(reverse("people:search"), {"q": "Youssef Hadad"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert reverse("people:detail", args=[yusuf.pk]) in response.content.decode()


def test_registration_without_a_search_sends_you_to_search_first(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    response = client.get(reverse("people:register"))
    assert response.status_code == 302
    assert response["Location"] == reverse("people:search")


def test_registering_someone_who_may_exist_needs_a_reason(
    network: Network, client: Client, yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    url = reverse("people:register")
    response = client.post(url, {"q": "Youssef Haddad 1990", **_form(organisation=str(network.cai.pk))})
    assert response.status_code == 200
    assert Person.objects.count() == 1
    assert "reason" in response.context["form"].errors
    response = client.post(
        url,
        {
            "q": "Youssef Haddad 1990",
            **_form(organisation=str(network.cai.pk), reason="Another Youssef, born in Homs"),
        },
    )
    assert response.status_code == 302
    created = Person.objects.exclude(pk=yusuf.pk).get()
    assert created.creation_reason == "Another Youssef, born in Homs"
    assert created.date_of_birth == date(1990, 1, 1) and created.date_of_birth_precision == "year"


def test_bad_input_is_refused_with_clear_errors_and_nothing_saved(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("people:register"),
        {"q": "Nobody", **_form(organisation=str(network.cai.pk), date_of_birth="07/1990", phone="12")},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "date_of_birth" in errors and "phone" in errors
    assert not Person.objects.exists()


def test_the_person_page_is_read_logged(network: Network, client: Client, yusuf: Person) -> None:
    login(client, network.users["coordinator"])
    assert client.get(reverse("people:detail", args=[yusuf.pk])).status_code == 200
    row = ReadLog.objects.get(record_type="person", record_id=str(yusuf.pk))
    assert row.user == network.users["coordinator"] and row.organisation == network.cai


def test_other_organisations_cannot_open_the_person(network: Network, client: Client, yusuf: Person) -> None:
    for who in ("ngo_caseworker", "org_admin", "dpo", "platform_admin", "researcher", "outsider"):
        login(client, network.users[who])
        assert client.get(reverse("people:detail", args=[yusuf.pk])).status_code in {403, 404}, who


def test_a_redacted_candidate_can_be_asked_for(network: Network, client: Client, yusuf: Person) -> None:
    login(client, network.users["ngo_caseworker"])
    response = client.get(reverse("people:search"), {"q": "Yousef Hadad"})
    page = response.content.decode()
    assert "Y. H." in page
    for line in page.splitlines():
        assert "Haddad" not in line, line
    assert f'href="{reverse("people:detail", args=[yusuf.pk])}"' not in page
    response = client.post(
        reverse("people:access_request", args=[yusuf.pk]), {"reason": "Shelter place offered", "q": "Yusuf"}
    )
    assert response.status_code == 302
    request = AccessRequest.objects.get()
    assert request.requesting_organisation == network.cear and request.person == yusuf

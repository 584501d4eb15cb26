"""Housing API: vacancies, the reduced waiting list, reservations within capacity."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from acollida.core.models import ReadLog
from tests.conftest import Network, login
from tests.housing.factories import case_for, shelter, unit_with_places, waiting

pytestmark = pytest.mark.django_db


def test_vacancies_list_units_with_free_places(client: Client, network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=2)
    login(client, network.users["coordinator"])
    body = client.get(reverse("api:housing_vacancy_list")).json()
    assert [(u["id"], u["free"], u["total"]) for u in body["items"]] == [(unit.pk, 2, 2)]


def test_caseworkers_get_no_network_vacancies(client: Client, network: Network) -> None:
    login(client, network.users["caseworker"])
    assert client.get(reverse("api:housing_vacancy_list")).status_code == 403


def test_the_waiting_list_reduces_entries_of_other_organisations(client: Client, network: Network) -> None:
    waiting(
        network,
        case=case_for(network, organisation=network.cear, given="Oksana"),
        school_lat=39.4,
        school_lon=-0.3,
    )
    login(client, network.users["coordinator"])
    response = client.get(reverse("api:housing_waiting_list"))
    [item] = response.json()["items"]
    assert (item["openable"], item["name"], item["case_id"], item["school"]) == (False, None, None, None)
    assert "Oksana" not in response.content.decode()
    assert not ReadLog.objects.exists()


def test_the_waiting_list_names_and_logs_our_entries(client: Client, network: Network) -> None:
    entry = waiting(network, school_lat=39.4, school_lon=-0.3)
    login(client, network.users["caseworker"])
    [item] = client.get(reverse("api:housing_waiting_list"), HTTP_X_PURPOSE="planning").json()["items"]
    assert item["openable"] and item["school"] == [39.4, -0.3]
    log = ReadLog.objects.get(record_type="waiting_list_entry")
    assert (log.record_id, log.purpose, log.channel) == (str(entry.pk), "planning", "api")


def test_reserve_through_the_api(client: Client, network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=2)
    entry = waiting(network, size=2, beds_needed=2)
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("api:housing_placement_reserve"),
        json.dumps({"entry_id": entry.pk, "unit_id": unit.pk}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert len(response.json()["place_ids"]) == 2


def test_the_api_refuses_a_reservation_beyond_the_free_places(client: Client, network: Network) -> None:
    unit = unit_with_places(network, shelter(network), places=1)
    entry = waiting(network, size=2, beds_needed=2)
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("api:housing_placement_reserve"),
        json.dumps({"entry_id": entry.pk, "unit_id": unit.pk}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert unit.places.get().status == "free"


def test_place_status_through_the_api(client: Client, network: Network) -> None:
    place = unit_with_places(network, shelter(network), places=1).places.get()
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("api:housing_place_status", args=[place.pk]),
        json.dumps({"status": "out_of_service", "reason": "Broken window"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "out_of_service"


def test_an_unknown_place_status_is_a_clear_error(client: Client, network: Network) -> None:
    place = unit_with_places(network, shelter(network), places=1).places.get()
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("api:housing_place_status", args=[place.pk]),
        json.dumps({"status": "haunted"}),
        content_type="application/json",
    )
    assert response.status_code == 422

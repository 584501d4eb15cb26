"""The cases API, by token and by session: open, read (logged), add needs, notes and goals."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from acollida.cases.models import Case, TimelineEntry
from acollida.core.models import ReadLog
from tests.api.conftest import bearer
from tests.cases.conftest import open_case, register
from tests.conftest import Network


def post(client: Client, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def test_open_a_case_and_read_it_back(network: Network, as_user: Any) -> None:
    person = register(network)
    client, headers = as_user("caseworker")
    created = post(client, "/api/v1/cases", {"person_id": person.pk, "sensitivity": "restricted"}, headers)
    assert created.status_code == 201
    body = created.json()
    assert (body["person_id"], body["sensitivity"], body["status"]) == (person.pk, "restricted", "open")
    read = client.get(f"/api/v1/cases/{body['id']}", **headers)
    assert read.json()["reference"] == body["reference"]


def test_reading_a_case_is_logged_with_the_stated_purpose(network: Network, case: Case) -> None:
    client = Client()
    response = client.get(
        f"/api/v1/cases/{case.pk}", HTTP_X_PURPOSE="monthly review", **bearer(network, "coordinator")
    )
    assert response.status_code == 200
    logged = ReadLog.objects.filter(user=network.users["coordinator"], channel=ReadLog.Channel.API)
    assert set(logged.values_list("record_type", "record_id", "purpose")) == {
        ("case", str(case.pk), "monthly review"),
        ("person", str(case.person_id), "monthly review"),
    }


def test_other_organisations_case_is_not_found(network: Network, case: Case) -> None:
    response = Client().get(f"/api/v1/cases/{case.pk}", **bearer(network, "ngo_caseworker"))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_list_shows_only_visible_cases(network: Network, case: Case) -> None:
    open_case(network, "ngo_caseworker")
    response = Client().get("/api/v1/cases", **bearer(network, "caseworker"))
    assert [item["id"] for item in response.json()["items"]] == [case.pk]


def test_second_open_case_is_refused_in_the_error_shape(network: Network, case: Case) -> None:
    response = post(Client(), "/api/v1/cases", {"person_id": case.person_id}, bearer(network, "caseworker"))
    assert response.status_code == 422
    assert case.reference in json.dumps(response.json()["error"]["fields"])


def test_special_category_note_through_the_api(network: Network, case: Case) -> None:
    response = post(
        Client(),
        f"/api/v1/cases/{case.pk}/timeline",
        {"kind": "note", "text": "Health: insulin", "is_special_category": True},
        bearer(network, "caseworker"),
    )
    assert response.status_code == 201
    entry = TimelineEntry.objects.get()
    assert (entry.text, entry.sensitive_text) == ("", "Health: insulin")


def test_service_without_type_is_a_validation_error(network: Network, case: Case) -> None:
    response = post(
        Client(), f"/api/v1/cases/{case.pk}/timeline", {"kind": "service"}, bearer(network, "caseworker")
    )
    assert response.status_code == 422


def test_need_and_goal_for_it(network: Network, case: Case) -> None:
    headers = bearer(network, "caseworker")
    need = post(
        Client(), f"/api/v1/cases/{case.pk}/needs", {"area": "housing", "priority": "urgent"}, headers
    )
    assert need.status_code == 201
    goal = post(
        Client(),
        f"/api/v1/cases/{case.pk}/goals",
        {"description": "A room", "need_id": need.json()["id"], "target_date": "2030-01-31"},
        headers,
    )
    assert goal.status_code == 201
    assert goal.json()["need_id"] == need.json()["id"]


def test_ngo_caseworker_cannot_add_to_the_citys_case(network: Network, case: Case) -> None:
    response = post(
        Client(), f"/api/v1/cases/{case.pk}/needs", {"area": "housing"}, bearer(network, "ngo_caseworker")
    )
    assert response.status_code == 404

"""The pathways API: a case's pathways (read-logged), starting one, completing a step, deadlines."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
import time_machine
from django.test import Client

from acollida.cases.models import Case, PathwayTemplate
from acollida.cases.services_pathways import pathway_start, pathway_templates_load
from acollida.core.models import ReadLog
from tests.api.conftest import bearer
from tests.conftest import Network

TODAY = date(2026, 3, 2)


@pytest.fixture
def padron(network: Network) -> PathwayTemplate:
    pathway_templates_load(language="en")
    return PathwayTemplate.objects.get(code="padron", organisation__isnull=True)


def post(client: Client, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


@time_machine.travel(TODAY, tick=False)
def test_start_a_pathway_and_complete_its_first_step(
    network: Network, case: Case, padron: PathwayTemplate, as_user: Any
) -> None:
    client, headers = as_user("caseworker")
    created = post(client, f"/api/v1/cases/{case.pk}/pathways", {"template_id": padron.pk}, headers)
    assert created.status_code == 201
    first, second = created.json()["steps"][:2]
    assert (first["due_on"], second["due_on"]) == ("2026-03-09", None)
    done = post(client, f"/api/v1/cases/{case.pk}/pathways/steps/{first['id']}/complete", {}, headers)
    assert done.json()["status"] == "done"
    listed = client.get(f"/api/v1/cases/{case.pk}/pathways", **headers).json()
    assert listed[0]["steps"][1]["due_on"] == "2026-03-09"


@time_machine.travel(TODAY, tick=False)
def test_reading_pathways_is_logged(network: Network, case: Case, padron: PathwayTemplate) -> None:
    pathway_start(actor=network.users["caseworker"], case=case, template=padron)
    response = Client().get(
        f"/api/v1/cases/{case.pk}/pathways", HTTP_X_PURPOSE="renewals", **bearer(network, "coordinator")
    )
    assert response.status_code == 200
    logged = ReadLog.objects.filter(user=network.users["coordinator"], channel=ReadLog.Channel.API)
    assert ("case", str(case.pk), "renewals") in set(
        logged.values_list("record_type", "record_id", "purpose")
    )


@time_machine.travel(TODAY, tick=False)
def test_deadlines_list_the_overdue_first(network: Network, case: Case, padron: PathwayTemplate) -> None:
    pathway_start(actor=network.users["caseworker"], case=case, template=padron, started_on=date(2026, 2, 1))
    body = Client().get("/api/v1/deadlines", **bearer(network, "caseworker")).json()
    assert body["count"] == 1
    assert body["items"][0]["overdue"] is True
    assert body["items"][0]["case_reference"] == case.reference


@time_machine.travel(TODAY, tick=False)
def test_another_organisation_gets_neither_pathways_nor_deadlines(
    network: Network, case: Case, padron: PathwayTemplate
) -> None:
    pathway = pathway_start(actor=network.users["caseworker"], case=case, template=padron)
    headers = bearer(network, "ngo_caseworker")
    assert Client().get(f"/api/v1/cases/{case.pk}/pathways", **headers).status_code == 404
    step = pathway.steps.get(order=1)
    response = post(Client(), f"/api/v1/cases/{case.pk}/pathways/steps/{step.pk}/complete", {}, headers)
    assert response.status_code == 404
    assert Client().get("/api/v1/deadlines?scope=all", **headers).json()["count"] == 0


@time_machine.travel(TODAY, tick=False)
def test_an_unknown_template_is_refused_in_the_error_shape(network: Network, case: Case) -> None:
    response = post(
        Client(), f"/api/v1/cases/{case.pk}/pathways", {"template_id": 999999}, bearer(network, "caseworker")
    )
    assert response.status_code == 422
    assert "template_id" in response.json()["error"]["fields"]

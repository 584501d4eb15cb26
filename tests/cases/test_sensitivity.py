"""Changing who may see a case: anyone recording on it raises it, only a coordinator lowers it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from acollida.cases.models import Case
from acollida.cases.services import case_open
from acollida.people.services import PersonData, person_register
from tests.conftest import Network, login


@pytest.fixture
def case(network: Network) -> Case:
    person = person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(given_name="Amina", family_name="Diallo"),
        candidates_seen=0,
    )
    return case_open(actor=network.users["caseworker"], organisation=network.cai, person=person)


def _post(client: Client, case: Case, **data: object) -> object:
    return client.post(reverse("cases:sensitivity", args=[case.pk]), data)


def test_a_caseworker_protects_a_case_and_is_named_on_it(
    client: Client, network: Network, case: Case
) -> None:
    login(client, network.users["caseworker"])
    response = _post(client, case, sensitivity="protected")
    assert response.status_code == 302  # type: ignore[attr-defined]
    case.refresh_from_db()
    assert case.sensitivity == Case.Sensitivity.PROTECTED
    assert list(case.protected_staff.all()) == [network.users["caseworker"]]
    assert not Case.objects.visible_to(network.users["coordinator"]).filter(pk=case.pk).exists()


def test_a_caseworker_cannot_lower_protection(client: Client, network: Network, case: Case) -> None:
    case.sensitivity = Case.Sensitivity.RESTRICTED
    case.save()
    login(client, network.users["caseworker"])
    response = _post(client, case, sensitivity="normal", reason="no longer at risk")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Only a coordinator" in response.content.decode()  # type: ignore[attr-defined]
    case.refresh_from_db()
    assert case.sensitivity == Case.Sensitivity.RESTRICTED


def test_a_coordinator_lowers_protection_only_with_a_reason(
    client: Client, network: Network, case: Case
) -> None:
    case.sensitivity = Case.Sensitivity.RESTRICTED
    case.save()
    login(client, network.users["coordinator"])
    response = _post(client, case, sensitivity="normal")
    assert response.status_code == 200  # type: ignore[attr-defined]
    case.refresh_from_db()
    assert case.sensitivity == Case.Sensitivity.RESTRICTED
    response = _post(client, case, sensitivity="normal", reason="The threat has ended.")
    assert response.status_code == 302  # type: ignore[attr-defined]
    case.refresh_from_db()
    assert case.sensitivity == Case.Sensitivity.NORMAL


def test_named_staff_must_work_at_the_holding_organisation(
    client: Client, network: Network, case: Case
) -> None:
    login(client, network.users["caseworker"])
    response = _post(
        client, case, sensitivity="protected", protected_staff=[network.users["ngo_caseworker"].pk]
    )
    assert response.status_code == 200  # type: ignore[attr-defined]
    case.refresh_from_db()
    assert case.sensitivity == Case.Sensitivity.NORMAL


def test_another_organisation_cannot_reach_the_page(client: Client, network: Network, case: Case) -> None:
    login(client, network.users["ngo_caseworker"])
    assert client.get(reverse("cases:sensitivity", args=[case.pk])).status_code == 404

"""Data-subject rights screens: the officer's desk, exports, the erasure confirmation, legal holds."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.cases.erasure import legal_hold_place
from acollida.cases.models import LegalHold
from acollida.core.models import ReadLog
from acollida.people.models import Person
from tests.conftest import Network, login
from tests.core.rights_seed import GIVEN, seed_person


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _person(network: Network) -> Person:
    return Person.objects.create(organisation=network.cai, given_name=GIVEN, family_name="Haddadiyya")


def test_officer_opens_a_person_by_number(client: Client, network: Network) -> None:
    person = _person(network)
    login(client, network.users["dpo"])
    response = client.get(reverse("core:rights_index"), {"person": person.pk})
    assert response.url == reverse("core:rights_person", args=[person.pk])  # type: ignore[attr-defined]


def test_a_number_outside_the_audited_organisations_is_not_found(client: Client, network: Network) -> None:
    person = Person.objects.create(organisation=network.cear, given_name="Awa")
    login(client, network.users["dpo"])
    with translation.override("en"):
        response = client.get(reverse("core:rights_index"), {"person": person.pk})
    assert response.status_code == 200
    assert "No person with this number" in response.content.decode()


def test_json_export_is_read_logged_as_an_access_request(client: Client, network: Network) -> None:
    person = _person(network)
    login(client, network.users["dpo"])
    with translation.override("en"):
        response = client.get(reverse("core:rights_export_json", args=[person.pk]))
    assert json.loads(response.content)["records"]["people.person"][0]["given_name"] == GIVEN
    read = ReadLog.objects.get(record_id=str(person.pk))
    assert (read.channel, read.purpose) == ("export", "data-subject access request")


def test_pdf_export_is_a_pdf(client: Client, network: Network) -> None:
    person = _person(network)
    login(client, network.users["dpo"])
    response = client.get(reverse("core:rights_export_pdf", args=[person.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_caseworker_cannot_export(client: Client, network: Network) -> None:
    person = _person(network)
    login(client, network.users["caseworker"])
    assert client.get(reverse("core:rights_export_json", args=[person.pk])).status_code == 404


def test_erasure_page_lists_what_goes_and_erases_on_confirmation(client: Client, network: Network) -> None:
    seeded = seed_person(network)
    login(client, network.users["dpo"])
    with translation.override("en"):
        url = reverse("core:rights_erase", args=[seeded.person.pk])
        page = client.get(url).content.decode()
    assert "Identity documents" in page
    response = client.post(url, {"reason": "request of 3 May", "confirm": "on"})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=seeded.person.pk).exists()


def test_erasure_without_confirmation_keeps_everything(client: Client, network: Network) -> None:
    person = _person(network)
    login(client, network.users["dpo"])
    response = client.post(reverse("core:rights_erase", args=[person.pk]), {"reason": "request"})
    assert response.status_code == 200
    assert Person.objects.filter(pk=person.pk).exists()


def test_erasure_blocked_by_a_hold_says_why(client: Client, network: Network) -> None:
    person = _person(network)
    legal_hold_place(actor=network.users["dpo"], person=person, reason="court case 12/2026", until=None)
    login(client, network.users["dpo"])
    response = client.post(
        reverse("core:rights_erase", args=[person.pk]), {"reason": "request", "confirm": "on"}
    )
    assert response.status_code == 200
    assert "court case 12/2026" in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()


def test_coordinator_places_a_hold_shown_on_the_person_page(client: Client, network: Network) -> None:
    person = _person(network)
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("core:legal_hold_place", args=[person.pk]), {"reason": "subsidy audit 2025", "until": ""}
    )
    assert response.url == reverse("people:detail", args=[person.pk])  # type: ignore[attr-defined]
    assert "subsidy audit 2025" in client.get(response.url).content.decode()  # type: ignore[attr-defined]


def test_a_hold_ending_in_the_past_is_refused(client: Client, network: Network) -> None:
    person = _person(network)
    login(client, network.users["coordinator"])
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("core:legal_hold_place", args=[person.pk]),
        {"reason": "audit", "until": yesterday.isoformat()},
    )
    assert response.status_code == 200
    assert not LegalHold.objects.exists()


def test_officer_lifts_a_hold_after_confirmation(client: Client, network: Network) -> None:
    person = _person(network)
    hold = legal_hold_place(actor=network.users["coordinator"], person=person, reason="audit", until=None)
    login(client, network.users["dpo"])
    assert client.get(reverse("core:legal_hold_lift", args=[hold.pk])).status_code == 200
    client.post(reverse("core:legal_hold_lift", args=[hold.pk]))
    hold.refresh_from_db()
    assert hold.lifted_by == network.users["dpo"]


def test_caseworker_sees_holds_but_cannot_lift_them(client: Client, network: Network) -> None:
    person = _person(network)
    hold = legal_hold_place(actor=network.users["coordinator"], person=person, reason="audit", until=None)
    login(client, network.users["caseworker"])
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "audit" in page
    assert reverse("core:legal_hold_lift", args=[hold.pk]) not in page
    assert client.post(reverse("core:legal_hold_lift", args=[hold.pk])).status_code == 404

"""Requesting an appointment from a public service page: it lands in the entry point's agenda;
consent, spam protection and rate limits; nothing typed is lost on an error."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from acollida.agenda.models import AppointmentRequest, ServiceType
from acollida.core.models import Office
from acollida.directory.forms_public import CONSENT_TEXT_VERSION, form_token_new
from acollida.directory.models import Service
from tests.conftest import Network
from tests.directory.factories import make_organization, make_service, tag_service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def office(network: Network) -> Office:
    return Office.objects.create(organisation=network.cai, name="CAI Azzati", street="Carrer d'Azzati 6")


@pytest.fixture
def legal(network: Network) -> Service:
    service = make_service(make_organization(network.cear))
    tag_service(service, code="legal-asylum")
    return service


def _url(service: Service, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse("directory:request", kwargs={"service_id": service.pk})


def _token(seconds_ago: int = 60) -> str:
    with time_machine.travel(timezone.now() - timedelta(seconds=seconds_ago), tick=False):
        return form_token_new()


def _data(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Fátima Benali",
        "language": "ar",
        "contact": "612 345 678",
        "need": "أحتاج إلى محامٍ من أجل اللجوء",
        "preferred_times": "mañanas",
        "consent": "on",
        "website": "",
        "form_token": _token(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_form_shows_the_consent_text_and_a_time_token(client: Client, legal: Service, office: Office) -> None:
    with translation.override("en"):
        html = client.get(_url(legal)).content.decode()
    assert "How we use your details" in html
    assert 'name="form_token" value="' in html
    assert 'name="consent"' in html


def test_request_lands_in_the_entry_points_agenda(client: Client, legal: Service, office: Office) -> None:
    response = client.post(_url(legal, "ar"), _data())
    assert response.status_code == 302
    with translation.override("ar"):
        assert response["Location"] == reverse("directory:request_sent", kwargs={"service_id": legal.pk})
    request = AppointmentRequest.objects.get()
    assert request.office == office
    assert request.directory_service == legal.pk
    assert request.service_type == ServiceType.LEGAL_ADVICE
    assert request.name == "Fátima Benali"
    assert request.contact == "+34 612 34 56 78"
    assert request.need == "أحتاج إلى محامٍ من أجل اللجوء"
    assert request.preferred_times == "mañanas"
    assert request.language == "ar"
    assert request.consent_text_version == CONSENT_TEXT_VERSION
    assert request.status == AppointmentRequest.Status.NEW


def test_an_email_address_is_accepted_as_contact(client: Client, legal: Service, office: Office) -> None:
    client.post(_url(legal), _data(contact="fatima@example.org"))
    assert AppointmentRequest.objects.get().contact == "fatima@example.org"


def test_name_contact_and_need_are_encrypted_at_rest(client: Client, legal: Service, office: Office) -> None:
    from django.db import connection

    client.post(_url(legal), _data())
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, contact, need FROM agenda_appointmentrequest")
        stored = cursor.fetchone()
    assert "Fátima" not in stored[0]
    assert "612" not in stored[1]


def test_consent_is_required_and_everything_typed_comes_back(
    client: Client, legal: Service, office: Office
) -> None:
    with translation.override("en"):
        response = client.post(_url(legal), _data(consent=None))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please tick the box to agree" in html
    assert 'value="Fátima Benali"' in html
    assert 'value="612 345 678"' in html
    assert "أحتاج إلى محامٍ من أجل اللجوء" in html
    assert 'value="mañanas"' in html
    assert '<option value="ar" selected>' in html
    assert not AppointmentRequest.objects.exists()


def test_a_wrong_contact_is_explained_and_the_rest_is_kept(
    client: Client, legal: Service, office: Office
) -> None:
    with translation.override("en"):
        response = client.post(_url(legal), _data(contact="call me"))
    html = response.content.decode()
    assert "Write a phone number" in html
    assert 'value="call me"' in html
    assert 'value="Fátima Benali"' in html
    assert not AppointmentRequest.objects.exists()


def test_missing_name_is_an_error_not_a_crash(client: Client, legal: Service, office: Office) -> None:
    response = client.post(_url(legal), _data(name=""))
    assert response.status_code == 200
    assert not AppointmentRequest.objects.exists()


def test_a_filled_honeypot_is_thanked_but_nothing_is_kept(
    client: Client, legal: Service, office: Office
) -> None:
    response = client.post(_url(legal), _data(website="http://spam.example"))
    assert response.status_code == 302
    assert not AppointmentRequest.objects.exists()


def test_a_form_sent_back_in_a_second_is_refused_with_the_data_kept(
    client: Client, legal: Service, office: Office
) -> None:
    with translation.override("en"):
        response = client.post(_url(legal), _data(form_token=_token(seconds_ago=0)))
    html = response.content.decode()
    assert "That was very quick" in html
    assert 'value="Fátima Benali"' in html
    assert not AppointmentRequest.objects.exists()


def test_a_forged_token_is_refused(client: Client, legal: Service, office: Office) -> None:
    response = client.post(_url(legal), _data(form_token="forged:token"))
    assert response.status_code == 200
    assert not AppointmentRequest.objects.exists()


def test_a_form_left_open_for_hours_is_refused_with_the_data_kept(
    client: Client, legal: Service, office: Office
) -> None:
    with translation.override("en"):
        response = client.post(_url(legal), _data(form_token=_token(seconds_ago=3 * 60 * 60)))
    assert "open for too long" in response.content.decode()
    assert not AppointmentRequest.objects.exists()


def test_the_refused_form_carries_a_new_token_that_works(
    client: Client, legal: Service, office: Office
) -> None:
    import re

    html = client.post(_url(legal), _data(form_token=_token(seconds_ago=0))).content.decode()
    fresh = re.search(r'name="form_token" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]
    with time_machine.travel(timezone.now() + timedelta(seconds=30)):
        client.post(_url(legal), _data(form_token=fresh))
    assert AppointmentRequest.objects.count() == 1


@override_settings(ACOLLIDA_APPOINTMENT_REQUESTS_PER_SESSION=2, ACOLLIDA_APPOINTMENT_REQUESTS_PER_ADDRESS=50)
def test_one_browser_session_is_limited_and_keeps_its_data(
    client: Client, legal: Service, office: Office
) -> None:
    for _attempt in range(2):
        assert client.post(_url(legal), _data()).status_code == 302
    with translation.override("en"):
        response = client.post(_url(legal), _data(name="Third try"))
    assert response.status_code == 429
    assert 'value="Third try"' in response.content.decode()
    assert AppointmentRequest.objects.count() == 2


@override_settings(ACOLLIDA_APPOINTMENT_REQUESTS_PER_SESSION=50, ACOLLIDA_APPOINTMENT_REQUESTS_PER_ADDRESS=2)
def test_one_address_is_limited_across_sessions(legal: Service, office: Office) -> None:
    for _attempt in range(2):
        assert Client().post(_url(legal), _data()).status_code == 302
    assert Client().post(_url(legal), _data()).status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.9").post(_url(legal), _data()).status_code == 302
    assert AppointmentRequest.objects.count() == 3


def test_failed_attempts_do_not_count_against_the_limit(
    client: Client, legal: Service, office: Office
) -> None:
    for _attempt in range(5):
        client.post(_url(legal), _data(consent=None))
    assert client.post(_url(legal), _data()).status_code == 302


def test_no_request_without_an_entry_point_office(client: Client, legal: Service) -> None:
    assert client.post(_url(legal), _data()).status_code == 404
    assert not AppointmentRequest.objects.exists()


@override_settings(
    AXES_IPWARE_PROXY_COUNT=1,
    ACOLLIDA_APPOINTMENT_REQUESTS_PER_SESSION=50,
    ACOLLIDA_APPOINTMENT_REQUESTS_PER_ADDRESS=1,
)
def test_behind_the_proxy_each_newcomer_has_their_own_address_limit(legal: Service, office: Office) -> None:
    """Everyone reaches the application from the proxy's address; the limit follows X-Forwarded-For."""
    first = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert first.post(_url(legal), _data()).status_code == 302
    assert second.post(_url(legal), _data()).status_code == 302
    assert (
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
        .post(_url(legal), _data())
        .status_code
        == 429
    )

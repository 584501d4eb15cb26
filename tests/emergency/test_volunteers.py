"""The public self-registration form and the coordinators' registry screens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation

from acollida.directory.forms_public import form_token_new
from acollida.emergency import services_rota
from acollida.emergency.models import Volunteer
from tests.conftest import Network, login

pytestmark = pytest.mark.django_db


def _url(name: str = "emergency:volunteer_register", **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs or None)


def _token(seconds_ago: int = 60) -> str:
    with time_machine.travel(timezone.now() - timedelta(seconds=seconds_ago), tick=False):
        return form_token_new()


def _data(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "Amal Haddad",
        "email": "amal@example.org",
        "phone": "612 345 678",
        "languages": "ar native, fr b2",
        "skills": ["interpreting", "medical"],
        "availability": "2018-06-17 06:00 2018-06-17 22:00",
        "consent": "on",
        "website": "",
        "form_token": _token(),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_self_registration_keeps_an_application(client: Client) -> None:
    response = client.post(_url(), _data())
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.status == Volunteer.Status.APPLIED
    assert volunteer.languages == [{"code": "ar", "level": "native"}, {"code": "fr", "level": "b2"}]
    assert volunteer.consent_at is not None


def test_honeypot_filled_stores_nothing_but_looks_sent(client: Client) -> None:
    response = client.post(_url(), _data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Volunteer.objects.exists()


def test_form_sent_too_fast_is_refused(client: Client) -> None:
    with translation.override("en"):
        response = client.post(_url(), _data(form_token=_token(seconds_ago=0)))
    assert response.status_code == 200
    assert "very quick" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_bad_languages_keep_everything_typed(client: Client) -> None:
    with translation.override("en"):
        response = client.post(_url(), _data(languages="arabic fluent"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Amal Haddad"' in html
    assert "2018-06-17 06:00 2018-06-17 22:00" in html
    assert not Volunteer.objects.exists()


@override_settings(ACOLLIDA_APPOINTMENT_REQUESTS_PER_SESSION=1, ACOLLIDA_APPOINTMENT_REQUESTS_PER_ADDRESS=50)
def test_rate_limit_keeps_the_data(client: Client) -> None:
    assert client.post(_url(), _data()).status_code == 302
    response = client.post(_url(), _data(name="Second try"))
    assert response.status_code == 429
    assert 'value="Second try"' in response.content.decode()
    assert Volunteer.objects.count() == 1


def _applicant() -> Volunteer:
    return services_rota.volunteer_self_register(
        name="Amal",
        email="amal@example.org",
        phone="",
        organisation=None,
        languages=[{"code": "ar", "level": "native"}],
        skills=[],
        windows=[],
    )


def test_coordinator_approves_after_a_confirmation(client: Client, network: Network) -> None:
    volunteer = _applicant()
    login(client, network.users["coordinator"])
    url = _url("emergency:volunteer_decide", pk=volunteer.pk, decision="approve")
    assert client.get(url).status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.APPLIED
    client.post(url)
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.APPROVED


def test_caseworker_cannot_approve(client: Client, network: Network) -> None:
    volunteer = _applicant()
    login(client, network.users["caseworker"])
    response = client.post(_url("emergency:volunteer_decide", pk=volunteer.pk, decision="approve"))
    assert response.status_code == 403
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.APPLIED


def test_registry_filters_by_skill(client: Client, network: Network) -> None:
    _applicant()
    login(client, network.users["coordinator"])
    with translation.override("en"):
        response = client.get(_url("emergency:volunteers"), {"skill": "medical"})
    assert "No volunteers or interpreters match" in response.content.decode()

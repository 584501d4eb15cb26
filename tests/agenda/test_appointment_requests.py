"""The entry point's list of appointment requests from the public directory: who sees them, reads
are logged, a request becomes a real booking for the person found, or is closed after confirmation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.agenda.models import Appointment, AppointmentRequest, ServiceType, Slot
from acollida.core.models import Office, ReadLog
from acollida.directory.services_public import appointment_request_create
from acollida.people.models import Person
from tests.agenda.conftest import register
from tests.conftest import Network, login

pytestmark = pytest.mark.django_db


def make_request(office: Office, name: str = "Amina Diallo", **extra: str) -> AppointmentRequest:
    fields = {
        "office": office,
        "directory_service": None,
        "service_type": ServiceType.LEGAL_ADVICE,
        "name": name,
        "language": "fr",
        "contact": "+34 612 34 56 78",
        "need": "Demande d'asile",
        "preferred_times": "matin",
        "consent_text_version": "2026-11",
    }
    fields.update(extra)
    return appointment_request_create(**fields)  # type: ignore[arg-type]


@pytest.fixture
def waiting(cai_office: Office) -> AppointmentRequest:
    return make_request(cai_office)


def test_caseworker_of_the_cai_sees_new_requests(
    client: Client, network: Network, waiting: AppointmentRequest
) -> None:
    login(client, network.users["caseworker"])
    html = client.get(reverse("agenda:requests")).content.decode()
    assert "Amina Diallo" in html


def test_reading_the_list_is_logged(client: Client, network: Network, waiting: AppointmentRequest) -> None:
    login(client, network.users["caseworker"])
    client.get(reverse("agenda:requests"))
    log = ReadLog.objects.get(record_type="appointment_request")
    assert log.record_id == str(waiting.pk)
    assert log.user == network.users["caseworker"]


def test_an_ngo_caseworker_does_not_see_the_cai_requests(
    client: Client, network: Network, waiting: AppointmentRequest
) -> None:
    login(client, network.users["ngo_caseworker"])
    assert "Amina Diallo" not in client.get(reverse("agenda:requests")).content.decode()
    assert client.get(reverse("agenda:request", args=[waiting.pk])).status_code == 404


def test_a_volunteer_cannot_open_the_list(
    client: Client, network: Network, waiting: AppointmentRequest
) -> None:
    login(client, network.users["volunteer"])
    assert client.get(reverse("agenda:requests")).status_code == 403


def test_list_shows_an_empty_state(client: Client, network: Network, cai_office: Office) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        html = client.get(reverse("agenda:requests")).content.decode()
    assert "No appointment requests here." in html


def test_list_filters_by_status_and_sorts_newest_first(
    client: Client, network: Network, cai_office: Office
) -> None:
    first = make_request(cai_office, name="Primer Nom")
    second = make_request(cai_office, name="Segon Nom")
    login(client, network.users["caseworker"])
    html = client.get(reverse("agenda:requests"), {"sort": "newest"}).content.decode()
    assert html.index("Segon Nom") < html.index("Primer Nom")
    AppointmentRequest.objects.filter(pk=first.pk).update(status=AppointmentRequest.Status.CLOSED)
    html = client.get(reverse("agenda:requests"), {"status": "closed"}).content.decode()
    assert "Primer Nom" in html
    assert "Segon Nom" not in html
    assert second.status == AppointmentRequest.Status.NEW


def test_request_page_offers_the_person_known_under_that_name(
    client: Client, network: Network, waiting: AppointmentRequest
) -> None:
    person = register(network)
    login(client, network.users["caseworker"])
    html = client.get(reverse("agenda:request", args=[waiting.pk])).content.decode()
    assert reverse("agenda:request_book", args=[waiting.pk, person.pk]) in html
    assert "+34 612 34 56 78" in html
    assert ReadLog.objects.filter(record_type="person", record_id=str(person.pk)).exists()


def test_booking_from_a_request_makes_the_appointment_and_marks_the_request(
    client: Client,
    network: Network,
    waiting: AppointmentRequest,
    publish: Callable[..., Slot],
) -> None:
    person = register(network)
    slot = publish()
    login(client, network.users["caseworker"])
    url = reverse("agenda:request_book", args=[waiting.pk, person.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"slot": slot.pk, "interpreter_language": "fr", "notes": ""})
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert appointment.person == person
    waiting.refresh_from_db()
    assert waiting.status == AppointmentRequest.Status.BOOKED
    assert waiting.appointment == appointment
    assert waiting.handled_by == network.users["caseworker"]


def test_a_booked_request_cannot_be_booked_twice(
    client: Client,
    network: Network,
    waiting: AppointmentRequest,
    publish: Callable[..., Slot],
) -> None:
    person = register(network)
    slot = publish(capacity=2)
    login(client, network.users["caseworker"])
    url = reverse("agenda:request_book", args=[waiting.pk, person.pk])
    client.post(url, {"slot": slot.pk, "interpreter_language": "", "notes": ""})
    response = client.post(url, {"slot": slot.pk, "interpreter_language": "", "notes": ""})
    assert response.status_code == 302
    assert Appointment.objects.count() == 1


def test_booking_without_a_slot_or_time_keeps_the_form_and_the_request_new(
    client: Client, network: Network, waiting: AppointmentRequest
) -> None:
    person = register(network)
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("agenda:request_book", args=[waiting.pk, person.pk]), {"notes": "bring the passport"}
    )
    assert response.status_code == 200
    assert "bring the passport" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == AppointmentRequest.Status.NEW


def test_booking_a_person_the_user_cannot_open_is_not_found(
    client: Client, network: Network, waiting: AppointmentRequest
) -> None:
    stranger: Person = register(network, given="Olena", family="Shevchenko", actor="ngo_caseworker")
    login(client, network.users["caseworker"])
    response = client.get(reverse("agenda:request_book", args=[waiting.pk, stranger.pk]))
    assert response.status_code == 404


def test_closing_asks_for_confirmation_and_a_note(
    client: Client, network: Network, waiting: AppointmentRequest
) -> None:
    login(client, network.users["caseworker"])
    url = reverse("agenda:request_close", args=[waiting.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"note": ""}).status_code == 200
    waiting.refresh_from_db()
    assert waiting.status == AppointmentRequest.Status.NEW
    assert client.post(url, {"note": "Could not be reached"}).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == AppointmentRequest.Status.CLOSED
    assert waiting.closing_note == "Could not be reached"


def test_closing_a_closed_request_explains_instead_of_failing(
    client: Client, network: Network, waiting: AppointmentRequest
) -> None:
    login(client, network.users["caseworker"])
    url = reverse("agenda:request_close", args=[waiting.pk])
    client.post(url, {"note": "duplicate"})
    with translation.override("en"):
        response = client.post(url, {"note": "again"})
    assert response.status_code == 200
    assert "already been handled" in response.content.decode()

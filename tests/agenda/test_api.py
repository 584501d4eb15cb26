from __future__ import annotations

import json
from collections.abc import Callable

from django.test import Client

from acollida.agenda.models import Appointment, Slot
from acollida.core.models import ReadLog
from acollida.people.models import Person
from tests.conftest import Network, login


def test_listing_appointments_logs_each_person_read(
    network: Network,
    person: Person,
    publish: Callable[..., Slot],
    book: Callable[..., Appointment],
    client: Client,
) -> None:
    appointment = book(person, publish())
    login(client, network.users["caseworker"])
    response = client.get(
        "/api/v1/appointments", {"office": appointment.office_id}, HTTP_X_PURPOSE="planning"
    )
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [appointment.pk]
    assert ReadLog.objects.filter(record_id=str(person.pk), channel="api", purpose="planning").exists()


def test_another_organisation_lists_nothing(
    network: Network,
    person: Person,
    publish: Callable[..., Slot],
    book: Callable[..., Appointment],
    client: Client,
) -> None:
    book(person, publish())
    login(client, network.users["ngo_caseworker"])
    assert client.get("/api/v1/appointments").json()["count"] == 0


def test_booking_into_a_full_slot_answers_with_the_error_shape(
    network: Network,
    person: Person,
    publish: Callable[..., Slot],
    book: Callable[..., Appointment],
    client: Client,
) -> None:
    from tests.agenda.conftest import register

    slot = publish()
    book(register(network, given="Omar"), slot)
    login(client, network.users["caseworker"])
    response = client.post(
        "/api/v1/appointments",
        json.dumps({"person_id": person.pk, "slot_id": slot.pk}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_error"
    assert "slot" in response.json()["error"]["fields"]


def test_booking_and_cancelling_through_the_api(
    network: Network, person: Person, publish: Callable[..., Slot], client: Client
) -> None:
    slot = publish()
    login(client, network.users["caseworker"])
    created = client.post(
        "/api/v1/appointments",
        json.dumps({"person_id": person.pk, "slot_id": slot.pk}),
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["interpreter_language"] == "wo"
    appointment_id = created.json()["id"]
    cancelled = client.post(
        f"/api/v1/appointments/{appointment_id}/cancel",
        json.dumps({"reason": "ill"}),
        content_type="application/json",
    )
    assert cancelled.json()["status"] == "cancelled"

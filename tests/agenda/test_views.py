from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.agenda.models import Appointment, Slot
from acollida.people.models import Person
from tests.conftest import Network, login


def test_the_person_page_offers_booking(network: Network, person: Person, client: Client) -> None:
    login(client, network.users["caseworker"])
    body = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert reverse("agenda:book", args=[person.pk]) in body


def test_booking_from_the_page_prefills_the_interpreter_language(
    network: Network, person: Person, publish: Callable[..., Slot], client: Client
) -> None:
    publish()
    login(client, network.users["caseworker"])
    response = client.get(reverse("agenda:book", args=[person.pk]))
    assert response.context["form"].initial["interpreter_language"] == "wo"


def test_booking_a_slot_through_the_page(
    network: Network, person: Person, publish: Callable[..., Slot], client: Client
) -> None:
    slot = publish()
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("agenda:book", args=[person.pk]), {"slot": slot.pk, "interpreter_language": "wo"}
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert (appointment.slot, appointment.interpreter_language) == (slot, "wo")


def test_booking_a_full_slot_explains_and_keeps_the_form(
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
    with translation.override("en"):
        response = client.post(
            reverse("agenda:book", args=[person.pk]),
            {"slot": slot.pk, "notes": "first visit"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert Appointment.objects.filter(person=person).count() == 0
    assert "first visit" in response.content.decode()


def test_cancelling_asks_for_confirmation_first(
    network: Network,
    person: Person,
    publish: Callable[..., Slot],
    book: Callable[..., Appointment],
    client: Client,
) -> None:
    appointment = book(person, publish())
    login(client, network.users["caseworker"])
    assert client.get(reverse("agenda:cancel", args=[appointment.pk])).status_code == 200
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED
    client.post(reverse("agenda:cancel", args=[appointment.pk]), {"reason": "moved to Madrid"})
    appointment.refresh_from_db()
    assert (appointment.status, appointment.cancel_reason) == (
        Appointment.Status.CANCELLED,
        "moved to Madrid",
    )


def test_a_bad_day_filter_shows_today_instead_of_failing(
    network: Network, client: Client, cai_office: object
) -> None:
    login(client, network.users["caseworker"])
    response = client.get(reverse("agenda:day"), {"office": "x", "date": "not a date"})
    assert response.status_code == 200


def test_the_weekly_slot_form_publishes_every_week(
    network: Network, cai_office: object, client: Client
) -> None:
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("agenda:slots"),
        {
            "office": cai_office.pk,  # type: ignore[attr-defined]
            "service_type": "housing",
            "day": "2031-03-03",
            "start": "09:00",
            "end": "10:00",
            "capacity": 2,
            "repeat_weeks": 4,
        },
    )
    assert response.status_code == 302
    assert Slot.objects.count() == 4

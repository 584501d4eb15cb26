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


def test_rescheduling_through_the_page_moves_to_the_chosen_slot(
    network: Network,
    person: Person,
    publish: Callable[..., Slot],
    book: Callable[..., Appointment],
    client: Client,
) -> None:
    old = book(person, publish(hour=9))
    later = publish(days=2)
    login(client, network.users["caseworker"])
    response = client.post(reverse("agenda:reschedule", args=[old.pk]), {"slot": later.pk, "reason": "asked"})
    new = Appointment.objects.get(slot=later)
    assert response["Location"] == reverse("agenda:appointment", args=[new.pk])
    assert new.rescheduled_from_id == old.pk


def test_the_queue_issues_calls_and_serves_tickets(
    network: Network, cai_office: object, client: Client
) -> None:
    from acollida.agenda.models import WalkInTicket

    office_id = cai_office.pk  # type: ignore[attr-defined]
    login(client, network.users["caseworker"])
    client.post(reverse("agenda:ticket_issue", args=[office_id]), {"service_type": "housing"})
    client.post(reverse("agenda:ticket_call", args=[office_id]), {"desk": "4"})
    ticket = WalkInTicket.objects.get()
    client.post(reverse("agenda:ticket_finish", args=[ticket.pk]), {"action": "served"})
    ticket.refresh_from_db()
    assert (ticket.number, ticket.desk, ticket.status) == (1, "4", WalkInTicket.Status.SERVED)


def test_the_feed_address_is_shown_once(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    made = client.post(reverse("agenda:feeds")).content.decode()
    again = client.get(reverse("agenda:feeds")).content.decode()
    assert "/calendar/" in made
    assert "/calendar/" not in again


def test_booking_is_in_the_write_trail_with_notes_masked(
    network: Network, person: Person, publish: Callable[..., Slot]
) -> None:
    from auditlog.models import LogEntry

    from acollida.agenda import services

    appointment = services.appointment_book(
        actor=network.users["caseworker"],
        person=person,
        booking=services.Booking(slot=publish()),
        notes="fled violence",
    )
    entry = LogEntry.objects.get_for_object(appointment).get()
    assert "fled violence" not in str(entry.changes)

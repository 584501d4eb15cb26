from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from acollida.agenda import selectors, services
from acollida.agenda.models import Appointment, Slot
from acollida.people.models import Person
from tests.agenda.conftest import register
from tests.conftest import Network, login

Publish = Callable[..., Slot]
Book = Callable[..., Appointment]


def test_another_organisation_cannot_see_appointments(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    book(person, publish())
    assert not Appointment.objects.visible_to(network.users["ngo_caseworker"]).exists()


def test_the_city_above_the_cai_sees_its_offices_appointments(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    from acollida.core.models import Membership, Role, User

    city_worker = User.objects.create_user(username="city_worker")
    Membership.objects.create(user=city_worker, organisation=network.city, role=Role.CASEWORKER)
    book(person, publish())
    assert Appointment.objects.visible_to(city_worker).count() == 1


def test_an_interpreter_sees_only_the_appointments_assigned_to_them(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    assigned = book(person, publish(hour=9))
    book(register(network, given="Omar"), publish(hour=11))
    services.interpreter_assign(
        actor=network.users["caseworker"], appointment=assigned, interpreter=network.users["interpreter"]
    )
    assert list(Appointment.objects.visible_to(network.users["interpreter"])) == [assigned]


def test_the_interpreter_page_shows_first_name_and_language_but_not_the_file(
    network: Network, publish: Publish, book: Book, person: Person, client: Client
) -> None:
    appointment = book(person, publish())
    services.interpreter_assign(
        actor=network.users["caseworker"], appointment=appointment, interpreter=network.users["interpreter"]
    )
    login(client, network.users["interpreter"])
    body = client.get(reverse("agenda:appointment", args=[appointment.pk])).content.decode()
    assert "Amina" in body
    assert "Diallo" not in body
    assert reverse("people:detail", args=[person.pk]) not in body


def test_a_protected_persons_appointment_reaches_only_their_named_staff(
    network: Network, publish: Publish, book: Book
) -> None:
    protected = register(network, protected=True)  # the registering caseworker is named staff
    book(protected, publish())
    assert Appointment.objects.visible_to(network.users["caseworker"]).count() == 1
    assert not Appointment.objects.visible_to(network.users["coordinator"]).exists()


def test_a_protected_persons_appointment_is_never_on_the_shared_day_list(
    network: Network, publish: Publish, book: Book
) -> None:
    protected = register(network, protected=True)
    appointment = book(protected, publish())
    day = selectors.DayFilter(office=appointment.office, day=appointment.starts_at.date())
    assert not selectors.day_appointments(network.users["caseworker"], day).exists()


def test_interpreters_needed_lists_upcoming_appointments_without_one(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    needing = book(person, publish(hour=9))
    assert list(selectors.interpreters_needed(network.users["caseworker"])) == [needing]
    services.interpreter_assign(
        actor=network.users["caseworker"], appointment=needing, interpreter=network.users["interpreter"]
    )
    assert not selectors.interpreters_needed(network.users["caseworker"]).exists()


def test_the_day_page_logs_who_read_each_person(
    network: Network, publish: Publish, book: Book, person: Person, client: Client
) -> None:
    from acollida.core.models import ReadLog

    appointment = book(person, publish())
    login(client, network.users["caseworker"])
    client.get(
        reverse("agenda:day"),
        {"office": appointment.office_id, "date": appointment.starts_at.astimezone().date().isoformat()},
    )
    assert ReadLog.objects.filter(record_type="person", record_id=str(person.pk)).exists()

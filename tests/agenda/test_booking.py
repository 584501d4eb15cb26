from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from acollida.agenda import services
from acollida.agenda.models import Appointment, ServiceType, Slot
from acollida.core.models import Office
from acollida.people.models import Person
from tests.agenda.conftest import at, register
from tests.conftest import Network

Publish = Callable[..., Slot]
Book = Callable[..., Appointment]


def test_booking_fills_a_slot_up_to_its_capacity(network: Network, publish: Publish, book: Book) -> None:
    slot = publish(capacity=2)
    book(register(network, given="Awa"), slot)
    book(register(network, given="Omar"), slot)
    with pytest.raises(ValidationError, match="full"):
        book(register(network, given="Lina"), slot)
    assert slot.appointments.count() == 2


def test_a_cancelled_booking_frees_its_place(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    slot = publish()
    first = book(person, slot)
    services.appointment_cancel(actor=network.users["caseworker"], appointment=first, reason="ill")
    book(register(network, given="Omar"), slot)
    assert slot.appointments.active().count() == 1


def test_a_person_cannot_be_booked_twice_at_overlapping_times(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    book(person, publish(hour=9))
    overlapping = services.Booking(
        office=Office.objects.get(),
        service_type=ServiceType.HOUSING,
        starts_at=at(1, 9, 30),
        ends_at=at(1, 10),
    )
    with pytest.raises(ValidationError, match="already has an appointment"):
        services.appointment_book(actor=network.users["caseworker"], person=person, booking=overlapping)


def test_back_to_back_appointments_are_allowed(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    book(person, publish(hour=9))
    later = services.Booking(
        office=Office.objects.get(),
        service_type=ServiceType.HOUSING,
        starts_at=at(1, 9, 45),
        ends_at=at(1, 10, 30),
    )
    services.appointment_book(actor=network.users["caseworker"], person=person, booking=later)
    assert person.appointments.count() == 2


def test_booking_prefills_the_language_that_needs_an_interpreter(
    publish: Publish, book: Book, person: Person
) -> None:
    assert book(person, publish()).interpreter_language == "wo"


def test_a_person_the_actor_cannot_open_cannot_be_booked(network: Network, publish: Publish) -> None:
    ngo_person = register(network, actor="ngo_caseworker")
    with pytest.raises(PermissionDenied):
        services.appointment_book(
            actor=network.users["caseworker"], person=ngo_person, booking=services.Booking(slot=publish())
        )


def test_reschedule_makes_a_new_appointment_and_cancels_the_old_one_with_a_link(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    old = book(person, publish(hour=9))
    new = services.appointment_reschedule(
        actor=network.users["caseworker"], appointment=old, booking=services.Booking(slot=publish(days=2))
    )
    old.refresh_from_db()
    assert old.status == Appointment.Status.CANCELLED
    assert new.rescheduled_from == old
    assert new.status == Appointment.Status.BOOKED
    assert new.interpreter_language == old.interpreter_language


def test_a_failed_reschedule_leaves_the_old_appointment_booked(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    full = publish(days=2)
    book(register(network, given="Omar"), full)
    old = book(person, publish(hour=9))
    with pytest.raises(ValidationError):
        services.appointment_reschedule(
            actor=network.users["caseworker"], appointment=old, booking=services.Booking(slot=full)
        )
    old.refresh_from_db()
    assert old.status == Appointment.Status.BOOKED


def test_cancelling_needs_a_reason(network: Network, publish: Publish, book: Book, person: Person) -> None:
    appointment = book(person, publish())
    with pytest.raises(ValidationError):
        services.appointment_cancel(actor=network.users["caseworker"], appointment=appointment, reason="  ")


def test_attendance_cannot_be_recorded_before_the_start(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    appointment = book(person, publish(hour=9))
    with pytest.raises(ValidationError, match="once the appointment has begun"):
        services.appointment_mark(
            actor=network.users["caseworker"], appointment=appointment, status=Appointment.Status.ATTENDED
        )


def test_attendance_and_no_show_are_recorded_once_the_start_has_passed(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    appointment = book(person, publish(hour=9))
    with time_machine.travel(appointment.starts_at + timedelta(minutes=5)):
        marked = services.appointment_mark(
            actor=network.users["caseworker"], appointment=appointment, status=Appointment.Status.NO_SHOW
        )
    assert marked.status == Appointment.Status.NO_SHOW


def test_weekly_repeat_publishes_one_slot_per_week_at_the_same_local_time(
    network: Network, cai_office: Office
) -> None:
    slots = services.slot_publish(
        actor=network.users["coordinator"],
        office=cai_office,
        service_type=ServiceType.FIRST_RECEPTION,
        starts_at=at(1, 9),
        ends_at=at(1, 10),
        repeat_weeks=10,
    )
    assert len(slots) == 10
    from django.utils import timezone

    assert {timezone.localtime(s.starts_at).hour for s in slots} == {9}
    assert (slots[1].starts_at.date() - slots[0].starts_at.date()).days == 7


def test_only_coordinators_publish_slots(network: Network, cai_office: Office) -> None:
    with pytest.raises(PermissionDenied):
        services.slot_publish(
            actor=network.users["caseworker"],
            office=cai_office,
            service_type=ServiceType.FIRST_RECEPTION,
            starts_at=at(1, 9),
            ends_at=at(1, 10),
        )


def test_interpreter_assignment_needs_an_interpreter(
    network: Network, publish: Publish, book: Book, person: Person
) -> None:
    appointment = book(person, publish())
    with pytest.raises(ValidationError):
        services.interpreter_assign(
            actor=network.users["caseworker"], appointment=appointment, interpreter=network.users["volunteer"]
        )
    assigned = services.interpreter_assign(
        actor=network.users["caseworker"], appointment=appointment, interpreter=network.users["interpreter"]
    )
    assert assigned.interpreter == network.users["interpreter"]

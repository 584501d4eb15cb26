"""Agenda fixtures: an office at the CAI and one at CEAR, persons registered through the real service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from acollida.agenda import services
from acollida.agenda.models import Appointment, ServiceType, Slot
from acollida.core.models import Office, User
from acollida.people.models import Person
from acollida.people.services import PersonData, person_register
from tests.conftest import Network


@pytest.fixture
def cai_office(network: Network) -> Office:
    return Office.objects.create(organisation=network.cai, name="CAI entry point", street="Carrer Azzati 6")


@pytest.fixture
def cear_office(network: Network) -> Office:
    return Office.objects.create(organisation=network.cear, name="CEAR Valencia", street="Carrer X 1")


def register(
    network: Network,
    *,
    given: str = "Amina",
    family: str = "Diallo",
    actor: str = "caseworker",
    languages: list[tuple[str, str, bool]] | None = None,
    email: str = "",
    protected: bool = False,
) -> Person:
    user = network.users[actor]
    organisation = user.memberships.first().organisation  # type: ignore[union-attr]
    return person_register(
        actor=user,
        organisation=organisation,
        data=PersonData(
            given_name=given,
            family_name=family,
            languages=languages or [],
            email=email,
            is_protected=protected,
        ),
        candidates_seen=0,
    )


@pytest.fixture
def person(network: Network) -> Person:
    return register(network, languages=[("fr", "fluent", False), ("wo", "native", True)])


def at(days: int, hour: int, minute: int = 0) -> datetime:
    """A local time ``days`` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def publish(network: Network, cai_office: Office) -> Callable[..., Slot]:
    def make(days: int = 1, hour: int = 9, capacity: int = 1, staff: User | None = None) -> Slot:
        return services.slot_publish(
            actor=network.users["coordinator"],
            office=cai_office,
            service_type=ServiceType.LEGAL_ADVICE,
            starts_at=at(days, hour),
            ends_at=at(days, hour, 45),
            capacity=capacity,
            staff=staff,
        )[0]

    return make


@pytest.fixture
def book(network: Network) -> Callable[..., Appointment]:
    def make(person: Person, slot: Slot, actor: str = "caseworker") -> Appointment:
        return services.appointment_book(
            actor=network.users[actor], person=person, booking=services.Booking(slot=slot)
        )

    return make

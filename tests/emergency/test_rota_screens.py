"""The rota screens: plan, adjust with conflict checks, confirm; my shifts and check-in."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.emergency import services as emergency
from acollida.emergency import services_rota as services
from acollida.emergency.models import Operation, Shift, ShiftAssignment, Volunteer
from tests.conftest import Network, login
from tests.emergency.helpers import declare

pytestmark = pytest.mark.django_db


def _interpreter(network: Network, name: str = "Amal", languages: str = "ar native") -> Volunteer:
    now = timezone.now()
    volunteer = services.volunteer_self_register(
        name=name,
        email=f"{name.lower()}@example.org",
        phone="",
        organisation=network.cear,
        languages=services.parse_languages(languages),
        skills=[],
        windows=[[now.isoformat(), (now + timedelta(days=2)).isoformat()]],
    )
    return services.volunteer_decide(actor=network.users["coordinator"], volunteer=volunteer, approve=True)


def _shift(network: Network, operation: Operation, start: int, end: int, needs: dict[str, int]) -> Shift:
    site = emergency.site_create(
        actor=network.users["coordinator"], operation=operation, name=f"Site {start}", kind="triage"
    )
    now = timezone.now()
    return services.shift_create(
        actor=network.users["coordinator"],
        site=site,
        starts_at=now + timedelta(hours=start),
        ends_at=now + timedelta(hours=end),
        language_needs=needs,
    )


def _url(name: str, **kwargs: object) -> str:
    with translation.override("en"):
        return reverse(name, kwargs=kwargs)


def test_planned_proposal_shows_uncovered_languages_and_saves_nothing(
    client: Client, network: Network
) -> None:
    operation = declare(network)
    _shift(network, operation, 1, 5, {"ar": 1, "ti": 1})
    _interpreter(network)
    login(client, network.users["coordinator"])
    client.post(_url("emergency:rota_plan", slug=operation.slug))
    with translation.override("en"):
        html = client.get(_url("emergency:rota", slug=operation.slug)).content.decode()
    assert "This is a proposal" in html
    assert "ti 1" in html
    assert not ShiftAssignment.objects.exists()


def test_confirming_the_proposal_writes_the_assignments(client: Client, network: Network) -> None:
    operation = declare(network)
    shift = _shift(network, operation, 1, 5, {"ar": 1})
    volunteer = _interpreter(network)
    login(client, network.users["coordinator"])
    client.post(_url("emergency:rota_plan", slug=operation.slug))
    client.post(_url("emergency:rota_confirm", slug=operation.slug))
    assert ShiftAssignment.objects.get().volunteer == volunteer
    assert ShiftAssignment.objects.get().shift == shift


def test_adding_an_overlapping_shift_by_hand_is_refused(client: Client, network: Network) -> None:
    operation = declare(network)
    first = _shift(network, operation, 1, 5, {"ar": 1})
    second = _shift(network, operation, 3, 7, {"ar": 1})
    volunteer = _interpreter(network)
    login(client, network.users["coordinator"])
    data = {"volunteer": volunteer.pk, "language": "ar"}
    client.post(_url("emergency:rota_add", slug=operation.slug), {**data, "shift": first.pk})
    with translation.override("en"):
        response = client.post(_url("emergency:rota_add", slug=operation.slug), {**data, "shift": second.pk})
    assert response.status_code == 200
    assert "already has a shift at that time" in response.content.decode()


def test_volunteer_sees_and_checks_in_to_own_shift(client: Client, network: Network) -> None:
    operation = declare(network)
    _shift(network, operation, 1, 5, {"ar": 1})
    volunteer = _interpreter(network)
    volunteer.user = network.users["interpreter"]
    volunteer.save()
    services.rota_confirm(
        actor=network.users["coordinator"],
        operation=operation,
        slots=list(
            services.rota_propose(actor=network.users["coordinator"], operation=operation).assignments
        ),
    )
    assignment = ShiftAssignment.objects.get()
    login(client, network.users["interpreter"])
    assert "Site 1" in client.get(_url("emergency:my_shifts")).content.decode()
    client.post(_url("emergency:shift_check", pk=assignment.pk, action="in"))
    assignment.refresh_from_db()
    assert assignment.checked_in_at is not None

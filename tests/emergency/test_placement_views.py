"""The emergency places screens: review the plan, accept it, bad input loses nothing."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.core.models import ReadLog
from acollida.emergency.models import Arrival
from tests.conftest import Network, login
from tests.emergency.helpers import declare, register
from tests.emergency.test_placement import hall
from tests.housing.factories import unit_with_places


def test_the_plan_shows_the_family_in_its_place_and_logs_the_read(client: Client, network: Network) -> None:
    operation = declare(network)
    register(network, operation, "F1", group_id="G1", age_estimate=30, sex="F")
    register(network, operation, "F2", group_id="G1", age_estimate=5, sex="M")
    place = hall(network)
    unit_with_places(network, place, name="Section A", places=4)
    login(client, network.users["coordinator"])
    with translation.override("en"):
        response = client.get(
            reverse("emergency:placement", args=[operation.slug]), {"accommodation": place.pk}
        )
    assert response.status_code == 200
    assert "2 of 2 people get a place" in response.content.decode().replace('<span dir="ltr">', "").replace(
        "</span>", ""
    )
    assert ReadLog.objects.filter(record_type="emergency_arrival").count() == 2


def test_accepting_places_everyone_and_goes_to_the_board(client: Client, network: Network) -> None:
    operation = declare(network)
    register(network, operation, "S1", age_estimate=30, sex="M")
    place = hall(network)
    unit_with_places(network, place, places=2)
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("emergency:placement_accept", args=[operation.slug]), {"accommodation": place.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("emergency:board", args=[operation.slug])
    assert Arrival.objects.get().status == Arrival.Status.PLACED


def test_accepting_without_capacity_says_so_and_places_nobody(client: Client, network: Network) -> None:
    operation = declare(network)
    register(network, operation, "S1", age_estimate=30, sex="M")
    login(client, network.users["coordinator"])
    with translation.override("en"):
        response = client.post(
            reverse("emergency:placement_accept", args=[operation.slug]),
            {"accommodation": "nonsense"},
            follow=True,
        )
    assert "Choose at least one accommodation" in response.content.decode()
    assert Arrival.objects.get().status == Arrival.Status.REGISTERED

"""The demo loader gives demo people open cases, readable through the real screens."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from acollida.cases.demo import load_demo_cases
from acollida.cases.models import Case
from tests.cases.conftest import register
from tests.conftest import Network, login


def test_demo_cases_open_for_demo_people_once(network: Network, client: Client) -> None:
    for _index in range(4):
        register(network)
    assert load_demo_cases(count=3) == 3
    assert load_demo_cases(count=3) == 0
    case = Case.objects.get(person__isnull=False, pk=Case.objects.order_by("pk").values("pk")[:1])
    assert case.needs.exists() and case.timeline.exists() and case.goals.exists()
    login(client, network.users["coordinator"])  # the CAI's coordinator sees normal and restricted cases
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200

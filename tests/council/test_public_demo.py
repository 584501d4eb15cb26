"""The demo council loads, is shaped like Valencia's and shows its representation gap publicly."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.council import demo, services_advice
from acollida.council.models import Body, Seat


@pytest.fixture
def council(db: None) -> Body:
    demo.load_demo(io.StringIO())
    return Body.objects.get(slug=demo.SLUG)


def test_the_demo_council_has_81_voting_seats_and_two_observers(council: Body) -> None:
    assert Seat.objects.filter(body=council, category__has_vote=True).count() == 81
    assert Seat.objects.filter(body=council, category__has_vote=False).count() == 2


def test_loading_the_demo_twice_adds_nothing(council: Body) -> None:
    demo.load_demo(io.StringIO())
    assert Seat.objects.filter(body=council).count() == 83


def test_the_demo_shows_ngos_over_represented(client: Client, council: Body) -> None:
    with translation.override("en"):
        response = client.get(reverse("council_public:composition", args=[council.slug]))
    rows = {row.category.code: row.share for row in response.context["composition"].rows}
    assert rows["ngos"].ratio > 1
    assert rows["migrant_associations"].ratio < 1


def test_the_demo_has_overdue_answers(council: Body) -> None:
    assert services_advice.accountability(council)["overdue"] >= 1

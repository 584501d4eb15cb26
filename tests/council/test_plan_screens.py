"""The secretary's plan screens: creating and editing a process, its sections with translations,
reordering them, and opening or closing the process."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.council import services_plan
from acollida.council.models import Body, PlanProcess, PlanProcessStatus, PlanSection
from tests.conftest import Network, login


@pytest.fixture
def body(db: None) -> Body:
    return Body.objects.create(slug="council", name="Local Council on Immigration")


@pytest.fixture
def process(network: Network, body: Body) -> PlanProcess:
    return services_plan.plan_process_save(
        actor=network.users["council_secretary"],
        body=body,
        slug="plan-2026",
        title="Pla municipal",
        opens_on=None,
        closes_on=None,
    )


def _section(network: Network, process: PlanProcess, title: str) -> PlanSection:
    return services_plan.plan_section_save(
        actor=network.users["council_secretary"], process=process, title=title, text="x"
    )


def test_the_secretary_creates_a_process_with_a_translated_title(
    network: Network, client: Client, body: Body
) -> None:
    login(client, network.users["council_secretary"])
    response = client.post(
        reverse("council_advice:plan_create", args=["council"]),
        {"title": "Pla municipal", "slug": "pla", "title_ar": "الخطة البلدية", "opens_on": "2026-01-10"},
    )
    assert response.status_code == 302
    created = PlanProcess.objects.get(slug="pla")
    assert created.title_i18n == {"ar": "الخطة البلدية"}


def test_a_process_closing_before_it_opens_is_refused_and_keeps_what_was_typed(
    network: Network, client: Client, body: Body
) -> None:
    login(client, network.users["council_secretary"])
    with translation.override("en"):
        response = client.post(
            reverse("council_advice:plan_create", args=["council"]),
            {"title": "Pla municipal", "slug": "pla", "opens_on": "2026-02-01", "closes_on": "2026-01-01"},
        )
    content = response.content.decode()
    assert "The process cannot close before it opens." in content
    assert "Pla municipal" in content
    assert not PlanProcess.objects.filter(slug="pla").exists()


def test_editing_a_process_changes_its_dates(network: Network, client: Client, process: PlanProcess) -> None:
    login(client, network.users["council_secretary"])
    client.post(
        reverse("council_advice:plan_edit", args=[process.pk]),
        {"title": "Pla municipal", "slug": "plan-2026", "closes_on": "2026-12-31"},
    )
    process.refresh_from_db()
    assert str(process.closes_on) == "2026-12-31"


def test_a_new_section_goes_at_the_end_with_its_translations(
    network: Network, client: Client, process: PlanProcess
) -> None:
    _section(network, process, "First")
    login(client, network.users["council_secretary"])
    client.post(
        reverse("council_advice:plan_section_create", args=[process.pk]),
        {"title": "Habitatge", "text": "Text", "title_es": "Vivienda", "text_es": "Texto"},
    )
    section = PlanSection.objects.get(title="Habitatge")
    assert section.order == 2
    assert (section.title_i18n, section.text_i18n) == ({"es": "Vivienda"}, {"es": "Texto"})


def test_moving_a_section_up_swaps_it_with_the_one_above(
    network: Network, client: Client, process: PlanProcess
) -> None:
    first = _section(network, process, "First")
    second = _section(network, process, "Second")
    login(client, network.users["council_secretary"])
    client.post(reverse("council_advice:plan_section_move", args=[second.pk]), {"direction": "up"})
    titles = list(process.sections.order_by("order").values_list("title", flat=True))
    assert titles == ["Second", "First"]
    first.refresh_from_db()
    assert first.order == 2


def test_closing_asks_for_confirmation_first(network: Network, client: Client, process: PlanProcess) -> None:
    login(client, network.users["council_secretary"])
    with translation.override("en"):
        response = client.get(reverse("council_advice:plan_status", args=[process.pk]))
    assert "Close the process" in response.content.decode()
    process.refresh_from_db()
    assert process.status == PlanProcessStatus.OPEN


def test_closing_and_opening_the_process(network: Network, client: Client, process: PlanProcess) -> None:
    login(client, network.users["council_secretary"])
    url = reverse("council_advice:plan_status", args=[process.pk])
    client.post(url, {"status": "closed"})
    process.refresh_from_db()
    assert process.status == PlanProcessStatus.CLOSED
    client.post(url, {"status": "open"})
    process.refresh_from_db()
    assert process.status == PlanProcessStatus.OPEN


def test_an_unknown_status_changes_nothing(network: Network, client: Client, process: PlanProcess) -> None:
    login(client, network.users["council_secretary"])
    response = client.post(reverse("council_advice:plan_status", args=[process.pk]), {"status": "bogus"})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.status == PlanProcessStatus.OPEN


def test_the_list_says_when_there_is_no_process(network: Network, client: Client, body: Body) -> None:
    login(client, network.users["council_secretary"])
    with translation.override("en"):
        response = client.get(reverse("council_advice:plan_list", args=["council"]))
    assert "This body has no plan process yet." in response.content.decode()

"""Pathway screens: the case page section, recording steps, my deadlines with the navigation badge,
and the templates coordinators keep."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.cases.models import Case, CasePathway, CasePathwayStep, PathwayTemplate
from acollida.cases.services_pathways import pathway_start, pathway_templates_load, template_copy
from acollida.core.models import ReadLog
from tests.conftest import Network, login

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture
def padron(network: Network) -> PathwayTemplate:
    pathway_templates_load(language="en")
    return PathwayTemplate.objects.get(code="padron", organisation__isnull=True)


def _start(network: Network, case: Case, template: PathwayTemplate, started_on: date = TODAY) -> CasePathway:
    return pathway_start(
        actor=network.users["caseworker"], case=case, template=template, started_on=started_on
    )


@time_machine.travel(TODAY, tick=False)
def test_the_case_page_shows_done_next_and_overdue_in_words(
    network: Network, client: Client, case: Case, padron: PathwayTemplate
) -> None:
    pathway = _start(network, case, padron, started_on=date(2026, 2, 1))  # first step was due 8 February
    login(client, network.users["caseworker"])
    with translation.override("en"):
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Padrón registration" in page
    assert "OVERDUE: 1 step is past its date" in page
    assert 'class="badge danger"' in page
    step = pathway.steps.get(order=1)
    client.post(
        reverse("cases:pathway_step", args=[case.pk, step.pk]), {"done_on": "2026-03-01", "note": "Ok"}
    )
    with translation.override("en"):
        page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "OVERDUE" not in page
    assert "✓" in page and "Done" in page
    assert "Next" in page


@time_machine.travel(TODAY, tick=False)
def test_starting_a_pathway_from_the_case_page(
    network: Network, client: Client, case: Case, padron: PathwayTemplate
) -> None:
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("cases:pathway_start", args=[case.pk]),
        {"pathway-template": padron.pk, "pathway-started_on": "2026-03-01"},
    )
    assert response.status_code == 302
    pathway = case.pathways.get()
    assert pathway.steps.get(order=1).due_on == date(2026, 3, 8)


@time_machine.travel(TODAY, tick=False)
def test_a_renewal_without_the_expiry_date_is_refused_with_the_reason(
    network: Network, client: Client, case: Case, padron: PathwayTemplate
) -> None:
    renewal = PathwayTemplate.objects.get(code="padron-renewal")
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("cases:pathway_start", args=[case.pk]), {"pathway-template": renewal.pk}
        )
    assert response.status_code == 200
    assert "enter the date" in response.content.decode()
    assert not case.pathways.exists()


@time_machine.travel(TODAY, tick=False)
def test_a_step_done_in_the_future_is_refused_and_kept_to_do(
    network: Network, client: Client, case: Case, padron: PathwayTemplate
) -> None:
    step = _start(network, case, padron).steps.get(order=1)
    login(client, network.users["caseworker"])
    response = client.post(reverse("cases:pathway_step", args=[case.pk, step.pk]), {"done_on": "2026-04-01"})
    assert response.status_code == 200
    step.refresh_from_db()
    assert step.status == CasePathwayStep.Status.PENDING


@time_machine.travel(TODAY, tick=False)
def test_abandoning_needs_the_confirmation(
    network: Network, client: Client, case: Case, padron: PathwayTemplate
) -> None:
    pathway = _start(network, case, padron)
    login(client, network.users["caseworker"])
    assert client.get(reverse("cases:pathway_abandon", args=[case.pk, pathway.pk])).status_code == 200
    pathway.refresh_from_db()
    assert pathway.status == CasePathway.Status.ACTIVE
    client.post(reverse("cases:pathway_abandon", args=[case.pk, pathway.pk]))
    pathway.refresh_from_db()
    assert pathway.status == CasePathway.Status.ABANDONED


@time_machine.travel(TODAY, tick=False)
def test_my_deadlines_groups_overdue_and_this_week_and_logs_the_persons_read(
    network: Network, client: Client, case: Case, padron: PathwayTemplate
) -> None:
    _start(network, case, padron, started_on=date(2026, 2, 1))
    nationality = PathwayTemplate.objects.get(code="nationality-residence")
    _start(network, case, nationality, started_on=date(2026, 2, 28))  # first step due 14 March
    login(client, network.users["caseworker"])
    with translation.override("en"):
        page = client.get(reverse("cases:deadlines")).content.decode().split("<tbody>")[1]
    assert page.index("OVERDUE") < page.index("Gather proof of identity") < page.index("Later")
    assert page.index("Later") < page.index("Check the years of legal")
    assert ReadLog.objects.filter(record_type="person", record_id=str(case.person_id)).exists()


@time_machine.travel(TODAY, tick=False)
def test_the_navigation_shows_the_overdue_count(
    network: Network, client: Client, case: Case, padron: PathwayTemplate
) -> None:
    _start(network, case, padron, started_on=date(2026, 2, 1))
    login(client, network.users["caseworker"])
    with translation.override("en"):
        page = client.get(reverse("cases:mine")).content.decode()
    assert '<span class="visually-hidden">overdue:</span> 1</span>' in page


@time_machine.travel(TODAY, tick=False)
def test_deadlines_are_empty_for_another_organisation(
    network: Network, client: Client, case: Case, padron: PathwayTemplate
) -> None:
    _start(network, case, padron, started_on=date(2026, 2, 1))
    login(client, network.users["ngo_caseworker"])
    with translation.override("en"):
        page = client.get(reverse("cases:deadlines"), {"scope": "all"}).content.decode()
    assert "No deadlines here." in page
    assert "Gather proof" not in page


def test_another_organisation_cannot_record_a_step(
    network: Network, client: Client, case: Case, padron: PathwayTemplate
) -> None:
    step = _start(network, case, padron).steps.get(order=1)
    login(client, network.users["ngo_caseworker"])
    response = client.post(reverse("cases:pathway_step", args=[case.pk, step.pk]), {})
    assert response.status_code == 404
    step.refresh_from_db()
    assert step.status == CasePathwayStep.Status.PENDING


def test_a_coordinator_copies_edits_and_removes_a_step_after_confirming(
    network: Network, client: Client, padron: PathwayTemplate
) -> None:
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("cases:pathway_template_copy", args=[padron.pk]), {"organisation": network.cai.pk}
    )
    copy = PathwayTemplate.objects.get(organisation=network.cai, code="padron")
    assert response.url == reverse("cases:pathway_template", args=[copy.pk])
    step = copy.steps.get(order=1)
    response = client.post(
        reverse("cases:pathway_template_step", args=[copy.pk, step.pk]),
        {
            "step-name": "Bring the rental contract",
            "step-deadline_anchor": "start",
            "step-deadline_days": "3",
            "step-remind_days_before": "1",
        },
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.name, step.deadline_days) == ("Bring the rental contract", 3)
    remove = reverse("cases:pathway_template_step_remove", args=[copy.pk, step.pk])
    assert client.get(remove).status_code == 200
    assert copy.steps.count() == 3
    client.post(remove)
    assert copy.steps.count() == 2


def test_a_network_template_cannot_be_edited_by_a_coordinator(
    network: Network, client: Client, padron: PathwayTemplate
) -> None:
    login(client, network.users["coordinator"])
    response = client.post(reverse("cases:pathway_template", args=[padron.pk]), {"name": "Changed"})
    assert response.status_code == 403
    assert PathwayTemplate.objects.get(pk=padron.pk).name != "Changed"


def test_a_caseworker_reads_templates_but_cannot_copy(
    network: Network, client: Client, padron: PathwayTemplate
) -> None:
    login(client, network.users["caseworker"])
    assert client.get(reverse("cases:pathway_templates")).status_code == 200
    assert client.get(reverse("cases:pathway_template", args=[padron.pk])).status_code == 200
    response = client.post(
        reverse("cases:pathway_template_copy", args=[padron.pk]), {"organisation": network.cai.pk}
    )
    assert response.status_code == 403


def test_another_organisations_template_is_hidden(
    network: Network, client: Client, padron: PathwayTemplate
) -> None:
    copy = template_copy(actor=network.users["coordinator"], template=padron, organisation=network.cai)
    login(client, network.users["ngo_caseworker"])
    assert client.get(reverse("cases:pathway_template", args=[copy.pk])).status_code == 404


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@time_machine.travel(TODAY, tick=False)
def test_the_deadlines_page_and_the_case_section_read_in_a_fixed_number_of_queries(
    network: Network, client: Client, case: Case, padron: PathwayTemplate
) -> None:
    from tests.cases.conftest import open_case

    login(client, network.users["caseworker"])
    _start(network, case, padron, started_on=date(2026, 2, 1))
    _queries(client, reverse("cases:deadlines"))  # warm the session and the navigation's counts
    deadlines_before = _queries(client, reverse("cases:deadlines"))
    case_before = _queries(client, reverse("cases:detail", args=[case.pk]))
    for _index in range(3):
        _start(network, open_case(network), padron, started_on=date(2026, 2, 1))
        _start(network, case, padron, started_on=date(2026, 2, 2))
    assert _queries(client, reverse("cases:deadlines")) == deadlines_before
    assert _queries(client, reverse("cases:detail", args=[case.pk])) == case_before

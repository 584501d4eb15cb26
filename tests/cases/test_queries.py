"""No N+1: the case page and My cases take as many queries for 30 rows as for one."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from acollida.cases.models import Case, Need, PathwayTemplate
from acollida.cases.services import goal_add, need_add, timeline_add
from acollida.cases.services_pathways import pathway_start, pathway_templates_load
from acollida.cases.services_referrals import consent_record, referral_send, referral_withdraw
from tests.cases.conftest import open_case
from tests.cases.test_documents import upload
from tests.conftest import Network, login


def _queries(client: Client, path: str, params: dict[str, str] | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


def _fill(network: Network, case: Case, count: int) -> None:
    actor = network.users["caseworker"]
    for index in range(count):
        need = need_add(actor=actor, case=case, area=Need.Area.values[index % 9])
        goal_add(actor=actor, case=case, description=f"Goal {index}", need=need)
        timeline_add(
            actor=actor, case=case, kind="service", service_type="legal_advice", text=f"Advice {index}"
        )
        timeline_add(
            actor=actor, case=case, kind="note", text=f"Note {index}", is_special_category=index % 2 == 0
        )


def test_case_page_queries_do_not_grow_with_entries(network: Network, client: Client) -> None:
    small, large = open_case(network), open_case(network)
    _fill(network, small, 1)
    _fill(network, large, 30)
    login(client, network.users["caseworker"])
    _queries(client, reverse("cases:detail", args=[small.pk]))  # warm the session and caches
    assert _queries(client, reverse("cases:detail", args=[small.pk])) == _queries(
        client, reverse("cases:detail", args=[large.pk])
    )


def test_my_cases_queries_do_not_grow_with_cases(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    open_case(network)
    _queries(client, reverse("cases:mine"))
    one = _queries(client, reverse("cases:mine"))
    for _index in range(29):
        case = open_case(network)
        goal_add(actor=network.users["caseworker"], case=case, description="Padrón")
    assert _queries(client, reverse("cases:mine")) == one
    assert _queries(client, reverse("cases:mine"), {"tab": "due"}) <= one
    assert _queries(client, reverse("cases:mine"), {"tab": "waiting"}) <= one


def test_team_page_queries_do_not_grow_with_cases(network: Network, client: Client) -> None:
    login(client, network.users["coordinator"])
    open_case(network)
    member = {"member": str(network.users["caseworker"].pk)}
    _queries(client, reverse("cases:team"), member)
    one = _queries(client, reverse("cases:team"), member)
    for _index in range(29):
        open_case(network)
    assert _queries(client, reverse("cases:team"), member) == one


def _fill_sections(network: Network, case: Case, count: int) -> None:
    """``count`` documents, pathways, consents and referrals (each on its consent; all but the
    last one to each organisation withdrawn, as one is active at a time) on the case."""
    actor = network.users["caseworker"]
    template = PathwayTemplate.objects.get(code="padron", organisation__isnull=True)
    for index in range(count):
        upload(network, case, title=f"Document {index}", is_special_category=index % 2 == 0)
        pathway_start(actor=actor, case=case, template=template)
        consent = consent_record(actor=actor, case=case, purposes=["referral"], method="spoken")
        referral = referral_send(
            actor=actor,
            case=case,
            to_organisation=network.cear if index % 2 else network.accem,
            service=f"Service {index}",
            purpose="Follow-up",
            sections=["needs", "documents", "pathways"],
            expires_on=timezone.localdate() + timedelta(days=30),
            consent=consent,
        )
        if index < count - 2:
            referral_withdraw(actor=actor, referral=referral)


def test_case_page_with_every_section_takes_as_many_queries_for_twenty_as_for_one(
    network: Network, client: Client, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    pathway_templates_load(language="en")
    small, large = open_case(network), open_case(network)
    _fill(network, small, 1)
    _fill(network, large, 20)
    _fill_sections(network, small, 1)
    _fill_sections(network, large, 20)
    login(client, network.users["caseworker"])
    _queries(client, reverse("cases:detail", args=[small.pk]))  # warm the session and caches
    one = _queries(client, reverse("cases:detail", args=[small.pk]))
    body = client.get(reverse("cases:detail", args=[large.pk])).content.decode()
    assert "Document 19" in body and "Service 19" in body  # every section is on the page
    assert _queries(client, reverse("cases:detail", args=[large.pk])) == one

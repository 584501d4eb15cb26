"""The navigation's counts (access requests, overdue deadlines, referrals waiting) are counted
once and kept a short while per user (``acollida.core.badges``), not on every page."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from acollida.cases.models import Case, Referral
from acollida.cases.services_referrals import consent_record, referral_send
from acollida.core.badges import BADGE_SECONDS
from tests.cases.conftest import open_case
from tests.conftest import Network, login


def _refer(network: Network, case: Case) -> Referral:
    consent = consent_record(
        actor=network.users["caseworker"], case=case, purposes=["referral"], method="spoken"
    )
    return referral_send(
        actor=network.users["caseworker"],
        case=case,
        to_organisation=network.cear,
        service="Legal advice",
        purpose="Asylum interview",
        sections=["needs"],
        expires_on=timezone.localdate() + timedelta(days=30),
        consent=consent,
    )


def _waiting(client: Client) -> str:
    with translation.override("en"):
        body = client.get(reverse("core:home")).content.decode()
    link = reverse("cases:referrals")
    return body.split(f'href="{link}"')[1].split("</a>")[0]


def test_the_count_is_kept_a_short_while_then_counted_again(network: Network, client: Client) -> None:
    _refer(network, open_case(network))
    login(client, network.users["ngo_caseworker"])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert "waiting:</span> 1<" in _waiting(client)
        _refer(network, open_case(network))
        assert "waiting:</span> 1<" in _waiting(client)
    with time_machine.travel(start + timedelta(seconds=BADGE_SECONDS + 1), tick=False):
        assert "waiting:</span> 2<" in _waiting(client)


def test_a_second_page_counts_nothing_again(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    client.get(reverse("core:home"))
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("core:home"))
    counted = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    assert counted == []


def test_the_count_is_kept_for_its_user_only(network: Network, client: Client) -> None:
    _refer(network, open_case(network))
    login(client, network.users["ngo_caseworker"])
    assert "waiting:</span> 1<" in _waiting(client)
    login(client, network.users["caseworker"])
    assert "waiting:" not in _waiting(client)

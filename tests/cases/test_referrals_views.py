"""Referral, consent and transfer screens, and what the case page shows a receiver."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.cases.models import Case, Consent, Referral
from acollida.cases.selectors_referrals import referral_dashboard
from acollida.cases.services import need_add, timeline_add
from acollida.cases.services_referrals import consent_record, referral_accept, referral_send
from acollida.core.models import ReadLog
from tests.conftest import Network, login


def _consent(network: Network, case: Case) -> Consent:
    return consent_record(
        actor=network.users["caseworker"], case=case, purposes=["referral"], method="spoken"
    )


def _refer(network: Network, case: Case, sections: list[str], **kwargs: object) -> Referral:
    return referral_send(
        actor=network.users["caseworker"],
        case=case,
        to_organisation=network.cear,
        service="Legal advice",
        purpose="Asylum interview",
        sections=sections,
        expires_on=timezone.localdate() + timedelta(days=30),
        consent=_consent(network, case),
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.fixture
def filled_case(case: Case, network: Network) -> Case:
    need_add(actor=network.users["caseworker"], case=case, area="housing", description="NEED-MARKER")
    timeline_add(actor=network.users["caseworker"], case=case, kind="note", text="TIMELINE-MARKER")
    return case


def test_receiver_case_page_shows_only_shared_sections(
    client: Client, network: Network, filled_case: Case
) -> None:
    referral = _refer(network, filled_case, ["needs"])
    referral_accept(actor=network.users["ngo_caseworker"], referral=referral)
    login(client, network.users["ngo_caseworker"])
    response = client.get(reverse("cases:detail", args=[filled_case.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "NEED-MARKER" in body
    assert "TIMELINE-MARKER" not in body
    assert "Diallo" not in body  # identity not shared


def test_receiver_without_identity_is_not_logged_as_reading_the_person(
    client: Client, network: Network, filled_case: Case
) -> None:
    referral = _refer(network, filled_case, ["needs"])
    referral_accept(actor=network.users["ngo_caseworker"], referral=referral)
    login(client, network.users["ngo_caseworker"])
    client.get(reverse("cases:detail", args=[filled_case.pk]))
    reads = ReadLog.objects.filter(user=network.users["ngo_caseworker"])
    assert reads.filter(record_type="case").exists()
    assert not reads.filter(record_type="person").exists()


def test_receiver_cannot_open_the_case_before_accepting(client: Client, network: Network, case: Case) -> None:
    referral = _refer(network, case, ["needs"])
    login(client, network.users["ngo_caseworker"])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert client.get(reverse("cases:referral_detail", args=[referral.pk])).status_code == 200


def test_receiver_accepts_on_the_referral_page(client: Client, network: Network, case: Case) -> None:
    referral = _refer(network, case, ["needs"])
    login(client, network.users["ngo_caseworker"])
    response = client.post(reverse("cases:referral_detail", args=[referral.pk]), {"action": "accept"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED


def test_decline_without_reason_keeps_the_form_with_an_error(
    client: Client, network: Network, case: Case
) -> None:
    referral = _refer(network, case, ["needs"])
    login(client, network.users["ngo_caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("cases:referral_detail", args=[referral.pk]), {"action": "decline", "reason": ""}
        )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT


def test_sender_cannot_answer_their_own_referral(client: Client, network: Network, case: Case) -> None:
    referral = _refer(network, case, ["needs"])
    login(client, network.users["caseworker"])
    response = client.post(reverse("cases:referral_detail", args=[referral.pk]), {"action": "accept"})
    assert response.status_code == 403


def test_refer_page_sends_a_referral_on_consent(client: Client, network: Network, case: Case) -> None:
    consent = _consent(network, case)
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("cases:referral_create", args=[case.pk]),
        {
            "to_organisation": network.cear.pk,
            "service": "Housing",
            "purpose": "Shelter place",
            "sections": ["needs", "plan"],
            "expires_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
            "consent": consent.pk,
        },
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.sections == ["needs", "plan"]
    assert referral.consent == consent


def test_refer_page_without_consent_explains_and_saves_nothing(
    client: Client, network: Network, case: Case
) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("cases:referral_create", args=[case.pk]),
            {
                "to_organisation": network.cear.pk,
                "service": "Housing",
                "purpose": "Shelter place",
                "sections": ["needs"],
                "expires_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
                "override_reason": "urgent",
            },
        )
    assert response.status_code == 200
    assert "There is no consent of the person" in response.content.decode()
    assert not Referral.objects.exists()


def test_consent_withdrawal_page_confirms_then_ends_sharing(
    client: Client, network: Network, case: Case
) -> None:
    referral = _refer(network, case, ["needs"])
    referral_accept(actor=network.users["ngo_caseworker"], referral=referral)
    assert referral.consent is not None
    url = reverse("cases:consent_withdraw", args=[case.pk, referral.consent.pk])
    login(client, network.users["caseworker"])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    login(client, network.users["ngo_caseworker"])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_transfer_page_moves_the_case(client: Client, network: Network, case: Case) -> None:
    login(client, network.users["coordinator"])
    response = client.post(
        reverse("cases:transfer", args=[case.pk]),
        {"to_organisation": network.cear.pk, "reason": "Moved to the CEAR programme"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.organisation == network.cear


def test_case_page_lists_referrals_and_consents_for_the_holder(
    client: Client, network: Network, case: Case
) -> None:
    _refer(network, case, ["needs"])
    login(client, network.users["caseworker"])
    with translation.override("en"):
        body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
        assert "Legal advice" in body
        assert reverse("cases:referral_create", args=[case.pk]) in body
        assert reverse("cases:consent_create", args=[case.pk]) in body
        assert reverse("cases:transfer", args=[case.pk]) not in body  # caseworkers do not transfer


def test_navigation_counts_pending_received_referrals(client: Client, network: Network, case: Case) -> None:
    _refer(network, case, ["needs"])
    login(client, network.users["ngo_caseworker"])
    with translation.override("en"):
        body = client.get(reverse("cases:referrals")).content.decode()
    assert "waiting:</span> 1</span>" in body


def test_dashboard_counts_per_organisation(network: Network, case: Case) -> None:
    overdue = _refer(network, case, ["needs"], respond_by=timezone.localdate())
    assert overdue.pk
    today = timezone.localdate() + timedelta(days=1)
    cai_row = next(
        r for r in referral_dashboard(network.users["caseworker"], today) if r.organisation == network.cai
    )
    cear_row = next(r for r in referral_dashboard(network.users["ngo_caseworker"], today))
    assert (cai_row.sent, cai_row.pending_sent, cai_row.overdue_sent, cai_row.received) == (1, 1, 1, 0)
    assert (cear_row.received, cear_row.pending_received, cear_row.overdue_received) == (1, 1, 1)


def test_accepted_referral_without_outcome_after_expiry_is_overdue(network: Network, case: Case) -> None:
    referral = _refer(network, case, ["needs"])
    referral_accept(actor=network.users["ngo_caseworker"], referral=referral)
    later = referral.expires_on + timedelta(days=1)
    (row,) = referral_dashboard(network.users["ngo_caseworker"], later)
    assert (row.received, row.pending_received, row.overdue_received) == (1, 0, 1)


def test_dashboard_lists_received_referrals_with_filters(
    client: Client, network: Network, case: Case
) -> None:
    _refer(network, case, ["needs"])
    login(client, network.users["ngo_caseworker"])
    assert case.reference in client.get(reverse("cases:referrals")).content.decode()
    filtered = client.get(reverse("cases:referrals"), {"status": "accepted"}).content.decode()
    assert case.reference not in filtered.split('<caption class="visually-hidden">')[-1]


def test_dashboard_with_bad_filters_still_answers(client: Client, network: Network) -> None:
    login(client, network.users["ngo_caseworker"])
    response = client.get(reverse("cases:referrals"), {"status": "nonsense", "sort": "x", "page": "zz"})
    assert response.status_code == 200

"""The secretary's proposal screens: the list, recording, debating, adopting as advice, rejecting."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.council import services_advice
from acollida.council.models import (
    Advice,
    Body,
    CouncilOrganisation,
    Proposal,
    ProposalStatus,
)
from tests.conftest import Network, login


@pytest.fixture
def body(db: None) -> Body:
    return Body.objects.create(slug="council", name="Local Council on Immigration")


@pytest.fixture
def association(db: None) -> CouncilOrganisation:
    return CouncilOrganisation.objects.create(name="Veïns Units", kind="association")


@pytest.fixture
def proposal(body: Body, association: CouncilOrganisation) -> Proposal:
    return services_advice.proposal_submit(
        body=body, title="Interpreters at the registry", text="Free interpreters.", organisation=association
    )


def test_the_list_filters_proposals_by_status(
    network: Network, client: Client, body: Body, association: CouncilOrganisation, proposal: Proposal
) -> None:
    other = services_advice.proposal_submit(
        body=body, title="Night buses", text="x", organisation=association
    )
    services_advice.proposal_reject(proposal=other, reason="Not ours.")
    login(client, network.users["council_secretary"])
    url = reverse("council_advice:proposal_list", args=["council"])
    content = client.get(url, {"status": "rejected"}).content.decode()
    assert "Night buses" in content
    assert "Interpreters at the registry" not in content


def test_the_list_says_when_there_are_no_proposals(network: Network, client: Client, body: Body) -> None:
    login(client, network.users["council_secretary"])
    with translation.override("en"):
        response = client.get(reverse("council_advice:proposal_list", args=["council"]), {"sort": "bogus"})
    assert "No proposals here yet." in response.content.decode()


def test_the_secretary_records_a_proposal_from_an_association(
    network: Network, client: Client, body: Body, association: CouncilOrganisation
) -> None:
    login(client, network.users["council_secretary"])
    response = client.post(
        reverse("council_advice:proposal_create", args=["council"]),
        {"organisation": association.pk, "title": "Housing desk", "text": "Open a desk."},
    )
    assert response.status_code == 302
    recorded = Proposal.objects.get(title="Housing desk")
    assert recorded.submitted_by_organisation == association
    assert recorded.status == ProposalStatus.SUBMITTED


def test_a_proposal_without_a_submitter_keeps_what_was_typed(
    network: Network, client: Client, body: Body
) -> None:
    login(client, network.users["council_secretary"])
    with translation.override("en"):
        response = client.post(
            reverse("council_advice:proposal_create", args=["council"]),
            {"title": "Housing desk", "text": "Open a desk."},
        )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Say which member or association submits the proposal." in content
    assert "Housing desk" in content
    assert not Proposal.objects.exists()


def test_marking_a_proposal_debated(network: Network, client: Client, proposal: Proposal) -> None:
    login(client, network.users["council_secretary"])
    client.post(reverse("council_advice:proposal_debated", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DEBATED


def test_adopting_a_proposal_creates_advice_with_its_addressee_and_deadline(
    network: Network, client: Client, proposal: Proposal
) -> None:
    due = timezone.localdate() + datetime.timedelta(days=30)
    login(client, network.users["council_secretary"])
    response = client.post(
        reverse("council_advice:proposal_adopt", args=[proposal.pk]),
        {"addressee": "Registry office", "answer_due_on": due.isoformat()},
    )
    assert response.status_code == 302
    advice = Advice.objects.get(proposal=proposal)
    assert (advice.addressee, advice.answer_due_on, advice.title) == (
        "Registry office",
        due,
        "Interpreters at the registry",
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED


def test_adopting_with_a_deadline_in_the_past_is_refused_and_nothing_is_adopted(
    network: Network, client: Client, proposal: Proposal
) -> None:
    login(client, network.users["council_secretary"])
    with translation.override("en"):
        response = client.post(
            reverse("council_advice:proposal_adopt", args=[proposal.pk]),
            {"addressee": "Registry office", "answer_due_on": "2000-01-01"},
        )
    assert response.status_code == 200
    assert "The answer cannot be due before the advice is adopted." in response.content.decode()
    assert not Advice.objects.exists()


def test_rejecting_keeps_the_reason(network: Network, client: Client, proposal: Proposal) -> None:
    login(client, network.users["council_secretary"])
    client.post(reverse("council_advice:proposal_reject", args=[proposal.pk]), {"reason": "Already done."})
    proposal.refresh_from_db()
    assert (proposal.status, proposal.rejection_reason) == (ProposalStatus.REJECTED, "Already done.")


def test_rejecting_without_a_reason_is_refused(network: Network, client: Client, proposal: Proposal) -> None:
    login(client, network.users["council_secretary"])
    response = client.post(reverse("council_advice:proposal_reject", args=[proposal.pk]), {"reason": " "})
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_a_decided_proposal_cannot_be_rejected_again(
    network: Network, client: Client, proposal: Proposal
) -> None:
    services_advice.proposal_reject(proposal=proposal, reason="First.")
    login(client, network.users["council_secretary"])
    with translation.override("en"):
        response = client.post(
            reverse("council_advice:proposal_reject", args=[proposal.pk]), {"reason": "Again"}
        )
    assert "This proposal has already been decided." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.rejection_reason == "First."

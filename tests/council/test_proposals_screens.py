"""The secretary's proposal screens: the list, recording, debating, adopting as advice, rejecting."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.core.models import ReadLog
from acollida.council import services_advice
from acollida.council.models import (
    Advice,
    Body,
    CouncilOrganisation,
    Proposal,
    ProposalStatus,
)
from acollida.directory.forms_public import FORM_TOKEN_SALT, form_token_new
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


# --- the public submission form -------------------------------------------------------------------


def _back_dated_token() -> str:
    """A form token handed out half a minute ago, as a person typing would send back."""
    issued = (timezone.now() - datetime.timedelta(seconds=30)).timestamp()
    return signing.dumps({"issued": issued}, salt=FORM_TOKEN_SALT)


def _send(client: Client, **data: str) -> Any:
    values = {
        "name": "Amina",
        "organisation": "Dones del Món",
        "email": "amina@example.org",
        "title": "A desk in Arabic",
        "text": "Open a desk that speaks Arabic.",
        "language": "ca",
        "form_token": _back_dated_token(),
        **data,
    }
    return client.post(reverse("council_public:proposal_submit", args=["council"]), values)


def test_a_public_proposal_lands_submitted_for_the_secretary(client: Client, body: Body) -> None:
    response = _send(client)
    assert response.status_code == 302
    sent = Proposal.objects.get()
    assert (sent.status, sent.submitter_name, sent.submitter_email, sent.submitter_organisation) == (
        ProposalStatus.SUBMITTED,
        "Amina",
        "amina@example.org",
        "Dones del Món",
    )


def test_a_public_proposal_with_a_bad_email_keeps_everything_typed(client: Client, body: Body) -> None:
    with translation.override("en"):
        response = _send(client, email="not-an-address")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Write a valid e-mail address" in content
    assert "Open a desk that speaks Arabic." in content
    assert "Dones del Món" in content
    assert not Proposal.objects.exists()


def test_a_proposal_sent_too_quickly_is_not_kept(client: Client, body: Body) -> None:
    response = _send(client, form_token=form_token_new())
    assert response.status_code == 200
    assert not Proposal.objects.exists()


def test_the_honeypot_keeps_nothing(client: Client, body: Body) -> None:
    response = _send(client, website="http://spam.example")
    assert response.status_code == 302
    assert not Proposal.objects.exists()


def test_the_public_proposal_form_is_rate_limited(client: Client, body: Body, settings: Any) -> None:
    cache.clear()
    settings.ACOLLIDA_APPOINTMENT_REQUESTS_PER_SESSION = 1
    settings.ACOLLIDA_APPOINTMENT_REQUESTS_PER_ADDRESS = 1
    _send(client)
    response = _send(client, title="Second one")
    assert response.status_code == 429
    assert "Second one" in response.content.decode()
    assert Proposal.objects.count() == 1


def test_the_secretary_sees_who_sent_a_public_proposal(network: Network, client: Client, body: Body) -> None:
    _send(client)
    login(client, network.users["council_secretary"])
    content = client.get(reverse("council_advice:proposal_list", args=["council"])).content.decode()
    assert "Amina" in content
    assert "amina@example.org" in content


def test_reading_public_senders_on_the_list_is_logged(network: Network, client: Client, body: Body) -> None:
    _send(client)
    login(client, network.users["council_secretary"])
    client.get(reverse("council_advice:proposal_list", args=["council"]))
    assert ReadLog.objects.filter(record_type="council_proposal").count() == 1


def test_adopting_at_a_vote_links_the_vote_and_its_meeting(network: Network, client: Client) -> None:
    from acollida.council import services_meetings
    from tests.council.test_meetings import convened, small_council

    meeting = convened(network, small_council(slug="council-votes"))
    services_meetings.roll_call_open(actor=network.users["council_secretary"], meeting=meeting)
    vote = services_meetings.vote_open(
        actor=network.users["council_secretary"], meeting=meeting, question="Adopt the desk?"
    )
    association = CouncilOrganisation.objects.create(name="Veïns", kind="association")
    proposal = services_advice.proposal_submit(
        body=meeting.body, title="Desk", text="x", organisation=association
    )
    login(client, network.users["council_secretary"])
    client.post(
        reverse("council_advice:proposal_adopt", args=[proposal.pk]),
        {"addressee": "Registry office", "vote": vote.pk},
    )
    advice = Advice.objects.get(proposal=proposal)
    vote.refresh_from_db()
    assert (advice.adopted_at_meeting, vote.proposal) == (meeting, proposal)

"""Proposals, advice to the city, the city's answers and overdue answers (services_advice)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from acollida.council import services_advice as services
from acollida.council.models import (
    Advice,
    AdviceStatus,
    Body,
    CouncilOrganisation,
    CouncilOrganisationKind,
    Member,
    ProposalStatus,
)
from tests.conftest import Network


@pytest.fixture
def body(db: None) -> Body:
    return Body.objects.create(slug="council", name="Local Council on Immigration")


@pytest.fixture
def association(db: None) -> CouncilOrganisation:
    return CouncilOrganisation.objects.create(
        name="Asociación Rumiñahui", kind=CouncilOrganisationKind.ASSOCIATION, migrant_led=True
    )


def _advice(body: Body, **kwargs: Any) -> Advice:
    defaults: dict[str, Any] = {
        "title": "Interpreters at the registry office",
        "text": "Provide interpreters at the municipal registry.",
        "addressee": "Registry department",
    }
    defaults.update(kwargs)
    return services.advice_adopt(body=body, **defaults)


def test_a_member_submits_a_proposal(body: Body) -> None:
    member = Member.objects.create(name="Amina Diallo")
    proposal = services.proposal_submit(body=body, title="Registry", text="Interpreters", member=member)
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.submitted_by_member == member


def test_an_association_submits_a_proposal(body: Body, association: CouncilOrganisation) -> None:
    proposal = services.proposal_submit(
        body=body, title="Registry", text="Interpreters", organisation=association
    )
    assert proposal.submitted_by_organisation == association


def test_a_proposal_needs_a_member_or_an_association(body: Body) -> None:
    with pytest.raises(ValidationError):
        services.proposal_submit(body=body, title="Registry", text="Interpreters")


def test_adopting_advice_from_a_proposal_marks_the_proposal_adopted(
    body: Body, association: CouncilOrganisation
) -> None:
    proposal = services.proposal_submit(
        body=body, title="Registry", text="Interpreters", organisation=association
    )
    services.proposal_debated(proposal=proposal)
    advice = services.advice_adopt(
        body=body, title="Registry", text="Interpreters", addressee="Registry", proposal=proposal
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ADOPTED
    assert advice.proposal == proposal


def test_a_decided_proposal_cannot_be_adopted_again(body: Body, association: CouncilOrganisation) -> None:
    proposal = services.proposal_submit(
        body=body, title="Registry", text="Interpreters", organisation=association
    )
    services.proposal_reject(proposal=proposal)
    with pytest.raises(ValidationError):
        services.advice_adopt(body=body, title="Registry", text="x", addressee="Registry", proposal=proposal)


def test_advice_without_a_deadline_is_due_ninety_days_after_adoption(body: Body) -> None:
    advice = _advice(body)
    assert advice.answer_due_on == timezone.localdate() + datetime.timedelta(days=90)


def test_advice_needs_an_addressee(body: Body) -> None:
    with pytest.raises(ValidationError):
        _advice(body, addressee="  ")


def test_the_answer_cannot_be_due_before_adoption(body: Body) -> None:
    with pytest.raises(ValidationError):
        _advice(body, answer_due_on=timezone.localdate() - datetime.timedelta(days=1))


def test_the_secretary_records_an_accepted_answer(network: Network, body: Body) -> None:
    advice = _advice(body)
    services.advice_answer(
        actor=network.users["council_secretary"],
        advice=advice,
        status=AdviceStatus.ACCEPTED,
        answer_text="Interpreters from June.",
    )
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.ACCEPTED
    assert advice.answered_on == timezone.localdate()


def test_a_rejection_without_reasons_is_refused(network: Network, body: Body) -> None:
    advice = _advice(body)
    with pytest.raises(ValidationError):
        services.advice_answer(
            actor=network.users["council_secretary"],
            advice=advice,
            status=AdviceStatus.REJECTED,
            answer_text=" ",
        )


def test_rejected_advice_cannot_be_marked_implemented(network: Network, body: Body) -> None:
    secretary = network.users["council_secretary"]
    advice = _advice(body)
    services.advice_answer(
        actor=secretary, advice=advice, status=AdviceStatus.REJECTED, answer_text="No budget."
    )
    with pytest.raises(ValidationError):
        services.advice_answer(
            actor=secretary, advice=advice, status=AdviceStatus.IMPLEMENTED, answer_text=""
        )


def test_accepted_advice_is_marked_implemented_keeping_the_answer(network: Network, body: Body) -> None:
    secretary = network.users["council_secretary"]
    advice = _advice(body)
    services.advice_answer(actor=secretary, advice=advice, status=AdviceStatus.ACCEPTED, answer_text="Yes.")
    services.advice_answer(actor=secretary, advice=advice, status=AdviceStatus.IMPLEMENTED, answer_text="")
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.IMPLEMENTED
    assert advice.answer_text == "Yes."


def test_only_the_council_secretary_records_answers(network: Network, body: Body) -> None:
    advice = _advice(body)
    with pytest.raises(PermissionDenied):
        services.advice_answer(
            actor=network.users["caseworker"],
            advice=advice,
            status=AdviceStatus.ACCEPTED,
            answer_text="Yes.",
        )


def test_an_awaited_answer_past_its_deadline_is_overdue(body: Body) -> None:
    advice = _advice(body, answer_due_on=timezone.localdate())
    later = timezone.localdate() + datetime.timedelta(days=1)
    assert services.is_overdue(advice, today=later)
    assert list(services.overdue_advice(body.advice.all(), today=later)) == [advice]


def test_an_answered_advice_is_never_overdue(network: Network, body: Body) -> None:
    advice = _advice(body, answer_due_on=timezone.localdate())
    services.advice_answer(
        actor=network.users["council_secretary"],
        advice=advice,
        status=AdviceStatus.PARTLY,
        answer_text="In two districts.",
    )
    later = timezone.localdate() + datetime.timedelta(days=30)
    assert not services.is_overdue(advice, today=later)


def test_accountability_counts_statuses_and_overdue(network: Network, body: Body) -> None:
    _advice(body, answer_due_on=timezone.localdate())
    answered = _advice(body)
    services.advice_answer(
        actor=network.users["council_secretary"],
        advice=answered,
        status=AdviceStatus.ACCEPTED,
        answer_text="Yes.",
    )
    counts = services.accountability(body, today=timezone.localdate() + datetime.timedelta(days=1))
    assert counts["awaiting"] == 1
    assert counts["accepted"] == 1
    assert counts["overdue"] == 1
    assert counts["total"] == 2

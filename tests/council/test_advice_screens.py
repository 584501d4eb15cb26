"""The secretary's screens: the advice list with overdue answers, recording an answer, moderation."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.council import services_advice
from acollida.council.models import (
    Advice,
    AdviceStatus,
    Body,
    PlanComment,
    PlanCommentStatus,
    PlanProcess,
    PlanSection,
)
from tests.conftest import Network, login


@pytest.fixture
def body(db: None) -> Body:
    return Body.objects.create(slug="council", name="Local Council on Immigration")


@pytest.fixture
def advice(body: Body) -> Advice:
    return services_advice.advice_adopt(body=body, title="Interpreters", text="x", addressee="Registry")


def test_the_advice_list_flags_overdue_answers(network: Network, client: Client, advice: Advice) -> None:
    advice.answer_due_on = timezone.localdate() - datetime.timedelta(days=1)
    advice.save()
    login(client, network.users["council_secretary"])
    with translation.override("en"):
        content = client.get(reverse("council_advice:advice_list", args=["council"])).content.decode()
    assert "Overdue" in content


def test_the_secretary_records_a_partial_answer(network: Network, client: Client, advice: Advice) -> None:
    login(client, network.users["council_secretary"])
    response = client.post(
        reverse("council_advice:advice_answer", args=[advice.pk]),
        {"status": AdviceStatus.PARTLY, "answer_text": "In two districts.", "answered_on": ""},
    )
    assert response.status_code == 302
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.PARTLY


def test_a_rejection_without_reasons_shows_the_form_again(
    network: Network, client: Client, advice: Advice
) -> None:
    login(client, network.users["council_secretary"])
    response = client.post(
        reverse("council_advice:advice_answer", args=[advice.pk]),
        {"status": AdviceStatus.REJECTED, "answer_text": "", "answered_on": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    advice.refresh_from_db()
    assert advice.status == AdviceStatus.AWAITING


def test_publishing_a_comment_from_the_queue(network: Network, client: Client, body: Body) -> None:
    process = PlanProcess.objects.create(body=body, slug="plan", title="Plan")
    section = PlanSection.objects.create(process=process, title="Housing", text="x")
    comment = services_advice.plan_comment_submit(section=section, text="More places", language="ar")
    login(client, network.users["council_secretary"])
    client.post(reverse("council_advice:comment_moderate", args=[comment.pk]), {"decision": "publish"})
    comment.refresh_from_db()
    assert comment.status == PlanCommentStatus.PUBLISHED
    assert comment.moderated_by == network.users["council_secretary"]


def test_an_unknown_decision_changes_nothing(network: Network, client: Client, body: Body) -> None:
    process = PlanProcess.objects.create(body=body, slug="plan", title="Plan")
    section = PlanSection.objects.create(process=process, title="Housing", text="x")
    comment = services_advice.plan_comment_submit(section=section, text="More places", language="ar")
    login(client, network.users["council_secretary"])
    response = client.post(
        reverse("council_advice:comment_moderate", args=[comment.pk]), {"decision": "delete"}
    )
    assert response.status_code == 302
    assert PlanComment.objects.get().status == PlanCommentStatus.PENDING

"""The council API: staff only, members for whoever runs the council (and logged), votes as counts."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from acollida.core.models import ReadLog
from acollida.council import services_advice
from acollida.council.models import (
    Ballot,
    BallotChoice,
    Body,
    Meeting,
    MeetingStatus,
    Member,
    Seat,
    SeatCategory,
    Vote,
)
from tests.conftest import Network, login


@pytest.fixture
def body(db: None) -> Body:
    return Body.objects.create(slug="council", name="Local Council on Immigration")


def test_anonymous_callers_get_401(client: Client, body: Body) -> None:
    assert client.get("/api/v1/council/bodies").status_code == 401


def test_staff_list_the_bodies(network: Network, client: Client, body: Body) -> None:
    login(client, network.users["caseworker"])
    response = client.get("/api/v1/council/bodies")
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["items"]] == ["council"]


def test_members_are_refused_to_staff_who_do_not_run_the_council(
    network: Network, client: Client, body: Body
) -> None:
    Member.objects.create(name="Amina Diallo")
    login(client, network.users["caseworker"])
    assert client.get("/api/v1/council/members").status_code == 403


def test_the_secretary_reads_members_and_each_read_is_logged(
    network: Network, client: Client, body: Body
) -> None:
    member = Member.objects.create(name="Amina Diallo")
    login(client, network.users["council_secretary"])
    response = client.get("/api/v1/council/members", HTTP_X_PURPOSE="convening the plenary")
    assert response.json()["items"][0]["name"] == "Amina Diallo"
    log = ReadLog.objects.get(record_type="council_member")
    assert log.record_id == str(member.pk)
    assert log.purpose == "convening the plenary"


def test_votes_give_counts_per_choice(network: Network, client: Client, body: Body) -> None:
    category = SeatCategory.objects.create(body=body, code="ngos", name="NGOs")
    seats = [Seat.objects.create(body=body, category=category, number=n) for n in (1, 2, 3)]
    meeting = Meeting.objects.create(
        body=body, title="Plenary", starts_at=timezone.now(), status=MeetingStatus.HELD
    )
    vote = Vote.objects.create(meeting=meeting, question="Adopt the advice?")
    for seat, choice in zip(seats, (BallotChoice.YES, BallotChoice.YES, BallotChoice.NO), strict=True):
        Ballot.objects.create(vote=vote, seat=seat, choice=choice)
    login(client, network.users["caseworker"])
    item = client.get(f"/api/v1/council/meetings/{meeting.pk}/votes").json()["items"][0]
    assert item["counts"] == {BallotChoice.YES: 2, BallotChoice.NO: 1}


def test_advice_says_when_an_answer_is_overdue(network: Network, client: Client, body: Body) -> None:
    advice = services_advice.advice_adopt(body=body, title="Registry", text="x", addressee="Registry")
    advice.answer_due_on = timezone.localdate() - datetime.timedelta(days=1)
    advice.save()
    login(client, network.users["caseworker"])
    item = client.get("/api/v1/council/bodies/council/advice").json()["items"][0]
    assert item["overdue"] is True


def test_an_unknown_body_is_404(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    assert client.get("/api/v1/council/bodies/nowhere/seats").status_code == 404

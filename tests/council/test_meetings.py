"""Council meetings: convening, access needs, roll call with quorum, votes with dissent, minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from acollida.council import selectors_meetings as selectors
from acollida.council import services_meetings as services
from acollida.council.models import (
    AccessNeedKind,
    AccessNeedStatus,
    Attendance,
    Body,
    Mandate,
    Meeting,
    Member,
    MinutesStatus,
    Seat,
    SeatCategory,
    VoteResult,
)
from tests.conftest import Network


@dataclass
class Council:
    body: Body
    seats: list[Seat]  # four with vote (ngos 1-2, migrant associations 3-4), then one observer (5)
    titulars: list[Member]
    substitutes: list[Member]


def small_council(slug: str = "clii") -> Council:
    body = Body.objects.create(slug=slug, name="Local Council", name_i18n={"ar": "المجلس المحلي"})
    ngos = SeatCategory.objects.create(body=body, code="ngos", name="NGOs")
    migrants = SeatCategory.objects.create(
        body=body, code="migrant_associations", name="Migrant associations"
    )
    observers = SeatCategory.objects.create(body=body, code="observers", name="Observers", has_vote=False)
    categories = [ngos, ngos, migrants, migrants, observers]
    seats, titulars, substitutes = [], [], []
    start = date(2020, 1, 1)
    for number, category in enumerate(categories, start=1):
        seat = Seat.objects.create(body=body, category=category, number=number)
        titular = Member.objects.create(
            name=f"Titular {number}",
            email=f"t{number}@example.org",
            languages=["ar" if number == 3 else "es"],
        )
        substitute = Member.objects.create(name=f"Substitute {number}", email=f"s{number}@example.org")
        Mandate.objects.create(seat=seat, member=titular, role="titular", starts_on=start)
        Mandate.objects.create(seat=seat, member=substitute, role="substitute", starts_on=start)
        seats.append(seat)
        titulars.append(titular)
        substitutes.append(substitute)
    return Council(body, seats, titulars, substitutes)


def convened(network: Network, council: Council, days: int = 7) -> Meeting:
    secretary = network.users["council_secretary"]
    meeting = services.meeting_create(
        actor=secretary,
        body=council.body,
        title="Plenary",
        title_i18n={"ar": "الجلسة العامة"},
        starts_at=timezone.now() + timedelta(days=days),
        place="City Hall",
    )
    services.agenda_item_add(actor=secretary, meeting=meeting, title="Housing advice", kind="vote")
    services.meeting_convene(actor=secretary, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


def line(meeting: Meeting, seat: Seat) -> Attendance:
    return Attendance.objects.get(meeting=meeting, seat=seat)


@pytest.fixture
def council(db: None) -> Council:
    return small_council()


def test_convening_mails_every_titular_and_substitute_in_their_language(
    network: Network, council: Council
) -> None:
    convened(network, council)
    assert len(mail.outbox) == 10
    arabic = next(m for m in mail.outbox if m.to == ["t3@example.org"])
    assert "الجلسة العامة" in arabic.subject
    assert arabic.extra_headers["Content-Language"] == "ar"


def test_convening_records_the_members_languages(network: Network, council: Council) -> None:
    meeting = convened(network, council)
    assert {"ar", "es"} <= set(meeting.languages)


def test_a_meeting_without_agenda_cannot_be_convened(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    meeting = services.meeting_create(
        actor=secretary, body=council.body, title="Empty", starts_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        services.meeting_convene(actor=secretary, meeting=meeting)


def test_only_the_secretary_convenes(network: Network, council: Council) -> None:
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=network.users["caseworker"], body=council.body, title="x", starts_at=timezone.now()
        )


def test_an_access_need_moves_from_requested_to_done(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    meeting = convened(network, council)
    need = services.access_need_request(
        actor=secretary, meeting=meeting, member=council.titulars[0], kind=AccessNeedKind.SIGN_LANGUAGE
    )
    services.access_need_advance(actor=secretary, need=need, status=AccessNeedStatus.ARRANGED)
    services.access_need_advance(actor=secretary, need=need, status=AccessNeedStatus.DONE)
    assert need.status == AccessNeedStatus.DONE


def test_an_access_need_does_not_move_back(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    meeting = convened(network, council)
    need = services.access_need_request(
        actor=secretary, meeting=meeting, member=council.titulars[0], kind=AccessNeedKind.CHILDCARE
    )
    services.access_need_advance(actor=secretary, need=need, status=AccessNeedStatus.DONE)
    with pytest.raises(ValidationError):
        services.access_need_advance(actor=secretary, need=need, status=AccessNeedStatus.REQUESTED)


def test_quorum_follows_the_roll_call(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    meeting = convened(network, council)
    services.roll_call_open(actor=secretary, meeting=meeting)
    services.attendance_mark(actor=secretary, attendance=line(meeting, council.seats[0]), role="titular")
    services.attendance_mark(actor=secretary, attendance=line(meeting, council.seats[4]), role="titular")
    assert not services.live_quorum(meeting).reached  # 1 of 4 seats with vote; the observer not counted
    services.attendance_mark(actor=secretary, attendance=line(meeting, council.seats[1]), role="substitute")
    assert services.live_quorum(meeting).reached  # 2 of 4


def test_a_substitute_line_names_the_substitute(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    meeting = convened(network, council)
    services.roll_call_open(actor=secretary, meeting=meeting)
    marked = services.attendance_mark(
        actor=secretary, attendance=line(meeting, council.seats[1]), role="substitute"
    )
    assert marked.member == council.substitutes[1]


def test_a_proxy_needs_a_member_present_in_person(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    meeting = convened(network, council)
    services.roll_call_open(actor=secretary, meeting=meeting)
    with pytest.raises(ValidationError):
        services.attendance_mark(
            actor=secretary,
            attendance=line(meeting, council.seats[1]),
            role="proxy",
            carried_by=council.seats[0],
        )


def _voting_meeting(network: Network, council: Council) -> tuple[Meeting, object]:
    secretary = network.users["council_secretary"]
    meeting = convened(network, council)
    services.roll_call_open(actor=secretary, meeting=meeting)
    for index in (0, 2, 4):
        services.attendance_mark(
            actor=secretary, attendance=line(meeting, council.seats[index]), role="titular"
        )
    services.attendance_mark(
        actor=secretary, attendance=line(meeting, council.seats[1]), role="proxy", carried_by=council.seats[0]
    )
    vote = services.vote_open(actor=secretary, meeting=meeting, question="Adopt the housing advice?")
    return meeting, vote


def test_a_proxy_ballot_counts_and_results_come_by_category(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    _meeting, vote = _voting_meeting(network, council)
    services.ballot_cast(actor=secretary, vote=vote, seat=council.seats[0], choice="no")
    ballot = services.ballot_cast(actor=secretary, vote=vote, seat=council.seats[1], choice="no")
    services.ballot_cast(actor=secretary, vote=vote, seat=council.seats[2], choice="yes")
    assert ballot.cast_as == "proxy" and ballot.member == council.titulars[0]
    outcome = services.vote_result(vote)
    assert (outcome.by_category["ngos"].no, outcome.by_category["migrant_associations"].yes) == (2, 1)
    services.vote_close(actor=secretary, vote=vote)
    assert vote.result == VoteResult.REJECTED


def test_an_observer_casts_no_ballot(network: Network, council: Council) -> None:
    _meeting, vote = _voting_meeting(network, council)
    with pytest.raises(ValidationError):
        services.ballot_cast(
            actor=network.users["council_secretary"], vote=vote, seat=council.seats[4], choice="yes"
        )


def test_a_dissenting_opinion_is_attached_to_the_vote_with_its_member(
    network: Network, council: Council
) -> None:
    secretary = network.users["council_secretary"]
    _meeting, vote = _voting_meeting(network, council)
    services.ballot_cast(actor=secretary, vote=vote, seat=council.seats[2], choice="no")
    services.vote_close(actor=secretary, vote=vote)
    dissent = services.dissent_add(actor=secretary, vote=vote, seat=council.seats[2], text="We disagree.")
    assert list(vote.dissents.all()) == [dissent]
    assert dissent.member == council.titulars[2]


def test_a_closed_vote_takes_no_more_ballots(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    _meeting, vote = _voting_meeting(network, council)
    services.vote_close(actor=secretary, vote=vote)
    with pytest.raises(ValidationError):
        services.ballot_cast(actor=secretary, vote=vote, seat=council.seats[0], choice="yes")


def test_minutes_go_from_draft_to_signed_keeping_every_version(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    first = convened(network, council, days=7)
    second = convened(network, council, days=37)
    draft = services.minutes_draft(actor=secretary, meeting=first, text="v1")
    services.minutes_circulate(actor=secretary, minutes=draft)
    amended = services.minutes_amend(actor=secretary, minutes=draft, text="v2")
    services.minutes_circulate(actor=secretary, minutes=amended)
    services.minutes_approve(actor=secretary, minutes=amended, at_meeting=second)
    services.minutes_sign(actor=secretary, minutes=amended)
    versions = [(m.version, m.text, m.status) for m in selectors.minutes_versions(first)]
    assert versions == [(2, "v2", MinutesStatus.APPROVED), (1, "v1", MinutesStatus.CIRCULATED)]
    assert amended.signed_by == secretary


def test_only_approved_minutes_are_public(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    first = convened(network, council, days=7)
    draft = services.minutes_draft(actor=secretary, meeting=first, text="v1")
    services.minutes_circulate(actor=secretary, minutes=draft)
    assert selectors.approved_minutes(first) is None


def test_minutes_are_approved_at_a_later_meeting_only(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    first = convened(network, council, days=7)
    draft = services.minutes_draft(actor=secretary, meeting=first, text="v1")
    services.minutes_circulate(actor=secretary, minutes=draft)
    with pytest.raises(ValidationError):
        services.minutes_approve(actor=secretary, minutes=draft, at_meeting=first)


def test_minutes_are_signed_only_once_approved(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    draft = services.minutes_draft(actor=secretary, meeting=convened(network, council), text="v1")
    with pytest.raises(ValidationError):
        services.minutes_sign(actor=secretary, minutes=draft)


def test_an_older_version_cannot_be_amended(network: Network, council: Council) -> None:
    secretary = network.users["council_secretary"]
    draft = services.minutes_draft(actor=secretary, meeting=convened(network, council), text="v1")
    services.minutes_amend(actor=secretary, minutes=draft, text="v2")
    with pytest.raises(ValidationError):
        services.minutes_amend(actor=secretary, minutes=draft, text="v3")

"""Council API: bodies, seats, members, meetings, votes and advice, for staff with a token or a
signed-in session (``/api/v1/`` is never public).

Bodies, seats, meetings, vote results and advice are what the council publishes anyway: any member
of staff reads them. Members are personal data: only whoever runs the council (``manage_council``)
reads them, and every member listed is written to the read log with the purpose in ``X-Purpose``.
Votes give counts per choice, never who cast which ballot.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from acollida.core import audit, policy
from acollida.core.api import MAX_LIMIT, MAX_OFFSET
from acollida.core.models import ReadLog, User
from acollida.core.policy import Perm
from acollida.council import services_advice
from acollida.council.models import Advice, Body, Meeting, Member, Seat, Vote

router = Router(tags=["council"])


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorDetail


ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Paging(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class BodyOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    status: str
    parent_id: int | None
    merged_into_id: int | None
    quorum_kind: str
    quorum_first_call: float
    quorum_second_call: float
    majority_rule: str
    term_years: int


class BodyPage(Schema):
    count: int
    items: list[BodyOut]


class SeatOut(Schema):
    id: int
    body_id: int
    number: int
    label: str
    category: str
    has_vote: bool
    nominated_by_id: int | None
    is_active: bool


class SeatPage(Schema):
    count: int
    items: list[SeatOut]


class MemberOut(Schema):
    id: int
    name: str
    gender: str
    organisation_id: int | None
    languages: list[str]
    public_consent: bool


class MemberPage(Schema):
    count: int
    items: list[MemberOut]


class MeetingOut(Schema):
    id: int
    body_id: int
    title: str
    starts_at: datetime
    place: str
    call: str
    status: str


class MeetingPage(Schema):
    count: int
    items: list[MeetingOut]


class VoteOut(Schema):
    id: int
    meeting_id: int
    question: str
    kind: str
    result: str
    held_at: datetime
    counts: dict[str, int]
    dissents: int


class VotePage(Schema):
    count: int
    items: list[VoteOut]


class AdviceOut(Schema):
    id: int
    body_id: int
    title: str
    addressee: str
    answer_due_on: date | None
    status: str
    answer_text: str
    answered_on: date | None
    overdue: bool


class AdvicePage(Schema):
    count: int
    items: list[AdviceOut]


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _staff(request: HttpRequest) -> User:
    user = _user(request)
    policy.require(user, Perm.USE_APP)
    return user


@router.get("/council/bodies", response={200: BodyPage, **ERRORS}, summary="Council bodies")
def council_body_list(request: HttpRequest, paging: Query[Paging]) -> BodyPage:
    _staff(request)
    qs = Body.objects.order_by("name", "pk")
    items = [
        BodyOut(
            id=b.pk,
            slug=b.slug,
            name=b.name,
            kind=b.kind,
            status=b.status,
            parent_id=b.parent_id,
            merged_into_id=b.merged_into_id,
            quorum_kind=b.quorum_kind,
            quorum_first_call=float(b.quorum_first_call),
            quorum_second_call=float(b.quorum_second_call),
            majority_rule=b.majority_rule,
            term_years=b.term_years,
        )
        for b in qs[paging.offset : paging.offset + paging.limit]
    ]
    return BodyPage(count=qs.count(), items=items)


def _body(slug: str) -> Body:
    found = Body.objects.filter(slug=slug).first()
    if found is None:
        raise Http404
    return found


@router.get("/council/bodies/{slug}/seats", response={200: SeatPage, **ERRORS}, summary="Seats of a body")
def council_seat_list(request: HttpRequest, slug: str, paging: Query[Paging]) -> SeatPage:
    _staff(request)
    qs = Seat.objects.filter(body=_body(slug)).select_related("category").order_by("number", "pk")
    items = [
        SeatOut(
            id=s.pk,
            body_id=s.body_id,
            number=s.number,
            label=s.label,
            category=s.category.code,
            has_vote=s.category.has_vote,
            nominated_by_id=s.nominated_by_id,
            is_active=s.is_active,
        )
        for s in qs[paging.offset : paging.offset + paging.limit]
    ]
    return SeatPage(count=qs.count(), items=items)


@router.get(
    "/council/members",
    response={200: MemberPage, **ERRORS},
    summary="Council members (for whoever runs the council; every member listed is logged)",
)
def council_member_list(request: HttpRequest, paging: Query[Paging]) -> MemberPage:
    user = _user(request)
    policy.require(user, Perm.MANAGE_COUNCIL)
    qs = Member.objects.order_by("name", "pk")
    members = list(qs[paging.offset : paging.offset + paging.limit])
    stated = request.headers.get("X-Purpose", "").replace("\x00", "").strip()[:200]
    audit.read_records(
        request,
        user=user,
        record_type="council_member",
        records=[(m.pk, None) for m in members],
        purpose=stated or "council administration",
        channel=ReadLog.Channel.API,
        perm=Perm.MANAGE_COUNCIL,
    )
    items = [
        MemberOut(
            id=m.pk,
            name=m.name,
            gender=m.gender,
            organisation_id=m.organisation_id,
            languages=[str(code) for code in m.languages or []],
            public_consent=m.public_consent,
        )
        for m in members
    ]
    return MemberPage(count=qs.count(), items=items)


@router.get(
    "/council/bodies/{slug}/meetings", response={200: MeetingPage, **ERRORS}, summary="Meetings of a body"
)
def council_meeting_list(request: HttpRequest, slug: str, paging: Query[Paging]) -> MeetingPage:
    _staff(request)
    qs = Meeting.objects.filter(body=_body(slug)).order_by("-starts_at", "pk")
    items = [
        MeetingOut(
            id=m.pk,
            body_id=m.body_id,
            title=m.title,
            starts_at=m.starts_at,
            place=m.place,
            call=m.call,
            status=m.status,
        )
        for m in qs[paging.offset : paging.offset + paging.limit]
    ]
    return MeetingPage(count=qs.count(), items=items)


@router.get(
    "/council/meetings/{meeting_id}/votes",
    response={200: VotePage, **ERRORS},
    summary="Votes of a meeting: counts per choice, never who cast which ballot",
)
def council_vote_list(request: HttpRequest, meeting_id: int, paging: Query[Paging]) -> VotePage:
    _staff(request)
    if not Meeting.objects.filter(pk=meeting_id).exists():
        raise Http404
    qs = (
        Vote.objects.filter(meeting_id=meeting_id)
        .prefetch_related("ballots", "dissents")
        .order_by("held_at", "pk")
    )
    items = []
    for v in qs[paging.offset : paging.offset + paging.limit]:
        counts = Counter(b.choice for b in v.ballots.all())
        items.append(
            VoteOut(
                id=v.pk,
                meeting_id=v.meeting_id,
                question=v.question,
                kind=v.kind,
                result=v.result,
                held_at=v.held_at,
                counts=dict(counts),
                dissents=len(v.dissents.all()),
            )
        )
    return VotePage(count=qs.count(), items=items)


@router.get(
    "/council/bodies/{slug}/advice",
    response={200: AdvicePage, **ERRORS},
    summary="Advice of a body, the city's answers and whether each answer is overdue",
)
def council_advice_list(request: HttpRequest, slug: str, paging: Query[Paging]) -> AdvicePage:
    _staff(request)
    qs = Advice.objects.filter(body=_body(slug)).order_by("-pk")
    items = [
        AdviceOut(
            id=a.pk,
            body_id=a.body_id,
            title=a.title,
            addressee=a.addressee,
            answer_due_on=a.answer_due_on,
            status=a.status,
            answer_text=a.answer_text,
            answered_on=a.answered_on,
            overdue=services_advice.is_overdue(a),
        )
        for a in qs[paging.offset : paging.offset + paging.limit]
    ]
    return AdvicePage(count=qs.count(), items=items)

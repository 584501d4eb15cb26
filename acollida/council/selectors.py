"""Reads of the council: who holds which seat on a day, vacancies, composition and participation."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from acollida.council import representation as rep
from acollida.council.models import (
    Attendance,
    Body,
    Mandate,
    MandateRole,
    Proposal,
    ProposalStatus,
    Seat,
    SeatCategory,
)


def mandates_on(body: Body, day: dt.date) -> QuerySet[Mandate]:
    """The mandates of a body valid on ``day``."""
    return (
        Mandate.objects.filter(seat__body=body, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("seat", "seat__category", "member")
    )


@dataclass(frozen=True)
class Vacancy:
    seat: Seat
    missing: list[str]  # MandateRole values with nobody in them


def vacancies(body: Body, day: dt.date) -> list[Vacancy]:
    """Active seats of a body lacking a titular or a substitute on ``day``."""
    held: dict[int, set[str]] = {}
    for seat_id, role in mandates_on(body, day).values_list("seat_id", "role"):
        held.setdefault(seat_id, set()).add(role)
    result = []
    for seat in Seat.objects.filter(body=body, is_active=True).select_related("category", "nominated_by"):
        missing = [role for role in MandateRole.values if role not in held.get(seat.pk, set())]
        if missing:
            result.append(Vacancy(seat=seat, missing=missing))
    return result


def _titulars_by_category(body: Body, day: dt.date) -> tuple[Counter[int], list[str]]:
    seats: Counter[int] = Counter()
    genders = []
    for mandate in mandates_on(body, day).filter(role=MandateRole.TITULAR, seat__is_active=True):
        seats[mandate.seat.category_id] += 1
        genders.append(mandate.member.gender)
    return seats, genders


def _as_float(value: Any) -> float | None:
    return None if value is None else float(value)


def composition_inputs(body: Body, day: dt.date) -> list[rep.CategoryInput]:
    """Per category: the seats held by a titular on ``day``, with the body's target band."""
    held, _genders = _titulars_by_category(body, day)
    return [
        rep.CategoryInput(
            code=category.code,
            seats=held.get(category.pk, 0),
            target_min=_as_float(category.target_share_min),
            target_max=_as_float(category.target_share_max),
            population_share=_as_float(category.population_share),
            has_vote=category.has_vote,
        )
        for category in SeatCategory.objects.filter(body=body).order_by("code")
    ]


@dataclass(frozen=True)
class CompositionReport:
    body: Body
    day: dt.date
    seats: rep.Composition
    voting: rep.Composition
    gender: rep.GenderBalance
    names: dict[str, str]

    def as_dict(self) -> dict[str, object]:
        return {
            "body": self.body.slug,
            "date": self.day.isoformat(),
            "seats": self.seats.as_dict(),
            "voting_seats": self.voting.as_dict(),
            "gender": self.gender.as_dict(),
        }


def composition_on(body: Body, day: dt.date) -> CompositionReport:
    """The body's composition on ``day``, recomputed from the mandates valid that day."""
    inputs = composition_inputs(body, day)
    _held, genders = _titulars_by_category(body, day)
    return CompositionReport(
        body=body,
        day=day,
        seats=rep.composition(inputs),
        voting=rep.composition(inputs, voting_only=True),
        gender=rep.gender_balance(genders),
        names={c.code: c.name for c in SeatCategory.objects.filter(body=body)},
    )


def composition_history(body: Body, until: dt.date, limit: int = 12) -> list[CompositionReport]:
    """The composition on each day the seats changed hands (the latest ``limit`` of them), oldest first."""
    days: set[dt.date] = set()
    for starts_on, ends_on in Mandate.objects.filter(seat__body=body).values_list("starts_on", "ends_on"):
        if starts_on <= until:
            days.add(starts_on)
        if ends_on is not None and ends_on < until:
            days.add(ends_on + dt.timedelta(days=1))
    days.add(until)
    return [composition_on(body, day) for day in sorted(days)[-limit:]]


def participation_on(body: Body, since: dt.date, until: dt.date) -> dict[str, rep.Participation]:
    """What each category did between two days: attendance, speaking turns, proposals authored, adopted."""
    seat_shares = {c.code: c.share for c in rep.composition(composition_inputs(body, until)).categories}
    attendance = Attendance.objects.filter(
        meeting__body=body, meeting__starts_at__date__gte=since, meeting__starts_at__date__lte=until
    )
    present = Counter(attendance.filter(present=True).values_list("seat__category__code", flat=True))
    turns: Counter[str] = Counter()
    for code, count in attendance.values_list("seat__category__code", "speaking_turns"):
        turns[code] += count
    authored: Counter[str] = Counter()
    adopted: Counter[str] = Counter()
    proposals = Proposal.objects.filter(
        body=body,
        submitted_at__date__gte=since,
        submitted_at__date__lte=until,
        submitted_by_member__isnull=False,
    )
    for proposal in proposals:
        if proposal.submitted_by_member_id is None:
            continue
        mandate = (
            Mandate.objects.filter(seat__body=body, member_id=proposal.submitted_by_member_id)
            .filter(starts_on__lte=proposal.submitted_at.date())
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=proposal.submitted_at.date()))
            .select_related("seat__category")
            .first()
        )
        if mandate is None:
            continue
        authored[mandate.seat.category.code] += 1
        if proposal.status == ProposalStatus.ADOPTED:
            adopted[mandate.seat.category.code] += 1
    return {
        "attendance": rep.participation("attendance", present, seat_shares),
        "speaking_turns": rep.participation("speaking_turns", turns, seat_shares),
        "proposals_authored": rep.participation("proposals_authored", authored, seat_shares),
        "proposals_adopted": rep.participation("proposals_adopted", adopted, seat_shares),
    }

"""Reads for the council's public pages: only what the council publishes.

Members appear only with their consent; meetings only once convened; minutes only once approved;
plan threads only with published comments; gender figures only as suppressed aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from acollida.council import representation
from acollida.council.models import (
    Advice,
    Body,
    BodyStatus,
    Declaration,
    Mandate,
    Meeting,
    MeetingStatus,
    Member,
    Minutes,
    MinutesStatus,
    PlanComment,
    PlanCommentStatus,
    PlanProcess,
    PlanSection,
    Seat,
    SeatCategory,
)

PUBLIC_MEETING_STATUSES = (MeetingStatus.CONVENED, MeetingStatus.HELD, MeetingStatus.CANCELLED)


def public_bodies() -> QuerySet[Body]:
    """Every body, active ones first; merged and dissolved bodies keep their public archive."""
    return Body.objects.order_by("status", "name").exclude(status="")


def active_bodies() -> QuerySet[Body]:
    return Body.objects.filter(status=BodyStatus.ACTIVE).order_by("name")


@dataclass(frozen=True)
class CompositionRow:
    category: SeatCategory
    share: representation.CategoryShare


@dataclass(frozen=True)
class PublicComposition:
    rows: list[CompositionRow]
    total_seats: int
    loosemore_hanby: float | None
    gender: dict[str, int | None]
    gender_balanced: bool | None


def composition(body: Body) -> PublicComposition:
    """Seat shares per category against the body's target bands, and gender as suppressed counts."""
    categories = list(
        SeatCategory.objects.filter(body=body).annotate(
            active_seats=Count("seats", filter=Q(seats__is_active=True))
        )
    )
    inputs = [
        representation.CategoryInput(
            code=str(category.pk),
            seats=int(category.active_seats),
            target_min=float(category.target_share_min) if category.target_share_min is not None else None,
            target_max=float(category.target_share_max) if category.target_share_max is not None else None,
            population_share=float(category.population_share)
            if category.population_share is not None
            else None,
            has_vote=category.has_vote,
        )
        for category in categories
    ]
    result = representation.composition(inputs)
    by_code = {share.code: share for share in result.categories}
    rows = [CompositionRow(category=c, share=by_code[str(c.pk)]) for c in categories if str(c.pk) in by_code]
    genders = list(current_mandates(body).values_list("member__gender", flat=True))
    balance = representation.gender_balance(genders)
    counts = {"women": balance.women, "men": balance.men, "other": balance.other}
    return PublicComposition(
        rows=rows,
        total_seats=result.total_seats,
        loosemore_hanby=result.loosemore_hanby,
        gender=representation.suppress(counts),
        gender_balanced=balance.balanced,
    )


def current_mandates(body: Body) -> QuerySet[Mandate]:
    today = timezone.localdate()
    return Mandate.objects.filter(seat__body=body, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def public_members(body: Body) -> QuerySet[Member]:
    """Members holding a seat of ``body`` today who consented to appear, with their declarations."""
    mandates = current_mandates(body).select_related("seat", "seat__category")
    return (
        Member.objects.filter(public_consent=True, mandates__in=mandates)
        .distinct()
        .select_related("organisation")
        .prefetch_related(
            Prefetch("mandates", queryset=mandates, to_attr="current"),
            Prefetch("declarations", queryset=Declaration.objects.order_by("-year", "-pk")),
        )
        .order_by("name", "pk")
    )


def public_meetings(body: Body) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body=body, status__in=PUBLIC_MEETING_STATUSES).order_by("-starts_at", "pk")


def public_meeting(pk: int) -> Meeting | None:
    return Meeting.objects.filter(pk=pk, status__in=PUBLIC_MEETING_STATUSES).select_related("body").first()


def approved_minutes(meeting: Meeting) -> Minutes | None:
    """The latest approved version of the minutes, or nothing while none is approved."""
    return (
        Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED)
        .order_by("-version", "-pk")
        .first()
    )


def public_advice(body: Body) -> QuerySet[Advice]:
    return Advice.objects.filter(body=body).select_related("adopted_at_meeting").order_by("-pk")


def public_processes() -> QuerySet[PlanProcess]:
    return PlanProcess.objects.select_related("body").order_by("-opens_on", "pk")


def process_sections(process: PlanProcess) -> QuerySet[PlanSection]:
    published = PlanComment.objects.filter(status=PlanCommentStatus.PUBLISHED).order_by("created_at", "pk")
    return process.sections.prefetch_related(
        Prefetch("comments", queryset=published, to_attr="published")
    ).order_by("order", "pk")


def seats_of(body: Body) -> QuerySet[Seat]:
    return Seat.objects.filter(body=body, is_active=True)

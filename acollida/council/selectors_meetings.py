"""Council meetings: reads for the secretary's screens and the public feeds."""

from __future__ import annotations

from django.db.models import QuerySet

from acollida.council.models import Body, Meeting, MeetingStatus, Minutes, MinutesStatus


def meetings_of(body: Body) -> QuerySet[Meeting]:
    return Meeting.objects.filter(body=body).order_by("-starts_at", "pk")


def public_meetings(body: Body) -> QuerySet[Meeting]:
    """Convened, held or cancelled meetings of a body (drafts are not announced)."""
    return meetings_of(body).exclude(status=MeetingStatus.DRAFT)


def approved_minutes(meeting: Meeting) -> Minutes | None:
    """The minutes the public may read: the latest approved version, if any."""
    return Minutes.objects.filter(meeting=meeting, status=MinutesStatus.APPROVED).order_by("-version").first()


def minutes_versions(meeting: Meeting) -> QuerySet[Minutes]:
    return Minutes.objects.filter(meeting=meeting).order_by("-version")

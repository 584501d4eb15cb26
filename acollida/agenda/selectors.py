"""Reads of the agenda: a day at an office, the interpreter gaps, a person's bookings, feeds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.agenda import ical
from acollida.agenda.models import Appointment, CalendarFeed, Slot, WalkInTicket, feed_token_hash
from acollida.core import policy
from acollida.core.models import Office, User
from acollida.people.models import Person
from acollida.people.reference import language_name

SORTS = {
    "time": ("starts_at", "pk"),
    "service": ("service_type", "starts_at"),
    "staff": ("staff__username", "starts_at"),
}
FEED_PAST_DAYS = 30
FEED_FUTURE_DAYS = 180


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


def agenda_offices(user: User) -> QuerySet[Office]:
    return policy.agenda_offices_visible_to(user, Office.objects.select_related("organisation"))


def queue_offices(user: User) -> QuerySet[Office]:
    return policy.queue_offices_visible_to(user, Office.objects.select_related("organisation"))


@dataclass
class DayFilter:
    office: Office
    day: date
    staff: User | None = None
    service_type: str = ""
    sort: str = "time"


def day_appointments(user: User, f: DayFilter) -> QuerySet[Appointment]:
    """The day's appointments at an office as a shared list: protected persons are left out."""
    start, end = day_bounds(f.day)
    qs = (
        Appointment.objects.visible_to(user)
        .on_shared_lists()
        .filter(office=f.office, starts_at__gte=start, starts_at__lt=end)
        .select_related("person", "person__organisation", "staff", "interpreter", "office")
    )
    if f.staff is not None:
        qs = qs.filter(staff=f.staff)
    if f.service_type:
        qs = qs.filter(service_type=f.service_type)
    return qs.order_by(*SORTS.get(f.sort, SORTS["time"]))


def slots_with_room(user: User, qs: QuerySet[Slot]) -> QuerySet[Slot]:
    """Published slots the user may see, with how many places are taken (protected bookings count
    too, without showing whose they are)."""
    return (
        policy.slots_visible_to(user, qs)
        .annotate(taken=Count("appointments", filter=~Q(appointments__status=Appointment.Status.CANCELLED)))
        .select_related("office", "staff")
    )


def day_slots(user: User, f: DayFilter) -> QuerySet[Slot]:
    start, end = day_bounds(f.day)
    qs = Slot.objects.filter(office=f.office, starts_at__gte=start, starts_at__lt=end)
    if f.staff is not None:
        qs = qs.filter(staff=f.staff)
    if f.service_type:
        qs = qs.filter(service_type=f.service_type)
    return slots_with_room(user, qs).order_by("starts_at", "pk")


def free_slots(user: User, *, office: Office | None, service_type: str, days: int = 21) -> list[Slot]:
    """Upcoming slots with a free place, soonest first."""
    now = timezone.now()
    qs = Slot.objects.filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=days))
    if office is not None:
        qs = qs.filter(office=office)
    if service_type:
        qs = qs.filter(service_type=service_type)
    return [
        slot
        for slot in slots_with_room(user, qs).order_by("starts_at", "pk")[:200]
        if getattr(slot, "taken", 0) < slot.capacity
    ]


def interpreters_needed(user: User) -> QuerySet[Appointment]:
    """Upcoming booked appointments that need an interpreter and have none yet."""
    return (
        Appointment.objects.visible_to(user)
        .on_shared_lists()
        .filter(
            status=Appointment.Status.BOOKED,
            starts_at__gte=timezone.now(),
            interpreter__isnull=True,
        )
        .exclude(interpreter_language="")
        .select_related("person", "person__organisation", "office", "staff")
        .order_by("starts_at", "pk")
    )


def person_appointments(user: User, person: Person) -> QuerySet[Appointment]:
    """A person's appointments the user may see, most recent first."""
    return (
        Appointment.objects.visible_to(user)
        .filter(person=person)
        .select_related("office", "staff", "interpreter")
        .order_by("-starts_at", "-pk")
    )


def appointment_get_for_user(user: User, appointment_id: int) -> Appointment | None:
    return (
        Appointment.objects.visible_to(user)
        .filter(pk=appointment_id)
        .select_related(
            "person", "person__organisation", "office", "office__organisation", "staff", "interpreter"
        )
        .first()
    )


def my_interpretations(user: User) -> QuerySet[Appointment]:
    return (
        Appointment.objects.visible_to(user)
        .filter(interpreter=user, status=Appointment.Status.BOOKED, ends_at__gte=timezone.now())
        .select_related("person", "office")
        .order_by("starts_at", "pk")
    )


def interpreters() -> QuerySet[User]:
    """Users who hold the interpreting permission at an active organisation."""
    roles = [role for role, perms in policy.ROLE_PERMISSIONS.items() if policy.Perm.INTERPRET in perms]
    return (
        User.objects.filter(
            is_active=True,
            memberships__role__in=roles,
            memberships__is_active=True,
            memberships__organisation__is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def tickets_today(user: User, office: Office) -> QuerySet[WalkInTicket]:
    return (
        policy.tickets_visible_to(user, WalkInTicket.objects.all())
        .filter(office=office, date=timezone.localdate())
        .select_related("person")
        .order_by("number")
    )


def display_board(office: Office, *, shown: int = 6) -> tuple[list[WalkInTicket], int]:
    """For the waiting-room screen: the latest called tickets and how many wait. No personal data
    leaves this function: only numbers, desks and times."""
    today = WalkInTicket.objects.filter(office=office, date=timezone.localdate())
    called = list(
        today.filter(status=WalkInTicket.Status.CALLED)
        .only("number", "desk", "called_at")
        .order_by("-called_at", "-number")[:shown]
    )
    return called, today.filter(status=WalkInTicket.Status.WAITING).count()


def feed_by_token(token: str) -> CalendarFeed | None:
    if not token or len(token) > 100:
        return None
    return (
        CalendarFeed.objects.usable().filter(token_hash=feed_token_hash(token)).select_related("user").first()
    )


def feed_events(feed: CalendarFeed) -> list[ical.Event]:
    """The feed owner's appointments (as staff or interpreter) that they may still see, without names."""
    user = feed.user
    now = timezone.now()
    qs = (
        Appointment.objects.visible_to(user)
        .filter(Q(staff=user) | Q(interpreter=user))
        .filter(
            starts_at__gte=now - timedelta(days=FEED_PAST_DAYS),
            starts_at__lt=now + timedelta(days=FEED_FUTURE_DAYS),
        )
        .select_related("office")
        .order_by("starts_at", "pk")
    )
    events = []
    for appointment in qs:
        summary = _("Appointment: %(service)s") % {"service": appointment.get_service_type_display()}
        description = ""
        if appointment.interpreter_language:
            description = _("Interpreter: %(language)s") % {
                "language": language_name(appointment.interpreter_language)
            }
            summary += " · " + appointment.interpreter_language
        events.append(
            ical.Event(
                uid=f"appointment-{appointment.pk}@acollida",
                starts_at=appointment.starts_at,
                ends_at=appointment.ends_at,
                summary=summary,
                location=f"{appointment.office.name}, {appointment.office.address}",
                description=description,
                cancelled=appointment.status == Appointment.Status.CANCELLED,
            )
        )
    return events


def agenda_staff(user: User) -> QuerySet[User]:
    """Colleagues who keep an agenda at the offices the user sees (for filters and slot owners)."""
    roles = [role for role, perms in policy.ROLE_PERMISSIONS.items() if policy.Perm.VIEW_PERSONS in perms]
    return (
        User.objects.filter(
            is_active=True,
            memberships__organisation_id__in=policy.agenda_organisation_ids(user),
            memberships__role__in=roles,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )

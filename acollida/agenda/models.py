"""Agenda: appointments per office, service and member of staff; the walk-in queue; calendar feeds.

Coordinators publish ``Slot``s; caseworkers book a person into one (or at a free time), reschedule,
cancel and record attendance. Each ``Appointment`` may need an interpreter (a language, and later
the interpreter assigned). People who come without an appointment take a ``WalkInTicket`` numbered
per office and day, called to a desk on the waiting-room display. A ``CalendarFeed`` lets a member of
staff subscribe to their own appointments by a secret address that holds no names.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from acollida.core.crypto import EncryptedTextField
from acollida.core.models import Office


class ServiceType(models.TextChoices):
    FIRST_RECEPTION = "first_reception", _("First reception")
    LEGAL_ADVICE = "legal_advice", _("Legal advice")
    LANGUAGE_COURSE = "language_course", _("Language-course placement")
    TRAINING_EMPLOYMENT = "training_employment", _("Training and employment")
    HOUSING = "housing", _("Housing")
    SOCIAL_WORK = "social_work", _("Social work")
    OTHER = "other", _("Other")


class SlotQuerySet(models.QuerySet["Slot"]):
    def visible_to(self, user: Any) -> SlotQuerySet:
        from acollida.core import policy

        return policy.slots_visible_to(user, self)  # type: ignore[return-value]


class Slot(models.Model):
    """A time published for bookings at an office, for a service, with one member of staff or any."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="slots"
    )
    service_type = models.CharField(_("service"), max_length=32, choices=ServiceType.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member of staff"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_slots",
        help_text=_("Leave empty when anyone on duty can attend."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        indexes = [models.Index(fields=["office", "starts_at"], name="slot_office_start_idx")]

    def __str__(self) -> str:
        return f"{self.get_service_type_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})
        if self.capacity is not None and self.capacity < 1:
            raise ValidationError({"capacity": _("A slot takes at least one person.")})


class AppointmentQuerySet(models.QuerySet["Appointment"]):
    def visible_to(self, user: Any) -> AppointmentQuerySet:
        from acollida.core import policy

        return policy.appointments_visible_to(user, self)  # type: ignore[return-value]

    def on_shared_lists(self) -> AppointmentQuerySet:
        """Protected persons never appear on lists other people can see (day agenda, interpreters)."""
        return self.filter(person__is_protected=False)

    def active(self) -> AppointmentQuerySet:
        return self.exclude(status=Appointment.Status.CANCELLED)


class Appointment(models.Model):
    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")

    slot = models.ForeignKey(
        Slot,
        verbose_name=_("slot"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="appointments"
    )
    service_type = models.CharField(_("service"), max_length=32, choices=ServiceType.choices)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member of staff"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_appointments",
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="appointments"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.BOOKED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    rescheduled_from = models.OneToOneField(
        "self",
        verbose_name=_("rescheduled from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rescheduled_to",
    )
    interpreter_language = models.CharField(
        _("interpreter language"),
        max_length=3,
        blank=True,
        help_text=_("ISO 639 code; empty if none is needed."),
    )
    interpreter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interpreter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpretations",
    )
    notes = EncryptedTextField(_("notes"), blank=True, default="")
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["office", "starts_at"], name="appointment_office_start_idx"),
            models.Index(fields=["person", "starts_at"], name="appointment_person_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_type_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start.")})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.BOOKED


class TicketCounter(models.Model):
    """The last ticket number given at an office on a day: one row, locked while a ticket is issued."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["office", "date"], name="ticket_counter_unique")]

    def __str__(self) -> str:
        return f"{self.office_id} {self.date} {self.last_number}"


class WalkInTicketQuerySet(models.QuerySet["WalkInTicket"]):
    def visible_to(self, user: Any) -> WalkInTicketQuerySet:
        from acollida.core import policy

        return policy.tickets_visible_to(user, self)  # type: ignore[return-value]


class WalkInTicket(models.Model):
    """A number taken at the door by someone who came without an appointment."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("Called")
        SERVED = "served", _("Served")
        LEFT = "left", _("Left")

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.CASCADE, related_name="tickets"
    )
    date = models.DateField(_("date"))
    number = models.PositiveIntegerField(_("number"))
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="walk_in_tickets",
    )
    service_type = models.CharField(_("service"), max_length=32, choices=ServiceType.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    desk = models.CharField(_("desk"), max_length=40, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = WalkInTicketQuerySet.as_manager()

    class Meta:
        ordering = ["date", "number"]
        verbose_name = _("walk-in ticket")
        verbose_name_plural = _("walk-in tickets")
        constraints = [
            models.UniqueConstraint(fields=["office", "date", "number"], name="walk_in_ticket_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.date} #{self.number}"


def feed_token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class CalendarFeedQuerySet(models.QuerySet["CalendarFeed"]):
    def visible_to(self, user: Any) -> CalendarFeedQuerySet:
        from acollida.core import policy

        return policy.calendar_feeds_visible_to(user, self)  # type: ignore[return-value]

    def usable(self) -> CalendarFeedQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class CalendarFeed(models.Model):
    """A member of staff's own appointments as an iCalendar feed at a secret address.

    Only the SHA-256 of the secret is stored; the address is shown once, when the feed is made.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feeds",
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @staticmethod
    def new_secret() -> tuple[str, str]:
        """``(raw_token, hash)``; the raw token is never stored."""
        raw = secrets.token_urlsafe(32)
        return raw, feed_token_hash(raw)


class AppointmentRequest(models.Model):
    """A newcomer's request for an appointment, sent from a public directory page.

    Nobody is registered by it: the CAI's staff read the request list, find or register the
    person and book a real appointment. What was typed is personal data, so it is encrypted.
    """

    class Status(models.TextChoices):
        NEW = "new", _("New")
        BOOKED = "booked", _("Appointment booked")
        CLOSED = "closed", _("Closed without an appointment")

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="appointment_requests"
    )
    service_type = models.CharField(_("service"), max_length=30, choices=ServiceType.choices, blank=True)
    directory_service = models.UUIDField(_("directory service"), null=True, blank=True)
    name = EncryptedTextField(_("name"))
    language = models.CharField(_("language"), max_length=8)
    contact = EncryptedTextField(_("phone or e-mail"))
    need = EncryptedTextField(_("what it is about"), blank=True, default="")
    preferred_times = models.CharField(_("preferred times"), max_length=200, blank=True)
    consent_text_version = models.CharField(_("consent text"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.NEW)
    appointment = models.ForeignKey(
        Appointment,
        verbose_name=_("appointment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closing_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["status", "created_at", "pk"]
        verbose_name = _("appointment request")
        verbose_name_plural = _("appointment requests")
        indexes = [models.Index(fields=["office", "status", "created_at"], name="apptrequest_office_idx")]

    def __str__(self) -> str:
        return f"request {self.pk} ({self.status})"

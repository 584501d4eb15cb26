"""Reminders of tomorrow's appointments, in the person's own language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from acollida.agenda.models import Appointment
from acollida.agenda.senders import Message, Sender, configured_senders
from acollida.people.models import Person

REMINDER_LANGUAGES = ("ca", "es", "en", "fr", "ar", "uk")
FALLBACK_LANGUAGE = "es"


def reminder_language(person: Person) -> str:
    """The first language the person speaks that the interface has, else Spanish."""
    for spoken in person.languages.order_by("pk"):
        code = spoken.language.lower()
        if code in REMINDER_LANGUAGES:
            return code
    return FALLBACK_LANGUAGE


def render_reminder(appointment: Appointment, language: str) -> tuple[str, str]:
    """Subject and body rendered with ``language`` active, so the catalogue's translation is used."""
    with translation.override(language):
        context = {
            "appointment": appointment,
            "service": appointment.get_service_type_display(),
            "starts_at": timezone.localtime(appointment.starts_at),
            "office": appointment.office,
            "name": appointment.person.preferred_name or appointment.person.given_name,
        }
        subject = render_to_string("agenda/reminder_subject.txt", context).strip()
        body = render_to_string("agenda/reminder_body.txt", context)
    return subject, body


@dataclass
class ReminderRun:
    sent: int = 0
    unreachable: int = 0
    languages: dict[str, int] = field(default_factory=dict)


def due(day: date) -> list[Appointment]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = start + timedelta(days=1)
    return list(
        Appointment.objects.filter(
            status=Appointment.Status.BOOKED,
            reminder_sent_at__isnull=True,
            starts_at__gte=start,
            starts_at__lt=end,
            person__merged_into__isnull=True,
        )
        .select_related("person", "office")
        .order_by("starts_at", "pk")
    )


def send_reminders(*, day: date | None = None, senders: list[Sender] | None = None) -> ReminderRun:
    """Remind each person booked on ``day`` (default: tomorrow) once; run again, nobody is reminded
    twice. Protected persons are reminded too (only they receive it)."""
    day = day or timezone.localdate() + timedelta(days=1)
    senders = senders if senders is not None else configured_senders()
    run = ReminderRun()
    for appointment in due(day):
        person = appointment.person
        language = reminder_language(person)
        subject, body = render_reminder(appointment, language)
        message = Message(
            email=person.email, phone=person.phone, language=language, subject=subject, body=body
        )
        if not any(sender.send(message) for sender in senders):
            run.unreachable += 1
            continue
        with transaction.atomic():
            Appointment.objects.filter(pk=appointment.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=timezone.now()
            )
        run.sent += 1
        run.languages[language] = run.languages.get(language, 0) + 1
    return run

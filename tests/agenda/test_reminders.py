from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from acollida.agenda.models import Appointment, Slot
from acollida.agenda.reminders import reminder_language, render_reminder, send_reminders
from tests.agenda.conftest import register
from tests.conftest import Network

LOCMEM = override_settings(
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ACOLLIDA_REMINDER_SENDERS=["acollida.agenda.senders.EmailSender"],
)


def test_the_reminder_language_is_the_first_spoken_interface_language(network: Network) -> None:
    person = register(
        network, languages=[("wo", "native", True), ("ar", "fluent", False), ("fr", "basic", False)]
    )
    assert reminder_language(person) == "ar"


def test_without_an_interface_language_the_reminder_is_in_spanish(network: Network) -> None:
    assert reminder_language(register(network, languages=[("wo", "native", True)])) == "es"


def test_subject_and_body_are_rendered_with_the_persons_language_active(
    network: Network,
    publish: Callable[..., Slot],
    book: Callable[..., Appointment],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Until the catalogues are filled the text is English; what matters is which language is active."""
    from acollida.agenda import reminders

    person = register(network, languages=[("ar", "native", False)], email="amina@example.org")
    appointment = book(person, publish())
    seen: list[str | None] = []
    real_render = reminders.render_to_string

    def render_and_note_language(*args: Any, **kwargs: Any) -> str:
        seen.append(translation.get_language())
        return real_render(*args, **kwargs)

    monkeypatch.setattr(reminders, "render_to_string", render_and_note_language)
    subject, body = render_reminder(appointment, "ar")
    assert seen == ["ar", "ar"]
    assert subject and "CAI entry point" in body


@LOCMEM
def test_reminders_are_emailed_once_to_persons_with_an_email(
    network: Network, publish: Callable[..., Slot], book: Callable[..., Appointment]
) -> None:
    with_email = register(network, given="Awa", languages=[("fr", "native", False)], email="awa@example.org")
    without = register(network, given="Omar")
    book(with_email, publish(hour=9))
    book(without, publish(hour=11))
    first = send_reminders()
    second = send_reminders()
    assert (first.sent, first.unreachable, first.languages) == (1, 1, {"fr": 1})
    assert second.sent == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["awa@example.org"]
    assert mail.outbox[0].extra_headers["Content-Language"] == "fr"


@LOCMEM
def test_cancelled_appointments_get_no_reminder(
    network: Network, publish: Callable[..., Slot], book: Callable[..., Appointment]
) -> None:
    from acollida.agenda import services

    person = register(network, email="awa@example.org")
    appointment = book(person, publish())
    services.appointment_cancel(
        actor=network.users["caseworker"], appointment=appointment, reason="moved away"
    )
    assert send_reminders().sent == 0
    assert mail.outbox == []


@LOCMEM
def test_the_command_reports_what_it_sent(
    network: Network, publish: Callable[..., Slot], book: Callable[..., Appointment]
) -> None:
    from io import StringIO

    from django.core.management import call_command

    book(register(network, languages=[("uk", "native", False)], email="olena@example.org"), publish())
    out = StringIO()
    call_command("agenda", "send-reminders", stdout=out)
    assert "1 reminders sent (uk: 1)" in out.getvalue()


def test_the_command_refuses_a_bad_date(db: None) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="not a date"):
        call_command("agenda", "send-reminders", "--date", "tomorrow")

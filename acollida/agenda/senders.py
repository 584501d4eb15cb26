"""How reminders leave the building: a small pluggable interface.

``ACOLLIDA_REMINDER_SENDERS`` lists dotted paths of ``Sender`` classes (default: e-mail through
Django's mail settings). A sender that cannot reach a person returns ``False`` so the next is tried;
an SMS or messaging gateway is one more class.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

DEFAULT_SENDERS = ["acollida.agenda.senders.EmailSender"]


@dataclass(frozen=True)
class Message:
    email: str
    phone: str
    language: str
    subject: str
    body: str


class Sender(Protocol):
    def send(self, message: Message) -> bool:
        """Deliver ``message``; ``False`` when this channel cannot reach the person."""
        ...


class EmailSender:
    def send(self, message: Message) -> bool:
        if not message.email:
            return False
        mail = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.email],
            headers={"Content-Language": message.language},
        )
        return mail.send(fail_silently=False) > 0


class ConsoleSender:
    """For development: prints what would be sent."""

    def send(self, message: Message) -> bool:
        print(f"[{message.language}] to {message.email or message.phone}: {message.subject}\n{message.body}")
        return True


def configured_senders() -> list[Sender]:
    paths = getattr(settings, "ACOLLIDA_REMINDER_SENDERS", None) or DEFAULT_SENDERS
    return [import_string(path)() for path in paths]

"""Reminders to the people who keep directory entries: the services nobody has verified lately."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from acollida.directory import selectors


def stale_reminders_send(*, days: int | None = None) -> tuple[int, int]:
    """One e-mail per keeper listing their stale services; returns (e-mails, services listed)."""
    days = selectors.stale_days() if days is None else days
    by_keeper = selectors.stale_services_by_keeper(days)
    listed: set[object] = set()
    for user, services in by_keeper.items():
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "services": services,
                "days": days,
                "list_path": reverse("directory_manage:services") + "?stale=on",
            }
            subject = render_to_string("directory/manage/stale_subject.txt", context).strip()
            body = render_to_string("directory/manage/stale_body.txt", context)
        send_mail(subject, body, None, [user.email])
        listed |= {service.pk for service in services}
    return len(by_keeper), len(listed)

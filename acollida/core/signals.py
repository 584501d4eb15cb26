"""Receivers that keep session bookkeeping in step with logins and logouts."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import translation

from acollida.core.models import StaffSession, User

SESSION_STARTED_KEY = "acollida_started_at"
SESSION_SEEN_KEY = "acollida_seen_at"


@receiver(user_logged_in)
def session_started(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    request.session[SESSION_STARTED_KEY] = request.session[SESSION_SEEN_KEY] = int(time.time())
    if request.session.session_key is None:
        request.session.save()
    StaffSession.objects.get_or_create(session_key=request.session.session_key, defaults={"user": user})
    if user.preferred_language:
        translation.activate(user.preferred_language)
        request.LANGUAGE_CODE = user.preferred_language


@receiver(user_logged_out)
def session_ended(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if request.session.session_key:
        StaffSession.objects.filter(session_key=request.session.session_key).delete()

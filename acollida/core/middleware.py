"""Request middleware for sessions, two-factor authentication, language and caching."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from acollida.core.otp import second_factor_passed
from acollida.core.signals import SESSION_SEEN_KEY, SESSION_STARTED_KEY

Handler = Callable[[HttpRequest], HttpResponse]


class SessionLifetimeMiddleware:
    """End a session 12 hours after login whatever the activity, or 30 minutes after the last
    renewal; renew an active session (new expiry in the store) at most once a minute."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED_KEY)
            seen = request.session.get(SESSION_SEEN_KEY, started or 0)
            if (
                started is None
                or now - started > settings.SESSION_ABSOLUTE_SECONDS
                or now - seen > settings.SESSION_COOKIE_AGE
            ):
                logout(request)  # whatever the session store's own expiry says
            elif now - seen >= settings.SESSION_RENEW_SECONDS:
                request.session[SESSION_SEEN_KEY] = now  # marks the session for saving: new expiry
        return self.get_response(request)


def _otp_exempt(path: str) -> bool:
    exempt_names = ["core:otp_setup", "core:otp_verify", "core:logout"]
    exempt_paths = {reverse(name) for name in exempt_names}
    return (
        path in exempt_paths
        or path.startswith(settings.STATIC_URL)
        or path.startswith("/api/")
        or path in {"/healthz", "/i18n/setlang/"}
    )


class TwoFactorRequiredMiddleware:
    """Staff must pass a second factor before anything else (the API checks it in its own auth)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not second_factor_passed(user) and not _otp_exempt(request.path):
            from django_otp.plugins.otp_totp.models import TOTPDevice

            has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
            return redirect("core:otp_verify" if has_device else "core:otp_setup")
        return self.get_response(request)


class UserLanguageMiddleware:
    """Outside the language-prefixed pages (API, root), a logged-in user's preference wins."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        prefixed = translation.get_language_from_path(request.path_info)
        preferred = getattr(user, "preferred_language", "") if user.is_authenticated else ""
        if preferred and not prefixed and "HTTP_ACCEPT_LANGUAGE" not in request.META:
            translation.activate(preferred)
            request.LANGUAGE_CODE = preferred
        return self.get_response(request)


class NoStoreForAuthenticatedMiddleware:
    """Pages for logged-in staff and every API answer must never be kept by a browser or proxy."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated or request.path.startswith("/api/"):
            add_never_cache_headers(response)
            response["Cache-Control"] = "no-store, private"
        return response

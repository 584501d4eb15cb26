"""Health check, landing page, language switch and error pages."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from acollida.core import services

# Loading the migration graph costs milliseconds; code (and so its migrations) only changes when
# processes restart, so a process remembers for a minute that everything was applied.
MIGRATIONS_CHECK_SECONDS = 60.0
_migrations_applied_until = 0.0


def _migrations_applied(connection: Any) -> bool:
    global _migrations_applied_until
    now = time.monotonic()
    if now < _migrations_applied_until:
        return True
    executor = MigrationExecutor(connection)
    applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    _migrations_applied_until = now + MIGRATIONS_CHECK_SECONDS if applied else 0.0
    return applied


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: 200 when the database answers and every migration is applied."""
    checks = {"database": False, "migrations": False}
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = True
        checks["migrations"] = _migrations_applied(connection)
    except Exception:
        import logging

        logging.getLogger(__name__).exception("health check failed")
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


@login_not_required
@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("core:home")
    return render(request, "core/landing.html")


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch language: the same page in the chosen language, remembered for a logged-in user."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    if language not in dict(settings.LANGUAGES):
        return HttpResponseRedirect(target)
    # translate_url resolves the path in the active language, which on this unprefixed URL comes from
    # the browser's Accept-Language; resolve it in the language of the page the person came from.
    with translation.override(translation.get_language_from_path(target) or translation.get_language()):
        target = translate_url(target, language)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite="Lax",
    )
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
    return response


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    if request.path.startswith("/api/"):
        from acollida.api.errors import error_response

        return error_response(status)
    return render(request, template, status=status)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, "500.html", 500)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(request, "403_csrf.html", 403)

"""The HTTP API at ``/api/v1/``: one NinjaAPI, one router per app, OpenAPI 3.1 for staff only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from acollida.api.auth import StaffSessionAuth, TokenAuth
from acollida.api.errors import install_error_handlers
from acollida.core.otp import second_factor_passed


def staff_docs_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and its docs are for signed-in staff who passed their second factor."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not second_factor_passed(request.user):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapper


api = NinjaAPI(
    title="acollida API",
    version="1",
    description="Staff API of acollida. Every call is checked against the access policy, "
    "and every read of personal data is logged.",
    urls_namespace="api",
    auth=[TokenAuth(), StaffSessionAuth()],
    docs_decorator=staff_docs_only,
)
install_error_handlers(api)

from acollida.core.api import router as core_router  # noqa: E402  (routers need the api's auth)

api.add_router("/", core_router)


def api_urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API's URLs, exempt from the site-wide login redirect: the API answers 401 itself."""
    patterns, app_name, namespace = api.urls

    def exempt(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, URLResolver):
                exempt(item.url_patterns)
            else:
                item.callback.login_required = False

    exempt(patterns)
    return patterns, app_name, namespace

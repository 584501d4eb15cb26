"""The HTTP API at ``/api/v1/``: one NinjaAPI, one router per app, OpenAPI 3.1 for staff only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI

from acollida.api.auth import StaffSessionAuth, TokenAuth
from acollida.api.errors import error_response, install_error_handlers
from acollida.core import policy
from acollida.core.otp import second_factor_passed


def staff_docs_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and its docs are for signed-in members of staff who passed their second factor."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not second_factor_passed(request.user):
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        # Someone with no active membership (a former member of staff) is no longer staff.
        policy.require(request.user, policy.Perm.USE_APP)
        return view(request, *args, **kwargs)

    return wrapper


def _one_error_shape(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Ninja answers a wrong method with a bare text 405; give it the API's error shape."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            shaped = error_response(405)
            shaped["Allow"] = response["Allow"]
            return shaped
        return response

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
api.add_router("/", "acollida.people.api.router")
api.add_router("/", "acollida.cases.api.router")
api.add_router("/", "acollida.cases.api_pathways.router")
api.add_router("/", "acollida.cases.api_referrals.router")
api.add_router("/", "acollida.cases.api_documents.router")
api.add_router("/", "acollida.agenda.api.router")
api.add_router("/", "acollida.housing.api.router")
api.add_router("/", "acollida.housing.api_optimizer.router")
api.add_router("/", "acollida.council.api.router")


def api_urls() -> tuple[list[URLPattern | URLResolver], str, str]:
    """The API's URLs, exempt from the site-wide login redirect: the API answers 401 itself."""
    patterns, app_name, namespace = api.urls

    def exempt(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, URLResolver):
                exempt(item.url_patterns)
            else:
                item.callback = _one_error_shape(item.callback)
                item.callback.login_required = False

    exempt(patterns)
    return patterns, app_name, namespace

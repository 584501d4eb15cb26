"""One error shape for every API failure: ``{"error": {"code", "message", "fields"}}``, translated."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

logger = logging.getLogger(__name__)


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("The request could not be understood.")),
        401: ("not_authenticated", _("Sign in or send a valid API token.")),
        403: ("forbidden", _("You do not have permission to do this.")),
        404: ("not_found", _("Not found.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        409: ("conflict", _("This conflicts with the current state of the record.")),
        422: ("validation_error", _("Some fields are not valid.")),
        429: ("rate_limited", _("Too many requests. Try again later.")),
        500: ("server_error", _("Something went wrong on our side. It has been logged.")),
    }


def error_body(
    status: int, message: str | None = None, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    code, default = _messages().get(status, ("error", _("The request failed.")))
    return {"error": {"code": code, "message": message or default, "fields": fields or {}}}


def error_response(
    status: int, message: str | None = None, fields: dict[str, list[str]] | None = None
) -> HttpResponse:
    return HttpResponse(
        json.dumps(error_body(status, message, fields)),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def _field_name(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in {"body", "query", "path", "header", "cookie", "payload", "form"}]
    return ".".join(parts) or "__all__"


_PYDANTIC_MESSAGES = {
    "missing": lambda: _("This field is required."),
    "int_parsing": lambda: _("Enter a whole number."),
    "int_type": lambda: _("Enter a whole number."),
    "string_too_long": lambda: _("This value is too long."),
    "string_too_short": lambda: _("This value is too short."),
    "greater_than_equal": lambda: _("This value is too small."),
    "less_than_equal": lambda: _("This value is too large."),
    "date_from_datetime_parsing": lambda: _("Enter a valid date."),
    "date_parsing": lambda: _("Enter a valid date."),
    "enum": lambda: _("Choose one of the allowed values."),
    "literal_error": lambda: _("Choose one of the allowed values."),
    "json_invalid": lambda: _("The request body is not valid JSON."),
}


def install_error_handlers(api: NinjaAPI) -> None:
    def on_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            message = _PYDANTIC_MESSAGES.get(err.get("type", ""), lambda: _("This value is not valid."))()
            fields.setdefault(_field_name(err.get("loc", ())), []).append(message)
        return error_response(422, fields=fields)

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return error_response(422, fields=fields)

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(401)

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(exc.status_code)

    def on_404(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(404)

    def on_403(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(403)

    def on_any(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s", request.path)
        return error_response(500)

    handlers: list[tuple[type[Exception], Any]] = [
        (ValidationError, on_validation),
        (DjangoValidationError, on_django_validation),
        (AuthenticationError, on_auth),
        (HttpError, on_http),
        (Http404, on_404),
        (PermissionDenied, on_403),
        (Exception, on_any),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)

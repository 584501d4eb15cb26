"""API authentication: a personal token (``Authorization: Bearer acl_…``) or the staff session."""

from __future__ import annotations

import contextlib
from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from acollida.core import policy, services
from acollida.core.otp import second_factor_passed


def _audit_as(user: Any) -> None:
    """Writes made with a token are audited with its owner as the actor.

    AuditlogMiddleware captured the (anonymous) session user before the token was checked; its
    context for this request is a dict read when each log entry is saved, so set the actor there.
    """
    from auditlog.context import auditlog_value

    with contextlib.suppress(LookupError):  # outside a request there is no audit context
        auditlog_value.get()["actor"] = user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = services.token_authenticate(token)
        if found is None:
            return None
        user = found.user
        # The token acts only for the organisations it was scoped to (and the user still belongs to).
        user.token_organisation_ids = set(found.organisations.values_list("id", flat=True))  # type: ignore[attr-defined]
        policy.forget(user)
        if not policy.can(user, policy.Perm.USE_API):
            return None  # the owner's roles there no longer include the API
        request.user = user
        _audit_as(user)
        return user


class StaffSessionAuth(SessionAuth):
    """The browser session, only once the second factor has been passed.

    A request with no signed-in user has no session to protect: it gets 401, not a CSRF 403.
    """

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return None
        return user if second_factor_passed(user) else None

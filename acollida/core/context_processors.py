from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from acollida.core import policy


def navigation(request: HttpRequest) -> dict[str, Any]:
    """What the navigation bar may offer: only what the access policy grants."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"perms_": frozenset()}
    return {"perms_": {perm.value for perm in policy.permissions_of(user)}}

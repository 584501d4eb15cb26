"""Whether a signed-in user has passed their second factor (or the demo lets them skip it)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def second_factor_passed(user: Any) -> bool:
    if not user.is_authenticated:
        return False
    if settings.SKIP_2FA:
        return True
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())

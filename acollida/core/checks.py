"""System checks that refuse to start with unusable keys (run by ``check --deploy`` in CI)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security, deploy=True)
def encryption_keys_usable(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from acollida.core import crypto

    errors: list[checks.CheckMessage] = []
    try:
        token = crypto.encrypt("check")
        if crypto.decrypt(token) != "check":
            raise ImproperlyConfigured("round trip failed")
    except ImproperlyConfigured as exc:
        errors.append(checks.Error(str(exc), id="acollida.E001"))
    if len(settings.IDENTIFIER_HASH_KEY) < 32:
        errors.append(
            checks.Error("ACOLLIDA_IDENTIFIER_HASH_KEY must be at least 32 characters", id="acollida.E002")
        )
    return errors

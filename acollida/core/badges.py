"""The counts the staff navigation shows as badges (access requests waiting, overdue deadlines,
referrals waiting for an answer), kept a short while per user.

Every page a member of staff opens renders the navigation, and each count checks the access
policy in full (which cases, persons and referrals the user may open). Kept for
``BADGE_SECONDS``, a count costs one cache read on most pages; it may lag behind a change by that
long. The tags check the user's permission before reading the cache, so a count is never shown to
someone who no longer holds it. Counts are numbers: the key holds the user, not the language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache

BADGE_SECONDS = 30


def _key(user: Any, name: str) -> str:
    return f"acollida:badge:{name}:{user.pk}"


def badge_count(user: Any, name: str, compute: Callable[[], int]) -> int:
    """The count ``name`` for ``user``: from the cache, or ``compute()`` (one query) kept for
    ``BADGE_SECONDS``."""
    key = _key(user, name)
    value = cache.get(key)
    if isinstance(value, int):
        return value
    value = compute()
    cache.set(key, value, BADGE_SECONDS)
    return value

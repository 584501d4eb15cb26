"""The number of access requests waiting for the user's decision, for the navigation bar."""

from __future__ import annotations

from typing import Any

from django import template

from acollida.core import policy
from acollida.core.badges import badge_count
from acollida.people.selectors_access import open_incoming_count

register = template.Library()


@register.simple_tag(takes_context=True)
def open_access_requests(context: dict[str, Any]) -> int:
    """One count query, only for those who decide on requests (they record persons), kept a
    short while (``acollida.core.badges``)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not policy.can(user, policy.Perm.EDIT_PERSONS):
        return 0
    return badge_count(user, "access_requests", lambda: open_incoming_count(user))

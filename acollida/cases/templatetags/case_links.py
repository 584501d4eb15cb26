"""``{% open_case_link person %}`` on the person page: open a case, or go to the one open."""

from __future__ import annotations

from typing import Any

from django import template

from acollida.cases import selectors
from acollida.core import policy
from acollida.core.policy import Perm

register = template.Library()


@register.inclusion_tag("cases/_open_case_link.html", takes_context=True)
def open_case_link(context: dict[str, Any], person: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or person is None or not policy.can(user, Perm.VIEW_PERSONS):
        return {"show": False}
    case = selectors.open_case_for_person(user, person.pk)
    return {
        "show": case is not None or policy.can(user, Perm.EDIT_PERSONS),
        "case": case,
        "person": person,
    }

"""Template questions about what the user may change on a person's page, asked of the policy."""

from __future__ import annotations

from typing import Any

from django import template

from acollida.people import services_edit
from acollida.people.models import Person

register = template.Library()


@register.simple_tag(takes_context=True)
def person_editable(context: Any, person: Person) -> bool:
    """May the signed-in user correct this person's record and manage their households?"""
    return services_edit.person_editable_by(context.request.user, person)


@register.simple_tag
def households_now_and_before(memberships: Any) -> dict[str, list[Any]]:
    """A person's household places split into the present ones and the history (latest left first)."""
    places = list(memberships)
    before = [m for m in places if m.left_on is not None]
    return {
        "now": sorted((m for m in places if m.left_on is None), key=lambda m: (m.joined_on, m.pk)),
        "before": sorted(before, key=lambda m: (m.left_on, m.pk), reverse=True),
    }

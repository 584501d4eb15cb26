"""The person page's data-subject rights panel: legal holds, and export and erasure for the officer."""

from __future__ import annotations

from typing import Any

from django import template

from acollida.cases.erasure import active_holds
from acollida.cases.models import LegalHold
from acollida.core import policy
from acollida.core.rights import person_group

register = template.Library()


@register.inclusion_tag("core/rights/person_panel.html", takes_context=True)
def rights_panel(context: dict[str, Any], person: Any) -> dict[str, Any]:
    user = context["request"].user
    group = person_group(person)
    return {
        "person": person,
        "holds": LegalHold.objects.filter(person_id__in=group).select_related("placed_by", "lifted_by"),
        "active_holds": set(active_holds(group).values_list("pk", flat=True)),
        "can_manage_holds": policy.may_manage_legal_holds(user, person),
        "can_exercise_rights": policy.may_exercise_rights(user, person),
    }

"""``{% pathways_section case access %}`` on the case page and ``{% overdue_deadlines as n %}`` for the
navigation badge."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from acollida.cases import selectors_pathways, services_pathways
from acollida.cases.forms_pathways import PathwayStartForm
from acollida.core import policy
from acollida.core.badges import badge_count
from acollida.core.models import User
from acollida.core.policy import Perm

register = template.Library()


@register.inclusion_tag("cases/_pathways_section.html", takes_context=True)
def pathways_section(
    context: dict[str, Any], case: Any, access: policy.CaseAccess | None = None
) -> dict[str, Any]:
    """The case's pathways with their steps' states, and the start form for those who edit it.
    The case page that includes it has checked the case may be opened and logged the read, and
    hands its ``policy.case_access`` (``access``) so the case is not checked again."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or case is None:
        return {"pathways": []}
    pathways = selectors_pathways.case_pathways(user, case, access)
    can_edit = (
        isinstance(user, User)
        and policy.can(user, Perm.EDIT_PERSONS, case.organisation_id)
        and not case.is_closed
    )
    start_form = None
    if can_edit:
        templates = services_pathways.templates_for_case(user, case)
        start_form = PathwayStartForm(templates=templates, prefix="pathway")
    return {
        "case": case,
        "pathways": pathways,
        "overdue_total": sum(getattr(p, "overdue", 0) for p in pathways),
        "can_edit": can_edit,
        "start_form": start_form,
        "today": timezone.localdate(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def overdue_deadlines(context: dict[str, Any]) -> int:
    """Steps past their date on the user's cases: one count query, for those who read persons,
    kept a short while (``acollida.core.badges``)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not policy.can(user, Perm.VIEW_PERSONS):
        return 0
    return badge_count(user, "overdue_deadlines", lambda: selectors_pathways.overdue_count(user))

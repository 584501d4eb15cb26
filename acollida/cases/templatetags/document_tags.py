"""``{% case_documents_section case access %}`` on the case page: the latest documents and what to do."""

from __future__ import annotations

from typing import Any

from django import template

from acollida.cases import selectors_documents
from acollida.core import policy
from acollida.core.policy import Perm

register = template.Library()

LATEST = 5


@register.inclusion_tag("cases/_documents_section.html", takes_context=True)
def case_documents_section(
    context: dict[str, Any], case: Any, access: policy.CaseAccess | None = None
) -> dict[str, Any]:
    """``access``: the case page's ``policy.case_access``, so the case is not checked again."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or case is None:
        return {"show": False}
    access = access or policy.case_access(user, case)
    if not selectors_documents.may_read_documents(user, case, access):
        return {"show": False}
    found = selectors_documents.case_documents(user, case, access=access)
    can_edit = policy.can(user, Perm.EDIT_PERSONS, case.organisation_id)
    return {
        "show": True,
        "case": case,
        "latest": list(found[:LATEST]),
        "total": found.count(),
        "can_edit": can_edit,
        "can_add": can_edit and not case.is_closed,
        "can_coordinate": policy.can(user, Perm.COORDINATE, case.organisation_id),
    }

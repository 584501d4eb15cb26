"""``{% referrals_section case access %}`` on the case page, ``{% referrals_nav %}`` in the navigation."""

from __future__ import annotations

from typing import Any

from django import template

from acollida.cases import selectors_referrals
from acollida.cases.models import Case, Consent, Referral
from acollida.cases.services_referrals import consent_stands
from acollida.core import policy
from acollida.core.badges import badge_count
from acollida.core.policy import Perm

register = template.Library()


def _user(context: Any) -> Any:
    request = context.get("request")
    return getattr(request, "user", None)


@register.filter
def is_overdue(referral: Referral) -> bool:
    return selectors_referrals.is_overdue(referral)


def _consent_rows(consents: Any) -> list[Consent]:
    rows = list(consents)
    labels = dict(Consent.Purpose.choices)
    for consent in rows:
        consent.purpose_labels = [str(labels.get(p, p)) for p in consent.purposes or []]
        consent.standing = consent_stands(consent)
    return rows


@register.inclusion_tag("cases/_referrals_section.html", takes_context=True)
def referrals_section(context: Any, case: Case, access: policy.CaseAccess | None = None) -> dict[str, Any]:
    """The case's referrals (a receiver sees those to its organisations only) and, for the
    holder's staff, the person's consents and the actions: refer, transfer, record consent.
    ``access``: the case page's ``policy.case_access``, so the case is not checked again."""
    user = _user(context)
    if user is None or not policy.can(user, Perm.VIEW_PERSONS):
        return {"show": False}
    access = access or policy.case_access(user, case)
    holder = access.held
    can_edit = holder and policy.can(user, Perm.EDIT_PERSONS, case.organisation_id) and not case.is_closed
    return {
        "show": True,
        "case": case,
        "holder": holder,
        "referrals": selectors_referrals.case_referrals(user, case, access),
        "consents": _consent_rows(selectors_referrals.case_consents(user, case, access)) if holder else [],
        "can_refer": can_edit,
        "can_transfer": can_edit and policy.can(user, Perm.COORDINATE, case.organisation_id),
    }


@register.inclusion_tag("cases/_referrals_nav.html", takes_context=True)
def referrals_nav(context: Any) -> dict[str, Any]:
    """Referrals waiting for an answer: one count query, kept a short while
    (``acollida.core.badges``)."""
    user = _user(context)
    if user is None or not policy.can(user, Perm.VIEW_PERSONS):
        return {"show": False}
    return {
        "show": True,
        "pending": badge_count(
            user, "referrals_waiting", lambda: selectors_referrals.pending_received_count(user)
        ),
        "nav_section": context.get("nav_section", ""),
    }

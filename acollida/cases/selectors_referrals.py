"""Reads of referrals and consents: the dashboards, one referral, a case's referrals and consents.

Everything reads through ``policy.referrals_visible_to`` / ``policy.consents_visible_to``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from acollida.cases.models import Case, Consent, Referral
from acollida.core import policy
from acollida.core.models import Organisation
from acollida.core.policy import Perm

BOXES = ("received", "sent")
REFERRAL_SORTS: dict[str, tuple[str, ...]] = {
    "sent": ("sent_at", "pk"),
    "-sent": ("-sent_at", "-pk"),
    "respond_by": ("respond_by", "pk"),
    "-respond_by": ("-respond_by", "-pk"),
    "expires": ("expires_on", "pk"),
    "-expires": ("-expires_on", "-pk"),
    "status": ("status", "-sent_at", "pk"),
}
DEFAULT_SORT = "-sent"


def overdue_q(today: date | None = None) -> Q:
    """Sent and not answered by ``respond_by``, or accepted with no outcome once it has expired."""
    today = today or timezone.localdate()
    return Q(status=Referral.Status.SENT, respond_by__lt=today) | Q(
        status=Referral.Status.ACCEPTED, outcome="", expires_on__lt=today
    )


def is_overdue(referral: Referral, today: date | None = None) -> bool:
    """``overdue_q`` for one referral already read."""
    today = today or timezone.localdate()
    if referral.status == Referral.Status.SENT:
        return referral.respond_by is not None and referral.respond_by < today
    return (
        referral.status == Referral.Status.ACCEPTED and not referral.outcome and referral.expires_on < today
    )


def referrals_visible(user: Any) -> QuerySet[Referral]:
    return policy.referrals_visible_to(user, Referral.objects.all())


def referral_list(
    user: Any, *, box: str = "received", status: str = "", overdue: bool = False, sort: str = DEFAULT_SORT
) -> QuerySet[Referral]:
    """Referrals received by (or sent from) the organisations where the user reads persons."""
    organisations = policy.organisation_ids_with(user, Perm.VIEW_PERSONS)
    qs = referrals_visible(user)
    if box == "sent":
        qs = qs.filter(from_organisation_id__in=organisations)
    else:
        qs = qs.filter(to_organisation_id__in=organisations)
    if status in Referral.Status.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(overdue_q())
    return qs.select_related("case", "from_organisation", "to_organisation").order_by(
        *REFERRAL_SORTS.get(sort, REFERRAL_SORTS[DEFAULT_SORT])
    )


@dataclass
class OrganisationCounts:
    organisation: Organisation
    sent: int = 0
    received: int = 0
    pending_sent: int = 0
    pending_received: int = 0
    overdue_sent: int = 0
    overdue_received: int = 0


def referral_dashboard(user: Any, today: date | None = None) -> list[OrganisationCounts]:
    """Per organisation where the user reads persons: referrals sent and received, those pending
    (waiting for an answer) and those overdue, in each direction. Two queries."""
    organisations = policy.organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not organisations:
        return []
    overdue = overdue_q(today)
    pending = Q(status=Referral.Status.SENT)
    qs = referrals_visible(user).order_by()
    rows = {
        org.pk: OrganisationCounts(organisation=org)
        for org in Organisation.objects.filter(pk__in=organisations).order_by("name")
    }
    for key, side in (("from_organisation_id", "sent"), ("to_organisation_id", "received")):
        counts = (
            qs.filter(**{f"{key}__in": organisations})
            .values(key)
            .annotate(
                total=Count("pk"), pending=Count("pk", filter=pending), overdue=Count("pk", filter=overdue)
            )
        )
        for row in counts:
            counted = rows[row[key]]
            setattr(counted, side, row["total"])
            setattr(counted, f"pending_{side}", row["pending"])
            setattr(counted, f"overdue_{side}", row["overdue"])
    return list(rows.values())


def pending_received_count(user: Any) -> int:
    """Referrals waiting for the user's organisations' answer (the navigation badge)."""
    organisations = policy.organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not organisations:
        return 0
    return (
        referrals_visible(user)
        .filter(to_organisation_id__in=organisations, status=Referral.Status.SENT)
        .count()
    )


def referral_get_for_user(user: Any, referral_id: int) -> Referral:
    referral = (
        referrals_visible(user)
        .select_related("case", "case__person", "from_organisation", "to_organisation", "consent", "sent_by")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    return referral


def case_referrals(user: Any, case: Case, access: policy.CaseAccess | None = None) -> QuerySet[Referral]:
    """The case's referrals the user may follow (through the case's ``policy.case_access`` when
    the page has it, without checking the case again)."""
    found = (
        policy.case_referrals_for(access, Referral.objects.all())
        if access is not None
        else referrals_visible(user).filter(case=case)
    )
    return found.select_related("to_organisation", "from_organisation", "sent_by").order_by("-sent_at", "-pk")


def case_consents(user: Any, case: Case, access: policy.CaseAccess | None = None) -> QuerySet[Consent]:
    """The case's consents the holder's staff see (through the case's ``policy.case_access`` when
    the page has it)."""
    found = (
        policy.case_consents_for(access, Consent.objects.all())
        if access is not None
        else policy.consents_visible_to(user, Consent.objects.all()).filter(case=case)
    )
    return found.select_related("person", "organisation", "recorded_by").order_by("-given_on", "-pk")


def consents_for_referral(user: Any, case: Case) -> list[Consent]:
    """The consents on the case that may carry a referral (standing, for referrals)."""
    from acollida.cases.services_referrals import consent_stands

    return [c for c in case_consents(user, case) if consent_stands(c) and "referral" in (c.purposes or [])]


def consent_get_for_user(user: Any, case: Case, consent_id: int) -> Consent:
    consent = case_consents(user, case).filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    return consent


def receiving_organisations(case: Case) -> QuerySet[Organisation]:
    """Where a case may be referred or transferred: the other active organisations."""
    return Organisation.objects.filter(is_active=True).exclude(pk=case.organisation_id).order_by("name")

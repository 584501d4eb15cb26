"""Referrals and consent API: refer a case, answer, record the outcome, withdraw; record and
withdraw consent. Reads go through ``policy.referrals_visible_to`` / ``consents_visible_to`` and are
written to the read log with the purpose stated in ``X-Purpose``; writes go through the services.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from acollida.cases import selectors, selectors_referrals
from acollida.cases import services_referrals as svc
from acollida.cases.models import Case, Consent, Referral
from acollida.core import audit, policy
from acollida.core.api import MAX_LIMIT, MAX_OFFSET, NO_NUL
from acollida.core.models import Organisation, ReadLog, User
from acollida.core.policy import Perm
from acollida.people.models import Person

router = Router(tags=["referrals"])
ID = Field(..., ge=1, le=2**62)


class ReferralOut(Schema):
    id: int
    case_id: int
    case_reference: str
    from_organisation_id: int
    to_organisation_id: int
    service: str
    purpose: str
    sections: list[Referral.Section]
    consent_id: int | None
    without_consent: bool
    expires_on: date
    respond_by: date | None
    status: Referral.Status
    sent_at: datetime
    decided_at: datetime | None
    decline_reason: str
    outcome: str
    outcome_at: datetime | None
    ended_at: datetime | None
    overdue: bool


class ReferralPage(Schema):
    count: int
    items: list[ReferralOut]


class ReferralFilter(Schema):
    box: Literal["incoming", "outgoing"] = "incoming"
    status: Referral.Status | None = None
    overdue: bool = False
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class ReferralIn(Schema):
    to_organisation_id: int = ID
    service: str = Field(..., min_length=1, max_length=200, pattern=NO_NUL)
    purpose: str = Field(..., min_length=1, max_length=2000, pattern=NO_NUL)
    sections: list[Referral.Section] = Field(..., min_length=1, max_length=6)
    expires_on: date
    respond_by: date | None = None
    consent_id: int | None = Field(None, ge=1, le=2**62)
    override_reason: str = Field(
        "", max_length=2000, pattern=NO_NUL, description="Only without consent, by a coordinator."
    )


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=2000, pattern=NO_NUL)


class OutcomeIn(Schema):
    outcome: str = Field(..., min_length=1, max_length=2000, pattern=NO_NUL)


class ConsentOut(Schema):
    id: int
    person_id: int
    case_id: int | None
    purposes: list[Consent.Purpose]
    organisation_id: int | None
    method: Consent.Method
    given_on: date
    expires_on: date | None
    note: str
    recorded_at: datetime
    withdrawn_at: datetime | None


class ConsentIn(Schema):
    purposes: list[Consent.Purpose] = Field(..., min_length=1, max_length=4)
    method: Consent.Method
    person_id: int | None = Field(None, ge=1, le=2**62, description="For a household case: the member.")
    organisation_id: int | None = Field(None, ge=1, le=2**62, description="Empty: any of the network.")
    given_on: date | None = None
    expires_on: date | None = None
    note: str = Field("", max_length=2000, pattern=NO_NUL)


def _referral(referral: Referral) -> ReferralOut:
    return ReferralOut(
        id=referral.pk,
        case_id=referral.case_id,
        case_reference=referral.case.reference,
        from_organisation_id=referral.from_organisation_id,
        to_organisation_id=referral.to_organisation_id,
        service=referral.service,
        purpose=referral.purpose,
        sections=[Referral.Section(s) for s in referral.sections if s in Referral.Section.values],
        consent_id=referral.consent_id,
        without_consent=referral.consent_id is None,
        expires_on=referral.expires_on,
        respond_by=referral.respond_by,
        status=Referral.Status(referral.status),
        sent_at=referral.sent_at,
        decided_at=referral.decided_at,
        decline_reason=referral.decline_reason,
        outcome=referral.outcome,
        outcome_at=referral.outcome_at,
        ended_at=referral.ended_at,
        overdue=selectors_referrals.is_overdue(referral),
    )


def _consent(consent: Consent) -> ConsentOut:
    return ConsentOut(
        id=consent.pk,
        person_id=consent.person_id,
        case_id=consent.case_id,
        purposes=[Consent.Purpose(p) for p in consent.purposes if p in Consent.Purpose.values],
        organisation_id=consent.organisation_id,
        method=Consent.Method(consent.method),
        given_on=consent.given_on,
        expires_on=consent.expires_on,
        note=consent.note,
        recorded_at=consent.recorded_at,
        withdrawn_at=consent.withdrawn_at,
    )


def _purpose(request: HttpRequest) -> str:
    stated = request.headers.get("X-Purpose", "").replace("\x00", "").strip()[:200]
    return stated or _("referral")


def _log(request: HttpRequest, record_type: str, records: list[tuple[object, int | None]]) -> None:
    audit.read_records(
        request,
        user=request.user,
        record_type=record_type,
        records=records,
        purpose=_purpose(request),
        channel=ReadLog.Channel.API,
    )


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _holder_case(request: HttpRequest, case_id: int) -> Case:
    policy.require(request.user, Perm.VIEW_PERSONS)
    case = (
        policy.held_cases_visible_to(request.user, Case.objects.select_related("person"))
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise Http404
    return case


def _organisation(organisation_id: int | None, field: str) -> Organisation | None:
    if organisation_id is None:
        return None
    organisation = Organisation.objects.filter(pk=organisation_id, is_active=True).first()
    if organisation is None:
        raise ValidationError({field: _("No active organisation has this number.")})
    return organisation


def _referral_for(request: HttpRequest, referral_id: int) -> Referral:
    policy.require(request.user, Perm.VIEW_PERSONS)
    return selectors_referrals.referral_get_for_user(request.user, referral_id)


def _shown(request: HttpRequest, referral: Referral) -> ReferralOut:
    referral = selectors_referrals.referral_get_for_user(request.user, referral.pk)
    _log(request, "referral", [(referral.pk, referral.case.organisation_id)])
    return _referral(referral)


# --- Referrals ---------------------------------------------------------------------------------


@router.get("/referrals", response=ReferralPage, summary="Referrals received or sent by your organisations")
def referral_list(request: HttpRequest, filters: Query[ReferralFilter]) -> ReferralPage:
    policy.require(request.user, Perm.VIEW_PERSONS)
    qs = selectors_referrals.referral_list(
        request.user,
        box="sent" if filters.box == "outgoing" else "received",
        status=filters.status or "",
        overdue=filters.overdue,
    )
    items = list(qs[filters.offset : filters.offset + filters.limit])
    _log(request, "referral", [(r.pk, r.case.organisation_id) for r in items])
    return ReferralPage(count=qs.count(), items=[_referral(r) for r in items])


@router.get("/referrals/{referral_id}", response=ReferralOut, summary="One referral")
def referral_detail(request: HttpRequest, referral_id: int) -> ReferralOut:
    return _shown(request, _referral_for(request, referral_id))


@router.get("/cases/{case_id}/referrals", response=list[ReferralOut], summary="The referrals of a case")
def case_referral_list(request: HttpRequest, case_id: int) -> list[ReferralOut]:
    policy.require(request.user, Perm.VIEW_PERSONS)
    case = selectors.case_get_for_user(request.user, case_id)
    referrals = list(selectors_referrals.case_referrals(request.user, case).select_related("case"))
    _log(request, "referral", [(r.pk, case.organisation_id) for r in referrals])
    return [_referral(r) for r in referrals]


@router.post(
    "/cases/{case_id}/referrals",
    response={201: ReferralOut},
    summary="Refer the case (chosen sections) to another organisation, on the person's consent",
)
def case_referral_create(request: HttpRequest, case_id: int, payload: ReferralIn) -> Status[ReferralOut]:
    case = _holder_case(request, case_id)
    policy.require(request.user, Perm.EDIT_PERSONS, case.organisation_id)
    consent = None
    if payload.consent_id is not None:
        consent = selectors_referrals.case_consents(request.user, case).filter(pk=payload.consent_id).first()
        if consent is None:
            raise ValidationError({"consent_id": _("No consent on this case has this number.")})
    to_organisation = _organisation(payload.to_organisation_id, "to_organisation_id")
    assert to_organisation is not None
    referral = svc.referral_send(
        actor=_actor(request),
        case=case,
        to_organisation=to_organisation,
        service=payload.service,
        purpose=payload.purpose,
        sections=[str(s) for s in payload.sections],
        expires_on=payload.expires_on,
        respond_by=payload.respond_by,
        consent=consent,
        override_reason=payload.override_reason,
        channel=ReadLog.Channel.API,
    )
    return Status(201, _shown(request, referral))


@router.post("/referrals/{referral_id}/accept", response=ReferralOut, summary="Accept a referral received")
def referral_accept(request: HttpRequest, referral_id: int) -> ReferralOut:
    referral = _referral_for(request, referral_id)
    return _shown(request, svc.referral_accept(actor=_actor(request), referral=referral))


@router.post("/referrals/{referral_id}/decline", response=ReferralOut, summary="Decline, saying why")
def referral_decline(request: HttpRequest, referral_id: int, payload: ReasonIn) -> ReferralOut:
    referral = _referral_for(request, referral_id)
    return _shown(
        request, svc.referral_decline(actor=_actor(request), referral=referral, reason=payload.reason)
    )


@router.post("/referrals/{referral_id}/outcome", response=ReferralOut, summary="Record how the service went")
def referral_outcome(request: HttpRequest, referral_id: int, payload: OutcomeIn) -> ReferralOut:
    referral = _referral_for(request, referral_id)
    done = svc.referral_record_outcome(actor=_actor(request), referral=referral, outcome=payload.outcome)
    return _shown(request, done)


@router.post("/referrals/{referral_id}/withdraw", response=ReferralOut, summary="Withdraw a referral sent")
def referral_withdraw(request: HttpRequest, referral_id: int) -> ReferralOut:
    referral = _referral_for(request, referral_id)
    return _shown(request, svc.referral_withdraw(actor=_actor(request), referral=referral))


# --- Consent -----------------------------------------------------------------------------------


@router.get("/cases/{case_id}/consents", response=list[ConsentOut], summary="The consents recorded on a case")
def case_consent_list(request: HttpRequest, case_id: int) -> list[ConsentOut]:
    case = _holder_case(request, case_id)
    consents = list(selectors_referrals.case_consents(request.user, case))
    _log(request, "consent", [(c.pk, case.organisation_id) for c in consents])
    return [_consent(c) for c in consents]


@router.post("/cases/{case_id}/consents", response={201: ConsentOut}, summary="Record the person's consent")
def case_consent_create(request: HttpRequest, case_id: int, payload: ConsentIn) -> Status[ConsentOut]:
    case = _holder_case(request, case_id)
    policy.require(request.user, Perm.EDIT_PERSONS, case.organisation_id)
    person = None
    if payload.person_id is not None:
        person = Person.objects.visible_to(request.user).filter(pk=payload.person_id).first()
        if person is None:
            raise ValidationError({"person_id": _("No person you may open has this number.")})
    consent = svc.consent_record(
        actor=_actor(request),
        case=case,
        person=person,
        purposes=[str(p) for p in payload.purposes],
        method=payload.method,
        organisation=_organisation(payload.organisation_id, "organisation_id"),
        given_on=payload.given_on,
        expires_on=payload.expires_on,
        note=payload.note,
    )
    return Status(201, _consent(consent))


@router.post(
    "/consents/{consent_id}/withdraw",
    response=ConsentOut,
    summary="Withdraw consent: the referrals resting on it end at once",
)
def consent_withdraw(request: HttpRequest, consent_id: int) -> ConsentOut:
    policy.require(request.user, Perm.VIEW_PERSONS)
    consent = policy.consents_visible_to(request.user, Consent.objects.all()).filter(pk=consent_id).first()
    if consent is None:
        raise Http404
    return _consent(svc.consent_withdraw(actor=_actor(request), consent=consent))

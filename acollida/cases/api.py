"""Cases API: list and open cases, read one case file, add needs, timeline entries and goals.

Every endpoint goes through the access policy (``Case.objects.visible_to``, ``policy.require``) and
the services; every case it shows, and the person it is about, is written to the read log with the
purpose stated in ``X-Purpose``.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from acollida.cases import selectors, services
from acollida.cases.models import Case, Goal, Need, TimelineEntry
from acollida.core import audit, policy
from acollida.core.api import MAX_LIMIT, MAX_OFFSET, NO_NUL
from acollida.core.models import Organisation, ReadLog, User
from acollida.core.policy import Perm
from acollida.people.models import Household, Person

router = Router(tags=["cases"])

TIMELINE_LIMIT = 100

# --- Schemas -----------------------------------------------------------------------------------


class CaseItem(Schema):
    id: int
    reference: str
    organisation_id: int
    person_id: int | None
    household_id: int | None
    responsible_id: int | None
    status: Case.Status
    outcome: Case.Outcome | None
    sensitivity: Case.Sensitivity
    waiting_for: str
    waiting_since: date | None
    opened_at: datetime
    closed_at: datetime | None
    updated_at: datetime


class NeedOut(Schema):
    id: int
    area: Need.Area
    priority: Need.Priority
    status: Need.Status
    description: str
    opened_on: date
    closed_on: date | None


class GoalOut(Schema):
    id: int
    description: str
    need_id: int | None
    target_date: date | None
    status: Goal.Status
    outcome_note: str
    closed_on: date | None


class TimelineOut(Schema):
    id: int
    kind: TimelineEntry.Kind
    occurred_on: date
    service_type: TimelineEntry.ServiceType | None
    text: str = Field(..., description="The note or description; special-category text is decrypted here.")
    is_special_category: bool
    author_id: int
    created_at: datetime


class CaseOut(CaseItem):
    needs: list[NeedOut]
    goals: list[GoalOut]
    timeline: list[TimelineOut] = Field(
        ..., description=f"The latest {TIMELINE_LIMIT} entries, newest first."
    )


class CasePage(Schema):
    count: int
    items: list[CaseItem]


class CaseFilter(Schema):
    status: Case.Status | None = None
    sensitivity: Case.Sensitivity | None = None
    mine: bool = Field(False, description="Only the cases you are responsible for.")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class CaseIn(Schema):
    person_id: int | None = Field(None, ge=1, le=2**62, description="Give a person or a household.")
    household_id: int | None = Field(None, ge=1, le=2**62)
    organisation_id: int | None = Field(
        None, ge=1, le=2**62, description="The holder; by default the person's, or yours if you have one."
    )
    sensitivity: Case.Sensitivity = Case.Sensitivity.NORMAL


class NeedIn(Schema):
    area: Need.Area
    priority: Need.Priority = Need.Priority.MEDIUM
    description: str = Field("", max_length=2000, pattern=NO_NUL)


class TimelineIn(Schema):
    kind: TimelineEntry.Kind
    service_type: TimelineEntry.ServiceType | None = None
    occurred_on: date | None = None
    text: str = Field("", max_length=10000, pattern=NO_NUL)
    is_special_category: bool = Field(
        False, description="Health, legal status or violence: stored encrypted."
    )


class GoalIn(Schema):
    description: str = Field(..., min_length=1, max_length=300, pattern=NO_NUL)
    target_date: date | None = None
    need_id: int | None = Field(None, ge=1, le=2**62)


def _item(case: Case) -> CaseItem:
    return CaseItem(
        id=case.pk,
        reference=case.reference,
        organisation_id=case.organisation_id,
        person_id=case.person_id,
        household_id=case.household_id,
        responsible_id=case.responsible_id,
        status=Case.Status(case.status),
        outcome=Case.Outcome(case.outcome) if case.outcome else None,
        sensitivity=Case.Sensitivity(case.sensitivity),
        waiting_for=case.waiting_for,
        waiting_since=case.waiting_since,
        opened_at=case.opened_at,
        closed_at=case.closed_at,
        updated_at=case.updated_at,
    )


def _need(need: Need) -> NeedOut:
    return NeedOut(
        id=need.pk,
        area=Need.Area(need.area),
        priority=Need.Priority(need.priority),
        status=Need.Status(need.status),
        description=need.description,
        opened_on=need.opened_on,
        closed_on=need.closed_on,
    )


def _goal(goal: Goal) -> GoalOut:
    return GoalOut(
        id=goal.pk,
        description=goal.description,
        need_id=goal.need_id,
        target_date=goal.target_date,
        status=Goal.Status(goal.status),
        outcome_note=goal.outcome_note,
        closed_on=goal.closed_on,
    )


def _entry(entry: TimelineEntry) -> TimelineOut:
    return TimelineOut(
        id=entry.pk,
        kind=TimelineEntry.Kind(entry.kind),
        occurred_on=entry.occurred_on,
        service_type=TimelineEntry.ServiceType(entry.service_type) if entry.service_type else None,
        text=entry.body,
        is_special_category=entry.is_special_category,
        author_id=entry.author_id,
        created_at=entry.created_at,
    )


def _case_out(case: Case, sections: set[str] | None = None) -> CaseOut:
    """The case file; a receiver of a referral gets only the ``sections`` shared with them
    (``policy.case_sections_for``): the others come back empty, and without "identity" the case
    names no person or household."""
    shown = policy.CASE_SECTIONS if sections is None else sections
    item = _item(case).model_dump()
    if "identity" not in shown:
        item.update(person_id=None, household_id=None)
    timeline = selectors.case_timeline(case)[:TIMELINE_LIMIT] if "timeline" in shown else []
    return CaseOut(
        **item,
        needs=[_need(n) for n in case.needs.order_by("closed_on", "area", "pk")] if "needs" in shown else [],
        goals=[_goal(g) for g in case.goals.order_by("target_date", "pk")] if "plan" in shown else [],
        timeline=[_entry(e) for e in timeline],
    )


# --- Read log ----------------------------------------------------------------------------------


def _purpose(request: HttpRequest) -> str:
    stated = request.headers.get("X-Purpose", "").replace("\x00", "").strip()[:200]
    return stated or _("case work")


def _log(request: HttpRequest, cases: list[Case], with_person: bool = True) -> None:
    purpose = _purpose(request)
    audit.read_records(
        request,
        user=request.user,
        record_type="case",
        records=[(c.pk, c.organisation_id) for c in cases],
        purpose=purpose,
        channel=ReadLog.Channel.API,
    )
    if not with_person:
        return
    audit.read_records(
        request,
        user=request.user,
        record_type="person",
        records=[(c.person_id, c.person.organisation_id) for c in cases if c.person is not None],
        purpose=purpose,
        channel=ReadLog.Channel.API,
    )


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _case_for_writing(request: HttpRequest, case_id: int) -> Case:
    policy.require(request.user, Perm.EDIT_PERSONS)
    case = selectors.case_get_for_user(request.user, case_id)
    policy.require(request.user, Perm.EDIT_PERSONS, case.organisation_id)
    return case


# --- Endpoints ---------------------------------------------------------------------------------


@router.get("/cases", response=CasePage, summary="Cases you may open (each read is logged)")
def case_list(request: HttpRequest, filters: Query[CaseFilter]) -> CasePage:
    policy.require(request.user, Perm.VIEW_PERSONS)
    qs = Case.objects.visible_to(request.user).select_related("person").order_by("-updated_at", "-pk")
    if filters.status is not None:
        qs = qs.filter(status=filters.status)
    if filters.sensitivity is not None:
        qs = qs.filter(sensitivity=filters.sensitivity)
    if filters.mine:
        qs = qs.filter(responsible_id=request.user.pk)
    cases = list(qs[filters.offset : filters.offset + filters.limit])
    # A case referred without its "identity" section is listed without whom it is about.
    shown = set(
        policy.cases_showing_identity(
            request.user, Case.objects.filter(pk__in=[c.pk for c in cases])
        ).values_list("pk", flat=True)
    )
    _log(request, [c for c in cases if c.pk in shown])
    _log(request, [c for c in cases if c.pk not in shown], with_person=False)
    return CasePage(count=qs.count(), items=[_listed(c, c.pk in shown) for c in cases])


def _listed(case: Case, with_identity: bool) -> CaseItem:
    item = _item(case)
    if not with_identity:
        item.person_id = item.household_id = None
    return item


@router.get("/cases/{case_id}", response=CaseOut, summary="One case file: needs, plan, latest timeline")
def case_detail(request: HttpRequest, case_id: int) -> CaseOut:
    policy.require(request.user, Perm.VIEW_PERSONS)
    case = selectors.case_get_for_user(request.user, case_id)
    sections = policy.case_sections_for(request.user, case)
    _log(request, [case], with_person="identity" in sections)
    return _case_out(case, sections)


def _holder(request: HttpRequest, payload: CaseIn, subject_organisation_id: int) -> Organisation:
    """The organisation named, else the subject's holder if the caller records matters there, else
    the only organisation where the caller does."""
    allowed = Organisation.objects.filter(
        pk__in=policy.organisation_ids_with(request.user, Perm.EDIT_PERSONS), is_active=True
    )
    if payload.organisation_id is not None:
        organisation = allowed.filter(pk=payload.organisation_id).first()
        if organisation is None:
            policy.require(request.user, Perm.EDIT_PERSONS, payload.organisation_id)
            raise ValidationError({"organisation_id": _("This organisation is no longer active.")})
        return organisation
    organisation = allowed.filter(pk=subject_organisation_id).first() or (
        allowed.get() if allowed.count() == 1 else None
    )
    if organisation is None:
        raise ValidationError({"organisation_id": _("Choose the organisation that holds the case.")})
    return organisation


@router.post("/cases", response={201: CaseOut}, summary="Open a case for a person or a household")
def case_create(request: HttpRequest, payload: CaseIn) -> Status[CaseOut]:
    policy.require(request.user, Perm.EDIT_PERSONS)
    if (payload.person_id is None) == (payload.household_id is None):
        raise ValidationError({"person_id": _("A case is for one person or one household.")})
    person: Person | None = None
    household: Household | None = None
    if payload.person_id is not None:
        person = Person.objects.visible_to(request.user).filter(pk=payload.person_id).first()
        if person is None:
            raise ValidationError({"person_id": _("No person you may open has this number.")})
        subject_organisation_id = person.organisation_id
    else:
        from acollida.people.households import households_visible_to

        household = households_visible_to(request.user).filter(pk=payload.household_id or 0).first()
        if household is None:
            raise ValidationError({"household_id": _("No household you may open has this number.")})
        subject_organisation_id = household.organisation_id
    case = services.case_open(
        actor=_actor(request),
        organisation=_holder(request, payload, subject_organisation_id),
        person=person,
        household=household,
        sensitivity=payload.sensitivity,
    )
    case = selectors.case_get_for_user(request.user, case.pk)
    _log(request, [case])
    return Status(201, _case_out(case))


@router.post("/cases/{case_id}/needs", response={201: NeedOut}, summary="Record a need of the case")
def case_need_create(request: HttpRequest, case_id: int, payload: NeedIn) -> Status[NeedOut]:
    case = _case_for_writing(request, case_id)
    need = services.need_add(
        actor=_actor(request),
        case=case,
        area=payload.area,
        priority=payload.priority,
        description=payload.description,
    )
    return Status(201, _need(need))


@router.post(
    "/cases/{case_id}/timeline",
    response={201: TimelineOut},
    summary="Add a service delivered or a note (special-category notes are encrypted)",
)
def case_timeline_create(request: HttpRequest, case_id: int, payload: TimelineIn) -> Status[TimelineOut]:
    case = _case_for_writing(request, case_id)
    entry = services.timeline_add(
        actor=_actor(request),
        case=case,
        kind=payload.kind,
        text=payload.text,
        occurred_on=payload.occurred_on,
        service_type=payload.service_type or "",
        is_special_category=payload.is_special_category,
    )
    return Status(201, _entry(entry))


@router.post("/cases/{case_id}/goals", response={201: GoalOut}, summary="Add a goal to the case plan")
def case_goal_create(request: HttpRequest, case_id: int, payload: GoalIn) -> Status[GoalOut]:
    case = _case_for_writing(request, case_id)
    need = None
    if payload.need_id is not None:
        need = Need.objects.filter(case=case, pk=payload.need_id).first()
        if need is None:
            raise ValidationError({"need_id": _("Choose one of this case's needs.")})
    goal = services.goal_add(
        actor=_actor(request),
        case=case,
        description=payload.description,
        target_date=payload.target_date,
        need=need,
    )
    return Status(201, _goal(goal))

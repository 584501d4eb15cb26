"""Pathways API: a case's pathways, starting one, completing a step, and my deadlines.

Reads go through ``selectors_pathways`` (the policy: whoever may open the case) and are written to
the read log with the purpose stated in ``X-Purpose``; writes go through ``services_pathways``.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from acollida.cases import selectors, selectors_pathways, services_pathways
from acollida.cases.models import Case, CasePathway, CasePathwayStep, DeadlineAnchor
from acollida.core import audit, policy
from acollida.core.api import MAX_LIMIT, MAX_OFFSET, NO_NUL
from acollida.core.models import ReadLog, User
from acollida.core.policy import Perm

router = Router(tags=["pathways"])


class StepOut(Schema):
    id: int
    order: int
    name: str
    description: str
    required_documents: list[str]
    deadline_anchor: DeadlineAnchor
    deadline_days: int
    due_on: date | None
    status: CasePathwayStep.Status
    overdue: bool
    done_on: date | None
    note: str


class PathwayOut(Schema):
    id: int
    case_id: int
    template_id: int
    name: str
    status: CasePathway.Status
    started_on: date
    document_expires_on: date | None
    steps: list[StepOut]


class PathwayIn(Schema):
    template_id: int = Field(..., ge=1, le=2**62)
    started_on: date | None = None
    document_expires_on: date | None = Field(
        None, description="Needed when a step is timed from a document's expiry."
    )


class StepDoneIn(Schema):
    done_on: date | None = Field(None, description="Default: today.")
    note: str = Field("", max_length=2000, pattern=NO_NUL)


class DeadlineOut(Schema):
    step_id: int
    step: str
    due_on: date
    overdue: bool
    pathway_id: int
    pathway: str
    case_id: int
    case_reference: str
    person_id: int | None


class DeadlinePage(Schema):
    count: int
    items: list[DeadlineOut]


class DeadlineFilter(Schema):
    scope: str = Field("mine", pattern="^(mine|all)$", description="mine: cases you are responsible for.")
    when: str = Field("", pattern="^(|overdue|week|later)$")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _step(step: CasePathwayStep, today: date, active: bool) -> StepOut:
    pending = step.status == CasePathwayStep.Status.PENDING
    return StepOut(
        id=step.pk,
        order=step.order,
        name=step.name,
        description=step.description,
        required_documents=[line for line in step.required_documents.splitlines() if line.strip()],
        deadline_anchor=DeadlineAnchor(step.deadline_anchor),
        deadline_days=step.deadline_days,
        due_on=step.due_on,
        status=CasePathwayStep.Status(step.status),
        overdue=active and pending and step.due_on is not None and step.due_on < today,
        done_on=step.done_on,
        note=step.note,
    )


def _pathway(pathway: CasePathway) -> PathwayOut:
    today = timezone.localdate()
    active = pathway.status == CasePathway.Status.ACTIVE
    return PathwayOut(
        id=pathway.pk,
        case_id=pathway.case_id,
        template_id=pathway.template_id,
        name=pathway.name,
        status=CasePathway.Status(pathway.status),
        started_on=pathway.started_on,
        document_expires_on=pathway.document_expires_on,
        steps=[_step(s, today, active) for s in pathway.steps.order_by("order", "pk")],
    )


def _purpose(request: HttpRequest) -> str:
    stated = request.headers.get("X-Purpose", "").replace("\x00", "").strip()[:200]
    return stated or _("case work")


def _log(request: HttpRequest, cases: list[Case]) -> None:
    purpose = _purpose(request)
    audit.read_records(
        request,
        user=request.user,
        record_type="case",
        records=[(c.pk, c.organisation_id) for c in cases],
        purpose=purpose,
        channel=ReadLog.Channel.API,
    )
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


@router.get(
    "/cases/{case_id}/pathways",
    response=list[PathwayOut],
    summary="The pathways of a case with their steps and due dates",
)
def case_pathway_list(request: HttpRequest, case_id: int) -> list[PathwayOut]:
    policy.require(request.user, Perm.VIEW_PERSONS)
    case = selectors.case_get_for_user(request.user, case_id)
    pathways = (
        selectors_pathways.pathways_visible(request.user)
        .filter(case=case)
        .order_by("status", "-started_on", "pk")
    )
    _log(request, [case])
    return [_pathway(p) for p in pathways]


@router.post(
    "/cases/{case_id}/pathways",
    response={201: PathwayOut},
    summary="Start a pathway on a case (its steps are copied and dated)",
)
def case_pathway_create(request: HttpRequest, case_id: int, payload: PathwayIn) -> Status[PathwayOut]:
    case = _case_for_writing(request, case_id)
    template = (
        services_pathways.templates_for_case(_actor(request), case).filter(pk=payload.template_id).first()
    )
    if template is None:
        raise ValidationError({"template_id": _("Choose a pathway in use in the case's organisation.")})
    pathway = services_pathways.pathway_start(
        actor=_actor(request),
        case=case,
        template=template,
        started_on=payload.started_on,
        document_expires_on=payload.document_expires_on,
    )
    return Status(201, _pathway(pathway))


@router.post(
    "/cases/{case_id}/pathways/steps/{step_id}/complete",
    response=StepOut,
    summary="Mark a step done; the steps timed from it get their dates",
)
def case_pathway_step_complete(
    request: HttpRequest, case_id: int, step_id: int, payload: StepDoneIn
) -> StepOut:
    _case_for_writing(request, case_id)
    step = selectors_pathways.step_get_for_user(request.user, case_id, step_id)
    step = services_pathways.step_complete(
        actor=_actor(request), step=step, done_on=payload.done_on, note=payload.note
    )
    return _step(step, timezone.localdate(), active=True)


@router.get(
    "/deadlines", response=DeadlinePage, summary="Pathway deadlines of your cases, the earliest first"
)
def deadline_list(request: HttpRequest, filters: Query[DeadlineFilter]) -> DeadlinePage:
    policy.require(request.user, Perm.VIEW_PERSONS)
    qs = selectors_pathways.deadlines_for(
        request.user, selectors_pathways.DeadlineFilters(scope=filters.scope, when=filters.when)
    )
    steps = list(qs[filters.offset : filters.offset + filters.limit])
    today = timezone.localdate()
    cases = {s.pathway.case_id: s.pathway.case for s in steps}
    _log(request, list(cases.values()))
    return DeadlinePage(
        count=qs.count(),
        items=[
            DeadlineOut(
                step_id=s.pk,
                step=s.name,
                due_on=s.due_on or today,
                overdue=(s.due_on or today) < today,
                pathway_id=s.pathway_id,
                pathway=s.pathway.name,
                case_id=s.pathway.case_id,
                case_reference=s.pathway.case.reference,
                person_id=s.pathway.case.person_id,
            )
            for s in steps
        ],
    )

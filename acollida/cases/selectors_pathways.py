"""Reads of pathways: a case's pathways with each step's state, and the deadlines a caseworker
has to keep (overdue first), with the count for the navigation badge.

Everything reads through ``policy.case_pathways_visible_to`` (whoever may open the case) and only
pathways in progress on cases not closed carry deadlines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from acollida.cases.models import Case, CasePathway, CasePathwayStep, PathwayTemplate
from acollida.core import policy

WEEK = 7
WHEN_CHOICES = ("overdue", "week", "later")
SCOPES = ("mine", "all")


class StepState:
    DONE = "done"
    SKIPPED = "skipped"
    OVERDUE = "overdue"
    NEXT = "next"
    LATER = "later"


def pathways_visible(user: Any) -> QuerySet[CasePathway]:
    return policy.case_pathways_visible_to(user, CasePathway.objects.all())


def steps_visible(user: Any) -> QuerySet[CasePathwayStep]:
    return CasePathwayStep.objects.filter(pathway__in=pathways_visible(user).values("pk"))


def annotate_states(pathway: CasePathway, today: date) -> list[CasePathwayStep]:
    """The steps of ``pathway`` in order, each with ``state``: done, skipped, overdue, next (the
    first still to do) or later."""
    steps = list(pathway.steps.all())
    next_found = False
    for step in steps:
        if step.status == CasePathwayStep.Status.DONE:
            state = StepState.DONE
        elif step.status == CasePathwayStep.Status.SKIPPED:
            state = StepState.SKIPPED
        elif pathway.status == CasePathway.Status.ACTIVE and step.due_on is not None and step.due_on < today:
            state = StepState.OVERDUE
        elif not next_found:
            state = StepState.NEXT
        else:
            state = StepState.LATER
        if state in (StepState.OVERDUE, StepState.NEXT):
            next_found = True
        step.state = state  # type: ignore[attr-defined]
    return steps


def case_pathways(user: Any, case: Case, access: policy.CaseAccess | None = None) -> list[CasePathway]:
    """The pathways of a case the user may open, in progress first, each with its steps' states
    and ``overdue`` (how many steps are past their date). ``access``: the case's
    ``policy.case_access`` when the page has it already."""
    today = timezone.localdate()
    access = access or policy.case_access(user, case)
    pathways = list(
        policy.case_pathways_for(access, CasePathway.objects.all())
        .prefetch_related(Prefetch("steps", queryset=CasePathwayStep.objects.order_by("order", "pk")))
        .order_by("status", "-started_on", "pk")
    )
    for pathway in pathways:
        steps = annotate_states(pathway, today)
        overdue: int = sum(1 for s in steps if getattr(s, "state", "") == StepState.OVERDUE)
        setattr(pathway, "step_list", steps)  # noqa: B010 (page-only attributes)
        setattr(pathway, "overdue", overdue)  # noqa: B010
        setattr(pathway, "has_pending", any(s.status == CasePathwayStep.Status.PENDING for s in steps))  # noqa: B010
    return pathways


def pathway_get_for_user(user: Any, case_id: int, pathway_id: int) -> CasePathway:
    pathway = pathways_visible(user).select_related("case").filter(case_id=case_id, pk=pathway_id).first()
    if pathway is None:
        raise Http404
    return pathway


def step_get_for_user(user: Any, case_id: int, step_id: int) -> CasePathwayStep:
    step = (
        steps_visible(user)
        .select_related("pathway__case")
        .filter(pathway__case_id=case_id, pk=step_id)
        .first()
    )
    if step is None:
        raise Http404
    return step


@dataclass
class DeadlineFilters:
    scope: str = "mine"
    when: str = ""
    template: int | None = None


def _due_steps(user: Any) -> QuerySet[CasePathwayStep]:
    """Steps still to do with a date, of pathways in progress on cases not closed."""
    return steps_visible(user).filter(
        status=CasePathwayStep.Status.PENDING,
        due_on__isnull=False,
        pathway__status=CasePathway.Status.ACTIVE,
        pathway__case__status__in=[Case.Status.OPEN, Case.Status.ON_HOLD],
    )


def deadlines_for(user: Any, filters: DeadlineFilters | None = None) -> QuerySet[CasePathwayStep]:
    """The deadlines of the cases the user is responsible for (``scope`` "all": every case they
    may open), the earliest (so the overdue) first."""
    filters = filters or DeadlineFilters()
    today = timezone.localdate()
    qs = _due_steps(user)
    if filters.scope != "all":
        qs = qs.filter(pathway__case__responsible_id=user.pk)
    if filters.when == "overdue":
        qs = qs.filter(due_on__lt=today)
    elif filters.when == "week":
        qs = qs.filter(due_on__gte=today, due_on__lte=today + timedelta(days=WEEK))
    elif filters.when == "later":
        qs = qs.filter(due_on__gt=today + timedelta(days=WEEK))
    if filters.template is not None:
        qs = qs.filter(pathway__template_id=filters.template)
    return qs.select_related(
        "pathway", "pathway__case", "pathway__case__person", "pathway__case__household"
    ).order_by("due_on", "pathway__case__reference", "order", "pk")


def overdue_count(user: Any) -> int:
    """How many steps of the user's cases are past their date (the navigation badge)."""
    return (
        _due_steps(user)
        .filter(pathway__case__responsible_id=user.pk, due_on__lt=timezone.localdate())
        .count()
    )


def templates_visible(user: Any) -> QuerySet[PathwayTemplate]:
    return policy.pathway_templates_visible_to(user, PathwayTemplate.objects.all())


def template_get_for_user(user: Any, template_id: int) -> PathwayTemplate:
    template = (
        templates_visible(user).select_related("organisation", "updated_by").filter(pk=template_id).first()
    )
    if template is None:
        raise Http404
    return template

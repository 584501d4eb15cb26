"""Workflows of pathways: starting one on a case, completing or skipping its steps, and the
templates coordinators keep.

A case's steps are copied from the template when the pathway starts, with their due dates
computed by ``acollida.cases.deadlines``; completing, skipping or reopening a step recomputes the
dates of the steps still to do (a step timed from the step before moves with it). Network-wide
templates (no organisation) are written only by ``pathway_templates_load`` (``acollida cases
load-pathways``); coordinators copy one into their organisation and edit the copy.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from acollida.cases import deadlines
from acollida.cases.models import (
    Case,
    CasePathway,
    CasePathwayStep,
    DeadlineAnchor,
    PathwayStepTemplate,
    PathwayTemplate,
)
from acollida.cases.pathway_seed import PATHWAYS, PathwaySeed
from acollida.core import policy
from acollida.core.models import Organisation, User
from acollida.core.policy import Perm

STEP_FIELDS = (
    "name",
    "description",
    "required_documents",
    "deadline_anchor",
    "deadline_days",
    "remind_days_before",
)


# --- A case's pathways -------------------------------------------------------------------------


def _require_case_editable(actor: User, case: Case) -> None:
    """The actor may open the case and records matters at its holding organisation; it is not closed."""
    if not policy.can(actor, Perm.EDIT_PERSONS, case.organisation_id):
        raise PermissionDenied
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise PermissionDenied
    if case.is_closed:
        raise ValidationError({"__all__": _("This case is closed. Reopen it first.")})


def _require_active(pathway: CasePathway) -> None:
    if pathway.status != CasePathway.Status.ACTIVE:
        raise ValidationError({"__all__": _("This pathway is no longer in progress.")})


def _recompute(pathway: CasePathway) -> None:
    """Recompute the due dates of the steps still to do; a date that moves is reminded afresh."""
    steps = list(pathway.steps.order_by("order", "pk"))
    dates = deadlines.due_dates(
        [deadlines.StepState(s.deadline_anchor, s.deadline_days, s.status, s.done_on) for s in steps],
        started_on=pathway.started_on,
        document_expires_on=pathway.document_expires_on,
    )
    for step, due_on in zip(steps, dates, strict=True):
        if step.status != CasePathwayStep.Status.PENDING or step.due_on == due_on:
            continue
        step.due_on = due_on
        step.staff_reminded_at = None
        step.person_reminded_at = None
        step.save(update_fields=["due_on", "staff_reminded_at", "person_reminded_at"])


def templates_for_case(actor: User, case: Case) -> QuerySet[PathwayTemplate]:
    """The templates a pathway of ``case`` may start from: those in use of the holding organisation,
    and the network-wide ones it has not copied (its copy replaces them)."""
    visible = policy.pathway_templates_visible_to(actor, PathwayTemplate.objects.filter(is_active=True))
    own_codes = PathwayTemplate.objects.filter(organisation_id=case.organisation_id).values("code")
    return visible.filter(
        Q(organisation_id=case.organisation_id) | Q(organisation__isnull=True) & ~Q(code__in=own_codes)
    )


@transaction.atomic
def pathway_start(
    *,
    actor: User,
    case: Case,
    template: PathwayTemplate,
    started_on: date | None = None,
    document_expires_on: date | None = None,
) -> CasePathway:
    """Start ``template`` on ``case``: its steps are copied and their due dates computed."""
    _require_case_editable(actor, case)
    if not templates_for_case(actor, case).filter(pk=template.pk).exists():
        raise ValidationError({"template": _("Choose a pathway in use in the case's organisation.")})
    step_templates = list(template.steps.order_by("order", "pk"))
    if not step_templates:
        raise ValidationError({"template": _("This pathway has no steps yet.")})
    needs_expiry = any(s.deadline_anchor == DeadlineAnchor.EXPIRY for s in step_templates)
    if needs_expiry and document_expires_on is None:
        raise ValidationError(
            {"document_expires_on": _("This pathway counts from a document's expiry: enter the date.")}
        )
    pathway = CasePathway(
        case=case,
        template=template,
        name=template.name,
        started_on=started_on or timezone.localdate(),
        document_expires_on=document_expires_on,
        created_by=actor,
    )
    pathway.full_clean()
    pathway.save()
    for order, source in enumerate(step_templates, start=1):
        step = CasePathwayStep(pathway=pathway, order=order, **{f: getattr(source, f) for f in STEP_FIELDS})
        step.full_clean()
        step.save()
    _recompute(pathway)
    return pathway


def _locked_step(actor: User, step: CasePathwayStep) -> CasePathwayStep:
    locked = CasePathwayStep.objects.select_for_update().select_related("pathway__case").get(pk=step.pk)
    _require_case_editable(actor, locked.pathway.case)
    _require_active(locked.pathway)
    return locked


@transaction.atomic
def step_complete(
    *, actor: User, step: CasePathwayStep, done_on: date | None = None, note: str = ""
) -> CasePathwayStep:
    """Mark a step done on ``done_on`` (default today); the steps timed from it get their dates."""
    step = _locked_step(actor, step)
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("A step cannot be done in the future.")})
    if done_on < step.pathway.started_on:
        raise ValidationError({"done_on": _("A step cannot be done before the pathway started.")})
    step.status = CasePathwayStep.Status.DONE
    step.done_on = done_on
    step.done_by = actor
    step.note = note or step.note
    step.full_clean()
    step.save()
    _recompute(step.pathway)
    return step


@transaction.atomic
def step_skip(*, actor: User, step: CasePathwayStep, note: str = "") -> CasePathwayStep:
    """Mark a step not needed; the steps after it count from the step before it."""
    step = _locked_step(actor, step)
    step.status = CasePathwayStep.Status.SKIPPED
    step.done_on = timezone.localdate()
    step.done_by = actor
    step.note = note or step.note
    step.full_clean()
    step.save()
    _recompute(step.pathway)
    return step


@transaction.atomic
def step_reopen(*, actor: User, step: CasePathwayStep) -> CasePathwayStep:
    """Put a done or skipped step back to do (recorded by mistake); the dates after it follow."""
    step = _locked_step(actor, step)
    step.status = CasePathwayStep.Status.PENDING
    step.done_on = None
    step.done_by = None
    step.due_on = None
    step.full_clean()
    step.save()
    _recompute(step.pathway)
    return step


def _locked_pathway(actor: User, pathway: CasePathway) -> CasePathway:
    locked = CasePathway.objects.select_for_update().select_related("case").get(pk=pathway.pk)
    _require_case_editable(actor, locked.case)
    _require_active(locked)
    return locked


@transaction.atomic
def pathway_update_expiry(
    *, actor: User, pathway: CasePathway, document_expires_on: date | None
) -> CasePathway:
    """A new expiry date of the document (the card was renewed): steps timed from it move."""
    pathway = _locked_pathway(actor, pathway)
    pathway.document_expires_on = document_expires_on
    pathway.full_clean()
    pathway.save(update_fields=["document_expires_on"])
    _recompute(pathway)
    return pathway


@transaction.atomic
def pathway_complete(*, actor: User, pathway: CasePathway) -> CasePathway:
    """Close a pathway whose steps are all done or not needed."""
    pathway = _locked_pathway(actor, pathway)
    if pathway.steps.filter(status=CasePathwayStep.Status.PENDING).exists():
        raise ValidationError(
            {"__all__": _("Some steps are still to do: mark them done or not needed first.")}
        )
    pathway.status = CasePathway.Status.COMPLETED
    pathway.save(update_fields=["status"])
    return pathway


@transaction.atomic
def pathway_abandon(*, actor: User, pathway: CasePathway) -> CasePathway:
    """Stop following a pathway (the person moved, the route changed): no more reminders."""
    pathway = _locked_pathway(actor, pathway)
    pathway.status = CasePathway.Status.ABANDONED
    pathway.save(update_fields=["status"])
    return pathway


# --- Templates ---------------------------------------------------------------------------------


def _require_template_editable(actor: User, template: PathwayTemplate) -> None:
    if not policy.may_edit_pathway_template(actor, template):
        raise PermissionDenied


@transaction.atomic
def template_create(
    *,
    actor: User,
    organisation: Organisation,
    code: str,
    name: str,
    description: str = "",
    legal_basis: str = "",
) -> PathwayTemplate:
    """A new template of ``organisation``, written by one of its coordinators."""
    policy.require(actor, Perm.COORDINATE, organisation)
    if PathwayTemplate.objects.filter(organisation=organisation, code=code).exists():
        raise ValidationError({"code": _("Your organisation already has a pathway with this code.")})
    template = PathwayTemplate(
        organisation=organisation,
        code=code,
        name=name,
        description=description,
        legal_basis=legal_basis,
        updated_by=actor,
    )
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def template_copy(*, actor: User, template: PathwayTemplate, organisation: Organisation) -> PathwayTemplate:
    """Copy a template the actor may see into ``organisation``, steps and all, to adapt it there."""
    policy.require(actor, Perm.COORDINATE, organisation)
    if not policy.pathway_templates_visible_to(
        actor, PathwayTemplate.objects.filter(pk=template.pk)
    ).exists():
        raise PermissionDenied
    if PathwayTemplate.objects.filter(organisation=organisation, code=template.code).exists():
        raise ValidationError({"__all__": _("Your organisation already has a copy of this pathway.")})
    copy = PathwayTemplate(
        organisation=organisation,
        code=template.code,
        name=template.name,
        description=template.description,
        legal_basis=template.legal_basis,
        updated_by=actor,
    )
    copy.full_clean()
    copy.save()
    for step in template.steps.order_by("order", "pk"):
        PathwayStepTemplate.objects.create(
            template=copy, order=step.order, **{f: getattr(step, f) for f in STEP_FIELDS}
        )
    return copy


@transaction.atomic
def template_update(
    *,
    actor: User,
    template: PathwayTemplate,
    name: str,
    description: str = "",
    legal_basis: str = "",
    is_active: bool = True,
) -> PathwayTemplate:
    """Rename or describe a template; pathways already started keep their copied steps."""
    _require_template_editable(actor, template)
    template.name = name
    template.description = description
    template.legal_basis = legal_basis
    template.is_active = is_active
    template.updated_by = actor
    template.full_clean()
    template.save()
    return template


def _touch(actor: User, template: PathwayTemplate) -> None:
    template.updated_by = actor
    template.save(update_fields=["updated_by", "updated_at"])


@transaction.atomic
def template_step_add(*, actor: User, template: PathwayTemplate, **fields: Any) -> PathwayStepTemplate:
    """Add a step at the end of the template."""
    _require_template_editable(actor, template)
    PathwayTemplate.objects.select_for_update().filter(pk=template.pk).first()
    last = template.steps.aggregate(last=Max("order"))["last"] or 0
    step = PathwayStepTemplate(
        template=template, order=last + 1, **{f: fields[f] for f in STEP_FIELDS if f in fields}
    )
    step.full_clean()
    step.save()
    _touch(actor, template)
    return step


@transaction.atomic
def template_step_update(*, actor: User, step: PathwayStepTemplate, **fields: Any) -> PathwayStepTemplate:
    """Change a step's text, documents or deadline."""
    _require_template_editable(actor, step.template)
    for name in STEP_FIELDS:
        if name in fields:
            setattr(step, name, fields[name])
    step.full_clean()
    step.save()
    _touch(actor, step.template)
    return step


def _renumber(template: PathwayTemplate, steps: list[PathwayStepTemplate]) -> None:
    """Give ``steps`` the orders 1…n, through a free range so the unique order never clashes."""
    offset = 1000
    for index, step in enumerate(steps, start=1):
        PathwayStepTemplate.objects.filter(pk=step.pk).update(order=offset + index)
    for index, step in enumerate(steps, start=1):
        PathwayStepTemplate.objects.filter(pk=step.pk).update(order=index)
        step.order = index


@transaction.atomic
def template_step_remove(*, actor: User, step: PathwayStepTemplate) -> None:
    """Remove a step; the steps after it move up."""
    template = step.template
    _require_template_editable(actor, template)
    PathwayTemplate.objects.select_for_update().filter(pk=template.pk).first()
    step.delete()
    _renumber(template, list(template.steps.order_by("order", "pk")))
    _touch(actor, template)


@transaction.atomic
def template_step_move(*, actor: User, step: PathwayStepTemplate, up: bool) -> None:
    """Move a step one place earlier (``up``) or later."""
    template = step.template
    _require_template_editable(actor, template)
    PathwayTemplate.objects.select_for_update().filter(pk=template.pk).first()
    steps = list(template.steps.order_by("order", "pk"))
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(steps):
        return
    steps[index], steps[other] = steps[other], steps[index]
    _renumber(template, steps)
    _touch(actor, template)


# --- The shipped templates ---------------------------------------------------------------------


def _step_values(seed: Any) -> dict[str, Any]:
    return {
        "name": str(seed.name)[:200],
        "description": str(seed.description),
        "required_documents": "\n".join(str(d) for d in seed.documents),
        "deadline_anchor": seed.anchor,
        "deadline_days": seed.days,
        "remind_days_before": seed.remind,
    }


def _save_if_changed(obj: Any, values: dict[str, Any]) -> bool:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(obj, name, values[name])
    obj.full_clean()
    obj.save()
    return True


def _load_one(seed: PathwaySeed) -> str:
    values = {
        "name": str(seed.name)[:200],
        "description": str(seed.description),
        "legal_basis": seed.legal_basis[:300],
    }
    template = PathwayTemplate.objects.filter(organisation__isnull=True, code=seed.code).first()
    outcome = "unchanged"
    if template is None:
        template = PathwayTemplate(organisation=None, code=seed.code, **values)
        template.full_clean(validate_constraints=False)
        template.save()
        outcome = "created"
    elif _save_if_changed(template, values):
        outcome = "updated"
    existing = {step.order: step for step in template.steps.all()}
    for order, step_seed in enumerate(seed.steps, start=1):
        step_values = _step_values(step_seed)
        step = existing.pop(order, None)
        if step is None:
            step = PathwayStepTemplate(template=template, order=order, **step_values)
            step.full_clean()
            step.save()
            outcome = "updated" if outcome == "unchanged" else outcome
        elif _save_if_changed(step, step_values):
            outcome = "updated" if outcome == "unchanged" else outcome
    if existing:
        PathwayStepTemplate.objects.filter(pk__in=[s.pk for s in existing.values()]).delete()
        outcome = "updated" if outcome == "unchanged" else outcome
    return outcome


@transaction.atomic
def pathway_templates_load(*, language: str) -> dict[str, int]:
    """Create or update the network-wide templates of ``pathway_seed`` by code, their texts in
    ``language``; safe to run again (unchanged templates are not written). Returns the counts of
    created, updated and unchanged templates."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with translation.override(language):
        for seed in PATHWAYS:
            counts[_load_one(seed)] += 1
    return counts

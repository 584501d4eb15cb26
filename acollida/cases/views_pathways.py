"""Pathway screens: start a pathway on a case, complete or skip its steps, my deadlines, and the
templates coordinators keep.

Case pathways are found through the case (``selectors_pathways`` reads through the policy: 404
when the user may not open the case) and changed through ``services_pathways``; the pages that
show a case or the persons of the deadline list are written to the read log.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from acollida.cases import selectors, selectors_pathways, services_pathways
from acollida.cases.forms_pathways import (
    CopyForm,
    DeadlineFilterForm,
    ExpiryForm,
    PathwayStartForm,
    StepDoneForm,
    StepTemplateForm,
    TemplateCreateForm,
    TemplateForm,
)
from acollida.cases.models import Case, PathwayStepTemplate, PathwayTemplate
from acollida.core import audit, policy
from acollida.core.models import Organisation, User
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page

PURPOSE = gettext_lazy("case work")
PAGE_SIZE = 50
NAV = {"nav_section": "cases"}
TEMPLATES_NAV = {"nav_section": "pathway_templates"}


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _add_errors(form: Form, exc: ValidationError) -> None:
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _log_case(request: HttpRequest, case: Case) -> None:
    """The case read, and the person it is about."""
    audit.read_record(
        request,
        user=request.user,
        record_type="case",
        record_id=case.pk,
        record_organisation_id=case.organisation_id,
        purpose=str(PURPOSE),
    )
    if case.person_id:
        audit.read_record(
            request,
            user=request.user,
            record_type="person",
            record_id=case.person_id,
            record_organisation_id=case.person.organisation_id,  # type: ignore[union-attr]
            purpose=str(PURPOSE),
        )


def _case_for_editing(request: HttpRequest, case_id: int) -> Case:
    case = selectors.case_get_for_user(request.user, case_id)
    policy.require(request.user, Perm.EDIT_PERSONS, case.organisation_id)
    return case


def _back_to_case(case_id: int) -> HttpResponse:
    response = redirect("cases:detail", case_id=case_id)
    response["Location"] += "#pathways"
    return response


# --- A case's pathways -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def pathway_start(request: HttpRequest, case_id: int) -> HttpResponse:
    """Start a pathway on the case (the case page has the same form folded)."""
    case = _case_for_editing(request, case_id)
    templates = services_pathways.templates_for_case(_actor(request), case)
    form = PathwayStartForm(request.POST or None, templates=templates, prefix="pathway")
    if request.method == "POST" and form.is_valid():
        try:
            pathway = services_pathways.pathway_start(actor=_actor(request), case=case, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Pathway started: %(name)s.") % {"name": pathway.name})
            return _back_to_case(case.pk)
    _log_case(request, case)
    return render(request, "cases/pathway_start.html", {"case": case, "form": form, **NAV})


@require_http_methods(["GET", "POST"])
def pathway_step(request: HttpRequest, case_id: int, step_id: int) -> HttpResponse:
    """Mark a step done (with its date and a note) or not needed, or put it back to do."""
    _case_for_editing(request, case_id)
    step = selectors_pathways.step_get_for_user(request.user, case_id, step_id)
    case = step.pathway.case
    form = StepDoneForm(request.POST or None, initial={"done_on": timezone.localdate(), "note": step.note})
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "done")
        actor = _actor(request)
        try:
            if action == "skip":
                services_pathways.step_skip(actor=actor, step=step, note=form.cleaned_data["note"])
                messages.success(request, _("The step is marked not needed."))
            elif action == "reopen":
                services_pathways.step_reopen(actor=actor, step=step)
                messages.success(request, _("The step is back to do."))
            else:
                services_pathways.step_complete(actor=actor, step=step, **form.cleaned_data)
                messages.success(request, _("The step is done."))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return _back_to_case(case.pk)
    _log_case(request, case)
    return render(request, "cases/pathway_step.html", {"case": case, "step": step, "form": form, **NAV})


@require_http_methods(["GET", "POST"])
def pathway_expiry(request: HttpRequest, case_id: int, pathway_id: int) -> HttpResponse:
    """Change the expiry date of the document (a renewed card); the steps timed from it move."""
    case = _case_for_editing(request, case_id)
    pathway = selectors_pathways.pathway_get_for_user(request.user, case.pk, pathway_id)
    form = ExpiryForm(request.POST or None, initial={"document_expires_on": pathway.document_expires_on})
    if request.method == "POST" and form.is_valid():
        try:
            services_pathways.pathway_update_expiry(
                actor=_actor(request), pathway=pathway, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The dates of the pathway are updated."))
            return _back_to_case(case.pk)
    _log_case(request, case)
    return render(
        request, "cases/pathway_expiry.html", {"case": case, "pathway": pathway, "form": form, **NAV}
    )


@require_POST
def pathway_complete(request: HttpRequest, case_id: int, pathway_id: int) -> HttpResponse:
    case = _case_for_editing(request, case_id)
    pathway = selectors_pathways.pathway_get_for_user(request.user, case.pk, pathway_id)
    try:
        services_pathways.pathway_complete(actor=_actor(request), pathway=pathway)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The pathway is complete."))
    return _back_to_case(case.pk)


@require_http_methods(["GET", "POST"])
def pathway_abandon(request: HttpRequest, case_id: int, pathway_id: int) -> HttpResponse:
    """Stop following a pathway, after a confirmation page."""
    case = _case_for_editing(request, case_id)
    pathway = selectors_pathways.pathway_get_for_user(request.user, case.pk, pathway_id)
    if request.method == "POST":
        try:
            services_pathways.pathway_abandon(actor=_actor(request), pathway=pathway)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The pathway is abandoned; its deadlines are no longer followed."))
        return _back_to_case(case.pk)
    _log_case(request, case)
    return render(request, "cases/pathway_abandon.html", {"case": case, "pathway": pathway, **NAV})


# --- My deadlines ------------------------------------------------------------------------------


def deadlines(request: HttpRequest) -> HttpResponse:
    """The deadlines of my cases (or of every case I may open): overdue first, then this week, later."""
    policy.require(request.user, Perm.VIEW_PERSONS)
    form = DeadlineFilterForm(
        request.GET or None, templates=selectors_pathways.templates_visible(request.user)
    )
    data = form.cleaned_data if form.is_valid() else {}
    template = data.get("template")
    filters = selectors_pathways.DeadlineFilters(
        scope=data.get("scope") or "mine",
        when=data.get("when") or "",
        template=template.pk if template else None,
    )
    page = paginate(request, selectors_pathways.deadlines_for(request.user, filters), PAGE_SIZE)
    today = timezone.localdate()
    week_end = today + timedelta(days=selectors_pathways.WEEK)
    steps = list(page.object_list)
    page.object_list = steps
    for step in steps:
        due_on = step.due_on or today
        group = "overdue" if due_on < today else "week" if due_on <= week_end else "later"
        setattr(step, "group", group)  # noqa: B010 (a page-only attribute)
    audit.read_records(
        request,
        user=request.user,
        record_type="person",
        records=[
            (s.pathway.case.person_id, s.pathway.case.person.organisation_id)
            for s in steps
            if s.pathway.case.person is not None
        ],
        purpose=str(gettext_lazy("my deadlines")),
    )
    return render(
        request,
        "cases/pathway_deadlines.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "today": today,
            **NAV,
        },
    )


# --- Templates ---------------------------------------------------------------------------------


def _coordinated(request: HttpRequest) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=policy.organisation_ids_with(request.user, Perm.COORDINATE), is_active=True
    ).order_by("name")


def _require_template_reader(request: HttpRequest) -> None:
    if not (policy.can(request.user, Perm.VIEW_PERSONS) or policy.can(request.user, Perm.COORDINATE)):
        policy.require(request.user, Perm.VIEW_PERSONS)


def pathway_templates(request: HttpRequest) -> HttpResponse:
    """The pathway templates: the network's and my organisations' own."""
    _require_template_reader(request)
    rows = (
        selectors_pathways.templates_visible(request.user)
        .select_related("organisation")
        .order_by("name", "organisation__name", "pk")
    )
    page = paginate(request, rows, PAGE_SIZE)
    return render(
        request,
        "cases/pathway_templates.html",
        {
            "page": page,
            "query": query_without_page(request),
            "can_create": _coordinated(request).exists(),
            **TEMPLATES_NAV,
        },
    )


@require_http_methods(["GET", "POST"])
def pathway_template_new(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Perm.COORDINATE)
    form = TemplateCreateForm(request.POST or None, organisations=_coordinated(request))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        is_active = data.pop("is_active")
        try:
            template = services_pathways.template_create(actor=_actor(request), **data)
            if not is_active:
                services_pathways.template_update(
                    actor=_actor(request),
                    template=template,
                    name=template.name,
                    description=template.description,
                    legal_basis=template.legal_basis,
                    is_active=False,
                )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The pathway is created. Add its steps."))
            return redirect("cases:pathway_template", template_id=template.pk)
    return render(request, "cases/pathway_template_new.html", {"form": form, **TEMPLATES_NAV})


def _editable_template(request: HttpRequest, template_id: int) -> PathwayTemplate:
    template = selectors_pathways.template_get_for_user(request.user, template_id)
    if not policy.may_edit_pathway_template(request.user, template):
        raise PermissionDenied
    return template


@require_http_methods(["GET", "POST"])
def pathway_template(request: HttpRequest, template_id: int) -> HttpResponse:
    """One template with its steps; its coordinators edit it here, others may copy it."""
    _require_template_reader(request)
    template = selectors_pathways.template_get_for_user(request.user, template_id)
    can_edit = policy.may_edit_pathway_template(request.user, template)
    form = TemplateForm(
        request.POST or None,
        initial={
            "name": template.name,
            "description": template.description,
            "legal_basis": template.legal_basis,
            "is_active": template.is_active,
        },
    )
    if request.method == "POST":
        template = _editable_template(request, template_id)
        if form.is_valid():
            try:
                services_pathways.template_update(
                    actor=_actor(request), template=template, **form.cleaned_data
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The pathway is updated."))
                return redirect("cases:pathway_template", template_id=template.pk)
    coordinated = _coordinated(request).exclude(pk=template.organisation_id or 0)
    copy_form = CopyForm(organisations=coordinated) if coordinated.exists() else None
    return render(
        request,
        "cases/pathway_template.html",
        {
            "template": template,
            "steps": template.steps.order_by("order", "pk"),
            "form": form,
            "can_edit": can_edit,
            "copy_form": copy_form,
            "step_form": StepTemplateForm(prefix="step"),
            **TEMPLATES_NAV,
        },
    )


@require_POST
def pathway_template_copy(request: HttpRequest, template_id: int) -> HttpResponse:
    """Copy a template into one of my organisations, to adapt it there."""
    policy.require(request.user, Perm.COORDINATE)
    template = selectors_pathways.template_get_for_user(request.user, template_id)
    form = CopyForm(request.POST, organisations=_coordinated(request))
    if not form.is_valid():
        messages.error(request, _("Choose an organisation you coordinate."))
        return redirect("cases:pathway_template", template_id=template.pk)
    try:
        copy = services_pathways.template_copy(
            actor=_actor(request), template=template, organisation=form.cleaned_data["organisation"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:pathway_template", template_id=template.pk)
    messages.success(request, _("The pathway is copied into your organisation: adapt it here."))
    return redirect("cases:pathway_template", template_id=copy.pk)


@require_http_methods(["GET", "POST"])
def pathway_template_step_add(request: HttpRequest, template_id: int) -> HttpResponse:
    template = _editable_template(request, template_id)
    form = StepTemplateForm(request.POST or None, prefix="step")
    if request.method == "POST" and form.is_valid():
        try:
            services_pathways.template_step_add(actor=_actor(request), template=template, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The step is added."))
            return redirect("cases:pathway_template", template_id=template.pk)
    return render(
        request, "cases/pathway_template_step.html", {"template": template, "form": form, **TEMPLATES_NAV}
    )


def _template_step(request: HttpRequest, template_id: int, step_id: int) -> PathwayStepTemplate:
    template = _editable_template(request, template_id)
    step = template.steps.filter(pk=step_id).first()
    if step is None:
        raise Http404
    return step


@require_http_methods(["GET", "POST"])
def pathway_template_step(request: HttpRequest, template_id: int, step_id: int) -> HttpResponse:
    step = _template_step(request, template_id, step_id)
    initial: dict[str, Any] = {f: getattr(step, f) for f in services_pathways.STEP_FIELDS}
    form = StepTemplateForm(request.POST or None, prefix="step", initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_pathways.template_step_update(actor=_actor(request), step=step, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The step is updated."))
            return redirect("cases:pathway_template", template_id=template_id)
    return render(
        request,
        "cases/pathway_template_step.html",
        {"template": step.template, "step": step, "form": form, **TEMPLATES_NAV},
    )


@require_POST
def pathway_template_step_move(request: HttpRequest, template_id: int, step_id: int) -> HttpResponse:
    step = _template_step(request, template_id, step_id)
    services_pathways.template_step_move(
        actor=_actor(request), step=step, up=request.POST.get("direction") != "down"
    )
    return redirect("cases:pathway_template", template_id=template_id)


@require_http_methods(["GET", "POST"])
def pathway_template_step_remove(request: HttpRequest, template_id: int, step_id: int) -> HttpResponse:
    """Remove a step, after a confirmation page. Pathways already started keep their copy."""
    step = _template_step(request, template_id, step_id)
    if request.method == "POST":
        services_pathways.template_step_remove(actor=_actor(request), step=step)
        messages.success(request, _("The step is removed."))
        return redirect("cases:pathway_template", template_id=template_id)
    return render(
        request,
        "cases/pathway_template_step_remove.html",
        {"template": step.template, "step": step, **TEMPLATES_NAV},
    )

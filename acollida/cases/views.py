"""Case screens: open a case from the person page, the case page, and what changes a case.

Each view finds the case through ``case_get_for_user`` (404 when the user may not open it), calls
one service, and renders. The case page and its edit pages are written to the read log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from acollida.cases import selectors, selectors_documents, services
from acollida.cases.forms import (
    AssignForm,
    CloseForm,
    GoalEditForm,
    GoalForm,
    NeedEditForm,
    NeedForm,
    OpenCaseForm,
    TimelineFilterForm,
    TimelineForm,
    WaitingForm,
)
from acollida.cases.models import Case, Goal, Need
from acollida.core import audit, policy
from acollida.core.models import Organisation, User
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page
from acollida.people.models import HouseholdMember, Person

PURPOSE = gettext_lazy("case work")
TIMELINE_PAGE = 25
NAV = {"nav_section": "cases"}


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _log_case(request: HttpRequest, case: Case, with_person: bool = True) -> None:
    """The case read, and the person (or the household members the user may open) it is about
    when the page shows them (``with_person``: a receiver of a referral that does not share the
    identity section does not see who it is). One transaction: one commit for the page's reads."""
    with transaction.atomic():
        audit.read_record(
            request,
            user=request.user,
            record_type="case",
            record_id=case.pk,
            record_organisation_id=case.organisation_id,
            purpose=str(PURPOSE),
        )
        if not with_person:
            return
        if case.person_id:
            persons: list[tuple[object, int | None]] = [(case.person_id, case.person.organisation_id)]  # type: ignore[union-attr]
        else:
            members = HouseholdMember.objects.filter(
                household_id=case.household_id or 0,
                person__in=Person.objects.visible_to(request.user).values("pk"),
            ).values_list("person_id", "person__organisation_id")
            persons = [(pk, org) for pk, org in members]
        audit.read_records(
            request, user=request.user, record_type="person", records=persons, purpose=str(PURPOSE)
        )


def _add_errors(form: Form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _case_for_editing(request: HttpRequest, case_id: int) -> Case:
    case = selectors.case_get_for_user(request.user, case_id)
    policy.require(request.user, Perm.EDIT_PERSONS, case.organisation_id)
    return case


# --- Opening a case ------------------------------------------------------------------------------


def _holding_organisation(request: HttpRequest, person: Person) -> Organisation | None:
    """The person's holder when the user records matters there, else where the user does."""
    if policy.can(request.user, Perm.EDIT_PERSONS, person.organisation_id):
        return person.organisation
    return policy.acting_organisation(request.user, Perm.EDIT_PERSONS)


@require_http_methods(["GET", "POST"])
def open_case(request: HttpRequest, person_id: int) -> HttpResponse:
    """From the person page: open their case, or go to the one already open."""
    policy.require(request.user, Perm.EDIT_PERSONS)
    person = (
        Person.objects.visible_to(request.user).select_related("organisation").filter(pk=person_id).first()
    )
    if person is None:
        raise Http404
    existing = selectors.open_case_for_person(request.user, person.pk)
    if existing is not None:
        return redirect("cases:detail", case_id=existing.pk)
    organisation = _holding_organisation(request, person)
    if organisation is None:
        raise Http404
    form = OpenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(
                actor=_actor(request),
                organisation=organisation,
                person=person,
                sensitivity=form.cleaned_data["sensitivity"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Case %(reference)s is open.") % {"reference": case.reference})
            return redirect("cases:detail", case_id=case.pk)
    audit.read_record(
        request,
        user=request.user,
        record_type="person",
        record_id=person.pk,
        record_organisation_id=person.organisation_id,
        purpose=str(PURPOSE),
    )
    return render(
        request,
        "cases/open.html",
        {"person": person, "organisation": organisation, "form": form, **NAV},
    )


# --- The case page -------------------------------------------------------------------------------


def _timeline_page(
    request: HttpRequest, case: Case, access: policy.CaseAccess
) -> tuple[TimelineFilterForm, Any]:
    filters = TimelineFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    service = data.get("service_type") or ""
    # Entries and documents in one chronology (a UNION paged in the database: selectors_documents).
    items = selectors_documents.case_timeline_merged(
        request.user,
        case,
        kinds=data.get("kind") or [],
        service_types=[service] if service else [],
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        with_entries="timeline" in access.sections,
        access=access,
    )
    return filters, paginate(request, items, TIMELINE_PAGE)


@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, case_id: int) -> HttpResponse:
    """The case page: who, status, needs, the plan and the timeline; forms to add to each.

    A form posted here is one of ``need``, ``entry`` or ``goal`` (its ``form`` field says which);
    on an error the page comes back with the form filled in as it was sent.
    """
    case = selectors.case_get_for_user(request.user, case_id)
    # A receiver of a referral reads only the sections shared with them (policy.case_sections_for),
    # decided once here and handed to every section of the page.
    access = policy.case_access(request.user, case)
    sections = set(access.sections)
    can_edit = policy.can(request.user, Perm.EDIT_PERSONS, case.organisation_id) and not case.is_closed
    needs = (
        list(case.needs.all().order_by("closed_on", "-priority", "area", "pk")) if "needs" in sections else []
    )
    need_choices = case.needs.filter(closed_on__isnull=True).order_by("area", "pk")
    need_form = NeedForm(prefix="need")
    entry_form = TimelineForm(prefix="entry")
    goal_form = GoalForm(prefix="goal", needs=need_choices)
    waiting_form = WaitingForm(
        prefix="waiting", initial={"waiting_for": case.waiting_for, "waiting_since": case.waiting_since}
    )
    if request.method == "POST":
        if not can_edit:
            policy.require(request.user, Perm.EDIT_PERSONS, case.organisation_id)
            messages.error(request, _("This case is closed. Reopen it first."))
            return redirect("cases:detail", case_id=case.pk)
        which = request.POST.get("form", "")
        saved = _save_posted(request, case, which, need_choices)
        if saved is not None:
            return saved
        forms = _posted_forms(request, which, need_choices)
        need_form = forms.get("need", need_form)  # type: ignore[assignment]
        entry_form = forms.get("entry", entry_form)  # type: ignore[assignment]
        goal_form = forms.get("goal", goal_form)  # type: ignore[assignment]
        waiting_form = forms.get("waiting", waiting_form)  # type: ignore[assignment]
    filters, timeline = _timeline_page(request, case, access)
    _log_case(request, case, with_person="identity" in sections)
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "needs": needs,
            "goals": case.goals.select_related("need").order_by("closed_on", "target_date", "pk")
            if "plan" in sections
            else [],
            "timeline": timeline,
            "sections": sections,
            "access": access,
            "page": timeline,
            "query": query_without_page(request),
            "filters": filters,
            "need_form": need_form,
            "entry_form": entry_form,
            "goal_form": goal_form,
            "waiting_form": waiting_form,
            "can_edit": can_edit,
            "can_manage": policy.can(request.user, Perm.EDIT_PERSONS, case.organisation_id),
            "can_assign": policy.can(request.user, Perm.COORDINATE, case.organisation_id),
            **NAV,
        },
    )


_FORMS: dict[str, Any] = {
    "need": NeedForm,
    "entry": TimelineForm,
    "goal": GoalForm,
    "waiting": WaitingForm,
}


def _bound_form(request: HttpRequest, which: str, need_choices: Any) -> Form:
    form_class = _FORMS[which]
    if form_class is GoalForm:
        return GoalForm(request.POST, prefix=which, needs=need_choices)
    form: Form = form_class(request.POST, prefix=which)
    return form


def _posted_forms(request: HttpRequest, which: str, need_choices: Any) -> dict[str, Form]:
    """The posted form, bound (with its errors), to show after a failed post."""
    if which not in _FORMS:
        return {}
    form = _bound_form(request, which, need_choices)
    form.is_valid()
    return {which: form}


def _save_posted(request: HttpRequest, case: Case, which: str, need_choices: Any) -> HttpResponse | None:
    """Save the posted form through its service; a redirect when saved, ``None`` to show errors."""
    if which not in _FORMS:
        messages.error(request, _("Nothing was saved: the form was not recognised."))
        return redirect("cases:detail", case_id=case.pk)
    form = _bound_form(request, which, need_choices)
    if not form.is_valid():
        return None
    actor = _actor(request)
    data = form.cleaned_data
    try:
        if which == "need":
            services.need_add(actor=actor, case=case, **data)
            messages.success(request, _("The need is recorded."))
        elif which == "entry":
            services.timeline_add(actor=actor, case=case, **data)
            messages.success(request, _("Added to the timeline."))
        elif which == "goal":
            services.goal_add(actor=actor, case=case, **data)
            messages.success(request, _("The goal is added to the plan."))
        else:
            services.case_update(actor=actor, case=case, **data)
            messages.success(request, _("The case is updated."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return None
    return redirect("cases:detail", case_id=case.pk)


# --- Editing needs and goals ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def need_edit(request: HttpRequest, case_id: int, need_id: int) -> HttpResponse:
    case = _case_for_editing(request, case_id)
    need = Need.objects.filter(case=case, pk=need_id).first()
    if need is None:
        raise Http404
    form = NeedEditForm(
        request.POST or None,
        initial={"priority": need.priority, "status": need.status, "description": need.description},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.need_update(actor=_actor(request), need=need, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The need is updated."))
            return redirect("cases:detail", case_id=case.pk)
    _log_case(request, case)
    return render(request, "cases/need_edit.html", {"case": case, "need": need, "form": form, **NAV})


@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, case_id: int, goal_id: int) -> HttpResponse:
    case = _case_for_editing(request, case_id)
    goal = Goal.objects.filter(case=case, pk=goal_id).first()
    if goal is None:
        raise Http404
    needs = case.needs.order_by("area", "pk")
    form = GoalEditForm(
        request.POST or None,
        needs=needs,
        initial={
            "description": goal.description,
            "target_date": goal.target_date,
            "need": goal.need_id,
            "status": goal.status,
            "outcome_note": goal.outcome_note,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.goal_update(actor=_actor(request), goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The goal is updated."))
            return redirect("cases:detail", case_id=case.pk)
    _log_case(request, case)
    return render(request, "cases/goal_edit.html", {"case": case, "goal": goal, "form": form, **NAV})


# --- Status: close, hold, reopen; assign ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, case_id: int) -> HttpResponse:
    """Close the case with its outcome, after a confirmation page."""
    case = _case_for_editing(request, case_id)
    if case.is_closed:
        messages.info(request, _("This case is already closed."))
        return redirect("cases:detail", case_id=case.pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(actor=_actor(request), case=case, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Case %(reference)s is closed.") % {"reference": case.reference})
            return redirect("cases:detail", case_id=case.pk)
    open_goals = case.goals.filter(status=Goal.Status.OPEN).count()
    return render(request, "cases/close.html", {"case": case, "form": form, "open_goals": open_goals, **NAV})


def _status_change(request: HttpRequest, case_id: int, action: str) -> HttpResponse:
    case = _case_for_editing(request, case_id)
    try:
        if action == "hold":
            services.case_hold(actor=_actor(request), case=case)
            messages.success(request, _("The case is on hold."))
        else:
            services.case_reopen(actor=_actor(request), case=case)
            messages.success(request, _("The case is open again."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:detail", case_id=case.pk)


@require_POST
def hold(request: HttpRequest, case_id: int) -> HttpResponse:
    return _status_change(request, case_id, "hold")


@require_POST
def reopen(request: HttpRequest, case_id: int) -> HttpResponse:
    return _status_change(request, case_id, "reopen")


@require_http_methods(["GET", "POST"])
def assign(request: HttpRequest, case_id: int) -> HttpResponse:
    """A coordinator hands the case to another caseworker of the holding organisation."""
    case = selectors.case_get_for_user(request.user, case_id)
    policy.require(request.user, Perm.COORDINATE, case.organisation_id)
    candidates = selectors.responsible_candidates(case.organisation_id)
    form = AssignForm(
        request.POST or None, candidates=candidates, initial={"responsible": case.responsible_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_assign(
                actor=_actor(request), case=case, responsible=form.cleaned_data["responsible"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The case has a new responsible caseworker."))
            if request.POST.get("next_team"):
                return redirect("cases:team")
            return redirect("cases:detail", case_id=case.pk)
    _log_case(request, case)
    return render(
        request,
        "cases/assign.html",
        {"case": case, "form": form, "next_team": request.GET.get("from") == "team", **NAV},
    )

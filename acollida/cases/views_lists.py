"""Workload screens: my cases (with what is due this week and what waits for an answer), and a
coordinator's view of the team's load with links to reassign."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from acollida.cases import selectors
from acollida.cases.forms import CaseFilterForm
from acollida.cases.models import Case, Goal
from acollida.core import audit, policy
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page

PAGE_SIZE = 50
TABS = ("cases", "due", "waiting")
NAV = {"nav_section": "cases"}


def _log_persons(request: HttpRequest, cases: list[Case], purpose: Any) -> None:
    """The persons named on the page are read: log them (household names are not a person)."""
    audit.read_records(
        request,
        user=request.user,
        record_type="person",
        records=[(case.person_id, case.person.organisation_id) for case in cases if case.person],
        purpose=str(purpose),
    )


def mine(request: HttpRequest) -> HttpResponse:
    """My cases: the open ones I am responsible for; what is due this week; what waits for an answer."""
    policy.require(request.user, Perm.VIEW_PERSONS)
    tab = request.GET.get("tab", "cases")
    tab = tab if tab in TABS else "cases"
    form = CaseFilterForm(request.GET or None)
    context: dict[str, Any] = {"tab": tab, "form": form, **NAV}
    rows: QuerySet[Any]
    if tab == "due":
        rows = selectors.due_this_week(request.user)
    elif tab == "waiting":
        rows = selectors.waiting(request.user)
    else:
        data = form.cleaned_data if form.is_valid() else {}
        filters = selectors.CaseFilters(
            status=data.get("status", ""), sensitivity=data.get("sensitivity", "")
        )
        rows = selectors.my_cases(request.user, filters, form.sort_key())
    page = paginate(request, rows, PAGE_SIZE)
    shown = [row.case if isinstance(row, Goal) else row for row in page.object_list]
    _log_persons(request, shown, gettext_lazy("my cases"))
    context.update({"page": page, "query": query_without_page(request), "today": timezone.localdate()})
    return render(request, "cases/mine.html", context)


def team(request: HttpRequest) -> HttpResponse:
    """The coordinator's team: open cases per caseworker; one member's cases to reassign."""
    policy.require(request.user, Perm.COORDINATE)
    load = selectors.team_load(request.user)
    member = request.GET.get("member", "")
    cases_page = None
    selected = None
    if member == "none" or member.isdigit():
        responsible_id = None if member == "none" else int(member)
        selected = next((row for row in load.rows if row.user.pk == responsible_id), None)
        if responsible_id is None or selected is not None:
            cases_page = paginate(request, selectors.team_cases(request.user, responsible_id), PAGE_SIZE)
            _log_persons(request, list(cases_page.object_list), gettext_lazy("team workload"))
    return render(
        request,
        "cases/team.html",
        {
            "load": load,
            "member": member,
            "selected": selected,
            "page": cases_page,
            "query": query_without_page(request),
            **NAV,
        },
    )

"""The placement optimizer's screens: run it, read the proposal, lock, reject and accept matches.

Coordinators only. The proposal names a household only to a coordinator who may open its case,
shows a protected address only to the operator's staff, and logs every household it shows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from acollida.core import audit, policy
from acollida.core.models import User
from acollida.core.views.common import paginate, query_without_page
from acollida.housing import selectors, selectors_optimizer, services_optimizer
from acollida.housing.forms_optimizer import DecisionForm, RunForm, RunSortForm
from acollida.housing.models import OptimizerMatch, OptimizerRun, Unit, WaitingListEntry
from acollida.housing.solver import REASONS

NEEDS_MET = {
    "beds": gettext_lazy("enough beds"),
    "rooms": gettext_lazy("enough rooms"),
    "women_only": gettext_lazy("women-only place"),
    "minors_only": gettext_lazy("place for unaccompanied minors"),
    "step_free": gettext_lazy("step-free access"),
    "adapted_bathroom": gettext_lazy("adapted bathroom"),
    "pets_allowed": gettext_lazy("pets allowed"),
    "lgbti_safe": gettext_lazy("LGBTI-safe"),
    "language": gettext_lazy("staff speak their language"),
    "preferred_district": gettext_lazy("a district they prefer"),
}
PARTS = {
    "priority": gettext_lazy("Priority and waiting time"),
    "fit": gettext_lazy("Fit of the unit"),
    "school": gettext_lazy("Near the school"),
    "work": gettext_lazy("Near work"),
    "medical": gettext_lazy("Near medical care"),
    "language": gettext_lazy("Language"),
    "district": gettext_lazy("Preferred district"),
}
ALTERNATIVE_REASONS = {
    "lower_score": gettext_lazy("it suits this household less"),
    "taken": gettext_lazy("its places go to households for whom it adds more in total"),
    "time_limit": gettext_lazy("the time limit came before the plan was proven best"),
}
UNPLACED_REASONS = {
    "no_compatible_unit": gettext_lazy("No free unit meets this household's needs."),
    "all_rejected": gettext_lazy("Every unit that meets its needs was rejected for it."),
    "outscored": gettext_lazy("The units that meet its needs are full with households placed there."),
    "time_limit": gettext_lazy("The time limit came before a place was found for it."),
}
BLOCKING = {
    "too_few_beds": gettext_lazy("too few free beds"),
    "too_few_rooms": gettext_lazy("too few free rooms"),
    "unit_reserved": gettext_lazy("a flat already reserved"),
    "too_many_spare_beds": gettext_lazy("too many beds left empty"),
    "women_only_unit": gettext_lazy("for women only"),
    "needs_women_only": gettext_lazy("not a women-only place"),
    "men_only_unit": gettext_lazy("for men only"),
    "families_only_unit": gettext_lazy("for families with children"),
    "minors_only_unit": gettext_lazy("for unaccompanied minors"),
    "needs_minors_only": gettext_lazy("not for unaccompanied minors"),
    "needs_lgbti_safe": gettext_lazy("not LGBTI-safe"),
    "needs_pets_allowed": gettext_lazy("no pets allowed"),
    "needs_step_free": gettext_lazy("no step-free access"),
    "needs_adapted_bathroom": gettext_lazy("no adapted bathroom"),
    "rejected": gettext_lazy("rejected"),
}
assert set(BLOCKING) == set(REASONS), "every reason the solver gives has its words"
NEEDS = ("step_free", "adapted_bathroom", "women_only", "men_only", "minors_only", "lgbti_safe", "pets")
NAV = {"nav_section": "optimizer"}
DECIDED = {
    "lock": gettext_lazy("The match is locked: a new run keeps it."),
    "unlock": gettext_lazy("The match is unlocked."),
    "reject": gettext_lazy("The match is rejected: it is not proposed again."),
}


def _coordinator(request: HttpRequest) -> User:
    if not policy.sees_network_vacancies(request.user):
        raise PermissionDenied
    return request.user  # type: ignore[return-value]


def _unit_label(unit: Unit | None) -> str:
    return f"{unit.accommodation.name} · {unit.name}" if unit is not None else "—"


def _household(entry: WaitingListEntry, openable: bool) -> dict[str, Any]:
    def label(name: str) -> str:
        return str(getattr(WaitingListEntry._meta.get_field(name), "verbose_name", name))

    return {
        "entry": entry,
        "label": selectors.entry_label(entry, openable=openable),
        "named": openable,
        "size": entry.size,
        "beds": entry.beds_needed,
        "children": entry.children,
        "needs": [label(name) for name in NEEDS if getattr(entry, name)],
    }


def _alternative(user: Any, explanation: dict[str, Any], units: dict[int, Unit]) -> dict[str, Any] | None:
    unit_id = str(explanation.get("alternative_unit_id") or "")
    if not unit_id.isdigit():
        return None
    return {
        "unit": _unit_label(units.get(int(unit_id))),
        "score": explanation.get("alternative_score"),
        "reason": ALTERNATIVE_REASONS.get(str(explanation.get("alternative_reason")), ""),
    }


def _address(user: Any, unit: Unit) -> str:
    accommodation = unit.accommodation
    if not policy.accommodation_address_visible(user, accommodation):
        return ""
    return accommodation.address


def _rows(user: Any, proposal: selectors_optimizer.Proposal) -> list[dict[str, Any]]:
    rows = []
    for match in proposal.matches:
        explanation = match.explanation or {}
        parts = explanation.get("parts", {}) or {}
        rows.append(
            {
                "match": match,
                "household": _household(match.entry, match.entry_id in proposal.openable),
                "unit": match.unit,
                "unit_label": _unit_label(match.unit),
                "address": _address(user, match.unit),
                "needs_met": [NEEDS_MET.get(code, code) for code in explanation.get("needs_met", [])],
                "parts": [(PARTS.get(name, name), value) for name, value in parts.items() if value],
                "alternative": _alternative(user, explanation, proposal.units),
                "open": match.decision in services_optimizer.OPEN_DECISIONS,
            }
        )
    return rows


def _unplaced(user: Any, proposal: selectors_optimizer.Proposal) -> list[dict[str, Any]]:
    rows = []
    for item in proposal.unplaced:
        entry = proposal.entries[int(item["household_id"])]
        if entry.status != WaitingListEntry.Status.WAITING:
            continue
        blocking = item.get("blocking") or {}
        rows.append(
            {
                "household": _household(entry, entry.pk in proposal.openable),
                "reason": UNPLACED_REASONS.get(str(item.get("reason")), ""),
                "blocking": [(BLOCKING.get(code, code), n) for code, n in sorted(blocking.items())],
                "alternative": _alternative(user, item, proposal.units),
            }
        )
    return rows


def _log_households(request: HttpRequest, entries: list[WaitingListEntry], openable: set[int]) -> None:
    audit.read_records(
        request,
        user=request.user,
        record_type="waiting_list_entry",
        records=[(e.pk, e.organisation_id) for e in entries],
        purpose=_("placement proposal"),
    )
    audit.read_records(
        request,
        user=request.user,
        record_type="case",
        records=[(e.case_id, e.organisation_id) for e in entries if e.pk in openable and e.case_id],
        purpose=_("placement proposal"),
    )


def _totals(run: OptimizerRun) -> dict[str, Any]:
    output = run.output if isinstance(run.output, dict) else {}
    baseline = output.get("fcfs", {}) if isinstance(output.get("fcfs"), dict) else {}
    objective = run.objective or 0.0
    base = run.baseline_objective or 0.0
    gain = round(objective - base, 2)
    return {
        "placed": output.get("households_placed", 0),
        "fcfs_placed": baseline.get("households_placed", 0),
        "placed_gain": int(output.get("households_placed", 0)) - int(baseline.get("households_placed", 0)),
        "suitability": round(objective, 2),
        "fcfs_suitability": round(base, 2),
        "gain": gain,
        "gain_percent": round(100 * gain / base, 1) if base else None,
        "gap_percent": round(100 * run.gap, 2) if run.gap is not None else None,
        "households": len(run.input.get("households", [])) if isinstance(run.input, dict) else 0,
        "units": len(run.input.get("units", [])) if isinstance(run.input, dict) else 0,
        "locked": len(run.input.get("locked", [])) if isinstance(run.input, dict) else 0,
        "released": len(run.input.get("released_locks", [])) if isinstance(run.input, dict) else 0,
        "rejected": len(run.input.get("rejected", [])) if isinstance(run.input, dict) else 0,
    }


# --- Screens --------------------------------------------------------------------------------------


@require_http_methods(["GET"])
def optimizer(request: HttpRequest) -> HttpResponse:
    """The runs so far, who accepted what, and the button to run the optimizer now."""
    user = _coordinator(request)
    sort_form = RunSortForm(request.GET or None)
    sort = sort_form.cleaned_data["sort"] if sort_form.is_valid() else "-created_at"
    page = paginate(request, selectors_optimizer.runs_for(user, sort=sort))
    return render(
        request,
        "housing/optimizer.html",
        {
            **NAV,
            "page": page,
            "query": query_without_page(request),
            "sort_form": sort_form,
            "form": RunForm(initial={"time_limit": int(services_optimizer.time_limit_setting())}),
            "waiting": len(services_optimizer.waiting_entries_for(user)),
            "units": len(services_optimizer.units_for(user)),
        },
    )


@require_POST
def optimizer_run(request: HttpRequest) -> HttpResponse:
    """Run the optimizer (again, keeping the locks and rejections of ``previous``)."""
    user = _coordinator(request)
    form = RunForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("housing:optimizer")
    previous = None
    if form.cleaned_data.get("previous"):
        previous = selectors_optimizer.run_get_for_user(user, form.cleaned_data["previous"])
    try:
        run = services_optimizer.optimizer_run(
            actor=user, previous=previous, time_limit=form.cleaned_data.get("time_limit") or None
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("housing:optimizer")
    return redirect("housing:optimizer_detail", run_id=run.pk)


@require_http_methods(["GET"])
def optimizer_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """The proposal: each match with its household, unit, needs met, score parts and the best
    alternative; the totals beside first-come-first-served; the optimality status and gap."""
    user = _coordinator(request)
    run = selectors_optimizer.run_get_for_user(user, run_id)
    proposal = selectors_optimizer.proposal(user, run)
    rows = _rows(user, proposal)
    unplaced = _unplaced(user, proposal)
    _log_households(request, list(proposal.entries.values()), proposal.openable)
    latest = selectors_optimizer.runs_for(user).first()
    return render(
        request,
        "housing/optimizer_detail.html",
        {
            **NAV,
            "run": run,
            "rows": rows,
            "unplaced": unplaced,
            "hidden": proposal.hidden,
            "accepted_by": sorted(proposal.accepted_by.items()),
            "totals": _totals(run),
            "open_count": sum(1 for row in rows if row["open"]),
            "is_latest": latest is not None and latest.pk == run.pk,
            "form": RunForm(
                initial={"previous": run.pk, "time_limit": int(run.input.get("time_limit") or 10)}
            ),
        },
    )


@require_POST
def optimizer_decide(request: HttpRequest, run_id: int, match_id: int) -> HttpResponse:
    """Lock, unlock or reject one match."""
    user = _coordinator(request)
    run = selectors_optimizer.run_get_for_user(user, run_id)
    match = selectors_optimizer.match_get_for_user(user, run, match_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to lock, unlock or reject the match."))
    else:
        try:
            services_optimizer.match_decide(actor=user, match=match, decision=form.cleaned_data["decision"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, str(DECIDED[form.cleaned_data["decision"]]))
    return redirect(_back(run, match))


def _back(run: OptimizerRun, match: OptimizerMatch | None = None) -> str:
    from django.urls import reverse

    url = reverse("housing:optimizer_detail", kwargs={"run_id": run.pk})
    return f"{url}#match-{match.pk}" if match is not None else url


@require_POST
def optimizer_accept(request: HttpRequest, run_id: int, match_id: int) -> HttpResponse:
    """Accept one match: its unit's places are reserved for the household."""
    user = _coordinator(request)
    run = selectors_optimizer.run_get_for_user(user, run_id)
    match = selectors_optimizer.match_get_for_user(user, run, match_id)
    try:
        services_optimizer.match_accept(actor=user, match=match)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Accepted: places reserved in %(unit)s.") % {"unit": _unit_label(match.unit)},
        )
    return redirect(_back(run, match))


@require_http_methods(["GET", "POST"])
def optimizer_accept_all(request: HttpRequest, run_id: int) -> HttpResponse:
    """Accept every open match of the run after a confirmation page."""
    user = _coordinator(request)
    run = selectors_optimizer.run_get_for_user(user, run_id)
    if request.method == "POST":
        result = services_optimizer.run_accept_all(actor=user, run=run)
        if result.accepted:
            messages.success(
                request,
                _("%(count)s matches accepted: their places are reserved.") % {"count": len(result.accepted)},
            )
        for match, message in result.failed:
            messages.error(
                request,
                _("%(unit)s: %(message)s") % {"unit": _unit_label(match.unit), "message": message},
            )
        if not result.accepted and not result.failed:
            messages.info(request, _("There was no match left to accept."))
        return redirect(_back(run))
    matches = services_optimizer.open_matches(user, run)
    return render(
        request,
        "housing/optimizer_accept_all.html",
        {**NAV, "run": run, "count": len(matches), "units": sorted({_unit_label(m.unit) for m in matches})},
    )

"""Reads of the placement optimizer's runs, for the coordinators who run it.

Every coordinator sees the network's runs (they see its vacancies and its waiting list); a run's
matches are shown only for the households the reader sees on the waiting list, with names only
for those the reader may open (``policy.waiting_entries_openable_by``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from acollida.core import policy
from acollida.housing.models import OptimizerMatch, OptimizerRun, Unit, WaitingListEntry

RUN_SORTS = {
    "-created_at": ("-created_at", "-pk"),
    "created_at": ("created_at", "pk"),
    "-accepted": ("-accepted", "-created_at", "-pk"),
}


def runs_for(user: Any, *, sort: str = "-created_at") -> QuerySet[OptimizerRun]:
    """The network's runs, newest first, with how many matches were proposed and accepted."""
    if not policy.sees_network_vacancies(user):
        return OptimizerRun.objects.none()
    order = RUN_SORTS.get(sort, RUN_SORTS["-created_at"])
    return (
        OptimizerRun.objects.select_related("created_by", "organisation")
        .annotate(
            proposed=Count("matches"),
            accepted=Count("matches", filter=Q(matches__decision=OptimizerMatch.Decision.ACCEPTED)),
        )
        .order_by(*order)
    )


def run_get_for_user(user: Any, run_id: int) -> OptimizerRun:
    """The run, or 404 for anyone who does not coordinate."""
    run = runs_for(user).filter(pk=run_id).first()
    if run is None:
        raise Http404
    return run


def match_get_for_user(user: Any, run: OptimizerRun, match_id: int) -> OptimizerMatch:
    """A match of ``run`` whose household the user sees on the waiting list, or 404."""
    entries = policy.waiting_entries_visible_to(user, WaitingListEntry.objects.all()).values("pk")
    match = run.matches.filter(pk=match_id, entry_id__in=entries).select_related("entry", "unit").first()
    if match is None:
        raise Http404
    return match


@dataclass
class Proposal:
    """A run as a coordinator reads it: the matches they see, and the households left out."""

    matches: list[OptimizerMatch]
    unplaced: list[dict[str, Any]]
    entries: dict[int, WaitingListEntry]
    units: dict[int, Unit]
    openable: set[int]
    hidden: int = 0
    accepted_by: dict[str, int] = field(default_factory=dict)


def proposal(user: Any, run: OptimizerRun) -> Proposal:
    """The run's matches and unplaced households that ``user`` sees, with the records to show."""
    visible = policy.waiting_entries_visible_to(user, WaitingListEntry.objects.all())
    units = Unit.objects.select_related("accommodation", "accommodation__operator")
    matches = list(
        run.matches.filter(entry_id__in=visible.values("pk"))
        .select_related("entry", "decided_by", "placement", "unit__accommodation__operator")
        .order_by("-score", "pk")
    )
    total = run.matches.count()
    explained = run.output.get("explanations", []) if isinstance(run.output, dict) else []
    unplaced = [e for e in explained if isinstance(e, dict) and not e.get("unit_id")]
    wanted_entries = {m.entry_id for m in matches}
    wanted_entries |= {int(e["household_id"]) for e in unplaced if str(e.get("household_id", "")).isdigit()}
    wanted_units = {m.unit_id for m in matches}
    for item in [*(m.explanation for m in matches), *unplaced]:
        alternative = str(item.get("alternative_unit_id") or "")
        if alternative.isdigit():
            wanted_units.add(int(alternative))
    entries = {
        e.pk: e
        for e in visible.filter(pk__in=wanted_entries).select_related(
            "case", "case__person", "case__household", "person", "household", "organisation"
        )
    }
    unplaced = [e for e in unplaced if int(e["household_id"]) in entries]
    openable = set(
        policy.waiting_entries_openable_by(user, WaitingListEntry.objects.filter(pk__in=entries)).values_list(
            "pk", flat=True
        )
    )
    accepted_by: dict[str, int] = {}
    for match in matches:
        if match.decision == OptimizerMatch.Decision.ACCEPTED and match.decided_by is not None:
            name = match.decided_by.get_full_name() or match.decided_by.username
            accepted_by[name] = accepted_by.get(name, 0) + 1
    return Proposal(
        matches=matches,
        unplaced=unplaced,
        entries=entries,
        units={u.pk: u for u in units.filter(pk__in=wanted_units)},
        openable=openable,
        hidden=total - len(matches),
        accepted_by=accepted_by,
    )

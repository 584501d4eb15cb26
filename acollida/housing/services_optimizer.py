"""The placement optimizer's runs: from the waiting list and free places to a stored proposal.

``optimizer_run`` builds the solver's plain input from the households waiting and the free places
the coordinator sees (the whole network), keeps the locks and rejections of the run it follows,
solves (``acollida.housing.solver``) within the time limit, and stores the run with its input, its
output, the first-come-first-served plan beside it, and one ``OptimizerMatch`` per proposal with
its score parts and explanation. Nobody is placed by the machine: a coordinator locks, rejects or
accepts each match, and an accepted match becomes a reservation through
``acollida.housing.services.placement_reserve`` (which never takes more than the free places).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.core import policy
from acollida.core.models import User
from acollida.housing import services, solver
from acollida.housing.models import (
    RULE_FIELDS,
    OptimizerMatch,
    OptimizerRun,
    Placement,
    PlaceStatus,
    Unit,
    WaitingListEntry,
)

DEFAULT_TIME_LIMIT = 10.0
MAX_TIME_LIMIT = 60.0
STATUS = {
    "optimal": OptimizerRun.Status.OPTIMAL,
    "feasible": OptimizerRun.Status.FEASIBLE,
    "infeasible": OptimizerRun.Status.INFEASIBLE,
    "unknown": OptimizerRun.Status.FAILED,
}
OPEN_DECISIONS = (OptimizerMatch.Decision.PROPOSED, OptimizerMatch.Decision.LOCKED)


def time_limit_setting() -> float:
    """Seconds a run may take (``ACOLLIDA_OPTIMIZER_TIME_LIMIT``, 10 by default)."""
    value = getattr(settings, "ACOLLIDA_OPTIMIZER_TIME_LIMIT", DEFAULT_TIME_LIMIT)
    return float(value)


def _require_coordinator(actor: User) -> None:
    if not policy.sees_network_vacancies(actor):
        raise PermissionDenied


# --- From records to the solver's input -----------------------------------------------------------


def _point(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    return None if lat is None or lon is None else (lat, lon)


def _count(composition: dict[str, Any], key: str) -> int | None:
    value = composition.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def household_of(entry: WaitingListEntry, today: date) -> solver.Household:
    """The entry as the solver sees it. Adult men are those the composition counts; when it does
    not say, every adult is counted as one (so a women-only place goes only to a household known
    to have no adult men, or that needs a women-only place)."""
    composition = entry.composition or {}
    children = min(entry.children, entry.size)
    men = _count(composition, "men")
    if entry.men_only:
        men = entry.size
    elif entry.women_only:
        men = 0
    elif men is None:
        adults = _count(composition, "adults")
        men = entry.size - children if adults is None else adults
    return solver.Household(
        id=str(entry.pk),
        size=entry.size,
        beds_needed=entry.beds_needed,
        rooms_needed=entry.rooms_needed,
        men=max(0, min(men, entry.size)),
        children=0 if entry.minors_only else children,
        women_only_needed=entry.women_only,
        minors_only=entry.minors_only,
        needs_step_free=entry.step_free,
        needs_adapted_bathroom=entry.adapted_bathroom,
        has_pets=entry.pets,
        lgbti_safe_needed=entry.lgbti_safe,
        languages=frozenset(str(code) for code in entry.languages or []),
        preferred_districts=frozenset(str(d) for d in entry.preferred_districts or []),
        priority=float(entry.priority),
        waiting_days=max(0, (today - entry.entered_on).days),
        school=_point(entry.school_lat, entry.school_lon),
        work=_point(entry.work_lat, entry.work_lon),
        medical=_point(entry.medical_lat, entry.medical_lon),
    )


def unit_of(unit: Unit, rooms_taken: int) -> solver.Unit:
    """The unit as the solver sees it: beds of the places in service, of which those reserved or
    occupied are taken already; a flat is let to one household."""
    acc = unit.accommodation
    beds = taken = 0
    for place in unit.places.all():
        if place.status == PlaceStatus.OUT_OF_SERVICE:
            continue
        beds += place.sleeps
        if place.status != PlaceStatus.FREE:
            taken += place.sleeps
    flags = {name: bool(getattr(acc, name)) for name in RULE_FIELDS if name != "pets_allowed"}
    return solver.Unit(
        id=str(unit.pk),
        accommodation_id=str(acc.pk),
        beds=beds,
        rooms=unit.rooms,
        private=unit.kind == Unit.Kind.FLAT,
        pets_allowed=acc.pets_allowed,
        step_free=acc.step_free,
        adapted_bathroom=acc.adapted_bathroom,
        languages=frozenset(str(code) for code in acc.languages or []),
        district=acc.district,
        lat=acc.lat,
        lon=acc.lon,
        reserved_beds=taken,
        reserved_rooms=min(rooms_taken, unit.rooms),
        **flags,
    )


def waiting_entries_for(actor: User) -> list[WaitingListEntry]:
    """The households waiting that the coordinator sees, network-wide."""
    entries = policy.waiting_entries_visible_to(actor, WaitingListEntry.objects.all())
    return list(entries.filter(status=WaitingListEntry.Status.WAITING).order_by("entered_on", "pk"))


def units_for(actor: User) -> list[Unit]:
    """Units in use with at least one free place, of every accommodation the coordinator sees."""
    units = policy.units_visible_to(actor, Unit.objects.all()).filter(
        is_active=True, accommodation__is_active=True
    )
    units = units.annotate(free=Count("places", filter=Q(places__status=PlaceStatus.FREE))).filter(free__gt=0)
    return list(
        units.select_related("accommodation")
        .prefetch_related("places")
        .order_by("accommodation__name", "name", "pk")
    )


def _rooms_taken(units: list[Unit]) -> dict[int, int]:
    taken: dict[int, int] = {}
    active = Placement.objects.filter(
        unit__in=units, status__in=(Placement.Status.RESERVED, Placement.Status.CHECKED_IN)
    ).values_list("unit_id", "entry__rooms_needed")
    for unit_id, rooms in active:
        taken[unit_id] = taken.get(unit_id, 0) + int(rooms or 0)
    return taken


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(_jsonable(v) for v in value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _plan_json(plan: solver.Plan) -> dict[str, Any]:
    data = _jsonable(asdict(plan))
    data["households_placed"] = plan.households_placed
    return dict(data)


# --- Running --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Carried:
    """What a re-run keeps from the run it follows."""

    locked: frozenset[tuple[str, str]]
    rejected: frozenset[tuple[str, str]]


def _carried(previous: OptimizerRun | None) -> Carried:
    if previous is None:
        return Carried(frozenset(), frozenset())
    rejected = {tuple(pair) for pair in previous.input.get("rejected", []) if len(pair) == 2}
    locked: set[tuple[str, str]] = set()
    for entry_id, unit_id, decision in previous.matches.values_list("entry_id", "unit_id", "decision"):
        if decision == OptimizerMatch.Decision.REJECTED:
            rejected.add((str(entry_id), str(unit_id)))
        elif decision == OptimizerMatch.Decision.LOCKED:
            locked.add((str(entry_id), str(unit_id)))
    return Carried(frozenset(locked), frozenset((str(h), str(u)) for h, u in rejected))


@transaction.atomic
def optimizer_run(
    *,
    actor: User,
    previous: OptimizerRun | None = None,
    time_limit: float | None = None,
    backend: solver.Backend = solver.DEFAULT_BACKEND,
    today: date | None = None,
) -> OptimizerRun:
    """Propose where the waiting households could go, and store the proposal (placing nobody).

    With ``previous``, the matches locked there stay and the matches rejected there (or in the runs
    before it) are never proposed again, as long as the household still waits and the unit still
    has free places."""
    _require_coordinator(actor)
    limit = time_limit_setting() if time_limit is None else float(time_limit)
    if not 0 < limit <= MAX_TIME_LIMIT:
        raise ValidationError(
            {
                "time_limit": _("Give a time limit between 1 and %(max)s seconds.")
                % {"max": int(MAX_TIME_LIMIT)}
            }
        )
    if backend not in solver.BACKENDS:
        raise ValidationError({"backend": _("Unknown solver.")})
    today = today or timezone.localdate()
    entries = waiting_entries_for(actor)
    units = units_for(actor)
    taken = _rooms_taken(units)
    households = tuple(household_of(entry, today) for entry in entries)
    solver_units = tuple(unit_of(unit, taken.get(unit.pk, 0)) for unit in units)
    household_ids = {h.id for h in households}
    unit_ids = {u.id for u in solver_units}
    carried = _carried(previous)

    def present(pairs: frozenset[tuple[str, str]]) -> frozenset[tuple[str, str]]:
        return frozenset(p for p in pairs if p[0] in household_ids and p[1] in unit_ids)

    problem = solver.Problem(
        households=households,
        units=solver_units,
        locked=present(carried.locked),
        rejected=present(carried.rejected),
    )
    plan = solver.optimize(problem, backend=backend, time_limit=limit)
    released: frozenset[tuple[str, str]] = frozenset()
    if plan.status == "infeasible" and problem.locked:
        # A lock that can no longer hold (the household's needs changed, the places went) is
        # released and named, rather than leaving the coordinator with no proposal at all.
        conflicting = frozenset((h, u) for h, u, _reason in plan.conflicts) & problem.locked
        released = conflicting or problem.locked
        problem = replace(problem, locked=problem.locked - released)
        plan = solver.optimize(problem, backend=backend, time_limit=limit)
        if plan.status == "infeasible" and problem.locked:
            released |= problem.locked
            problem = replace(problem, locked=frozenset())
            plan = solver.optimize(problem, backend=backend, time_limit=limit)
    baseline = solver.fcfs(problem)
    membership = policy.acting_organisation(actor, policy.Perm.COORDINATE)
    run = OptimizerRun(
        organisation=membership,
        input={
            "households": _jsonable([asdict(h) for h in households]),
            "units": _jsonable([asdict(u) for u in solver_units]),
            "locked": sorted(list(p) for p in problem.locked),
            "released_locks": sorted(list(p) for p in released),
            # Every rejection so far, also of households or units absent today, for the next run.
            "rejected": sorted(list(p) for p in carried.rejected),
            "time_limit": limit,
            "backend": backend,
            "previous": previous.pk if previous is not None else None,
            "today": today.isoformat(),
        },
        output={**_plan_json(plan), "fcfs": _plan_json(baseline)},
        status=STATUS.get(plan.status, OptimizerRun.Status.FAILED),
        gap=plan.gap if plan.status in ("optimal", "feasible") else None,
        seconds=round(plan.seconds, 3),
        backend=plan.backend,
        objective=plan.total_suitability,
        baseline_objective=baseline.total_suitability,
        created_by=actor,
    )
    run.full_clean()
    run.save()
    explanations = {e.household_id: e for e in plan.explanations}
    matches = []
    for match in plan.matches:
        explanation = explanations.get(match.household_id)
        data = _jsonable(asdict(explanation)) if explanation is not None else {}
        data["parts"] = dict(match.parts)
        matches.append(
            OptimizerMatch(
                run=run,
                entry_id=int(match.household_id),
                unit_id=int(match.unit_id),
                score=match.score,
                explanation=data,
                decision=OptimizerMatch.Decision.LOCKED if match.locked else OptimizerMatch.Decision.PROPOSED,
            )
        )
    for item in matches:
        item.full_clean(exclude=["run", "entry", "unit"])
    OptimizerMatch.objects.bulk_create(matches)
    return run


# --- Deciding -------------------------------------------------------------------------------------

DECISIONS = {"lock": OptimizerMatch.Decision.LOCKED, "unlock": OptimizerMatch.Decision.PROPOSED}
DECISIONS["reject"] = OptimizerMatch.Decision.REJECTED


def _lock_match(match: OptimizerMatch) -> OptimizerMatch:
    return OptimizerMatch.objects.select_for_update().select_related("run", "entry", "unit").get(pk=match.pk)


def _require_sees(actor: User, match: OptimizerMatch) -> None:
    _require_coordinator(actor)
    visible = policy.waiting_entries_visible_to(actor, WaitingListEntry.objects.filter(pk=match.entry_id))
    if not visible.exists():
        raise PermissionDenied


@transaction.atomic
def match_decide(*, actor: User, match: OptimizerMatch, decision: str) -> OptimizerMatch:
    """Lock a proposed match (a re-run keeps it), unlock it, or reject it (never proposed again)."""
    _require_sees(actor, match)
    match = _lock_match(match)
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose to lock, unlock or reject the match.")})
    if match.decision not in OPEN_DECISIONS:
        raise ValidationError(_("This match was already accepted or rejected."))
    match.decision = DECISIONS[decision]
    match.decided_by = actor
    match.decided_at = timezone.now()
    match.full_clean()
    match.save(update_fields=["decision", "decided_by", "decided_at"])
    return match


@transaction.atomic
def match_accept(*, actor: User, match: OptimizerMatch) -> OptimizerMatch:
    """Reserve the unit's places for the household of ``match``: the coordinator's decision."""
    _require_sees(actor, match)
    match = _lock_match(match)
    if match.decision not in OPEN_DECISIONS:
        raise ValidationError(_("This match was already accepted or rejected."))
    placement = services.placement_reserve(actor=actor, entry=match.entry, unit=match.unit)
    match.placement = placement
    match.decision = OptimizerMatch.Decision.ACCEPTED
    match.decided_by = actor
    match.decided_at = timezone.now()
    match.full_clean()
    match.save(update_fields=["placement", "decision", "decided_by", "decided_at"])
    return match


@dataclass
class AcceptAll:
    accepted: list[OptimizerMatch]
    failed: list[tuple[OptimizerMatch, str]]


def open_matches(actor: User, run: OptimizerRun) -> list[OptimizerMatch]:
    """The run's matches still to decide that ``actor`` sees."""
    entries = policy.waiting_entries_visible_to(actor, WaitingListEntry.objects.all()).values("pk")
    return list(
        run.matches.filter(decision__in=OPEN_DECISIONS, entry_id__in=entries)
        .select_related("entry", "unit")
        .order_by("-score", "pk")
    )


def run_accept_all(*, actor: User, run: OptimizerRun) -> AcceptAll:
    """Accept every match still open, each in its own transaction: a match whose places were
    taken meanwhile is reported and the others are still accepted."""
    _require_coordinator(actor)
    result = AcceptAll(accepted=[], failed=[])
    for match in open_matches(actor, run):
        try:
            result.accepted.append(match_accept(actor=actor, match=match))
        except ValidationError as error:
            result.failed.append((match, " ".join(error.messages)))
    return result

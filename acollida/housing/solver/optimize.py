"""The placement optimizer: the best plan for the waiting list, solved exactly.

The integer program (see ``assignment.py`` for the solvers): a binary ``x[h, u]`` for every
compatible pair that no coordinator rejected; each household at most once (never split: one
variable places the whole household); in every unit the beds and rooms of the households placed
fit in what is free once reservations are taken off, and a private unit takes one household;
locked matches fixed to 1. Maximise ``Σ (round(100 · suitability[h, u]) + B) · x[h, u]`` where
the bonus ``B`` per household placed exceeds any difference in total suitability between two
plans, so placing more households always comes first and suitability decides among plans that
place as many (a household is never left out to make others a little happier).

Small waiting lists are solved as this one program; city-scale ones (more than ``LARGE_PAIRS``
allowed pairs) in the two exact stages of ``stages.py``, with the same objective and bound.
With a time limit the run returns the best plan found, ``status`` ``feasible`` and the proven
``gap``. The search is seeded (``seed``) with ``num_workers`` threads (2 by default: the
production machine has 2 cores); an identical run with one worker that finishes within its time
limit returns an identical plan.
"""

from __future__ import annotations

import time
from dataclasses import replace

from acollida.housing.solver.assignment import DEFAULT_BACKEND, Backend, solve_assignment
from acollida.housing.solver.fcfs import fcfs_pairs
from acollida.housing.solver.model import Match, Plan, Problem, Status
from acollida.housing.solver.pairs import SCALE, Candidates, candidates, suitability_gap, to_assignment
from acollida.housing.solver.stages import LARGE_PAIRS, solve_large
from acollida.housing.solver.suitability import DEFAULT_RULES, ScoringRules, score_parts


def optimize(
    problem: Problem,
    *,
    rules: ScoringRules = DEFAULT_RULES,
    backend: Backend = DEFAULT_BACKEND,
    time_limit: float = 10.0,
    num_workers: int = 2,
    seed: int = 0,
    explain: bool = True,
    two_stages: bool | None = None,
) -> Plan:
    """Propose the plan of greatest total suitability among those placing the most households.

    ``two_stages``: solve as in ``stages.py`` (None: when there are more than ``LARGE_PAIRS``
    allowed pairs)."""
    started = time.perf_counter()
    c = candidates(problem, rules)
    if c.conflicts:
        return plan_from_pairs(c, [], status="infeasible", bound=0, started=started, backend=backend)
    if two_stages or (two_stages is None and len(c.value) > LARGE_PAIRS):
        status, chosen, bound, households_bound = solve_large(
            c, backend=backend, time_limit=time_limit, num_workers=num_workers, seed=seed, started=started
        )
        return plan_from_pairs(
            c,
            chosen,
            status=status,
            bound=bound,
            started=started,
            backend=backend,
            explain=explain,
            households_bound=households_bound,
        )
    hint = fcfs_pairs(c)
    model = to_assignment(c, hint)
    remaining = max(0.01, time_limit - (time.perf_counter() - started))
    result = solve_assignment(
        model, backend=backend, time_limit=remaining, num_workers=num_workers, seed=seed
    )
    return plan_from_pairs(
        c,
        list(result.chosen),
        status=result.status,
        bound=result.bound,
        started=started,
        backend=backend,
        explain=explain,
    )


def plan_from_pairs(
    c: Candidates,
    chosen: list[int],
    *,
    status: Status,
    bound: int,
    started: float,
    backend: str,
    explain: bool = True,
    scale: int = SCALE,
    households_bound: int | None = None,
) -> Plan:
    """Turn chosen pair numbers into a ``Plan`` with its totals and explanations."""
    from acollida.housing.solver.explain import explain_plan

    households = c.problem.households
    units = c.problem.units
    locked = set(c.locked)
    matches = tuple(
        Match(
            household_id=households[c.household[k]].id,
            unit_id=units[c.unit[k]].id,
            score=round(c.score[k], 2),
            parts={
                name: round(part, 2)
                for name, part in score_parts(households[c.household[k]], units[c.unit[k]], c.rules).items()
            },
            locked=k in locked,
        )
        for k in sorted(chosen, key=lambda k: c.household[k])
    )
    placed = {c.household[k] for k in chosen}
    objective = sum(c.value[k] for k in chosen)
    bound = max(bound, objective) if status in ("optimal", "feasible") else bound
    if households_bound is None:  # the single program: B per household dominates the bound
        households_bound = len(chosen) if status == "optimal" else min(len(households), bound // c.bonus)
    plan = Plan(
        status=status,
        matches=matches,
        unplaced=tuple(h.id for i, h in enumerate(households) if i not in placed),
        total_suitability=round(sum(c.score[k] for k in chosen), 2),
        objective=objective,
        bound=bound,
        gap=suitability_gap(objective, bound, len(chosen), c.bonus, scale),
        seconds=time.perf_counter() - started,
        backend=backend,
        conflicts=tuple(c.conflicts),
        households_bound=max(len(chosen), households_bound),
    )
    if not explain:
        return plan
    explanations = explain_plan(c, chosen, status)
    return replace(plan, explanations=explanations, seconds=time.perf_counter() - started)

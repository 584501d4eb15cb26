"""First come, first served: the way places are given out without the optimizer.

Locked matches first; then households by waiting time (longest first; ties by priority, then
id), each to the first unit in the given order that is compatible, not rejected and still has
the beds and rooms it needs (and, if private, nobody in it yet). Shown beside the optimized plan
so the coordinator sees the gain; also the optimizer's starting hint.
"""

from __future__ import annotations

import time

from acollida.housing.solver.model import Plan, Problem
from acollida.housing.solver.pairs import SCALE, Candidates, candidates
from acollida.housing.solver.suitability import DEFAULT_RULES, ScoringRules


def fcfs_pairs(c: Candidates) -> list[int] | None:
    """The chosen pair numbers, or None when the locks themselves do not fit."""
    units = c.problem.units
    beds = [u.free_beds for u in units]
    rooms = [u.free_rooms for u in units]
    taken = [False] * len(units)
    households = c.problem.households
    chosen: list[int] = []
    placed: set[int] = set()

    def take(k: int) -> bool:
        h, u = households[c.household[k]], c.unit[k]
        if h.beds_needed > beds[u] or h.rooms_needed > rooms[u] or (units[u].private and taken[u]):
            return False
        beds[u] -= h.beds_needed
        rooms[u] -= h.rooms_needed
        taken[u] = True
        chosen.append(k)
        placed.add(c.household[k])
        return True

    if c.conflicts:
        return None
    for k in c.locked:
        if not take(k):
            return None
    order = sorted(
        range(len(households)),
        key=lambda i: (-households[i].waiting_days, -households[i].priority, households[i].id),
    )
    for i in order:
        if i in placed:
            continue
        for k in c.by_household[i]:
            if take(k):
                break
    return chosen


def fcfs(problem: Problem, *, rules: ScoringRules = DEFAULT_RULES) -> Plan:
    """The first-come-first-served plan, in the same terms as the optimizer's."""
    from acollida.housing.solver.optimize import plan_from_pairs

    started = time.perf_counter()
    c = candidates(problem, rules)
    chosen = fcfs_pairs(c)
    if chosen is None:
        return plan_from_pairs(c, [], status="infeasible", bound=0, started=started, backend="fcfs")
    objective = sum(c.value[k] for k in chosen)
    return plan_from_pairs(
        c, chosen, status="feasible", bound=objective, started=started, backend="fcfs", scale=SCALE
    )

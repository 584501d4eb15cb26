"""City-scale plans (hundreds of thousands of allowed pairs) solved in two exact stages.

The single integer program of ``optimize.py`` grows as households × units; at 2,000 × 500 it has
about half a million variables, too many to even build within a coordinator's wait. Its
objective is lexicographic (households placed first, then suitability), so it splits in two:

1. **How many households can be placed.** Only a household's needs decide where it may go, not
   its scores, so households with the same needs form one kind, and an integer ``y[kind, unit]``
   counts how many of that kind a unit takes: the same program, a few thousand variables.
   Solved exactly; the counts are turned back into households (the most suitable of each kind).
2. **The most suitable plan placing that many.** The linear relaxation over *every* pair is
   solved by column generation (a few best units per household, then whatever pair the duals
   price in), which gives a proven upper bound on total suitability. The integer program is then
   solved on the pairs generated (the core), starting from stage 1's plan. A pair left out can
   only be in a better plan if its reduced cost allows it (``bound + reduced cost ≥ plan``); when
   none does and the core is solved to optimality the plan is proven optimal, otherwise the gap
   to the linear bound is reported.
"""

from __future__ import annotations

import time
from collections import defaultdict

import numpy as np

from acollida.housing.solver.assignment import Assignment, Backend, solve_assignment
from acollida.housing.solver.model import Status
from acollida.housing.solver.pairs import Candidates

LARGE_PAIRS = 20_000
"""Above this many allowed pairs the two stages are used; below, the single program."""
FIRST_COLUMNS = 8
COLUMNS_PER_ROUND = 4


def _kind(c: Candidates, i: int, individual: set[int]) -> tuple[object, ...]:
    if i in individual:
        return ("household", i)
    h = c.problem.households[i]
    return (
        h.beds_needed,
        h.rooms_needed,
        h.men == 0,
        h.men == h.size,
        h.is_family,
        h.women_only_needed,
        h.minors_only,
        h.needs_step_free,
        h.needs_adapted_bathroom,
        h.has_pets,
        h.lgbti_safe_needed,
    )


def _stage_count(
    c: Candidates, *, backend: Backend, time_limit: float, num_workers: int, seed: int
) -> tuple[Status, list[int], int]:
    """Stage 1: the most households placeable; returns whether that count is proven, the pair
    numbers of one such plan and the proven bound on the count."""
    households = c.problem.households
    units = c.problem.units
    individual = {c.household[k] for k in c.locked}
    individual |= {i for i, h in enumerate(households) if any(r[0] == h.id for r in c.problem.rejected)}
    kinds: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for i in range(len(households)):
        if c.by_household[i]:
            kinds[_kind(c, i, individual)].append(i)
    kind_list = list(kinds.values())
    item: list[int] = []
    bins: list[int] = []
    usage: list[tuple[int, ...]] = []
    upper: list[int] = []
    fixed: set[int] = set()
    locked_units = {c.household[k]: c.unit[k] for k in c.locked}
    for t, members in enumerate(kind_list):
        first = members[0]
        need = households[first]
        for k in c.by_household[first]:
            unit = units[c.unit[k]]
            most = min(len(members), unit.free_beds // max(1, need.beds_needed))
            if need.rooms_needed:
                most = min(most, unit.free_rooms // need.rooms_needed)
            if unit.private:
                most = min(most, 1)
            if most <= 0:
                continue
            if first in locked_units and locked_units[first] == c.unit[k]:
                fixed.add(len(item))
            item.append(t)
            bins.append(c.unit[k])
            usage.append((need.beds_needed, need.rooms_needed, 1))
            upper.append(most)
    pair_of_unit = {(c.household[k], c.unit[k]): k for k in range(len(c.value))}
    model = Assignment(
        n_items=len(kind_list),
        n_bins=len(units),
        item=item,
        bin=bins,
        value=[1] * len(item),
        usage=usage,
        capacity=[(u.free_beds, u.free_rooms, 1 if u.private else len(households)) for u in units],
        fixed=frozenset(fixed),
        item_count=[len(m) for m in kind_list],
        upper=upper,
    )
    # HiGHS whatever the backend: on this small, nearly integral program its linear relaxation
    # proves the count at once (CP-SAT took seconds to prove it in bench/placement.py).
    del backend
    result = solve_assignment(
        model, backend="highs", time_limit=time_limit, num_workers=num_workers, seed=seed
    )
    if result.status in ("infeasible", "unknown"):
        return result.status, [], len(households)
    status = result.status
    count_bound = result.bound
    # Back to households: each unit takes the members of the kind it suits best.
    free = {t: list(m) for t, m in enumerate(kind_list)}
    chosen: list[int] = []
    for k in sorted(result.chosen, key=lambda k: (item[k], bins[k])):
        t, u = item[k], bins[k]
        if kind_list[t][0] in individual:
            chosen.append(pair_of_unit[(kind_list[t][0], u)])
            free[t] = []
            continue
        best = max(free[t], key=lambda i: c.value[pair_of_unit[(i, u)]])
        free[t].remove(best)
        chosen.append(pair_of_unit[(best, u)])
    return status, chosen, count_bound


class _Relaxation:
    """The linear relaxation of stage 2 over a growing set of columns (pairs), in HiGHS."""

    def __init__(self, c: Candidates, count: int, num_workers: int) -> None:
        import highspy

        self.count = count
        from acollida.housing.solver.assignment import _quiet_stdout

        self.c = c
        households, units = c.problem.households, c.problem.units
        self.n_h, self.n_u = len(households), len(units)
        self.item = np.asarray(c.household, dtype=np.int64)
        self.bin = np.asarray(c.unit, dtype=np.int64)
        self.value = np.asarray(c.value, dtype=np.float64) - c.bonus
        beds = np.array([h.beds_needed for h in households], dtype=np.float64)
        rooms = np.array([h.rooms_needed for h in households], dtype=np.float64)
        self.beds, self.rooms = beds[self.item], rooms[self.item]
        self.private = np.array([u.private for u in units])
        # rows: households | unit beds | unit rooms | private units' one household | total
        self.row_upper = np.concatenate(
            [
                np.ones(self.n_h),
                [u.free_beds for u in units],
                [u.free_rooms for u in units],
                np.where(self.private, 1.0, highspy.kHighsInf),
                [highspy.kHighsInf],
            ]
        )
        row_lower = np.full(len(self.row_upper), -highspy.kHighsInf)
        row_lower[: self.n_h] = 0.0
        row_lower[-1] = count
        with _quiet_stdout():
            self.h = highspy.Highs()  # type: ignore[no-untyped-call]  # untyped constructor
        self.h.setOptionValue("output_flag", False)
        self.h.setOptionValue("threads", max(1, num_workers))
        self.h.resetGlobalScheduler(True)
        self.h.addRows(len(row_lower), row_lower, self.row_upper, 0, np.array([], dtype=np.int32), [], [])
        self.h.changeObjectiveSense(highspy.ObjSense.kMaximize)
        self.columns: list[int] = []
        self.in_model = np.zeros(len(self.item), dtype=bool)
        self.lower = np.zeros(len(self.item))
        for k in c.locked:
            self.lower[k] = 1.0

    def add(self, pairs: np.ndarray) -> None:
        pairs = pairs[~self.in_model[pairs]]
        if not len(pairs):
            return
        self.in_model[pairs] = True
        self.columns.extend(int(k) for k in pairs)
        n = len(pairs)
        u = self.bin[pairs]
        index = np.stack(
            [
                self.item[pairs],
                self.n_h + u,
                self.n_h + self.n_u + u,
                self.n_h + 2 * self.n_u + u,
                np.full(n, self.n_h + 3 * self.n_u),
            ],
            axis=1,
        ).astype(np.int32)
        values = np.stack([np.ones(n), self.beds[pairs], self.rooms[pairs], np.ones(n), np.ones(n)], axis=1)
        starts = np.arange(0, 5 * n, 5, dtype=np.int32)
        self.h.addCols(
            n, self.value[pairs], self.lower[pairs], np.ones(n), 5 * n, starts, index.ravel(), values.ravel()
        )

    def solve(self) -> tuple[bool, np.ndarray, float]:
        """Solve; return (solved, reduced cost of every pair, the proven upper bound)."""
        import highspy

        self.h.run()
        if self.h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return False, np.zeros(len(self.item)), float("inf")
        dual = np.asarray(self.h.getSolution().row_dual)
        # Duals of ≤ rows are ≥ 0 and of the ≥ total row ≤ 0 in a maximisation: clip any
        # round-off so that the bound below is a true Lagrangian bound.
        y = np.clip(dual[: self.n_h], 0, None)
        beds = np.clip(dual[self.n_h : self.n_h + self.n_u], 0, None)
        rooms = np.clip(dual[self.n_h + self.n_u : self.n_h + 2 * self.n_u], 0, None)
        one = np.where(
            self.private, np.clip(dual[self.n_h + 2 * self.n_u : self.n_h + 3 * self.n_u], 0, None), 0
        )
        total = min(0.0, float(dual[-1]))
        reduced = (
            self.value
            - y[self.item]
            - beds[self.bin] * self.beds
            - rooms[self.bin] * self.rooms
            - one[self.bin]
            - total
        )
        best = np.zeros(self.n_h)
        np.maximum.at(best, self.item, np.clip(reduced, 0, None))
        bound = (
            y.sum()
            + beds @ self.row_upper[self.n_h : self.n_h + self.n_u]
            + rooms @ self.row_upper[self.n_h + self.n_u : self.n_h + 2 * self.n_u]
            + one[self.private].sum()
            + total * float(self.count)
            + best.sum()
        )
        return True, reduced, float(bound)


def solve_large(
    c: Candidates,
    *,
    backend: Backend,
    time_limit: float,
    num_workers: int,
    seed: int,
    started: float,
) -> tuple[Status, list[int], int, int]:
    """Both stages; returns the status, the chosen pair numbers, the bound (objective units,
    among plans placing as many households) and the proven most households placeable.

    When stage 1 cannot prove its count in time, stage 2 still runs at the count found: the
    plan is then ``feasible`` and ``households_bound`` says how many more might fit."""
    count_status, first_plan, count_bound = _stage_count(
        c, backend=backend, time_limit=time_limit * 0.3, num_workers=num_workers, seed=seed
    )
    if count_status in ("infeasible", "unknown"):
        return count_status, [], 0, count_bound
    count = len(first_plan)
    scaled = np.asarray(c.value, dtype=np.int64) - c.bonus
    trivial = int(sum(max(0, max((scaled[k] for k in ks), default=0)) for ks in c.by_household))

    relaxation = _Relaxation(c, count, num_workers)
    start = []
    for ks in c.by_household:
        start.extend(sorted(ks, key=lambda k: -c.value[k])[:FIRST_COLUMNS])
    relaxation.add(np.asarray(sorted(set(start) | set(first_plan) | set(c.locked)), dtype=np.int64))
    bound = float(trivial)
    reduced = np.zeros(len(c.value))
    deadline = started + time_limit * 0.8
    while True:
        solved, reduced, lp_bound = relaxation.solve()
        if not solved:
            break
        bound = min(bound, lp_bound)
        pricing = np.where(relaxation.in_model, -np.inf, reduced)
        candidates_in = np.flatnonzero(pricing > 1e-6)
        if not len(candidates_in) or time.perf_counter() > deadline:
            break
        order = candidates_in[np.lexsort((-pricing[candidates_in], relaxation.item[candidates_in]))]
        per_household: dict[int, int] = defaultdict(int)
        picked = []
        for k in order:
            i = int(relaxation.item[k])
            if per_household[i] < COLUMNS_PER_ROUND:
                per_household[i] += 1
                picked.append(k)
        relaxation.add(np.asarray(picked, dtype=np.int64))

    # The relaxation is nearly integral: keep its whole placements, solve the rest exactly.
    chosen, objective = first_plan, int(sum(scaled[k] for k in first_plan))
    # half a second kept for building the plan and its explanations
    remaining = max(0.5, time_limit - 0.5 - (time.perf_counter() - started))
    rounded = None
    # First reopen the units with fractional placements; if the count cannot be reached so,
    # every shared unit (private ones are a matching, where rounding loses little).
    for reopen_shared in (False, True):
        left = max(0.5, time_limit - 0.5 - (time.perf_counter() - started))
        rounded = _complete_rounding(
            c,
            relaxation,
            count,
            scaled,
            backend=backend,
            time_limit=min(left, remaining),
            num_workers=num_workers,
            seed=seed,
            reopen_shared=reopen_shared,
        )
        if rounded is not None:
            break
    if rounded is not None and len(rounded) >= count:
        rounded_objective = int(sum(scaled[k] for k in rounded))
        if rounded_objective > objective:
            chosen, objective = rounded, rounded_objective
    proven = max(int(np.floor(bound + 1e-6)), objective)
    final: Status = "optimal" if objective >= proven and count_status == "optimal" else "feasible"
    return final, chosen, count * c.bonus + proven, max(count, count_bound)


def _complete_rounding(
    c: Candidates,
    relaxation: _Relaxation,
    count: int,
    scaled: np.ndarray,
    *,
    backend: Backend,
    time_limit: float,
    num_workers: int,
    seed: int,
    reopen_shared: bool = False,
) -> list[int] | None:
    """The relaxation's whole placements, completed by the integer program on the households and
    places left, up to the count of stage 1; None when that count cannot be reached so."""
    households, units = c.problem.households, c.problem.units
    values = np.asarray(relaxation.h.getSolution().col_value)
    # Units shared with fractional placements are reopened whole, so that the rest can be packed.
    fractional_units = {c.unit[k] for j, k in enumerate(relaxation.columns) if 1e-6 < values[j] < 1 - 1e-6}
    fixed = [
        k
        for j, k in enumerate(relaxation.columns)
        if values[j] > 1 - 1e-6
        and (
            k in c.locked
            or (c.unit[k] not in fractional_units and not (reopen_shared and not units[c.unit[k]].private))
        )
    ]
    beds = [u.free_beds for u in units]
    rooms = [u.free_rooms for u in units]
    taken = [False] * len(units)
    placed = set()
    for k in fixed:
        h, u = households[c.household[k]], c.unit[k]
        beds[u] -= h.beds_needed
        rooms[u] -= h.rooms_needed
        taken[u] = True
        placed.add(c.household[k])
    if min(beds, default=0) < 0 or min(rooms, default=0) < 0:
        return None
    residual = [
        k
        for k in relaxation.columns
        if c.household[k] not in placed
        and households[c.household[k]].beds_needed <= beds[c.unit[k]]
        and households[c.household[k]].rooms_needed <= rooms[c.unit[k]]
        and not (units[c.unit[k]].private and taken[c.unit[k]])
    ]
    if not residual:
        return fixed
    model = Assignment(
        n_items=len(households),
        n_bins=len(units),
        item=[c.household[k] for k in residual],
        bin=[c.unit[k] for k in residual],
        value=[int(scaled[k]) for k in residual],
        usage=[
            (households[c.household[k]].beds_needed, households[c.household[k]].rooms_needed, 1)
            for k in residual
        ],
        capacity=[
            (beds[u], rooms[u], 1 if unit.private else len(households)) for u, unit in enumerate(units)
        ],
        min_total=max(0, count - len(fixed)),
    )
    result = solve_assignment(
        model, backend=backend, time_limit=time_limit, num_workers=num_workers, seed=seed
    )
    if result.status not in ("optimal", "feasible"):
        return None
    return fixed + [residual[j] for j in result.chosen]

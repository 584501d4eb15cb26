"""The integer program under both the placement optimizer and the GAP command.

A generalized assignment with several resources: binary ``x[k]`` for each allowed pair ``k`` =
(item, bin); each item at most once (or exactly once); for every bin and resource, the usage of
the pairs chosen into it stays within its capacity; ``fixed`` pairs are forced to 1; maximise the
sum of integer ``value[k] · x[k]``. Two exact backends solve the same model:

* ``highs``: the HiGHS MILP solver through ``highspy`` (the default, chosen by
  ``bench/placement.py``: as fast as CP-SAT on the OR-Library instances, and at city scale as
  good or better in every network, in time and gap; see docs/benchmarks.md §Placement), with
  the absolute gap tolerance below 1 so that, values being integers, a finished run is proven
  optimal. HiGHS may overrun its time limit on large integer programs (it checks the clock
  between phases), one reason ``stages.py`` keeps the integer programs it hands over small;
* ``cp-sat``: OR-Tools CP-SAT, with a fixed seed, ``num_workers`` threads and an optional hint
  (a known feasible plan such as first-come-first-served); keeps its time limit closely.

Both stop at ``time_limit`` seconds with the best solution found and the best proven bound.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from acollida.housing.solver.model import Status

Backend = Literal["cp-sat", "highs"]
BACKENDS: tuple[Backend, ...] = ("cp-sat", "highs")
DEFAULT_BACKEND: Backend = "highs"


@dataclass
class Assignment:
    """Pairs are parallel lists: ``item[k]``, ``bin[k]``, ``value[k]``, ``usage[k]`` (one amount per
    resource); ``capacity[b]`` has one amount per resource."""

    n_items: int
    n_bins: int
    item: Sequence[int]
    bin: Sequence[int]
    value: Sequence[int]
    usage: Sequence[tuple[int, ...]]
    capacity: Sequence[tuple[int, ...]]
    exactly_once: bool = False
    fixed: frozenset[int] = frozenset()
    hint: Sequence[int] = field(default_factory=tuple)
    item_count: Sequence[int] | None = None
    """How many times each item may be chosen in total (default once); with it, ``upper`` gives
    each pair's largest count and the pair variables are integers (households of one kind)."""
    upper: Sequence[int] | None = None
    min_total: int = 0
    """At least this many items chosen in all (the second stage keeps the first stage's count)."""

    @property
    def n_pairs(self) -> int:
        return len(self.item)


@dataclass(frozen=True)
class AssignmentResult:
    status: Status
    chosen: tuple[int, ...]
    objective: int
    bound: int
    seconds: float
    backend: Backend


def _binding_rows(model: Assignment) -> list[tuple[int, int, list[int]]]:
    """(bin, resource, pairs) for each capacity that the pairs could exceed; the others are
    left out of the model as they can never bind."""
    by_bin: list[list[int]] = [[] for _ in range(model.n_bins)]
    for k, b in enumerate(model.bin):
        by_bin[b].append(k)
    rows = []
    n_resources = len(model.capacity[0]) if model.capacity else 0
    for b, pairs in enumerate(by_bin):
        for r in range(n_resources):
            used = [k for k in pairs if model.usage[k][r] > 0]
            most = [1 if model.upper is None else model.upper[k] for k in used]
            if sum(model.usage[k][r] * n for k, n in zip(used, most, strict=True)) > model.capacity[b][r]:
                rows.append((b, r, used))
    return rows


def _by_item(model: Assignment) -> list[list[int]]:
    by_item: list[list[int]] = [[] for _ in range(model.n_items)]
    for k, i in enumerate(model.item):
        by_item[i].append(k)
    return by_item


def solve_assignment(
    model: Assignment,
    *,
    backend: Backend = DEFAULT_BACKEND,
    time_limit: float = 10.0,
    num_workers: int = 2,
    seed: int = 0,
) -> AssignmentResult:
    """Solve ``model`` exactly (or to the time limit) with the chosen backend."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}")
    started = time.perf_counter()
    by_item = _by_item(model)
    if model.exactly_once and any(not pairs for pairs in by_item):
        return AssignmentResult("infeasible", (), 0, 0, time.perf_counter() - started, backend)
    rows = _binding_rows(model)
    if backend == "cp-sat":
        status, chosen, objective, bound = _solve_cp_sat(model, by_item, rows, time_limit, num_workers, seed)
    else:
        status, chosen, objective, bound = _solve_highs(model, by_item, rows, time_limit, num_workers, seed)
    if status == "feasible" and bound <= objective:  # the bound met the plan: proven optimal
        status = "optimal"
    return AssignmentResult(status, chosen, objective, bound, time.perf_counter() - started, backend)


_Solved = tuple[Status, tuple[int, ...], int, int]


def _bound(model: Assignment, solver_bound: float, objective: int) -> int:
    """The solver's proven bound, or, when it has none yet, each item at its best value."""
    best: dict[int, int] = {}
    for k, i in enumerate(model.item):
        best[i] = max(best.get(i, 0), model.value[k])
    counts = model.item_count
    trivial = sum(v * (1 if counts is None else counts[i]) for i, v in best.items())
    if not np.isfinite(solver_bound):
        return max(objective, trivial)
    return max(objective, min(trivial, int(np.floor(solver_bound + 1e-6))))


def _solve_cp_sat(
    model: Assignment,
    by_item: list[list[int]],
    rows: list[tuple[int, int, list[int]]],
    time_limit: float,
    num_workers: int,
    seed: int,
) -> _Solved:
    from ortools.sat.python import cp_model

    cp = cp_model.CpModel()
    if model.upper is None:
        x = [cp.new_bool_var("") for _ in range(model.n_pairs)]
    else:
        x = [cp.new_int_var(0, ub, "") for ub in model.upper]
    if model.min_total > 0:
        cp.add(sum(x) >= model.min_total)
    for i, pairs in enumerate(by_item):
        if not pairs:
            continue
        if model.item_count is not None:
            cp.add(sum(x[k] for k in pairs) <= model.item_count[i])
        elif model.exactly_once:
            cp.add_exactly_one(x[k] for k in pairs)
        else:
            cp.add_at_most_one(x[k] for k in pairs)
    for b, r, pairs in rows:
        cp.add(
            cp_model.LinearExpr.weighted_sum([x[k] for k in pairs], [model.usage[k][r] for k in pairs])
            <= model.capacity[b][r]
        )
    for k in model.fixed:
        cp.add(x[k] == 1)
    cp.maximize(cp_model.LinearExpr.weighted_sum(x, model.value))
    if model.hint:
        chosen_hint = Counter(model.hint)
        for k in range(model.n_pairs):
            cp.add_hint(x[k], chosen_hint[k])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = max(1, num_workers)
    solver.parameters.random_seed = seed
    code = solver.solve(cp)
    if code == cp_model.INFEASIBLE or code == cp_model.MODEL_INVALID:
        return ("infeasible", (), 0, 0)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ("unknown", (), 0, _bound(model, solver.best_objective_bound, 0))
    counts = [int(solver.value(v)) for v in x]
    chosen = tuple(k for k in range(model.n_pairs) for _ in range(counts[k]))
    objective = sum(model.value[k] for k in chosen)
    status: Status = "optimal" if code == cp_model.OPTIMAL else "feasible"
    if status == "optimal":
        return (status, chosen, objective, objective)
    return (status, chosen, objective, _bound(model, solver.best_objective_bound, objective))


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS prints a banner on standard output (from C, before any option can be set) the first
    time a solver is made; silence the file descriptor so command-line JSON stays clean."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _solve_highs(
    model: Assignment,
    by_item: list[list[int]],
    rows: list[tuple[int, int, list[int]]],
    time_limit: float,
    num_workers: int,
    seed: int,
    relax: bool = False,
) -> _Solved:
    import highspy

    n = model.n_pairs
    if n == 0:
        return ("optimal", (), 0, 0)
    # Column-wise matrix: column k has a 1 in its item's row and its usage in each binding row.
    entries: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    n_rows = 0
    row_lower: list[float] = []
    row_upper: list[float] = []
    for i, pairs in enumerate(by_item):
        if not pairs:
            continue
        for k in pairs:
            entries[k].append((n_rows, 1.0))
        row_lower.append(1.0 if model.exactly_once else 0.0)
        row_upper.append(1.0 if model.item_count is None else float(model.item_count[i]))
        n_rows += 1
    if model.min_total > 0:
        for k in range(n):
            entries[k].append((n_rows, 1.0))
        row_lower.append(float(model.min_total))
        row_upper.append(highspy.kHighsInf)
        n_rows += 1
    for b, r, pairs in rows:
        for k in pairs:
            entries[k].append((n_rows, float(model.usage[k][r])))
        row_lower.append(-highspy.kHighsInf)
        row_upper.append(float(model.capacity[b][r]))
        n_rows += 1
    starts = np.zeros(n + 1, dtype=np.int32)
    starts[1:] = np.cumsum([len(col) for col in entries])
    index = np.fromiter((i for col in entries for i, _ in col), dtype=np.int32, count=int(starts[-1]))
    value = np.fromiter((v for col in entries for _, v in col), dtype=np.float64, count=int(starts[-1]))
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = n_rows
    lp.col_cost_ = np.asarray(model.value, dtype=np.float64)
    lower = np.zeros(n)
    for k in model.fixed:
        lower[k] = 1.0
    lp.col_lower_ = lower
    lp.col_upper_ = np.ones(n) if model.upper is None else np.asarray(model.upper, dtype=np.float64)
    lp.row_lower_ = np.asarray(row_lower)
    lp.row_upper_ = np.asarray(row_upper)
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = starts
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    if not relax:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n
    with _quiet_stdout():
        h = highspy.Highs()  # type: ignore[no-untyped-call]  # highspy leaves its constructor untyped
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", max(0.01, float(time_limit)))
    h.setOptionValue("random_seed", seed)
    h.setOptionValue("threads", max(1, num_workers))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
    h.passModel(lp)
    if model.hint:
        start = np.zeros(n)
        for k in model.hint:
            start[k] += 1.0
        solution = highspy.HighsSolution()
        solution.col_value = start
        h.setSolution(solution)
    # HiGHS keeps one thread pool per process, sized by the first run: a run asking for another
    # number of threads refuses to start unless the pool is rebuilt.
    h.resetGlobalScheduler(True)
    if h.run() == highspy.HighsStatus.kError:
        raise RuntimeError(f"HiGHS could not solve the model ({h.getModelStatus()})")
    status_code = h.getModelStatus()
    info = h.getInfo()
    if relax:
        if status_code != highspy.HighsModelStatus.kOptimal:
            return ("unknown", (), 0, _bound(model, float("inf"), 0))
        # the linear optimum, rounded down only past the solver's tolerance
        return ("optimal", (), 0, int(np.floor(info.objective_function_value + 1e-6 * max(1.0, n))))
    # Binary variables cannot be unbounded: "unbounded or infeasible" is infeasible here.
    if status_code in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible):
        return ("infeasible", (), 0, 0)
    if info.primal_solution_status != highspy.kSolutionStatusFeasible:
        return ("unknown", (), 0, _bound(model, info.mip_dual_bound, 0))
    values = h.getSolution().col_value
    chosen = tuple(k for k in range(n) for _ in range(int(round(values[k]))))
    objective = sum(model.value[k] for k in chosen)
    if status_code == highspy.HighsModelStatus.kOptimal:
        return ("optimal", chosen, objective, objective)
    return ("feasible", chosen, objective, _bound(model, info.mip_dual_bound, objective))


def relaxation_bound(model: Assignment, *, time_limit: float = 10.0, num_workers: int = 2) -> int:
    """An upper bound on the integer optimum: the linear relaxation's optimum (HiGHS)."""
    rows = _binding_rows(model)
    return _solve_highs(model, _by_item(model), rows, time_limit, num_workers, 0, relax=True)[3]

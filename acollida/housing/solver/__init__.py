"""The placement optimizer, a pure package (no Django): the housing app feeds it plain data.

``optimize(problem)`` proposes a plan; ``fcfs(problem)`` is the first-come-first-served plan to
compare it with; ``compatible``/``score_parts`` are the visible scoring rules (``ScoringRules``);
``read_gap``/``solve_gap`` run OR-Library generalized assignment problems on the same engine.
"""

from acollida.housing.solver.assignment import (
    BACKENDS,
    DEFAULT_BACKEND,
    Assignment,
    Backend,
    solve_assignment,
)
from acollida.housing.solver.fcfs import fcfs
from acollida.housing.solver.gap import (
    GapFormatError,
    GapInstance,
    GapResult,
    read_gap,
    solve_gap,
    solve_gap_file,
)
from acollida.housing.solver.model import REASONS, Explanation, Household, Match, Plan, Problem, Status, Unit
from acollida.housing.solver.optimize import optimize
from acollida.housing.solver.suitability import (
    DEFAULT_RULES,
    ScoringRules,
    compatible,
    haversine_km,
    score,
    score_parts,
)

__all__ = [
    "BACKENDS",
    "DEFAULT_BACKEND",
    "DEFAULT_RULES",
    "REASONS",
    "Assignment",
    "Backend",
    "Explanation",
    "GapFormatError",
    "GapInstance",
    "GapResult",
    "Household",
    "Match",
    "Plan",
    "Problem",
    "ScoringRules",
    "Status",
    "Unit",
    "compatible",
    "fcfs",
    "haversine_km",
    "optimize",
    "read_gap",
    "score",
    "score_parts",
    "solve_assignment",
    "solve_gap",
    "solve_gap_file",
]

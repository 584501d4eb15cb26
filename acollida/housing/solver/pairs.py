"""Which (household, unit) pairs the optimizer may choose from, with their suitability.

Shared by the optimizer, the first-come-first-served baseline and the explanations, so the three
agree on what is allowed and what each match is worth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from acollida.housing.solver.assignment import Assignment
from acollida.housing.solver.model import Household, Problem, Unit
from acollida.housing.solver.suitability import DEFAULT_RULES, ScoringRules, compatible, score

SCALE = 100
"""Suitability is rounded to hundredths to make the integer program's coefficients."""


@dataclass
class Candidates:
    """Allowed pairs as parallel lists; ``by_household[h]`` lists pair numbers in unit order.

    ``bonus`` is added to every pair's integer value: it is larger than any difference in total
    suitability between two plans, so a plan placing more households always scores higher —
    households placed come first, suitability decides among plans placing as many.
    """

    problem: Problem
    rules: ScoringRules
    household: list[int]
    unit: list[int]
    score: list[float]
    value: list[int]
    by_household: list[list[int]]
    bonus: int
    locked: list[int] = field(default_factory=list)
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)

    def pair(self, household_id: str, unit_id: str) -> int | None:
        h = self.household_index[household_id]
        for k in self.by_household[h]:
            if self.problem.units[self.unit[k]].id == unit_id:
                return k
        return None

    @property
    def household_index(self) -> dict[str, int]:
        return {h.id: i for i, h in enumerate(self.problem.households)}

    @property
    def unit_index(self) -> dict[str, int]:
        return {u.id: i for i, u in enumerate(self.problem.units)}


def _rule_key(h: Household) -> tuple[object, ...]:
    return (
        h.beds_needed,
        h.rooms_needed,
        h.men,
        h.size,
        h.children,
        h.women_only_needed,
        h.minors_only,
        h.needs_step_free,
        h.needs_adapted_bathroom,
        h.has_pets,
        h.lgbti_safe_needed,
    )


def _unit_key(u: Unit) -> tuple[object, ...]:
    return (
        u.beds,
        u.rooms,
        u.reserved_beds,
        u.reserved_rooms,
        u.private,
        u.women_only,
        u.families_only,
        u.men_only,
        u.minors_only,
        u.lgbti_safe,
        u.pets_allowed,
        u.step_free,
        u.adapted_bathroom,
    )


def candidates(problem: Problem, rules: ScoringRules = DEFAULT_RULES, *, scale: int = SCALE) -> Candidates:
    """Every compatible, non-rejected pair with its score; locks checked and recorded."""
    unit_keys = [_unit_key(u) for u in problem.units]
    verdicts: dict[tuple[tuple[object, ...], tuple[object, ...]], bool] = {}
    household: list[int] = []
    unit: list[int] = []
    scores: list[float] = []
    by_household: list[list[int]] = []
    rejected = problem.rejected
    for hi, h in enumerate(problem.households):
        mine: list[int] = []
        key = _rule_key(h)
        for ui, u in enumerate(problem.units):
            pair_key = (key, unit_keys[ui])
            ok = verdicts.get(pair_key)
            if ok is None:
                ok = verdicts[pair_key] = compatible(h, u, rules)[0]
            if not ok or (h.id, u.id) in rejected:
                continue
            mine.append(len(household))
            household.append(hi)
            unit.append(ui)
            scores.append(score(h, u, rules))
        by_household.append(mine)
    values = [round(s * scale) for s in scores]
    spread = 0
    for mine in by_household:
        if mine:
            spread += max(0, max(values[k] for k in mine)) + max(0, -min(values[k] for k in mine))
    bonus = spread + 1
    result = Candidates(
        problem=problem,
        rules=rules,
        household=household,
        unit=unit,
        score=scores,
        value=[v + bonus for v in values],
        by_household=by_household,
        bonus=bonus,
    )
    _check_locks(result)
    return result


def _check_locks(c: Candidates) -> None:
    households = c.household_index
    units = c.unit_index
    seen: set[str] = set()
    for household_id, unit_id in sorted(c.problem.locked):
        if household_id not in households or unit_id not in units:
            c.conflicts.append((household_id, unit_id, "unknown"))
            continue
        if (household_id, unit_id) in c.problem.rejected:
            c.conflicts.append((household_id, unit_id, "rejected"))
            continue
        if household_id in seen:
            c.conflicts.append((household_id, unit_id, "locked_twice"))
            continue
        k = c.pair(household_id, unit_id)
        if k is None:
            h = c.problem.households[households[household_id]]
            u = c.problem.units[units[unit_id]]
            c.conflicts.append((household_id, unit_id, compatible(h, u, c.rules)[1][0]))
            continue
        seen.add(household_id)
        c.locked.append(k)


def to_assignment(c: Candidates, hint: list[int] | None = None) -> Assignment:
    """The integer program: resources are beds, rooms and, for private units, one household."""
    households = c.problem.households
    n_households = len(households)
    usage = [(households[h].beds_needed, households[h].rooms_needed, 1) for h in c.household]
    capacity = [
        (u.free_beds, u.free_rooms, 1 if u.private else max(1, n_households)) for u in c.problem.units
    ]
    return Assignment(
        n_items=n_households,
        n_bins=len(c.problem.units),
        item=c.household,
        bin=c.unit,
        value=c.value,
        usage=usage,
        capacity=capacity,
        fixed=frozenset(c.locked),
        hint=tuple(hint or ()),
    )


def suitability_gap(objective: int, bound: int, placed: int, bonus: int, scale: int = SCALE) -> float:
    """The proven gap relative to the plan's total suitability (not to the bonus-inflated
    objective, which would make every gap look tiny)."""
    if bound <= objective:
        return 0.0
    suitability = abs(objective - placed * bonus)
    return (bound - objective) / max(suitability, scale)

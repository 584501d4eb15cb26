"""Which (household, unit) pairs the optimizer may choose from, with their suitability.

Shared by the optimizer, the first-come-first-served baseline and the explanations, so the three
agree on what is allowed and what each match is worth.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from acollida.housing.solver.assignment import Assignment
from acollida.housing.solver.model import Household, Problem, Unit
from acollida.housing.solver.suitability import (
    DEFAULT_RULES,
    EARTH_RADIUS_KM,
    ScoringRules,
    compatible,
    priority_part,
)

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
    """Every compatible, non-rejected pair with its score; locks checked and recorded.

    Compatibility is decided once per kind of household and kind of unit (``compatible``); scores
    are computed for all pairs at once by ``score_matrix``, the array form of ``score_parts``.
    """
    households, units = problem.households, problem.units
    household_kinds: dict[tuple[object, ...], int] = {}
    unit_kinds: dict[tuple[object, ...], int] = {}
    h_kind = np.array([household_kinds.setdefault(_rule_key(h), len(household_kinds)) for h in households])
    u_kind = np.array([unit_kinds.setdefault(_unit_key(u), len(unit_kinds)) for u in units])
    sample_h = {k: households[i] for i, k in reversed(list(enumerate(h_kind)))}
    sample_u = {k: units[i] for i, k in reversed(list(enumerate(u_kind)))}
    verdict = np.zeros((len(household_kinds), len(unit_kinds)), dtype=bool)
    for a, h in sample_h.items():
        for b, u in sample_u.items():
            verdict[a, b] = compatible(h, u, rules)[0]
    allowed = verdict[np.ix_(h_kind, u_kind)] if len(households) and len(units) else np.zeros((0, 0), bool)
    if problem.rejected:
        h_index = {h.id: i for i, h in enumerate(households)}
        u_index = {u.id: i for i, u in enumerate(units)}
        for household_id, unit_id in problem.rejected:
            if household_id in h_index and unit_id in u_index:
                allowed[h_index[household_id], u_index[unit_id]] = False
    rows, cols = np.nonzero(allowed)
    scores = score_matrix(households, units, rules)[rows, cols] if len(rows) else np.zeros(0)
    values = np.rint(scores * scale).astype(np.int64)
    best = np.full(len(households), np.iinfo(np.int64).min)
    worst = np.full(len(households), np.iinfo(np.int64).max)
    np.maximum.at(best, rows, values)
    np.minimum.at(worst, rows, values)
    placed = best > np.iinfo(np.int64).min
    spread = int(np.clip(best[placed], 0, None).sum() + np.clip(-worst[placed], 0, None).sum())
    bonus = spread + 1
    by_household: list[list[int]] = [[] for _ in households]
    starts = np.searchsorted(rows, np.arange(len(households) + 1))
    for i in range(len(households)):
        by_household[i] = list(range(int(starts[i]), int(starts[i + 1])))
    result = Candidates(
        problem=problem,
        rules=rules,
        household=rows.tolist(),
        unit=cols.tolist(),
        score=scores.tolist(),
        value=(values + bonus).tolist(),
        by_household=by_household,
        bonus=bonus,
    )
    _check_locks(result)
    return result


def _haversine_matrix(points: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    lat1, lon1 = np.radians(points[:, 0])[:, None], np.radians(points[:, 1])[:, None]
    lat2, lon2 = np.radians(lat)[None, :], np.radians(lon)[None, :]
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def score_matrix(
    households: tuple[Household, ...], units: tuple[Unit, ...], rules: ScoringRules = DEFAULT_RULES
) -> np.ndarray:
    """``score(h, u)`` for every household (row) and unit (column): ``score_parts`` in arrays."""
    n_h, n_u = len(households), len(units)
    total = np.array([priority_part(h, rules) for h in households], dtype=np.float64)[:, None] * np.ones(n_u)
    private = np.array([u.private for u in units])
    free_beds = np.array([u.free_beds for u in units], dtype=np.float64)
    free_rooms = np.array([u.free_rooms for u in units], dtype=np.float64)
    beds = np.array([h.beds_needed for h in households], dtype=np.float64)[:, None]
    rooms = np.array([h.rooms_needed for h in households], dtype=np.float64)[:, None]
    spare_beds = np.where(private, np.clip(free_beds - beds, 0, None), 0.0)
    spare_rooms = np.where(private, np.clip(free_rooms - rooms, 0, None), 0.0)
    total += rules.fit_points - rules.spare_bed_penalty * spare_beds - rules.spare_room_penalty * spare_rooms
    located = np.array([u.point is not None for u in units])
    lat = np.array([u.lat if u.lat is not None else 0.0 for u in units], dtype=np.float64)
    lon = np.array([u.lon if u.lon is not None else 0.0 for u in units], dtype=np.float64)
    if rules.distance_zero_km > 0:
        for attribute in ("school", "work", "medical"):
            who = [i for i, h in enumerate(households) if getattr(h, attribute) is not None]
            if not who:
                continue
            points = np.array([getattr(households[i], attribute) for i in who], dtype=np.float64)
            closeness = rules.distance_points * np.clip(
                1.0 - _haversine_matrix(points, lat, lon) / rules.distance_zero_km, 0, None
            )
            total[who] += np.where(located, closeness, 0.0)
    languages = sorted({lang for u in units for lang in u.languages})
    if languages:
        position = {lang: j for j, lang in enumerate(languages)}
        spoken = np.zeros((n_u, len(languages)))
        for j, u in enumerate(units):
            spoken[j, [position[lang] for lang in u.languages]] = 1
        wanted = np.zeros((n_h, len(languages)))
        for i, h in enumerate(households):
            wanted[i, [position[lang] for lang in h.languages if lang in position]] = 1
        total += rules.language_points * ((wanted @ spoken.T) > 0)
    districts = sorted({u.district for u in units if u.district})
    if districts:
        position = {d: j for j, d in enumerate(districts)}
        preferred = np.zeros((n_h, len(districts)), dtype=bool)
        for i, h in enumerate(households):
            preferred[i, [position[d] for d in h.preferred_districts if d in position]] = True
        where = np.array([position.get(u.district, -1) for u in units])
        total += rules.district_points * np.where(where >= 0, preferred[:, np.clip(where, 0, None)], False)
    return total


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

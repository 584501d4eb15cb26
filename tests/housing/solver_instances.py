"""Random placement problems for the solver's property tests, and the hard-constraint check."""

from __future__ import annotations

import itertools

from hypothesis import strategies as st

from acollida.housing.solver import (
    DEFAULT_RULES,
    Household,
    Plan,
    Problem,
    ScoringRules,
    Unit,
    compatible,
    score,
)

VALENCIA = (39.47, -0.376)


@st.composite
def households(draw: st.DrawFn, index: int) -> Household:
    size = draw(st.integers(1, 5))
    minors_only = size == 1 and draw(st.booleans()) and draw(st.booleans())
    children = 0 if size == 1 else draw(st.integers(0, size - 1))
    women_only = not minors_only and draw(st.integers(0, 4)) == 0
    men = 0 if women_only or minors_only else draw(st.integers(0, size - children))
    point = st.none() | st.tuples(st.floats(39.40, 39.55), st.floats(-0.45, -0.30))
    return Household(
        id=f"h{index}",
        size=size,
        beds_needed=size + draw(st.integers(0, 1)),
        rooms_needed=draw(st.integers(1, 2)),
        men=men,
        children=children,
        women_only_needed=women_only,
        minors_only=minors_only,
        needs_step_free=draw(st.integers(0, 3)) == 0,
        needs_adapted_bathroom=draw(st.integers(0, 5)) == 0,
        has_pets=draw(st.integers(0, 4)) == 0,
        lgbti_safe_needed=draw(st.integers(0, 5)) == 0,
        languages=draw(st.frozensets(st.sampled_from(["es", "ar", "fr", "uk"]), max_size=2)),
        preferred_districts=draw(
            st.frozensets(st.sampled_from(["Russafa", "Benimaclet", "Patraix"]), max_size=2)
        ),
        priority=float(draw(st.integers(0, 100))),
        waiting_days=draw(st.integers(0, 400)),
        school=draw(point),
        work=draw(point),
        medical=draw(point),
    )


@st.composite
def units(draw: st.DrawFn, index: int) -> Unit:
    rule = draw(st.sampled_from(["none", "none", "women_only", "men_only", "families_only", "minors_only"]))
    beds = draw(st.integers(1, 10))
    return Unit(
        id=f"u{index}",
        accommodation_id=f"a{index // 2}",
        beds=beds,
        rooms=draw(st.integers(1, 4)),
        private=draw(st.booleans()),
        lgbti_safe=draw(st.booleans()),
        pets_allowed=draw(st.booleans()),
        step_free=draw(st.booleans()),
        adapted_bathroom=draw(st.booleans()),
        languages=draw(st.frozensets(st.sampled_from(["es", "ar", "fr", "uk"]), max_size=2)),
        district=draw(st.sampled_from(["Russafa", "Benimaclet", "Patraix", "Campanar"])),
        lat=draw(st.floats(39.40, 39.55)),
        lon=draw(st.floats(-0.45, -0.30)),
        reserved_beds=draw(st.integers(0, 2)),
        reserved_rooms=draw(st.integers(0, 1)),
        **({rule: True} if rule != "none" else {}),
    )


@st.composite
def problems(draw: st.DrawFn, max_households: int = 7, max_units: int = 4, decisions: bool = True) -> Problem:
    hs = tuple(draw(households(i)) for i in range(draw(st.integers(1, max_households))))
    us = tuple(draw(units(i)) for i in range(draw(st.integers(1, max_units))))
    pairs = [(h.id, u.id) for h in hs for u in us]
    locked: frozenset[tuple[str, str]] = frozenset()
    rejected: frozenset[tuple[str, str]] = frozenset()
    if decisions:
        rejected = draw(st.frozensets(st.sampled_from(pairs), max_size=3))
        allowed = [
            (h.id, u.id) for h in hs for u in us if compatible(h, u)[0] and (h.id, u.id) not in rejected
        ]
        if allowed:
            locked = draw(st.frozensets(st.sampled_from(allowed), max_size=2))
    return Problem(households=hs, units=us, locked=locked, rejected=rejected)


def assert_respects_hard_constraints(
    problem: Problem, plan: Plan, rules: ScoringRules = DEFAULT_RULES
) -> None:
    """Every rule the optimizer promises never to break, checked from the plan alone."""
    households = {h.id: h for h in problem.households}
    units = {u.id: u for u in problem.units}
    placed = [m.household_id for m in plan.matches]
    assert len(placed) == len(set(placed)), "a household placed twice"
    assert set(placed) | set(plan.unplaced) == set(households)
    assert not set(placed) & set(plan.unplaced)
    for match in plan.matches:
        household, unit = households[match.household_id], units[match.unit_id]
        ok, reasons = compatible(household, unit, rules)
        assert ok, (match, reasons)
        assert (match.household_id, match.unit_id) not in problem.rejected
    for unit in problem.units:
        inside = [households[m.household_id] for m in plan.matches if m.unit_id == unit.id]
        assert sum(h.beds_needed for h in inside) <= unit.free_beds
        assert sum(h.rooms_needed for h in inside) <= unit.free_rooms
        if unit.private:
            assert len(inside) <= 1
    if plan.status in ("optimal", "feasible"):
        chosen = {(m.household_id, m.unit_id) for m in plan.matches}
        assert problem.locked <= chosen, "a locked match was dropped"


def brute_force_best(problem: Problem, rules: ScoringRules = DEFAULT_RULES) -> tuple[int, int] | None:
    """(households placed, total suitability in hundredths) of the best plan, by enumeration."""
    options = []
    for h in problem.households:
        mine: list[str | None] = [None]
        mine += [
            u.id for u in problem.units if compatible(h, u, rules)[0] and (h.id, u.id) not in problem.rejected
        ]
        options.append(mine)
    households = problem.households
    units = {u.id: u for u in problem.units}
    best: tuple[int, int] | None = None
    for choice in itertools.product(*options):
        plan = {h.id: u for h, u in zip(households, choice, strict=True)}
        if any(plan.get(h) != u for h, u in problem.locked):
            continue
        fits = True
        for unit in problem.units:
            inside = [h for h, u in zip(households, choice, strict=True) if u == unit.id]
            if (
                sum(h.beds_needed for h in inside) > unit.free_beds
                or sum(h.rooms_needed for h in inside) > unit.free_rooms
                or (unit.private and len(inside) > 1)
            ):
                fits = False
                break
        if not fits:
            continue
        value = (
            sum(1 for u in choice if u is not None),
            sum(round(100 * score(h, units[u], rules)) for h, u in zip(households, choice, strict=True) if u),
        )
        if best is None or value > best:
            best = value
    return best

"""The placement optimizer's plans: hard constraints never broken, optimal on small instances,
both backends agreeing, first-come-first-served never better. Pure module: no database."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from acollida.housing.solver import Household, Problem, Unit, fcfs, optimize
from tests.housing.solver_instances import assert_respects_hard_constraints, brute_force_best, problems

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(problems())
def test_every_optimized_plan_respects_the_hard_constraints(problem: Problem) -> None:
    plan = optimize(problem, time_limit=5, num_workers=1)
    assert plan.status in ("optimal", "infeasible")
    assert_respects_hard_constraints(problem, plan)


@FAST
@given(problems())
def test_every_highs_plan_respects_the_hard_constraints(problem: Problem) -> None:
    plan = optimize(problem, backend="highs", time_limit=5, num_workers=1)
    assert_respects_hard_constraints(problem, plan)


@FAST
@given(problems())
def test_every_first_come_first_served_plan_respects_the_hard_constraints(problem: Problem) -> None:
    assert_respects_hard_constraints(problem, fcfs(problem))


@FAST
@given(problems(max_households=5, max_units=3))
def test_the_optimizer_finds_the_brute_force_optimum(problem: Problem) -> None:
    plan = optimize(problem, time_limit=5, num_workers=1, explain=False)
    best = brute_force_best(problem)
    if best is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal"
    suitability = sum(round(100 * m.score) for m in plan.matches)
    assert plan.households_placed == best[0]
    # match scores are rounded to hundredths for display; the objective is exact
    assert abs(suitability - best[1]) <= len(plan.matches)


@FAST
@given(problems(max_households=8, max_units=4))
def test_cp_sat_and_highs_agree_on_the_objective(problem: Problem) -> None:
    cp_sat = optimize(problem, backend="cp-sat", time_limit=5, num_workers=1, explain=False)
    highs = optimize(problem, backend="highs", time_limit=5, num_workers=1, explain=False)
    assert cp_sat.status == highs.status
    assert cp_sat.objective == highs.objective


@FAST
@given(problems(max_households=8, max_units=4))
def test_first_come_first_served_never_beats_the_optimum(problem: Problem) -> None:
    plan = optimize(problem, time_limit=5, num_workers=1, explain=False)
    baseline = fcfs(problem)
    if plan.status == "infeasible":
        return
    assert baseline.objective <= plan.objective
    assert baseline.households_placed <= plan.households_placed


def test_placing_more_households_comes_before_a_better_fit() -> None:
    # One flat of 4 beds: the family of 4 fits it perfectly, but two singles are two households.
    family = Household(id="family", size=4, children=2, priority=100)
    singles = [Household(id=f"single{i}", size=1) for i in range(2)]
    flat = Unit(id="flat", accommodation_id="a", beds=4, rooms=2)
    plan = optimize(Problem(households=(family, *singles), units=(flat,)), num_workers=1)
    assert plan.status == "optimal"
    assert {m.household_id for m in plan.matches} == {"single0", "single1"}


def test_a_lock_is_kept_even_when_another_plan_scores_higher() -> None:
    a = Household(id="a", size=1, priority=90)
    b = Household(id="b", size=1, priority=10)
    unit = Unit(id="room", accommodation_id="x", beds=1)
    plan = optimize(Problem(households=(a, b), units=(unit,), locked=frozenset({("b", "room")})))
    assert plan.unit_of("b") == "room"
    assert plan.matches[0].locked


def test_a_lock_on_an_incompatible_unit_makes_the_run_infeasible_and_says_why() -> None:
    man = Household(id="m", size=1, men=1)
    shelter = Unit(id="w", accommodation_id="x", beds=5, women_only=True)
    plan = optimize(Problem(households=(man,), units=(shelter,), locked=frozenset({("m", "w")})))
    assert plan.status == "infeasible"
    assert plan.matches == ()
    assert plan.conflicts == (("m", "w", "women_only_unit"),)


def test_locks_that_overfill_a_unit_make_the_run_infeasible() -> None:
    hs = tuple(Household(id=f"h{i}", size=2) for i in range(2))
    unit = Unit(id="u", accommodation_id="x", beds=3, rooms=2)
    locked = frozenset({("h0", "u"), ("h1", "u")})
    for backend in ("cp-sat", "highs"):
        plan = optimize(Problem(households=hs, units=(unit,), locked=locked), backend=backend)  # type: ignore[arg-type]
        assert plan.status == "infeasible"


def test_a_rejected_match_is_never_proposed() -> None:
    good = Unit(id="good", accommodation_id="x", beds=1, district="Russafa")
    other = Unit(id="other", accommodation_id="y", beds=1)
    h = Household(id="h", size=1, preferred_districts=frozenset({"Russafa"}))
    plan = optimize(Problem(households=(h,), units=(good, other), rejected=frozenset({("h", "good")})))
    assert plan.unit_of("h") == "other"


def test_reserved_places_are_not_given_again() -> None:
    h = Household(id="h", size=2)
    unit = Unit(id="u", accommodation_id="x", beds=3, reserved_beds=2)
    plan = optimize(Problem(households=(h,), units=(unit,)))
    assert plan.matches == ()
    assert plan.unplaced == ("h",)


def test_a_run_with_one_worker_is_repeatable() -> None:
    problem = Problem(
        households=tuple(Household(id=f"h{i}", size=1 + i % 3, priority=float(i % 5)) for i in range(12)),
        units=tuple(Unit(id=f"u{i}", accommodation_id="a", beds=2 + i % 4, rooms=2) for i in range(5)),
    )
    first = optimize(problem, num_workers=1, seed=7)
    second = optimize(problem, num_workers=1, seed=7)
    assert first.matches == second.matches


@FAST
@given(problems(max_households=10, max_units=4))
def test_two_stage_plans_respect_the_hard_constraints_and_never_beat_the_optimum(problem: Problem) -> None:
    single = optimize(problem, time_limit=5, num_workers=1, explain=False, two_stages=False)
    staged = optimize(problem, time_limit=5, num_workers=1, explain=False, two_stages=True)
    assert_respects_hard_constraints(problem, staged)
    if single.status == "infeasible":
        return
    assert staged.households_placed == single.households_placed
    assert staged.objective <= single.objective <= staged.bound
    if staged.status == "optimal":
        assert staged.objective == single.objective


def test_two_stages_reach_the_optimum_of_the_single_program_on_a_small_network() -> None:
    households = tuple(
        Household(
            id=f"h{i}",
            size=1 + i % 4,
            men=i % 2,
            children=(i % 4) // 2,
            priority=float((i * 37) % 100),
            preferred_districts=frozenset({f"d{i % 3}"}),
        )
        for i in range(40)
    )
    units = tuple(
        Unit(
            id=f"u{j}",
            accommodation_id="a",
            beds=2 + j % 5,
            rooms=1 + j % 3,
            private=j % 2 == 0,
            district=f"d{j % 3}",
        )
        for j in range(12)
    )
    problem = Problem(households=households, units=units)
    single = optimize(problem, num_workers=1, two_stages=False, explain=False)
    staged = optimize(problem, num_workers=1, two_stages=True, explain=False)
    assert single.status == "optimal"
    assert staged.households_placed == single.households_placed
    assert staged.objective <= single.objective <= staged.bound
    assert staged.gap < 0.005

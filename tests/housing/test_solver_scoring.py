"""The scoring rules: hard constraints and score parts, one rule per test. Pure module."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from acollida.housing.solver import (
    Household,
    Problem,
    ScoringRules,
    Unit,
    compatible,
    haversine_km,
    score,
    score_parts,
)
from acollida.housing.solver.pairs import score_matrix
from tests.housing.solver_instances import problems

VALENCIA = (39.4699, -0.3763)
MADRID = (40.4168, -3.7038)


def test_distance_valencia_madrid_is_about_300_km() -> None:
    assert haversine_km(VALENCIA, MADRID) == pytest.approx(303, abs=3)


@pytest.mark.parametrize(
    ("household", "unit", "reason"),
    [
        (Household(id="h", size=3), Unit(id="u", accommodation_id="a", beds=2), "too_few_beds"),
        (
            Household(id="h", size=2),
            Unit(id="u", accommodation_id="a", beds=4, reserved_beds=3),
            "too_few_beds",
        ),
        (
            Household(id="h", size=2, rooms_needed=2),
            Unit(id="u", accommodation_id="a", beds=4),
            "too_few_rooms",
        ),
        (
            Household(id="h", size=1, men=1),
            Unit(id="u", accommodation_id="a", beds=4, women_only=True),
            "women_only_unit",
        ),
        (
            Household(id="h", size=1, women_only_needed=True),
            Unit(id="u", accommodation_id="a", beds=4),
            "needs_women_only",
        ),
        (
            Household(id="h", size=2, men=1, children=1),
            Unit(id="u", accommodation_id="a", beds=4, men_only=True),
            "men_only_unit",
        ),
        (
            Household(id="h", size=1),
            Unit(id="u", accommodation_id="a", beds=4, families_only=True),
            "families_only_unit",
        ),
        (
            Household(id="h", size=1),
            Unit(id="u", accommodation_id="a", beds=4, minors_only=True),
            "minors_only_unit",
        ),
        (
            Household(id="h", size=1, minors_only=True),
            Unit(id="u", accommodation_id="a", beds=4),
            "needs_minors_only",
        ),
        (
            Household(id="h", size=1, lgbti_safe_needed=True),
            Unit(id="u", accommodation_id="a", beds=4),
            "needs_lgbti_safe",
        ),
        (
            Household(id="h", size=1, has_pets=True),
            Unit(id="u", accommodation_id="a", beds=4),
            "needs_pets_allowed",
        ),
        (
            Household(id="h", size=1, needs_step_free=True),
            Unit(id="u", accommodation_id="a", beds=4),
            "needs_step_free",
        ),
        (
            Household(id="h", size=1, needs_adapted_bathroom=True),
            Unit(id="u", accommodation_id="a", beds=4),
            "needs_adapted_bathroom",
        ),
        (
            Household(id="h", size=1),
            Unit(id="u", accommodation_id="a", beds=4, private=True, reserved_beds=1),
            "unit_reserved",
        ),
    ],
)
def test_each_hard_rule_blocks_with_its_reason(household: Household, unit: Unit, reason: str) -> None:
    ok, reasons = compatible(household, unit)
    assert not ok
    assert reason in reasons


def test_a_family_fits_a_families_only_unit() -> None:
    family = Household(id="h", size=3, men=1, children=2)
    assert compatible(family, Unit(id="u", accommodation_id="a", beds=4, rooms=2, families_only=True)) == (
        True,
        (),
    )


def test_spare_beds_cost_fit_only_in_a_private_unit() -> None:
    single = Household(id="h", size=1)
    flat = Unit(id="f", accommodation_id="a", beds=4, rooms=1, private=True)
    dorm = Unit(id="d", accommodation_id="a", beds=4, rooms=1)
    assert score_parts(single, flat)["fit"] == 10.0 - 2.0 * 3
    assert score_parts(single, dorm)["fit"] == 10.0


def test_the_maximum_of_spare_beds_is_a_configurable_hard_rule() -> None:
    single = Household(id="h", size=1)
    flat = Unit(id="f", accommodation_id="a", beds=5, private=True)
    assert compatible(single, flat, ScoringRules(max_spare_beds=2)) == (False, ("too_many_spare_beds",))


def test_a_school_next_door_scores_full_points_and_one_ten_km_away_none() -> None:
    near = Household(id="h", size=2, children=1, school=VALENCIA)
    unit = Unit(id="u", accommodation_id="a", beds=2, lat=VALENCIA[0], lon=VALENCIA[1])
    assert score_parts(near, unit)["school"] == pytest.approx(10.0)
    far = Household(id="h", size=2, children=1, school=(VALENCIA[0] + 0.1, VALENCIA[1]))  # ~11 km north
    assert score_parts(far, unit)["school"] == 0.0


def test_priority_adds_vulnerability_and_capped_waiting_time() -> None:
    h = Household(id="h", size=1, priority=40, waiting_days=1000)
    assert score_parts(h, Unit(id="u", accommodation_id="a", beds=1))["priority"] == 40 + 0.1 * 365


@settings(max_examples=60, deadline=None)
@given(problems(decisions=False))
def test_the_array_scores_equal_the_rule_by_rule_scores(problem: Problem) -> None:
    matrix = score_matrix(problem.households, problem.units)
    for i, h in enumerate(problem.households):
        for j, u in enumerate(problem.units):
            assert matrix[i, j] == pytest.approx(score(h, u), abs=1e-9)

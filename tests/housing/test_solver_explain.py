"""Explanations: every match and every household left out says why. Pure module: no database."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from acollida.housing.solver import Household, Problem, Unit, optimize
from tests.housing.solver_instances import problems


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_every_household_has_an_explanation(problem: Problem) -> None:
    plan = optimize(problem, time_limit=5, num_workers=1)
    if plan.status == "infeasible":
        return
    by_household = {e.household_id: e for e in plan.explanations}
    assert set(by_household) == {h.id for h in problem.households}
    for match in plan.matches:
        explanation = by_household[match.household_id]
        assert explanation.unit_id == match.unit_id
        assert explanation.reason == "placed"
        assert "beds" in explanation.needs_met
        assert explanation.parts == match.parts
        assert explanation.score == match.score
    for household_id in plan.unplaced:
        assert by_household[household_id].reason in {"no_compatible_unit", "all_rejected", "outscored"}


def test_a_match_names_the_needs_it_meets_and_its_score_parts() -> None:
    h = Household(
        id="h",
        size=2,
        children=1,
        needs_step_free=True,
        languages=frozenset({"ar"}),
        preferred_districts=frozenset({"Russafa"}),
    )
    unit = Unit(
        id="u", accommodation_id="a", beds=2, step_free=True, languages=frozenset({"ar"}), district="Russafa"
    )
    (explanation,) = optimize(Problem(households=(h,), units=(unit,))).explanations
    assert explanation.needs_met == ("beds", "step_free", "language", "preferred_district")
    assert explanation.parts["language"] == 10.0
    assert explanation.parts["district"] == 8.0
    assert explanation.alternative_unit_id is None


def test_the_best_alternative_lost_because_its_place_went_to_someone_else() -> None:
    # Both prefer Russafa's single bed; two households placed beats one, so one goes elsewhere.
    a = Household(id="a", size=1, priority=50, preferred_districts=frozenset({"Russafa"}))
    b = Household(
        id="b", size=1, priority=10, preferred_districts=frozenset({"Russafa"}), needs_step_free=True
    )
    russafa = Unit(id="russafa", accommodation_id="x", beds=1, district="Russafa", step_free=True)
    patraix = Unit(id="patraix", accommodation_id="y", beds=1, district="Patraix")
    plan = optimize(Problem(households=(a, b), units=(russafa, patraix)))
    assert plan.unit_of("b") == "russafa"
    assert plan.unit_of("a") == "patraix"
    explanation = next(e for e in plan.explanations if e.household_id == "a")
    assert explanation.alternative_unit_id == "russafa"
    assert explanation.alternative_reason == "taken"
    assert explanation.alternative_holders == ("b",)


def test_a_household_with_no_compatible_unit_is_told_which_rules_blocked_it() -> None:
    h = Household(id="h", size=1, needs_step_free=True, has_pets=True)
    units = (
        Unit(id="u1", accommodation_id="x", beds=2),
        Unit(id="u2", accommodation_id="x", beds=2, step_free=True),
    )
    (explanation,) = optimize(Problem(households=(h,), units=units)).explanations
    assert explanation.reason == "no_compatible_unit"
    assert explanation.blocking == {"needs_step_free": 1, "needs_pets_allowed": 2}


def test_a_household_whose_matches_were_all_rejected_is_told_so() -> None:
    h = Household(id="h", size=1)
    unit = Unit(id="u", accommodation_id="x", beds=1)
    (explanation,) = optimize(
        Problem(households=(h,), units=(unit,), rejected=frozenset({("h", "u")}))
    ).explanations
    assert explanation.reason == "all_rejected"
    assert explanation.blocking == {"rejected": 1}


def test_a_household_left_out_for_lack_of_places_is_outscored_and_told_by_whom() -> None:
    waiting_long = Household(id="old", size=1, waiting_days=300)
    newcomer = Household(id="new", size=1, waiting_days=3)
    unit = Unit(id="u", accommodation_id="x", beds=1)
    plan = optimize(Problem(households=(waiting_long, newcomer), units=(unit,)))
    explanation = next(e for e in plan.explanations if e.household_id == "new")
    assert explanation.reason == "outscored"
    assert explanation.alternative_unit_id == "u"
    assert explanation.alternative_holders == ("old",)

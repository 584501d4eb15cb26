"""The pure rota planner: hard constraints as properties, coverage against brute force."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import combinations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acollida.emergency import rota
from acollida.emergency.rota import Person, ShiftNeed, Slot

T0 = datetime(2018, 6, 17, 6, 0, tzinfo=UTC)
LANGS = ["ar", "fr", "ti"]


def hours(h: float) -> datetime:
    return T0 + timedelta(hours=h)


def all_day() -> tuple[tuple[datetime, datetime], ...]:
    return ((hours(0), hours(48)),)


@st.composite
def problems(
    draw: st.DrawFn, max_people: int = 5, max_shifts: int = 4
) -> tuple[list[Person], list[ShiftNeed]]:
    shifts = []
    for i in range(draw(st.integers(1, max_shifts))):
        start = draw(st.integers(0, 10))
        length = draw(st.integers(1, 4))
        needs = {c: draw(st.integers(0, 2)) for c in draw(st.sets(st.sampled_from(LANGS), max_size=2))}
        shifts.append(
            ShiftNeed(
                i + 1,
                hours(start),
                hours(start + length),
                needs,
                draw(st.integers(0, 1)),
                draw(st.booleans()),
            )
        )
    people = []
    for j in range(draw(st.integers(0, max_people))):
        langs = draw(
            st.dictionaries(st.sampled_from(LANGS), st.sampled_from(["a1", "b2", "native"]), max_size=2)
        )
        a = draw(st.integers(0, 8))
        b = draw(st.integers(a + 1, 16))
        people.append(Person(100 + j, langs, ((hours(a), hours(b)),), draw(st.booleans())))
    return people, shifts


def brute_force_value(people: list[Person], shifts: list[ShiftNeed]) -> int:
    pairs = rota.candidates(people, shifts)
    person = {p.id: p for p in people}
    shift = {s.id: s for s in shifts}
    best = 0
    for r in range(len(pairs) + 1):
        for chosen in combinations(pairs, r):
            if rota.conflicts(chosen, shifts):
                continue
            counts: dict[tuple[int, str], int] = {}
            for slot in chosen:
                counts[(slot.shift, slot.language)] = counts.get((slot.shift, slot.language), 0) + 1
            if any(
                n > (shift[s].volunteers_needed if lang == "" else shift[s].language_needs[lang])
                for (s, lang), n in counts.items()
            ):
                continue
            best = max(
                best, sum(rota.slot_value(person[a.person], shift[a.shift], a.language) for a in chosen)
            )
    return best


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_people=6, max_shifts=5))
def test_planner_never_assigns_one_person_to_overlapping_shifts(
    problem: tuple[list[Person], list[ShiftNeed]],
) -> None:
    people, shifts = problem
    plan = rota.plan_rota(people, shifts, num_workers=1)
    assert rota.conflicts(plan.assignments, shifts) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_people=6, max_shifts=5))
def test_planner_respects_availability_checks_and_needs(
    problem: tuple[list[Person], list[ShiftNeed]],
) -> None:
    people, shifts = problem
    plan = rota.plan_rota(people, shifts, num_workers=1)
    person = {p.id: p for p in people}
    shift = {s.id: s for s in shifts}
    for slot in plan.assignments:
        p, s = person[slot.person], shift[slot.shift]
        assert rota.available(p, s)
        assert p.check_cleared or not s.child_protection
        assert slot.language == "" or slot.language in p.languages
    for s in shifts:
        for code, need in s.language_needs.items():
            assert sum(1 for a in plan.assignments if a.shift == s.id and a.language == code) <= need


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_people=3, max_shifts=3))
def test_planner_coverage_is_optimal_against_brute_force(
    problem: tuple[list[Person], list[ShiftNeed]],
) -> None:
    people, shifts = problem
    if len(rota.candidates(people, shifts)) > 12:
        return
    plan = rota.plan_rota(people, shifts, num_workers=1)
    assert plan.status == "optimal"
    assert plan.value == brute_force_value(people, shifts)


def test_uncovered_languages_are_reported_per_shift() -> None:
    shift = ShiftNeed(1, hours(0), hours(4), {"ar": 2, "ti": 1})
    people = [Person(1, {"ar": "native"}, all_day())]
    plan = rota.plan_rota(people, [shift])
    assert plan.assignments == (Slot(1, 1, "ar"),)
    assert plan.uncovered == {1: {"ar": 1, "ti": 1}}
    assert plan.language_minutes_needed == 3 * 240
    assert plan.language_minutes_covered == 240


def test_child_protection_site_takes_only_cleared_people() -> None:
    shift = ShiftNeed(1, hours(0), hours(4), {"ar": 1}, child_protection=True)
    people = [Person(1, {"ar": "native"}, all_day(), check_cleared=False)]
    assert rota.plan_rota(people, [shift]).assignments == ()


def test_higher_level_interpreter_is_preferred() -> None:
    shift = ShiftNeed(1, hours(0), hours(4), {"fr": 1})
    people = [Person(1, {"fr": "a1"}, all_day()), Person(2, {"fr": "c2"}, all_day())]
    assert rota.plan_rota(people, [shift]).assignments == (Slot(2, 1, "fr"),)


def test_fairness_spreads_shifts_when_coverage_is_equal() -> None:
    shifts = [ShiftNeed(1, hours(0), hours(4), {"ar": 1}), ShiftNeed(2, hours(5), hours(9), {"ar": 1})]
    people = [Person(1, {"ar": "native"}, all_day()), Person(2, {"ar": "native"}, all_day())]
    plan = rota.plan_rota(people, shifts)
    assert {a.person for a in plan.assignments} == {1, 2}


def test_fixed_slot_is_kept() -> None:
    shift = ShiftNeed(1, hours(0), hours(4), {"fr": 1})
    people = [Person(1, {"fr": "a1"}, all_day()), Person(2, {"fr": "c2"}, all_day())]
    plan = rota.plan_rota(people, [shift], fixed=[Slot(1, 1, "fr")])
    assert plan.assignments == (Slot(1, 1, "fr"),)

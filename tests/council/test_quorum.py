"""Quorum and vote arithmetic: hand-computed examples and properties."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from acollida.council.quorum import (
    Call,
    Choice,
    Majority,
    Outcome,
    Role,
    Rules,
    Seat,
    Sitting,
    Tally,
    decide,
    quorum,
    required,
    result,
    voters,
)

SEATS = [Seat(i, "ngos" if i <= 4 else "migrant_associations") for i in range(1, 11)] + [
    Seat(11, "observers", has_vote=False),
    Seat(12, "observers", has_vote=False),
]
RULES = Rules()


def titulars(*ids: int) -> list[Sitting]:
    return [Sitting(i, Role.TITULAR) for i in ids]


# --- hand-computed examples ------------------------------------------------------------------


def test_half_of_ten_seats_with_vote_is_the_first_call_quorum() -> None:
    assert required(RULES, 10, Call.FIRST) == 5


def test_a_third_of_ten_seats_rounds_up_to_four_at_second_call() -> None:
    assert required(RULES, 10, Call.SECOND) == 4


def test_a_quorum_given_as_a_count_ignores_the_number_of_seats() -> None:
    rules = Rules(quorum_kind="count", first_call=Fraction(7), second_call=Fraction(3))
    assert required(rules, 81, Call.FIRST) == 7
    assert required(rules, 81, Call.SECOND) == 3


def test_four_present_miss_the_first_call_and_make_the_second() -> None:
    sittings = titulars(1, 2, 3, 4)
    assert not quorum(SEATS, sittings, RULES, Call.FIRST).reached
    assert quorum(SEATS, sittings, RULES, Call.SECOND).reached


def test_observers_present_do_not_make_quorum() -> None:
    sittings = titulars(1, 2, 3, 4, 11, 12)
    assert quorum(SEATS, sittings, RULES, Call.FIRST).present == 4


def test_a_substitute_sits_for_an_absent_titular() -> None:
    who = voters(SEATS, [Sitting(3, Role.SUBSTITUTE)], RULES)
    assert who == {3: Role.SUBSTITUTE}


def test_a_proxy_is_carried_by_a_member_present_for_another_seat() -> None:
    who = voters(SEATS, [*titulars(1), Sitting(2, Role.PROXY, carried_by=1)], RULES)
    assert who == {1: Role.TITULAR, 2: Role.PROXY}


def test_a_proxy_carried_by_an_absent_seat_does_not_count() -> None:
    assert voters(SEATS, [Sitting(2, Role.PROXY, carried_by=1)], RULES) == {}


def test_a_holder_carries_no_more_proxies_than_the_rules_allow() -> None:
    sittings = [*titulars(1), Sitting(2, Role.PROXY, carried_by=1), Sitting(3, Role.PROXY, carried_by=1)]
    assert voters(SEATS, sittings, RULES) == {1: Role.TITULAR, 2: Role.PROXY}


def test_no_proxy_counts_when_the_rules_forbid_them() -> None:
    rules = Rules(proxies_allowed=False)
    assert voters(SEATS, [*titulars(1), Sitting(2, Role.PROXY, carried_by=1)], rules) == {1: Role.TITULAR}


def test_an_observer_cannot_carry_a_proxy() -> None:
    assert voters(SEATS, [*titulars(11), Sitting(2, Role.PROXY, carried_by=11)], RULES) == {}


def test_simple_majority_needs_more_yes_than_no() -> None:
    assert decide(Tally(yes=3, no=2, abstain=5), RULES, 10) == Outcome.ADOPTED
    assert decide(Tally(yes=3, no=3), RULES, 10) == Outcome.REJECTED


def test_absolute_majority_needs_more_than_half_of_the_seats_with_vote() -> None:
    rules = Rules(majority=Majority.ABSOLUTE)
    assert decide(Tally(yes=5, no=0), rules, 10) == Outcome.REJECTED
    assert decide(Tally(yes=6, no=4), rules, 10) == Outcome.ADOPTED


def test_two_thirds_of_the_votes_cast_ignores_abstentions() -> None:
    rules = Rules(majority=Majority.TWO_THIRDS)
    assert decide(Tally(yes=4, no=2, abstain=4), rules, 10) == Outcome.ADOPTED
    assert decide(Tally(yes=3, no=2), rules, 10) == Outcome.REJECTED


def test_a_vote_without_quorum_is_not_decided() -> None:
    outcome = result(SEATS, titulars(1, 2), {1: "yes", 2: "yes"}, RULES, Call.FIRST)
    assert outcome.outcome == Outcome.NO_QUORUM


def test_results_are_given_by_category() -> None:
    sittings = titulars(1, 2, 5, 6, 7, 11)
    ballots = {1: "no", 2: "no", 5: "yes", 6: "yes", 7: "abstain", 11: "yes"}
    outcome = result(SEATS, sittings, ballots, RULES, Call.FIRST)
    assert outcome.outcome == Outcome.REJECTED  # two yes against two no
    assert outcome.by_category["ngos"] == Tally(yes=0, no=2)
    assert outcome.by_category["migrant_associations"] == Tally(yes=2, no=0, abstain=1)
    assert "observers" not in outcome.by_category


def test_a_ballot_for_a_seat_nobody_sits_for_is_ignored() -> None:
    outcome = result(SEATS, titulars(1, 2, 3, 4, 5), {1: "yes", 9: "no"}, RULES, Call.FIRST)
    assert (outcome.tally.yes, outcome.tally.no) == (1, 0)


# --- properties ------------------------------------------------------------------------------

roles = st.sampled_from(list(Role))
seat_lists = st.lists(
    st.builds(Seat, st.integers(1, 30), st.sampled_from(["a", "b", "obs"]), st.booleans()),
    min_size=1,
    max_size=20,
    unique_by=lambda s: s.id,
)
sitting_lists = st.lists(
    st.builds(Sitting, st.integers(1, 30), roles, st.one_of(st.none(), st.integers(1, 30))), max_size=30
)
ballot_maps = st.dictionaries(st.integers(1, 30), st.sampled_from(list(Choice)))
rule_sets = st.builds(
    Rules,
    quorum_kind=st.sampled_from(["fraction", "count"]),
    first_call=st.fractions(0, 1),
    second_call=st.fractions(0, 1),
    majority=st.sampled_from(list(Majority)),
    proxies_allowed=st.booleans(),
    max_proxies_per_holder=st.integers(0, 3),
)


@given(seat_lists, sitting_lists, sitting_lists, rule_sets, st.sampled_from(list(Call)))
def test_quorum_is_monotone_in_attendance(
    seats: list[Seat], some: list[Sitting], more: list[Sitting], rules: Rules, call: Call
) -> None:
    """Titulars arriving never lose a quorum that was reached."""
    before = quorum(seats, some, rules, call)
    arrivals = [Sitting(s.seat_id, Role.TITULAR) for s in more]
    after = quorum(seats, [*some, *arrivals], rules, call)
    assert after.present >= before.present
    assert after.reached or not before.reached


@given(seat_lists, sitting_lists, rule_sets)
def test_a_seat_votes_at_most_once_and_only_with_a_vote(
    seats: list[Seat], sittings: list[Sitting], rules: Rules
) -> None:
    who = voters(seats, sittings, rules)
    with_vote = {s.id for s in seats if s.has_vote}
    assert set(who) <= with_vote
    assert len(who) <= len(with_vote)


@given(seat_lists, sitting_lists, ballot_maps, rule_sets, st.sampled_from(list(Call)))
def test_the_tally_never_counts_more_ballots_than_voters(
    seats: list[Seat], sittings: list[Sitting], ballots: dict[int, Choice], rules: Rules, call: Call
) -> None:
    outcome = result(seats, sittings, ballots, rules, call)
    assert outcome.tally.total <= len(voters(seats, sittings, rules))
    assert outcome.tally.total == sum(t.total for t in outcome.by_category.values())


calls = st.sampled_from(list(Call))


@given(seat_lists, sitting_lists, ballot_maps, rule_sets, calls, st.sampled_from(list(Choice)))
def test_observers_never_change_a_result(
    seats: list[Seat],
    sittings: list[Sitting],
    ballots: dict[int, Choice],
    rules: Rules,
    call: Call,
    choice: Choice,
) -> None:
    observer = Seat(99, "obs", has_vote=False)
    plain = result(seats, sittings, ballots, rules, call)
    watched = result(
        [*seats, observer],
        [*sittings, Sitting(99, Role.TITULAR)],
        {**ballots, 99: choice},
        rules,
        call,
    )
    assert (watched.outcome, watched.tally) == (plain.outcome, plain.tally)


@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40), st.integers(1, 90))
def test_absolute_majority_implies_more_than_half_of_the_seats(
    yes: int, no: int, abstain: int, seats: int
) -> None:
    rules = Rules(majority=Majority.ABSOLUTE)
    if decide(Tally(yes, no, abstain), rules, seats) == Outcome.ADOPTED:
        assert yes * 2 > seats


@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40), st.integers(1, 90))
def test_absolute_and_two_thirds_are_never_easier_than_simple_when_all_vote(
    yes: int, no: int, abstain: int, seats: int
) -> None:
    count = Tally(yes, no, abstain)
    simple = decide(count, Rules(majority=Majority.SIMPLE), seats) == Outcome.ADOPTED
    for majority in (Majority.ABSOLUTE, Majority.TWO_THIRDS):
        if decide(count, Rules(majority=majority), max(seats, count.total)) == Outcome.ADOPTED:
            assert simple

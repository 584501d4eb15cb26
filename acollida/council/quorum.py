"""Quorum and vote arithmetic of a council body, without Django, so it can be tested alone.

Who may vote for a seat at a meeting:

* the titular member, when present;
* the substitute, when the titular is absent (one roll-call line per seat, so a seat sits once);
* a proxy, when the body's rules allow proxies: the seat's vote is carried by a member present in
  person for another voting seat, who carries at most ``max_proxies_per_holder`` of them;
* never a seat without vote (observers), whatever the roll call says.

Quorum is counted in seats with vote, at first or second call, as a fraction of the body's seats
with vote or as a number of them. Outcomes: *simple* (more yes than no), *absolute* (more yes than
half of the seats with vote) or *two-thirds* (at least two thirds of the yes and no cast; abstentions
are not cast for or against). Every seat counts at most once.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction


class Role(StrEnum):
    TITULAR = "titular"
    SUBSTITUTE = "substitute"
    PROXY = "proxy"


class Call(StrEnum):
    FIRST = "first"
    SECOND = "second"


class Majority(StrEnum):
    SIMPLE = "simple"
    ABSOLUTE = "absolute"
    TWO_THIRDS = "two_thirds"


class Choice(StrEnum):
    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


class Outcome(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    NO_QUORUM = "no_quorum"


@dataclass(frozen=True)
class Seat:
    id: int
    category: str
    has_vote: bool = True


@dataclass(frozen=True)
class Sitting:
    """A roll-call line: seat ``seat_id`` is taken as ``role``; a proxy names the seat carrying it."""

    seat_id: int
    role: Role
    carried_by: int | None = None


@dataclass(frozen=True)
class Rules:
    quorum_kind: str = "fraction"  # "fraction" of the seats with vote, or "count" of them
    first_call: Fraction = Fraction(1, 2)
    second_call: Fraction = Fraction(1, 3)
    majority: Majority = Majority.SIMPLE
    proxies_allowed: bool = True
    max_proxies_per_holder: int = 1

    @classmethod
    def of(
        cls,
        *,
        quorum_kind: str,
        first_call: Decimal | Fraction | int,
        second_call: Decimal | Fraction | int,
        majority: str,
        proxies_allowed: bool = True,
        max_proxies_per_holder: int = 1,
    ) -> Rules:
        return cls(
            quorum_kind=quorum_kind,
            first_call=Fraction(first_call),
            second_call=Fraction(second_call),
            majority=Majority(majority),
            proxies_allowed=proxies_allowed,
            max_proxies_per_holder=max_proxies_per_holder,
        )


@dataclass
class Tally:
    yes: int = 0
    no: int = 0
    abstain: int = 0

    @property
    def cast(self) -> int:
        """Votes cast for or against (abstentions are not)."""
        return self.yes + self.no

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain

    def add(self, choice: Choice) -> None:
        setattr(self, choice.value, getattr(self, choice.value) + 1)


@dataclass(frozen=True)
class Quorum:
    call: Call
    required: int
    present: int
    seats_with_vote: int

    @property
    def reached(self) -> bool:
        return self.seats_with_vote > 0 and self.present >= self.required


@dataclass
class Result:
    outcome: Outcome
    tally: Tally
    by_category: dict[str, Tally] = field(default_factory=dict)


def seats_with_vote(seats: Iterable[Seat]) -> int:
    return sum(1 for seat in seats if seat.has_vote)


def voters(seats: Iterable[Seat], sittings: Iterable[Sitting], rules: Rules) -> dict[int, Role]:
    """The seats whose vote counts at this meeting, and how each is taken. A seat appears once."""
    by_id = {seat.id: seat for seat in seats}
    lines: dict[int, Sitting] = {}
    for sitting in sittings:
        seat = by_id.get(sitting.seat_id)
        if seat is None or not seat.has_vote:
            continue
        known = lines.get(sitting.seat_id)
        # Should the roll call name a seat twice, the strongest presence wins: titular, substitute, proxy.
        if known is None or _rank(sitting.role) < _rank(known.role):
            lines[sitting.seat_id] = sitting
    result: dict[int, Role] = {sid: line.role for sid, line in lines.items() if line.role != Role.PROXY}
    if not rules.proxies_allowed:
        return result
    carried: Counter[int] = Counter()
    for sid in sorted(lines):
        line = lines[sid]
        if line.role != Role.PROXY or line.carried_by is None or line.carried_by == sid:
            continue
        if line.carried_by not in result or carried[line.carried_by] >= rules.max_proxies_per_holder:
            continue
        carried[line.carried_by] += 1
        result[sid] = Role.PROXY
    return result


def _rank(role: Role) -> int:
    return {Role.TITULAR: 0, Role.SUBSTITUTE: 1, Role.PROXY: 2}[role]


def required(rules: Rules, seats_with_vote: int, call: Call) -> int:
    """How many seats with vote must sit for quorum at ``call`` (at least one)."""
    threshold = rules.first_call if call == Call.FIRST else rules.second_call
    need = math.ceil(threshold if rules.quorum_kind == "count" else threshold * seats_with_vote)
    return max(1, need)


def quorum(seats: Iterable[Seat], sittings: Iterable[Sitting], rules: Rules, call: Call) -> Quorum:
    seat_list = list(seats)
    total = seats_with_vote(seat_list)
    present = len(voters(seat_list, sittings, rules))
    return Quorum(call=call, required=required(rules, total, call), present=present, seats_with_vote=total)


def tally(
    seats: Iterable[Seat], ballots: Mapping[int, Choice | str], who: Mapping[int, Role]
) -> tuple[Tally, dict[str, Tally]]:
    """Count one ballot per seat that may vote (``who``); other ballots are ignored."""
    total = Tally()
    per_category: dict[str, Tally] = {}
    for seat in seats:
        if not seat.has_vote or seat.id not in who or seat.id not in ballots:
            continue
        choice = Choice(ballots[seat.id])
        total.add(choice)
        per_category.setdefault(seat.category, Tally()).add(choice)
    return total, per_category


def decide(count: Tally, rules: Rules, seats_with_vote: int) -> Outcome:
    if rules.majority == Majority.SIMPLE:
        adopted = count.yes > count.no
    elif rules.majority == Majority.ABSOLUTE:
        adopted = 2 * count.yes > seats_with_vote
    else:
        adopted = count.yes > 0 and 3 * count.yes >= 2 * count.cast
    return Outcome.ADOPTED if adopted else Outcome.REJECTED


def result(
    seats: Iterable[Seat],
    sittings: Iterable[Sitting],
    ballots: Mapping[int, Choice | str],
    rules: Rules,
    call: Call,
) -> Result:
    """The outcome of a vote: no quorum, or adopted / rejected under the body's majority."""
    seat_list = list(seats)
    sitting_list = list(sittings)
    who = voters(seat_list, sitting_list, rules)
    count, per_category = tally(seat_list, ballots, who)
    q = quorum(seat_list, sitting_list, rules, call)
    if not q.reached:
        return Result(Outcome.NO_QUORUM, count, per_category)
    return Result(decide(count, rules, q.seats_with_vote), count, per_category)

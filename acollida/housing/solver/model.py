"""The placement problem as plain data: households waiting, units with free places, and a plan.

No Django here: the housing app turns its records into these dataclasses, the optimizer works on
them alone, and the benchmark builds them synthetically. Identifiers are strings the caller
chooses (primary keys as text). Reasons and needs are stable codes (``REASONS`` below) that the
screens translate; the solver itself shows no text to anyone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Point = tuple[float, float]
"""A (latitude, longitude) pair in degrees."""

Status = Literal["optimal", "feasible", "infeasible", "unknown"]
"""``optimal``: proven best; ``feasible``: best found at the time limit (see the gap);
``infeasible``: no plan satisfies the locks and the hard constraints; ``unknown``: the time
limit came before any plan was found."""

# Codes of hard constraints (a unit not ``compatible`` with a household says which failed) and of
# needs met; translated by the screens.
REASONS = {
    "too_few_beds": "the unit has fewer free beds than the household needs",
    "too_few_rooms": "the unit has fewer free rooms than the household needs",
    "unit_reserved": "the unit is let to one household and already reserved",
    "too_many_spare_beds": "the unit would leave more beds empty than the rules allow",
    "women_only_unit": "the unit is for women only and the household includes adult men",
    "needs_women_only": "the household needs a women-only place",
    "men_only_unit": "the unit is for men only and the household includes women or children",
    "families_only_unit": "the unit is for families with children",
    "minors_only_unit": "the unit is for unaccompanied minors",
    "needs_minors_only": "unaccompanied minors are placed only in minors-only units",
    "needs_lgbti_safe": "the household needs an LGBTI-safe place",
    "needs_pets_allowed": "the household has pets and the unit does not allow them",
    "needs_step_free": "the household needs step-free access",
    "needs_adapted_bathroom": "the household needs an adapted bathroom",
    "rejected": "a coordinator rejected this match",
}


@dataclass(frozen=True)
class Household:
    """A household on the waiting list, as the optimizer needs it.

    ``beds_needed`` defaults to ``size`` (a cot counts as a bed); ``men`` are the adult men and
    ``children`` the minors travelling with adults (both decide the gender and family rules);
    ``minors_only`` marks unaccompanied minors. ``priority`` comes from vulnerability (0–100 by
    convention) and ``waiting_days`` from the waiting list.
    """

    id: str
    size: int
    beds_needed: int = 0
    rooms_needed: int = 1
    men: int = 0
    children: int = 0
    women_only_needed: bool = False
    minors_only: bool = False
    needs_step_free: bool = False
    needs_adapted_bathroom: bool = False
    has_pets: bool = False
    lgbti_safe_needed: bool = False
    languages: frozenset[str] = frozenset()
    preferred_districts: frozenset[str] = frozenset()
    priority: float = 0.0
    waiting_days: int = 0
    school: Point | None = None
    work: Point | None = None
    medical: Point | None = None

    def __post_init__(self) -> None:
        if self.size < 1:
            raise ValueError("a household has at least one member")
        if self.beds_needed <= 0:
            object.__setattr__(self, "beds_needed", self.size)
        if self.rooms_needed < 0 or self.men < 0 or self.children < 0 or self.waiting_days < 0:
            raise ValueError("counts cannot be negative")

    @property
    def is_family(self) -> bool:
        """Adults with children (what a families-only unit takes)."""
        return self.children > 0 and not self.minors_only


@dataclass(frozen=True)
class Unit:
    """A flat, room or shelter section with free places; rules apply to every household in it.

    ``reserved_beds`` and ``reserved_rooms`` are places already promised outside this run (a
    reservation in progress): the optimizer only uses what remains. A ``private`` unit (a flat
    let to one family) takes one household at most; a shared one (shelter dormitory, shared
    flat) takes several households up to its beds and rooms.
    """

    id: str
    accommodation_id: str
    beds: int
    rooms: int = 1
    private: bool = False
    women_only: bool = False
    families_only: bool = False
    men_only: bool = False
    minors_only: bool = False
    lgbti_safe: bool = False
    pets_allowed: bool = False
    step_free: bool = False
    adapted_bathroom: bool = False
    languages: frozenset[str] = frozenset()
    district: str = ""
    lat: float | None = None
    lon: float | None = None
    reserved_beds: int = 0
    reserved_rooms: int = 0

    @property
    def free_beds(self) -> int:
        return max(0, self.beds - self.reserved_beds)

    @property
    def free_rooms(self) -> int:
        return max(0, self.rooms - self.reserved_rooms)

    @property
    def point(self) -> Point | None:
        if self.lat is None or self.lon is None:
            return None
        return (self.lat, self.lon)


@dataclass(frozen=True)
class Problem:
    """One optimizer run's input: who waits, what is free, and the coordinator's decisions.

    ``locked``: (household id, unit id) pairs kept as they are; ``rejected``: pairs never proposed.
    """

    households: tuple[Household, ...]
    units: tuple[Unit, ...]
    locked: frozenset[tuple[str, str]] = frozenset()
    rejected: frozenset[tuple[str, str]] = frozenset()

    def __post_init__(self) -> None:
        if len({h.id for h in self.households}) != len(self.households):
            raise ValueError("household ids must be unique")
        if len({u.id for u in self.units}) != len(self.units):
            raise ValueError("unit ids must be unique")


@dataclass(frozen=True)
class Match:
    """One proposed placement with its suitability and the parts it adds up from."""

    household_id: str
    unit_id: str
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    locked: bool = False


@dataclass(frozen=True)
class Explanation:
    """Why a household got its unit, or why it got none.

    For a match: ``needs_met`` (codes such as ``beds``, ``step_free``, ``language``), the score
    ``parts``, the best ``alternative_unit_id`` and ``alternative_reason`` — ``lower_score``
    (it suited the household less), ``taken`` (its places went to ``alternative_holders`` whose
    placement there adds more in total) or ``time_limit`` (the plan is not proven optimal).
    For an unplaced household: ``reason`` is ``no_compatible_unit`` (``blocking`` counts the
    failed rules over all units), ``all_rejected`` or ``outscored`` (the compatible units are
    full with households whose placement adds more; the best one is the alternative).
    """

    household_id: str
    unit_id: str | None
    reason: str = "placed"
    needs_met: tuple[str, ...] = ()
    parts: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    alternative_unit_id: str | None = None
    alternative_score: float | None = None
    alternative_reason: str | None = None
    alternative_holders: tuple[str, ...] = ()
    blocking: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    """The optimizer's answer.

    ``objective`` and ``bound`` are in the solver's integer units (suitability × 100 plus the
    placement bonus per household); ``gap`` is ``(bound - objective)`` relative to the plan's
    total suitability, so 0.004 means no plan placing as many households is more than 0.4 %
    more suitable. ``households_bound`` is the proven most households any plan could place
    (equal to ``households_placed`` when that is proven; ``optimal`` means both are proven).
    ``conflicts`` lists locks that cannot hold (incompatible, rejected, or twice the household).
    """

    status: Status
    matches: tuple[Match, ...]
    unplaced: tuple[str, ...]
    total_suitability: float
    objective: int
    bound: int
    gap: float
    seconds: float
    backend: str
    explanations: tuple[Explanation, ...] = ()
    conflicts: tuple[tuple[str, str, str], ...] = ()
    households_bound: int = 0

    @property
    def households_placed(self) -> int:
        return len(self.matches)

    def unit_of(self, household_id: str) -> str | None:
        for match in self.matches:
            if match.household_id == household_id:
                return match.unit_id
        return None

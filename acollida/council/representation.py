"""Representation, measured: seat shares against target bands, ratios, disproportionality, gender
balance, participation, and the small-cell suppression of published figures.

Pure Python (no Django) so it can be checked by hand and reused by the command, the pages and the API.

Definitions used throughout:

* **seat share** ``s_i`` of category *i*: its seats ÷ all seats counted (observers are counted only
  when the caller passes them; the composition of voting power leaves them out).
* **reference share** ``v_i``: the share the category *should* hold. It is the population share
  the body gives for the category when there is one, otherwise the midpoint of its target band
  ``(min + max) / 2``. The references are normalised to sum to 1 over the categories that have one,
  so that they compare with seat shares (which sum to 1).
* **representation ratio** = ``s_i / v_i``: 1 is proportional, below 1 under-represented
  (0.5: half the seats it should hold), above 1 over-represented.
* **Loosemore–Hanby index** ``D = ½ Σ |v_i − s_i|`` over the categories with a reference: the share of
  seats that would have to move between categories for the body to match its references
  (0 = perfectly proportional, 1 = as far off as possible).
* **gender balance** (the 40–60 % rule of Spanish equality law, Ley Orgánica 3/2007): among members
  whose gender is woman or man, neither may be under 40 % nor over 60 %. Non-binary and undisclosed
  members are reported but do not enter the rule's denominator.
* **participation**: the same shares and index, computed on what a category *does* (attendances,
  speaking turns, proposals authored and adopted) against its seat share: a category holding 30 % of
  seats that speaks 10 % of the turns is under-represented in participation.
* **suppression** (DESIGN.md rule 8): a published count is never between 1 and 9 and is rounded to 5;
  when a total is published and exactly one cell of it is hidden, the next smallest cell is hidden
  too, so the hidden one cannot be derived by subtraction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

LOW_SHARE = Fraction(2, 5)  # 40 %
HIGH_SHARE = Fraction(3, 5)  # 60 %
SMALL_CELL_MAX = 9
ROUND_TO = 5


@dataclass(frozen=True)
class CategoryInput:
    """What the body says about one seat category, and how many seats it holds."""

    code: str
    seats: int
    target_min: float | None = None
    target_max: float | None = None
    population_share: float | None = None
    has_vote: bool = True


@dataclass(frozen=True)
class CategoryShare:
    code: str
    seats: int
    share: float
    target_min: float | None
    target_max: float | None
    reference: float | None
    ratio: float | None
    within_band: bool | None

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "seats": self.seats,
            "share": round(self.share, 4),
            "target_min": self.target_min,
            "target_max": self.target_max,
            "reference": None if self.reference is None else round(self.reference, 4),
            "ratio": None if self.ratio is None else round(self.ratio, 4),
            "within_band": self.within_band,
        }


@dataclass(frozen=True)
class Composition:
    total_seats: int
    categories: list[CategoryShare]
    loosemore_hanby: float | None

    def as_dict(self) -> dict[str, object]:
        return {
            "total_seats": self.total_seats,
            "categories": [c.as_dict() for c in self.categories],
            "loosemore_hanby": None if self.loosemore_hanby is None else round(self.loosemore_hanby, 4),
        }


def target_midpoint(low: float | None, high: float | None) -> float | None:
    """The middle of a target band; a one-sided band counts as its one bound."""
    if low is None and high is None:
        return None
    if low is None:
        return high
    if high is None:
        return low
    return (low + high) / 2


def _raw_reference(category: CategoryInput) -> float | None:
    if category.population_share is not None:
        return category.population_share
    return target_midpoint(category.target_min, category.target_max)


def references(categories: Sequence[CategoryInput]) -> dict[str, float]:
    """The normalised reference share ``v_i`` of each category that has one."""
    raw = {c.code: r for c in categories if (r := _raw_reference(c)) is not None}
    total = sum(raw.values())
    if total <= 0:
        return {}
    return {code: value / total for code, value in raw.items()}


def representation_ratio(share: float, reference: float | None) -> float | None:
    """``share / reference``; ``None`` when there is no positive reference to compare with."""
    if reference is None or reference <= 0:
        return None
    return share / reference


def loosemore_hanby(pairs: Iterable[tuple[float, float]]) -> float:
    """``D = ½ Σ |v − s|`` over ``(v, s)`` pairs (reference share, seat share)."""
    return sum(abs(v - s) for v, s in pairs) / 2


def within_band(share: float, low: float | None, high: float | None) -> bool | None:
    if low is None and high is None:
        return None
    epsilon = 1e-9
    return (low is None or share >= low - epsilon) and (high is None or share <= high + epsilon)


def composition(categories: Sequence[CategoryInput], *, voting_only: bool = False) -> Composition:
    """Seat share, band check, ratio per category and the Loosemore–Hanby index of a body."""
    counted = [c for c in categories if c.has_vote or not voting_only]
    total = sum(c.seats for c in counted)
    refs = references(counted)
    rows = []
    for c in counted:
        share = c.seats / total if total else 0.0
        ref = refs.get(c.code)
        rows.append(
            CategoryShare(
                code=c.code,
                seats=c.seats,
                share=share,
                target_min=c.target_min,
                target_max=c.target_max,
                reference=ref,
                ratio=representation_ratio(share, ref),
                within_band=within_band(share, c.target_min, c.target_max),
            )
        )
    index = loosemore_hanby((r.reference, r.share) for r in rows if r.reference is not None) if refs else None
    return Composition(total_seats=total, categories=rows, loosemore_hanby=index if total else None)


@dataclass(frozen=True)
class GenderBalance:
    women: int
    men: int
    other: int
    women_share: float | None
    men_share: float | None
    balanced: bool | None

    def as_dict(self) -> dict[str, object]:
        return {
            "women": self.women,
            "men": self.men,
            "other": self.other,
            "women_share": None if self.women_share is None else round(self.women_share, 4),
            "men_share": None if self.men_share is None else round(self.men_share, 4),
            "balanced": self.balanced,
        }


def gender_balance(genders: Iterable[str]) -> GenderBalance:
    """The 40–60 % rule over ``"woman"``/``"man"``; anything else is counted as other."""
    women = men = other = 0
    for gender in genders:
        if gender == "woman":
            women += 1
        elif gender == "man":
            men += 1
        else:
            other += 1
    counted = women + men
    if not counted:
        return GenderBalance(women, men, other, None, None, None)
    women_share = Fraction(women, counted)
    balanced = LOW_SHARE <= women_share <= HIGH_SHARE
    return GenderBalance(women, men, other, float(women_share), float(1 - women_share), balanced)


@dataclass(frozen=True)
class ParticipationShare:
    code: str
    count: int
    share: float
    seat_share: float
    ratio: float | None


@dataclass(frozen=True)
class Participation:
    metric: str
    total: int
    categories: list[ParticipationShare] = field(default_factory=list)
    loosemore_hanby: float | None = None


def participation(metric: str, counts: Mapping[str, int], seat_shares: Mapping[str, float]) -> Participation:
    """Share of ``metric`` (attendances, speaking turns, proposals...) per category against its seat share.

    The ratio is ``share of the metric ÷ seat share`` and the index compares the two distributions.
    """
    codes = list(seat_shares)
    total = sum(counts.get(code, 0) for code in codes)
    rows = []
    for code in codes:
        count = counts.get(code, 0)
        share = count / total if total else 0.0
        rows.append(
            ParticipationShare(
                code=code,
                count=count,
                share=share,
                seat_share=seat_shares[code],
                ratio=representation_ratio(share, seat_shares[code]),
            )
        )
    index = loosemore_hanby((r.seat_share, r.share) for r in rows) if total else None
    return Participation(metric=metric, total=total, categories=rows, loosemore_hanby=index)


def attendance_rate(present: int, expected: int) -> float | None:
    """Seats present ÷ seats called, over the meetings considered."""
    return present / expected if expected else None


def round_count(count: int) -> int | None:
    """A published count: 0 stays 0, 1–9 is hidden (``None``), others round to the nearest 5."""
    if count == 0:
        return 0
    if count <= SMALL_CELL_MAX:
        return None
    return int(ROUND_TO * round(count / ROUND_TO))


def suppress(counts: Mapping[str, int], *, total_published: bool = True) -> dict[str, int | None]:
    """The cells of one table row ready to publish (``None`` = suppressed).

    Primary: every count of 1–9. Secondary: when the row's total is published and exactly one cell is
    hidden, the smallest published non-zero cell is hidden too, so nobody can subtract their way to it.
    """
    result = {key: round_count(value) for key, value in counts.items()}
    hidden = [key for key, value in result.items() if value is None]
    if total_published and len(hidden) == 1:
        candidates = sorted((value, key) for key, value in counts.items() if result[key] not in (None, 0))
        if candidates:
            result[candidates[0][1]] = None
    return result


def published_total(counts: Mapping[str, int]) -> int | None:
    """The row total as published (rounded like any cell)."""
    return round_count(sum(counts.values()))

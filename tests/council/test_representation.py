"""Representation figures against examples worked out by hand."""

from __future__ import annotations

import pytest

from acollida.council import representation as rep


def _three_categories() -> list[rep.CategoryInput]:
    # 10 seats: migrant associations 2, NGOs 6, unions 2; target bands 30–50 %, 30–50 %, 10–30 %.
    return [
        rep.CategoryInput("migrant_associations", 2, 0.3, 0.5),
        rep.CategoryInput("ngos", 6, 0.3, 0.5),
        rep.CategoryInput("trade_unions", 2, 0.1, 0.3),
    ]


def test_seat_share_is_seats_over_all_seats() -> None:
    shares = {c.code: c.share for c in rep.composition(_three_categories()).categories}
    assert shares == pytest.approx({"migrant_associations": 0.2, "ngos": 0.6, "trade_unions": 0.2})


def test_band_check_flags_under_and_over_represented_categories() -> None:
    bands = {c.code: c.within_band for c in rep.composition(_three_categories()).categories}
    assert bands == {"migrant_associations": False, "ngos": False, "trade_unions": True}


def test_representation_ratio_is_share_over_band_midpoint() -> None:
    # Midpoints 0.4, 0.4, 0.2 sum to 1: ratios 0.2/0.4, 0.6/0.4, 0.2/0.2.
    ratios = {c.code: c.ratio for c in rep.composition(_three_categories()).categories}
    assert ratios == pytest.approx({"migrant_associations": 0.5, "ngos": 1.5, "trade_unions": 1.0})


def test_loosemore_hanby_is_half_the_sum_of_absolute_gaps() -> None:
    # ½ (|0.4 − 0.2| + |0.4 − 0.6| + |0.2 − 0.2|) = 0.2
    assert rep.composition(_three_categories()).loosemore_hanby == pytest.approx(0.2)


def test_loosemore_hanby_is_zero_when_seats_match_references() -> None:
    categories = [rep.CategoryInput("ngos", 5, 0.5, 0.5), rep.CategoryInput("experts", 5, 0.5, 0.5)]
    assert rep.composition(categories).loosemore_hanby == pytest.approx(0.0)


def test_population_share_takes_precedence_over_band_midpoint() -> None:
    categories = [
        rep.CategoryInput("migrant_associations", 1, 0.3, 0.5, population_share=0.25),
        rep.CategoryInput("ngos", 3, 0.5, 0.7, population_share=0.75),
    ]
    ratios = {c.code: c.ratio for c in rep.composition(categories).categories}
    assert ratios == pytest.approx({"migrant_associations": 1.0, "ngos": 1.0})


def test_references_are_normalised_to_sum_to_one() -> None:
    # Midpoints 0.3 and 0.1 (sum 0.4) become 0.75 and 0.25.
    categories = [rep.CategoryInput("a", 3, 0.2, 0.4), rep.CategoryInput("b", 1, 0.0, 0.2)]
    assert rep.references(categories) == pytest.approx({"a": 0.75, "b": 0.25})


def test_observers_leave_the_voting_composition() -> None:
    categories = [*_three_categories(), rep.CategoryInput("observers", 2, has_vote=False)]
    assert rep.composition(categories).total_seats == 12
    assert rep.composition(categories, voting_only=True).total_seats == 10


def test_category_without_a_band_has_no_ratio() -> None:
    categories = [rep.CategoryInput("a", 1, 0.5, 0.5), rep.CategoryInput("observers", 1)]
    row = rep.composition(categories).categories[1]
    assert (row.ratio, row.within_band) == (None, None)


def test_body_without_seats_has_no_index() -> None:
    assert rep.composition([rep.CategoryInput("a", 0, 0.5, 0.5)]).loosemore_hanby is None


@pytest.mark.parametrize(
    ("women", "men", "balanced"),
    [(4, 6, True), (6, 4, True), (3, 7, False), (7, 3, False), (5, 5, True), (39, 61, False)],
)
def test_gender_balance_follows_the_40_60_rule(women: int, men: int, balanced: bool) -> None:
    assert rep.gender_balance(["woman"] * women + ["man"] * men).balanced is balanced


def test_non_binary_and_undisclosed_are_reported_outside_the_rule() -> None:
    result = rep.gender_balance(["woman", "woman", "man", "man", "non_binary", "undisclosed"])
    assert (result.other, result.women_share, result.balanced) == (2, 0.5, True)


def test_gender_balance_of_nobody_is_unknown() -> None:
    assert rep.gender_balance([]).balanced is None


def test_participation_compares_activity_share_with_seat_share() -> None:
    # Migrant associations hold 20 % of seats but spoke 10 of 50 turns (20 %): ratio 1; NGOs 60 % and
    # 35 turns (70 %): ratio 70/60; unions 20 % and 5 turns (10 %): ratio 0.5. D = ½(0 + 0.1 + 0.1).
    result = rep.participation(
        "speaking_turns",
        {"migrant_associations": 10, "ngos": 35, "trade_unions": 5},
        {"migrant_associations": 0.2, "ngos": 0.6, "trade_unions": 0.2},
    )
    ratios = {c.code: c.ratio for c in result.categories}
    assert ratios == pytest.approx({"migrant_associations": 1.0, "ngos": 70 / 60, "trade_unions": 0.5})
    assert result.loosemore_hanby == pytest.approx(0.1)


def test_attendance_rate_is_present_over_called() -> None:
    assert rep.attendance_rate(27, 36) == pytest.approx(0.75)
    assert rep.attendance_rate(0, 0) is None


@pytest.mark.parametrize(
    ("count", "published"), [(0, 0), (1, None), (9, None), (10, 10), (12, 10), (13, 15), (81, 80)]
)
def test_counts_of_one_to_nine_are_hidden_and_others_round_to_five(count: int, published: int | None) -> None:
    assert rep.round_count(count) == published


def test_a_single_hidden_cell_hides_the_next_smallest_too() -> None:
    published = rep.suppress({"woman": 3, "man": 40, "non_binary": 0, "undisclosed": 22})
    assert published == {"woman": None, "man": 40, "non_binary": 0, "undisclosed": None}


def test_two_hidden_cells_need_no_secondary_suppression() -> None:
    published = rep.suppress({"woman": 3, "man": 40, "undisclosed": 2})
    assert published == {"woman": None, "man": 40, "undisclosed": None}


def test_without_a_published_total_only_small_cells_are_hidden() -> None:
    published = rep.suppress({"woman": 3, "man": 40, "undisclosed": 22}, total_published=False)
    assert published == {"woman": None, "man": 40, "undisclosed": 20}

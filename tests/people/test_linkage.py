from __future__ import annotations

import pytest

from acollida.people.linkage import (
    MATCH,
    PartialDate,
    Record,
    compare_dates,
    find_duplicates,
    prepare,
    record_from,
)
from acollida.people.synthetic import population, true_pairs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990-03-07", PartialDate(1990, 3, 7)),
        ("1990-03", PartialDate(1990, 3)),
        ("1990", PartialDate(1990)),
        ("", None),
    ],
)
def test_partial_dates_keep_their_precision(text: str, expected: PartialDate | None) -> None:
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize("text", ["1990-13-01", "90", "1990/03/07", "1990-03-32", "soon"])
def test_malformed_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_a_year_only_date_never_agrees_as_an_exact_date() -> None:
    assert compare_dates(PartialDate(1990), PartialDate(1990, 1, 1)) == "year"
    assert compare_dates(PartialDate(1990, 1, 1), PartialDate(1990, 1, 1)) == "exact"
    assert compare_dates(PartialDate(1990, 3, 7), PartialDate(1990, 7, 3)) == "day_typo"
    assert compare_dates(PartialDate(1990), PartialDate(1991)) == "near"
    assert compare_dates(PartialDate(1990, 3, 7), PartialDate(1991, 3, 7)) == "different"
    assert compare_dates(None, PartialDate(1990)) == "missing"


def test_compact_names_meet_whatever_the_spacing() -> None:
    assert (
        prepare(Record(id="a", family_name="Ben Ali")).compact
        == prepare(Record(id="b", family_name="Benali")).compact
    )


def _records(names: list[tuple[str, str, str, str]]) -> list[Record]:
    return [
        Record(
            id=str(i), given_name=g, family_name=f, date_of_birth=PartialDate.parse(d), document_number=doc
        )
        for i, (g, f, d, doc) in enumerate(names)
    ]


def test_same_person_in_another_script_and_spelling_is_a_match() -> None:
    records = _records(
        [
            ("Mohammed", "al-Hassan", "1990-03-07", "X1234567B"),
            ("محمد", "الحسن", "1990-03-07", "X1234567B"),
            ("Olena", "Kovalenko", "1985-11-02", ""),
            ("Ana María", "Torres Quintero", "1970-06-15", ""),
        ]
        + [("Filler", f"Person{i}", f"19{50 + i}", "") for i in range(30)]
    )
    pairs = {(p.id_a, p.id_b): p for p in find_duplicates(records)}
    assert pairs[("0", "1")].decision == MATCH
    assert pairs[("0", "1")].explanation.weights["document"] > 10


def test_common_name_and_year_alone_is_never_a_match() -> None:
    records = _records([("Mohammed", "Hassan", "1990", ""), ("Mohammed", "Hassan", "1990", "")])
    records += _records([("Mohammed", f"Other{i}", "1980", "") for i in range(40)])
    for pair in find_duplicates(records):
        assert pair.decision != MATCH


def test_quality_on_a_small_synthetic_population() -> None:
    people = population(2000, seed=11)
    records = [record_from(p) for p in people]
    truth = true_pairs(people)
    found = find_duplicates(records)
    predicted = {(p.id_a, p.id_b) for p in found}
    matches = {(p.id_a, p.id_b) for p in found if p.decision == MATCH}
    recall = len(predicted & truth) / len(truth)
    match_precision = len(matches & truth) / max(len(matches), 1)
    assert recall >= 0.97
    assert match_precision >= 0.99


def test_the_shipped_default_model_matches_the_generator() -> None:
    """default_model.json is what build_default_model() computes; regenerate it if this fails."""
    import json

    from acollida.people.linkage import _DEFAULT_MODEL_PATH, build_default_model

    shipped = json.loads(_DEFAULT_MODEL_PATH.read_text(encoding="utf-8"))
    rebuilt = json.loads(json.dumps(build_default_model()))
    assert shipped == rebuilt

"""Trigram nearest-neighbour search: whole-name ``t:`` keys everywhere, looked up on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from acollida.people.keys import trigram_keys, trigram_text
from acollida.people.models import Person, PersonKey
from acollida.people.selectors import _trigram_neighbours, person_search
from acollida.people.services import PersonData, person_register
from tests.conftest import Network

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_trgm exists only on PostgreSQL"
)


def _register(network: Network, **fields: object) -> Person:
    return person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(**fields),  # type: ignore[arg-type]
        candidates_seen=0,
    )


def test_trigram_text_is_word_skeletons_in_written_order() -> None:
    assert trigram_text("Mohammed al-Hassan") == trigram_text("Muhammad Al Hasan")
    assert trigram_text("Hassan Mohammed") != trigram_text("Mohammed Hassan")
    assert trigram_keys(["", "Yusuf Diallo"]) == {f"t:{trigram_text('Yusuf Diallo')}"}


def test_registration_files_one_trigram_key_per_whole_name(network: Network) -> None:
    person = _register(
        network, given_name="Oleksandr", family_name="Shevchenko", native_name="Олександр Шевченко"
    )
    keys = set(PersonKey.objects.filter(person=person, key__startswith="t:").values_list("key", flat=True))
    assert keys == trigram_keys(["Oleksandr Shevchenko", "Олександр Шевченко"])


@on_postgresql
def test_a_typo_in_every_word_is_found_through_trigram_neighbours(network: Network) -> None:
    target = _register(network, given_name="Khalid", family_name="Benbrahim", date_of_birth=date(1977, 5, 1))
    for index in range(5):
        _register(network, given_name=f"Other{index}", family_name="Person")
    # Neither word's skeleton matches ("khld"/"khd", "bnbrhm"/"bnbrm"): only trigrams meet.
    found = person_search(user=network.users["caseworker"], text="Khaid Benbraim")
    assert target.pk in [candidate.person.pk for candidate in found]


@on_postgresql
def test_trigram_neighbours_use_the_gist_index(network: Network) -> None:
    _register(network, given_name="Khalid", family_name="Benbrahim")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT person_id FROM people_personkey WHERE key LIKE 't:%%' "
            "ORDER BY substr(key, 3) <-> %s LIMIT 20",
            ["khd bnbrm"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "personkey_trgm_idx" in plan
    assert _trigram_neighbours("khld bnbrhm")


def test_without_postgresql_there_are_no_trigram_neighbours(network: Network) -> None:
    _register(network, given_name="Khalid", family_name="Benbrahim")
    if connection.vendor == "postgresql":
        assert _trigram_neighbours("khld bnbrhm")
    else:
        assert _trigram_neighbours("khld bnbrhm") == []


@on_postgresql
def test_nightly_scan_compares_recent_persons_with_their_trigram_neighbours(network: Network) -> None:
    from acollida.people.linkage import candidate_pairs as blocked
    from acollida.people.linkage import prepare
    from acollida.people.models import DuplicateCandidate
    from acollida.people.review import scan_duplicates, trigram_pairs
    from acollida.people.selectors import person_record

    fields = {"sex": "M", "address": "Carrer de Sagunt, 12, Benicalap", "phone": ""}
    first = _register(network, given_name="Khalid", family_name="Benbrahim", **fields)
    second = _register(network, given_name="Khaid", family_name="Benbraim", **fields)
    # The blocking keys alone never compare these two ...
    assert blocked([prepare(person_record(first)), prepare(person_record(second))]) == set()
    # ... their trigram neighbourhood does, and the scan files the pair for review.
    assert (str(second.pk), str(first.pk)) in trigram_pairs([second.pk])
    result = scan_duplicates()
    assert result["neighbours"] >= 1
    pair = DuplicateCandidate.objects.get()
    assert {pair.person_a_id, pair.person_b_id} == {first.pk, second.pk}
    assert scan_duplicates(trigram_days=0)["neighbours"] == 0


def test_scan_command_refuses_a_negative_number_of_days(network: Network) -> None:
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="0 or more"):
        call_command("people", "scan-duplicates", "--trigram-days", "-1")

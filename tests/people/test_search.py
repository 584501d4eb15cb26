from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from acollida.people.models import DatePrecision, IdentityDocument, Person, PersonKey
from acollida.people.selectors import parse_query, person_search
from acollida.people.services import PersonData, person_register
from tests.conftest import Network


def _register(network: Network, who: str = "caseworker", **fields: object) -> Person:
    actor = network.users[who]
    organisation = network.cai if who in {"caseworker", "coordinator"} else network.cear
    return person_register(
        actor=actor,
        organisation=organisation,
        data=PersonData(**fields),  # type: ignore[arg-type]
        candidates_seen=0,
    )


@pytest.fixture
def mohammed(network: Network) -> Person:
    return _register(
        network,
        given_name="Mohammed",
        family_name="al-Hassan",
        native_name="محمد الحسن",
        date_of_birth=date(1990, 3, 7),
        nationalities=["SY"],
        documents=[("passport", "N0123456", "SY", None)],
        phone="+34 600 111 222",
    )


def test_parse_query_splits_names_year_and_numbers() -> None:
    query = parse_query("Mohamed Hasan 1990 X1234567B")
    assert query.names == ["Mohamed", "Hasan"]
    assert query.birth is not None and query.birth.year == 1990 and query.birth.month is None
    assert query.identifiers == ["X1234567B"]
    assert parse_query("07/03/1990").birth == parse_query("1990-03-07").birth


@pytest.mark.parametrize(
    "typed",
    [
        "Muhammad Hassan",
        "Mohamed El Hasan 1990",
        "محمد",
        "N0123456",
        "n-0123 456",
        "600111222",
        "Hassan Mohammed",
    ],
)
def test_a_caseworker_finds_the_person_in_any_spelling_script_or_number(
    network: Network, mohammed: Person, typed: str
) -> None:
    results = person_search(user=network.users["caseworker"], text=typed)
    assert results and results[0].person == mohammed
    assert results[0].visible


@translation.override("en")
def test_each_result_says_why_it_matches(network: Network, mohammed: Person) -> None:
    result = person_search(user=network.users["caseworker"], text="Muhammad Hasan 1990")[0]
    reasons = [str(r) for r in result.reasons]
    assert "name sounds the same (another spelling or script)" in reasons
    assert "same birth year" in reasons
    by_document = person_search(user=network.users["caseworker"], text="N0123456")[0]
    assert "same identity document" in [str(r) for r in by_document.reasons]


def test_people_held_by_another_organisation_come_back_redacted(network: Network, mohammed: Person) -> None:
    results = person_search(user=network.users["ngo_caseworker"], text="Mohamed Hasan")
    assert [r.person for r in results] == [mohammed]
    assert not results[0].visible
    assert results[0].initials == "M. a."


def test_a_protected_person_never_appears_in_anyone_elses_search(network: Network) -> None:
    _register(network, given_name="Oleksandr", family_name="Shevchenko", is_protected=True)
    assert person_search(user=network.users["caseworker"], text="Oleksandr Shevchenko")
    assert person_search(user=network.users["coordinator"], text="Aleksandr Sevcenko") == []
    assert person_search(user=network.users["ngo_caseworker"], text="Олександр Шевченко") == []


def test_staff_without_the_right_to_read_persons_find_nobody(network: Network, mohammed: Person) -> None:
    for who in ("researcher", "volunteer", "org_admin", "platform_admin", "dpo", "outsider"):
        assert person_search(user=network.users[who], text="Mohammed") == [], who


@translation.override("en")
def test_year_only_dates_are_kept_with_their_precision(network: Network) -> None:
    person = _register(
        network, given_name="Olena", family_name="Kovalenko", date_of_birth=date(1985, 1, 1),
        date_of_birth_precision=DatePrecision.YEAR,
    )  # fmt: skip
    assert person.date_of_birth_display() == "1985"
    results = person_search(user=network.users["caseworker"], text="Olena Kovalenko 1986")
    assert results[0].person == person
    assert "birth year one apart" in [str(r) for r in results[0].reasons]


def test_document_numbers_are_encrypted_and_searchable_only_by_keyed_hash(
    network: Network, mohammed: Person
) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT number, number_hash FROM people_identitydocument")
        stored, digest = cursor.fetchone()
    assert "0123456" not in stored and "0123456" not in digest
    assert IdentityDocument.objects.get().number == "N0123456"
    assert not PersonKey.objects.filter(key__contains="0123456").exists()


def test_registering_despite_candidates_needs_a_reason(network: Network) -> None:
    with pytest.raises(ValidationError) as error:
        person_register(
            actor=network.users["caseworker"],
            organisation=network.cai,
            data=PersonData(given_name="Yusuf", family_name="Haddad"),
            candidates_seen=2,
        )
    assert "reason" in error.value.message_dict
    person = person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(given_name="Yusuf", family_name="Haddad"),
        candidates_seen=2,
        reason="Different father's name and arrived last week",
    )
    assert person.creation_reason.startswith("Different father")


def test_only_staff_who_edit_persons_at_that_organisation_register(network: Network) -> None:
    with pytest.raises(PermissionDenied):
        person_register(
            actor=network.users["ngo_caseworker"],
            organisation=network.cai,
            data=PersonData(given_name="Awa"),
            candidates_seen=0,
        )


def test_changes_to_a_person_are_audited_with_personal_values_masked(
    network: Network, mohammed: Person
) -> None:
    from auditlog.models import LogEntry

    entry = LogEntry.objects.get_for_object(mohammed).get(action=LogEntry.Action.CREATE)
    assert "Mohammed" not in str(entry.changes)
    document_entry = LogEntry.objects.get_for_object(IdentityDocument.objects.get()).get()
    assert "0123456" not in str(document_entry.changes)

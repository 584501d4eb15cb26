from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from acollida.people.models import DuplicateCandidate, IdentityDocument, Merge, Person, PersonName
from acollida.people.review import candidates_for, mark_not_same, merge, merge_undo, scan_duplicates
from acollida.people.selectors import person_search
from acollida.people.services import PersonData, person_register
from tests.conftest import Network


def _person(network: Network, organisation_name: str = "cai", **fields: object) -> Person:
    organisation = getattr(network, organisation_name)
    actor = network.users["caseworker" if organisation_name == "cai" else "ngo_caseworker"]
    return person_register(
        actor=actor, organisation=organisation, data=PersonData(**fields), candidates_seen=0
    )  # type: ignore[arg-type]


@pytest.fixture
def pair(network: Network) -> tuple[Person, Person]:
    first = _person(
        network, given_name="Oleksandr", family_name="Shevchenko", date_of_birth=date(1984, 5, 2),
        documents=[("passport", "FE123456", "UA", None)], nationalities=["UA"],
    )  # fmt: skip
    second = _person(
        network, given_name="Aleksandr", family_name="Sevcenko", native_name="Олександр Шевченко",
        date_of_birth=date(1984, 5, 2), documents=[("nie", "Y7654321K", "ES", None)], nationalities=["UA"],
    )  # fmt: skip
    return first, second


def test_the_nightly_scan_files_the_pair_and_merges_nothing(
    network: Network, pair: tuple[Person, Person]
) -> None:
    result = scan_duplicates()
    assert result["new"] == 1
    candidate = DuplicateCandidate.objects.get()
    assert {candidate.person_a, candidate.person_b} == set(pair)
    assert candidate.explanation["levels"]["name"] in {"skeleton", "exact", "fuzzy"}
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    assert scan_duplicates()["new"] == 0


def test_scan_runs_as_a_management_command(network: Network, pair: tuple[Person, Person]) -> None:
    call_command("people", "scan-duplicates", verbosity=0)
    assert DuplicateCandidate.objects.count() == 1


def test_not_the_same_person_is_never_asked_again(network: Network, pair: tuple[Person, Person]) -> None:
    scan_duplicates()
    candidate = DuplicateCandidate.objects.get()
    mark_not_same(actor=network.users["coordinator"], candidate=candidate)
    scan_duplicates()
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.NOT_SAME
    assert not candidates_for(network.users["coordinator"]).exists()


def test_merge_keeps_both_records_and_can_be_undone(network: Network, pair: tuple[Person, Person]) -> None:
    first, second = pair
    scan_duplicates()
    candidate = DuplicateCandidate.objects.get()
    record = merge(actor=network.users["coordinator"], candidate=candidate, survivor=first)
    second.refresh_from_db()
    assert second.merged_into == first
    assert IdentityDocument.objects.filter(person=first).count() == 2
    assert PersonName.objects.filter(person=first, name="Aleksandr Sevcenko").exists()
    found = person_search(user=network.users["caseworker"], text="Y7654321K")
    assert [c.person for c in found] == [first]

    merge_undo(actor=network.users["coordinator"], merge_record=record)
    second.refresh_from_db()
    assert second.merged_into is None
    assert IdentityDocument.objects.filter(person=first).count() == 1
    assert IdentityDocument.objects.filter(person=second).count() == 1
    assert not PersonName.objects.filter(person=first).exists()
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.OPEN
    assert Merge.objects.get().undone_at is not None


def test_merging_across_organisations_needs_coordination_at_both(network: Network) -> None:
    city = _person(network, given_name="Awa", family_name="Diallo", date_of_birth=date(1995, 1, 9),
                   documents=[("passport", "SN998877", "SN", None)])  # fmt: skip
    _person(network, "cear", given_name="Awa", family_name="Jallow", date_of_birth=date(1995, 1, 9),
            documents=[("passport", "SN998877", "SN", None)])  # fmt: skip
    scan_duplicates()
    candidate = DuplicateCandidate.objects.get()
    assert candidates_for(network.users["coordinator"]).count() == 1
    with pytest.raises(PermissionDenied):
        merge(actor=network.users["coordinator"], candidate=candidate, survivor=city)
    with pytest.raises(PermissionDenied):
        merge(actor=network.users["caseworker"], candidate=candidate, survivor=city)

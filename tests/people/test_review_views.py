"""The duplicate review screens: queue, one pair explained, decisions, merges and undo."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse as django_reverse
from django.utils import translation

from acollida.core.models import ReadLog
from acollida.people.models import DuplicateCandidate, Merge, Person, PersonName
from acollida.people.review import scan_duplicates
from acollida.people.services import PersonData, person_register
from tests.conftest import Network, login


def reverse(name: str, args: list[object] | None = None) -> str:
    """URLs in English, whatever language an earlier test left active: the assertions read English."""
    with translation.override("en"):
        return django_reverse(name, args=args)


def _person(network: Network, holder: str = "cai", **fields: object) -> Person:
    organisation = getattr(network, holder)
    actor = network.users["caseworker" if holder == "cai" else "ngo_caseworker"]
    return person_register(
        actor=actor,
        organisation=organisation,
        data=PersonData(**fields),  # type: ignore[arg-type]
        candidates_seen=0,
    )


@pytest.fixture
def same_org_pair(network: Network) -> tuple[Person, Person]:
    first = _person(
        network, given_name="Oleksandr", family_name="Shevchenko", date_of_birth=date(1984, 5, 2),
        documents=[("passport", "FE123456", "UA", None)], nationalities=["UA"],
    )  # fmt: skip
    second = _person(
        network, given_name="Aleksandr", family_name="Sevcenko", native_name="Олександр Шевченко",
        date_of_birth=date(1984, 5, 2), documents=[("nie", "Y7654321K", "ES", None)], nationalities=["UA"],
    )  # fmt: skip
    return first, second


@pytest.fixture
def cross_org_pair(network: Network) -> tuple[Person, Person]:
    city = _person(network, given_name="Awa", family_name="Diallo", date_of_birth=date(1995, 1, 9),
                   documents=[("passport", "SN998877", "SN", None)])  # fmt: skip
    ngo = _person(network, "cear", given_name="Awa", family_name="Jallow", date_of_birth=date(1995, 1, 9),
                  documents=[("passport", "SN998877", "SN", None)])  # fmt: skip
    return city, ngo


def _candidate(*persons: Person) -> DuplicateCandidate:
    a, b = sorted(p.pk for p in persons)
    return DuplicateCandidate.objects.get(person_a_id=a, person_b_id=b)


def _coordinator(client: Client, network: Network) -> Client:
    return login(client, network.users["coordinator"])


def test_queue_lists_only_pairs_touching_the_coordinators_organisations(
    network: Network, client: Client, same_org_pair: tuple[Person, Person]
) -> None:
    elsewhere = (
        _person(network, "cear", given_name="Mariam", family_name="Karimi", date_of_birth=date(1992, 4, 4),
                phone="+34 611 222 333"),
        _person(network, "cear", given_name="Maryam", family_name="Karimi", date_of_birth=date(1992, 4, 4),
                phone="+34 611 222 333"),
    )  # fmt: skip
    scan_duplicates()
    assert DuplicateCandidate.objects.count() == 2
    _coordinator(client, network)
    response = client.get(reverse("people:duplicates"))
    assert response.status_code == 200
    listed = [row["candidate"] for row in response.context["rows"]]
    assert listed == [_candidate(*same_org_pair)]
    assert _candidate(*elsewhere) not in listed
    assert "Karimi" not in response.content.decode()


def test_queue_filters_by_suggestion(
    network: Network, client: Client, same_org_pair: tuple[Person, Person]
) -> None:
    scan_duplicates()
    candidate = _candidate(*same_org_pair)
    other = "possible" if candidate.decision == "match" else "match"
    _coordinator(client, network)
    url = reverse("people:duplicates")
    assert len(client.get(url, {"suggestion": candidate.decision}).context["rows"]) == 1
    assert len(client.get(url, {"suggestion": other}).context["rows"]) == 0


def test_the_pair_page_explains_the_score_in_words(
    network: Network, client: Client, same_org_pair: tuple[Person, Person]
) -> None:
    scan_duplicates()
    candidate = _candidate(*same_org_pair)
    _coordinator(client, network)
    response = client.get(reverse("people:duplicate_detail", args=[candidate.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Oleksandr Shevchenko" in page and "Aleksandr Sevcenko" in page
    assert "Same date of birth." in page
    assert "Points strongly to the same person" in page
    evidence = response.context["evidence"]
    assert {row.strength for row in evidence} >= {"strong_for"}
    assert response.context["can_merge"] is True


def test_the_pair_page_is_read_logged_for_the_records_shown_in_full(
    network: Network, client: Client, cross_org_pair: tuple[Person, Person]
) -> None:
    scan_duplicates()
    city, ngo = cross_org_pair
    _coordinator(client, network)
    response = client.get(reverse("people:duplicate_detail", args=[_candidate(city, ngo).pk]))
    assert response.status_code == 200
    logged = set(ReadLog.objects.filter(record_type="person").values_list("record_id", flat=True))
    assert logged == {str(city.pk)}
    # The other organisation's person is shown redacted: initials, birth year, holder.
    page = response.content.decode()
    assert "Jallow" not in page and "A. J." in page and "CEAR-PV" in page


def test_merge_asks_for_confirmation_then_merges(
    network: Network, client: Client, same_org_pair: tuple[Person, Person]
) -> None:
    first, second = same_org_pair
    scan_duplicates()
    candidate = _candidate(first, second)
    keep = "keep_a" if candidate.person_a_id == first.pk else "keep_b"
    _coordinator(client, network)
    url = reverse("people:duplicate_decide", args=[candidate.pk])
    response = client.post(url, {"decision": keep})
    assert response.status_code == 200
    assert "Yes, merge them" in response.content.decode()
    assert not Merge.objects.exists()

    response = client.post(url, {"decision": keep, "confirm": "on"})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.merged_into == first
    assert Merge.objects.get().merged_by == network.users["coordinator"]
    assert not client.get(reverse("people:duplicates")).context["rows"]


def test_undo_has_a_confirmation_page_and_puts_everything_back(
    network: Network, client: Client, same_org_pair: tuple[Person, Person]
) -> None:
    first, second = same_org_pair
    scan_duplicates()
    candidate = _candidate(first, second)
    keep = "keep_a" if candidate.person_a_id == first.pk else "keep_b"
    _coordinator(client, network)
    client.post(reverse("people:duplicate_decide", args=[candidate.pk]), {"decision": keep, "confirm": "on"})
    record = Merge.objects.get()
    listing = client.get(reverse("people:merges"))
    assert listing.context["rows"][0]["can_undo"] is True
    undo_url = reverse("people:merge_undo", args=[record.pk])
    assert undo_url in listing.content.decode()

    assert client.get(undo_url).status_code == 200
    second.refresh_from_db()
    assert second.merged_into == first
    response = client.post(undo_url)
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.merged_into is None
    assert not PersonName.objects.filter(person=first).exists()
    assert _candidate(first, second).status == DuplicateCandidate.Status.OPEN
    assert client.post(undo_url).status_code == 302  # already undone: a message, nothing else
    assert Merge.objects.get().undone_by == network.users["coordinator"]


def test_not_the_same_person_never_comes_back(
    network: Network, client: Client, same_org_pair: tuple[Person, Person]
) -> None:
    scan_duplicates()
    candidate = _candidate(*same_org_pair)
    _coordinator(client, network)
    response = client.post(reverse("people:duplicate_decide", args=[candidate.pk]), {"decision": "not_same"})
    assert response.status_code == 302
    scan_duplicates()
    assert _candidate(*same_org_pair).status == DuplicateCandidate.Status.NOT_SAME
    assert not client.get(reverse("people:duplicates")).context["rows"]
    assert client.get(reverse("people:duplicate_detail", args=[candidate.pk])).status_code == 404


def test_merging_across_organisations_is_refused_with_what_can_be_done(
    network: Network, client: Client, cross_org_pair: tuple[Person, Person]
) -> None:
    scan_duplicates()
    candidate = _candidate(*cross_org_pair)
    _coordinator(client, network)
    detail = client.get(reverse("people:duplicate_detail", args=[candidate.pk]))
    assert detail.context["can_merge"] is False
    assert "The same person — keep record A" not in detail.content.decode()
    response = client.post(
        reverse("people:duplicate_decide", args=[candidate.pk]),
        {"decision": "keep_a", "confirm": "on"},
    )
    assert response.status_code == 403
    assert "mark them as not the same person" in response.content.decode()
    assert not Merge.objects.exists()
    response = client.post(reverse("people:duplicate_decide", args=[candidate.pk]), {"decision": "not_same"})
    assert response.status_code == 302
    assert _candidate(*cross_org_pair).status == DuplicateCandidate.Status.NOT_SAME


@pytest.mark.parametrize(
    "persona", ["caseworker", "ngo_caseworker", "org_admin", "dpo", "researcher", "volunteer", "outsider"]
)
def test_only_coordinators_review_duplicates(
    network: Network, client: Client, same_org_pair: tuple[Person, Person], persona: str
) -> None:
    scan_duplicates()
    candidate = _candidate(*same_org_pair)
    login(client, network.users[persona])
    assert client.get(reverse("people:duplicates")).status_code == 403
    assert client.get(reverse("people:duplicate_detail", args=[candidate.pk])).status_code == 403
    decide = reverse("people:duplicate_decide", args=[candidate.pk])
    assert client.post(decide, {"decision": "not_same"}).status_code == 403
    assert client.get(reverse("people:merges")).status_code == 403
    assert _candidate(*same_org_pair).status == DuplicateCandidate.Status.OPEN


def test_an_undo_is_only_for_coordinators_of_both_organisations(
    network: Network, client: Client, same_org_pair: tuple[Person, Person]
) -> None:
    first, second = same_org_pair
    scan_duplicates()
    candidate = _candidate(first, second)
    _coordinator(client, network)
    client.post(
        reverse("people:duplicate_decide", args=[candidate.pk]), {"decision": "keep_a", "confirm": "on"}
    )
    undo_url = reverse("people:merge_undo", args=[Merge.objects.get().pk])
    client.logout()
    login(client, network.users["caseworker"])
    assert client.get(undo_url).status_code == 403
    assert client.post(undo_url).status_code == 403
    assert Merge.objects.get().undone_at is None


def test_signed_out_visitors_are_sent_to_sign_in(network: Network, client: Client) -> None:
    response = client.get(reverse("people:duplicates"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_queue_and_merge_list_are_read_logged(
    network: Network, client: Client, same_org_pair: tuple[Person, Person]
) -> None:
    scan_duplicates()
    _coordinator(client, network)
    client.get(reverse("people:duplicates"))
    logged = set(ReadLog.objects.filter(record_type="person").values_list("record_id", flat=True))
    assert logged == {str(p.pk) for p in same_org_pair}
    assert ReadLog.objects.filter(user=network.users["coordinator"], purpose="duplicate review").count() == 2

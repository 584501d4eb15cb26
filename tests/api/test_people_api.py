"""The people API: persons, search, households and duplicate review, by token and by session.

Tenant isolation is the thread through it: an NGO caseworker never gets a person held by the city
through any endpoint, protected persons stay with their named staff, and every person shown is in
the read log.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from acollida.core.models import ReadLog
from acollida.people.models import (
    DatePrecision,
    DuplicateCandidate,
    Household,
    HouseholdMember,
    IdentityDocument,
    Merge,
    Person,
    PersonName,
)
from acollida.people.review import scan_duplicates
from acollida.people.services import PersonData, person_register
from tests.api.conftest import bearer
from tests.conftest import Network, login


def register(network: Network, who: str = "caseworker", **fields: Any) -> Person:
    """A person held by the CAI (caseworker, coordinator) or by CEAR (ngo_caseworker)."""
    organisation = network.cai if who in {"caseworker", "coordinator"} else network.cear
    return person_register(
        actor=network.users[who],
        organisation=organisation,
        data=PersonData(**fields),
        candidates_seen=0,
    )


def post(client: Client, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def amina(network: Network) -> Person:
    return register(
        network,
        given_name="Amina",
        family_name="Diallo",
        native_name="أمينة ديالو",
        date_of_birth=date(1990, 3, 1),
        date_of_birth_precision=DatePrecision.MONTH,
        nationalities=["SN"],
        languages=[("wo", "native", True)],
        other_names=["Aminata Diallo"],
        documents=[("passport", "A12345678", "SN", date(2030, 1, 31))],
        vulnerabilities=["pregnancy"],
        phone="+34 600 111 222",
        email="amina@example.org",
        address="Carrer de Sueca 1",
        district="Russafa",
    )


@pytest.fixture
def ngo_person(network: Network) -> Person:
    return register(network, "ngo_caseworker", given_name="Yusuf", family_name="Okafor")


# --- Persons -----------------------------------------------------------------------------------


def test_person_list_holds_only_the_callers_organisations_people(
    network: Network, as_user: Any, amina: Person, ngo_person: Person
) -> None:
    client, headers = as_user("caseworker")
    body = client.get("/api/v1/persons", **headers).json()
    assert [p["id"] for p in body["items"]] == [amina.pk]
    client, headers = as_user("ngo_caseworker")
    body = client.get("/api/v1/persons", **headers).json()
    assert [p["id"] for p in body["items"]] == [ngo_person.pk]


def test_person_list_is_paginated_and_each_read_is_logged(network: Network, client: Client) -> None:
    people = [register(network, family_name=name) for name in ("Abadi", "Bakr", "Chaudhry")]
    response = client.get(
        "/api/v1/persons",
        {"limit": 2, "offset": 1},
        HTTP_X_PURPOSE="monthly follow-up",
        **bearer(network, "caseworker"),
    )
    body = response.json()
    assert body["count"] == 3
    assert [p["family_name"] for p in body["items"]] == ["Bakr", "Chaudhry"]
    logs = ReadLog.objects.filter(user=network.users["caseworker"], record_type="person")
    assert sorted(log.record_id for log in logs) == sorted(str(p.pk) for p in people[1:])
    assert {(log.channel, log.purpose, log.organisation_id) for log in logs} == {
        (ReadLog.Channel.API, "monthly follow-up", network.cai.pk)
    }


def test_person_list_filters_by_organisation_and_updated_since(
    network: Network, client: Client, amina: Person
) -> None:
    headers = bearer(network, "caseworker")
    by_other_org = client.get("/api/v1/persons", {"organisation_id": network.cear.pk}, **headers).json()
    assert by_other_org == {"count": 0, "items": []}
    later = (timezone.now() + timedelta(hours=1)).isoformat()
    assert client.get("/api/v1/persons", {"updated_since": later}, **headers).json()["count"] == 0
    earlier = (timezone.now() - timedelta(hours=1)).isoformat()
    assert client.get("/api/v1/persons", {"updated_since": earlier}, **headers).json()["count"] == 1


def test_person_detail_is_the_full_record_with_the_dates_precision(
    network: Network, as_user: Any, amina: Person
) -> None:
    household = Household.objects.create(organisation=network.cai, name="Diallo")
    HouseholdMember.objects.create(household=household, person=amina, relationship="head")
    client, headers = as_user("caseworker")
    body = client.get(f"/api/v1/persons/{amina.pk}", **headers).json()
    assert body["native_name"] == "أمينة ديالو"
    assert body["date_of_birth"] == "1990-03"
    assert body["date_of_birth_precision"] == "month"
    assert body["nationalities"] == ["SN"]
    assert body["languages"] == [{"language": "wo", "level": "native", "needs_interpreter": True}]
    assert body["other_names"] == [{"name": "Aminata Diallo", "kind": "spelling"}]
    assert [(d["kind"], d["number"], d["expires_on"]) for d in body["documents"]] == [
        ("passport", "A12345678", "2030-01-31")
    ]
    assert body["vulnerabilities"] == ["pregnancy"]
    assert body["households"][0]["household"] == "Diallo"
    assert body["households"][0]["left_on"] is None
    assert (body["phone"], body["district"]) == ("+34 600 111 222", "Russafa")


def test_person_detail_read_is_logged_with_its_purpose(
    network: Network, client: Client, amina: Person
) -> None:
    client.get(
        f"/api/v1/persons/{amina.pk}", HTTP_X_PURPOSE="housing referral", **bearer(network, "coordinator")
    )
    log = ReadLog.objects.get(record_type="person", record_id=str(amina.pk))
    assert (log.user, log.purpose, log.channel) == (network.users["coordinator"], "housing referral", "api")
    assert log.record_organisation_id == network.cai.pk


def test_ngo_caseworker_cannot_open_a_city_person(network: Network, as_user: Any, amina: Person) -> None:
    client, headers = as_user("ngo_caseworker")
    response = client.get(f"/api/v1/persons/{amina.pk}", **headers)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert not ReadLog.objects.filter(record_type="person").exists()


def test_protected_person_is_only_for_named_staff(network: Network, as_user: Any) -> None:
    hidden = register(network, given_name="Leila", family_name="Haddad", is_protected=True)
    named, named_headers = as_user("caseworker")
    assert named.get(f"/api/v1/persons/{hidden.pk}", **named_headers).status_code == 200
    client, headers = as_user("coordinator")  # same organisation, not named
    assert client.get(f"/api/v1/persons/{hidden.pk}", **headers).status_code == 404
    assert client.get("/api/v1/persons", **headers).json()["count"] == 0
    assert client.get("/api/v1/persons/search", {"q": "Leila Haddad"}, **headers).json() == []
    ngo, ngo_headers = as_user("ngo_caseworker")
    assert ngo.get("/api/v1/persons/search", {"q": "Leila Haddad"}, **ngo_headers).json() == []


@pytest.mark.parametrize(
    "path", ["/api/v1/persons", "/api/v1/persons/search?q=Diallo", "/api/v1/households", "/api/v1/duplicates"]
)
@pytest.mark.parametrize("role", ["dpo", "org_admin", "researcher", "outsider"])
def test_staff_who_do_not_work_with_persons_are_refused(
    network: Network, client: Client, amina: Person, path: str, role: str
) -> None:
    response = login(client, network.users[role]).get(path)
    assert response.status_code == 403
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_anonymous_gets_401(client: Client, network: Network, amina: Person) -> None:
    for path in (
        "/api/v1/persons",
        f"/api/v1/persons/{amina.pk}",
        "/api/v1/households",
        "/api/v1/duplicates",
    ):
        assert client.get(path).status_code == 401


# --- Search ------------------------------------------------------------------------------------


def test_search_redacts_people_held_by_another_organisation(
    network: Network, as_user: Any, amina: Person
) -> None:
    client, headers = as_user("ngo_caseworker")
    response = client.get("/api/v1/persons/search", {"q": "A12345678"}, **headers)
    [item] = response.json()
    assert item["visible"] is False
    assert (item["initials"], item["birth_year"], item["organisation"]["name"]) == ("A. D.", 1990, "CAI")
    assert item["id"] is None and item["given_name"] is None and item["family_name"] is None
    text = response.content.decode()
    assert "Diallo" not in text and "A12345678" not in text and "Amina" not in text
    assert not ReadLog.objects.filter(record_type="person").exists()


def test_search_shows_and_logs_the_callers_own_people(network: Network, as_user: Any, amina: Person) -> None:
    client, headers = as_user("caseworker")
    [item] = client.get("/api/v1/persons/search", {"q": "Aminata Dialo 1990"}, **headers).json()
    assert item["visible"] is True
    assert (item["id"], item["family_name"], item["date_of_birth"]) == (amina.pk, "Diallo", "1990-03")
    assert item["reasons"]
    assert ReadLog.objects.filter(record_type="person", record_id=str(amina.pk), channel="api").count() == 1


def test_search_reasons_are_in_the_callers_language(network: Network, client: Client, amina: Person) -> None:
    headers = bearer(network, "caseworker")
    [item] = client.get(
        "/api/v1/persons/search", {"q": "A12345678"}, HTTP_ACCEPT_LANGUAGE="es", **headers
    ).json()
    assert "mismo documento de identidad" in item["reasons"]


# --- Registering -------------------------------------------------------------------------------


def test_registering_when_the_search_finds_candidates_needs_a_reason(
    network: Network, as_user: Any, amina: Person
) -> None:
    client, headers = as_user("caseworker")
    body = {"search_query": "Amina Diallo", "given_name": "Amina", "family_name": "Diallo"}
    refused = post(client, "/api/v1/persons", body, headers)
    assert refused.status_code == 422
    assert list(refused.json()["error"]["fields"]) == ["reason"]
    assert Person.objects.count() == 1
    created = post(client, "/api/v1/persons", {**body, "reason": "Different mother's name"}, headers)
    assert created.status_code == 201
    person = Person.objects.get(pk=created.json()["id"])
    assert person.creation_reason == "Different mother's name"


def test_registering_someone_unknown_needs_no_reason(network: Network, as_user: Any) -> None:
    client, headers = as_user("caseworker")
    body = {
        "search_query": "Olena Kovalenko 1985",
        "given_name": "Olena",
        "family_name": "Kovalenko",
        "native_name": "Олена Коваленко",
        "date_of_birth": "1985",
        "date_of_birth_estimated": True,
        "phone": "600 111 333",
        "nationalities": ["ua"],
        "languages": [{"language": "uk", "needs_interpreter": True}],
        "documents": [{"kind": "passport", "number": "FE 123456", "issuing_country": "UA"}],
        "vulnerabilities": ["older_alone"],
    }
    response = post(client, "/api/v1/persons", body, headers)
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert (answer["date_of_birth"], answer["date_of_birth_precision"]) == ("1985", "estimated")
    assert answer["phone"] == "+34 600 11 13 33"
    assert answer["organisation_id"] == network.cai.pk
    person = Person.objects.get(pk=answer["id"])
    assert person.creation_reason == ""
    assert IdentityDocument.objects.get(person=person).number == "FE 123456"
    assert ReadLog.objects.filter(record_type="person", record_id=str(person.pk)).exists()


def test_registering_needs_the_search_first(network: Network, client: Client) -> None:
    response = post(client, "/api/v1/persons", {"family_name": "Haddad"}, bearer(network, "caseworker"))
    assert response.status_code == 422
    assert "search_query" in response.json()["error"]["fields"]
    response = post(
        client,
        "/api/v1/persons",
        {"search_query": "  ", "family_name": "Haddad"},
        bearer(network, "caseworker"),
    )
    assert "search_query" in response.json()["error"]["fields"]
    assert not Person.objects.exists()


def test_registration_errors_name_every_wrong_field(network: Network, client: Client) -> None:
    body = {
        "search_query": "nobody",
        "date_of_birth": "1990-13-01",
        "phone": "12",
        "nationalities": ["QQ"],
        "languages": [{"language": "zzz"}],
        "email": "not an address",
    }
    response = post(client, "/api/v1/persons", body, bearer(network, "caseworker"))
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert {"date_of_birth", "phone", "nationalities", "languages", "family_name"} <= set(fields)
    assert not Person.objects.exists()
    response = post(
        client,
        "/api/v1/persons",
        {"search_query": "x", "family_name": "A", "email": "nope"},
        bearer(network, "caseworker"),
    )
    assert response.status_code == 422
    assert list(response.json()["error"]["fields"]) == ["email"]


def test_registration_body_errors_are_422_with_the_field(network: Network, client: Client) -> None:
    body = {
        "search_query": "x",
        "family_name": "A",
        "sex": "Q",
        "date_of_birth": "2000",
        "vulnerabilities": ["x"],
    }
    response = post(client, "/api/v1/persons", body, bearer(network, "caseworker"))
    assert response.status_code == 422
    assert {"sex", "vulnerabilities.0"} <= set(response.json()["error"]["fields"])


def test_a_date_of_birth_in_the_future_is_refused(network: Network, client: Client) -> None:
    future = str(timezone.localdate().year + 1)
    body = {"search_query": "x", "family_name": "A", "date_of_birth": future}
    headers = {**bearer(network, "caseworker"), "HTTP_ACCEPT_LANGUAGE": "en"}
    response = post(client, "/api/v1/persons", body, headers)
    assert response.json()["error"]["fields"] == {"date_of_birth": ["This date of birth is not possible."]}


def test_ngo_caseworker_cannot_register_for_the_city(network: Network, client: Client) -> None:
    body = {"search_query": "Haddad", "family_name": "Haddad", "organisation_id": network.cai.pk}
    response = post(client, "/api/v1/persons", body, bearer(network, "ngo_caseworker"))
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_registering_needs_edit_rights(network: Network, client: Client) -> None:
    body = {"search_query": "Haddad", "family_name": "Haddad"}
    assert post(client, "/api/v1/persons", body, bearer(network, "dpo")).status_code == 403


# --- Households --------------------------------------------------------------------------------


def test_a_household_keeps_its_history(network: Network, as_user: Any, amina: Person) -> None:
    client, headers = as_user("caseworker")
    created = post(client, "/api/v1/households", {"name": "Diallo"}, headers)
    assert created.status_code == 201
    household_id = created.json()["id"]
    path = f"/api/v1/households/{household_id}/members"
    joined = post(client, path, {"person_id": amina.pk, "relationship": "head", "on": "2025-01-10"}, headers)
    assert joined.status_code == 200, joined.json()
    again = post(client, path, {"person_id": amina.pk, "relationship": "head"}, headers)
    assert again.status_code == 422 and "person_id" in again.json()["error"]["fields"]
    left = post(client, path, {"person_id": amina.pk, "action": "leave", "on": "2025-06-30"}, headers)
    assert left.json()["members"] == [
        {
            "person_id": amina.pk,
            "given_name": "Amina",
            "family_name": "Diallo",
            "relationship": "head",
            "joined_on": "2025-01-10",
            "left_on": "2025-06-30",
        }
    ]
    post(client, path, {"person_id": amina.pk, "relationship": "partner", "on": "2025-09-01"}, headers)
    body = client.get(f"/api/v1/households/{household_id}", **headers).json()
    assert [(m["relationship"], m["left_on"]) for m in body["members"]] == [
        ("head", "2025-06-30"),
        ("partner", None),
    ]


def test_joining_a_household_closes_nothing_elsewhere(
    network: Network, client: Client, amina: Person
) -> None:
    headers = bearer(network, "caseworker")
    first = Household.objects.create(organisation=network.cai, name="Diallo")
    HouseholdMember.objects.create(household=first, person=amina, relationship="child")
    second = Household.objects.create(organisation=network.cai, name="Sow")
    post(
        client,
        f"/api/v1/households/{second.pk}/members",
        {"person_id": amina.pk, "relationship": "child"},
        headers,
    )
    assert HouseholdMember.objects.filter(person=amina, left_on__isnull=True).count() == 2


def test_leaving_before_joining_or_without_being_a_member_is_refused(
    network: Network, client: Client, amina: Person
) -> None:
    headers = bearer(network, "caseworker")
    household = Household.objects.create(organisation=network.cai, name="Diallo")
    path = f"/api/v1/households/{household.pk}/members"
    response = post(client, path, {"person_id": amina.pk, "action": "leave"}, headers)
    assert response.status_code == 422 and "person_id" in response.json()["error"]["fields"]
    post(client, path, {"person_id": amina.pk, "relationship": "head", "on": "2025-05-01"}, headers)
    response = post(client, path, {"person_id": amina.pk, "action": "leave", "on": "2025-04-01"}, headers)
    assert response.status_code == 422 and "left_on" in response.json()["error"]["fields"]
    response = post(client, path, {"person_id": amina.pk}, headers)
    assert response.status_code == 422 and "relationship" in response.json()["error"]["fields"]


def test_households_are_read_logged_per_member_and_paginated(
    network: Network, client: Client, amina: Person
) -> None:
    other = register(network, given_name="Omar", family_name="Diallo")
    household = Household.objects.create(organisation=network.cai, name="Diallo")
    for person in (amina, other):
        HouseholdMember.objects.create(household=household, person=person, relationship="head")
    Household.objects.create(organisation=network.cai, name="Zerouali")
    body = client.get("/api/v1/households", {"limit": 1}, **bearer(network, "caseworker")).json()
    assert body["count"] == 2
    assert [h["name"] for h in body["items"]] == ["Diallo"]
    logged = ReadLog.objects.filter(record_type="person", channel="api").values_list("record_id", flat=True)
    assert sorted(logged) == sorted([str(amina.pk), str(other.pk)])


def test_ngo_caseworker_never_sees_a_city_household(network: Network, as_user: Any, amina: Person) -> None:
    household = Household.objects.create(organisation=network.cai, name="Diallo")
    HouseholdMember.objects.create(household=household, person=amina, relationship="head")
    client, headers = as_user("ngo_caseworker")
    assert client.get("/api/v1/households", **headers).json() == {"count": 0, "items": []}
    assert client.get(f"/api/v1/households/{household.pk}", **headers).status_code == 404
    own = post(client, "/api/v1/households", {"name": "Okafor"}, headers).json()
    response = post(
        client,
        f"/api/v1/households/{own['id']}/members",
        {"person_id": amina.pk, "relationship": "head"},
        headers,
    )
    assert response.status_code == 422 and "person_id" in response.json()["error"]["fields"]
    assert not HouseholdMember.objects.filter(household_id=own["id"]).exists()
    assert not ReadLog.objects.filter(record_type="person", record_id=str(amina.pk)).exists()


def test_a_household_of_a_protected_person_is_hidden_from_others(network: Network, client: Client) -> None:
    hidden = register(network, given_name="Leila", family_name="Haddad", is_protected=True)
    household = Household.objects.create(organisation=network.cai, name="Haddad")
    HouseholdMember.objects.create(household=household, person=hidden, relationship="head")
    headers = bearer(network, "coordinator")
    assert client.get("/api/v1/households", **headers).json()["count"] == 0
    assert client.get(f"/api/v1/households/{household.pk}", **headers).status_code == 404
    named = client.get(f"/api/v1/households/{household.pk}", **bearer(network, "caseworker"))
    assert [m["person_id"] for m in named.json()["members"]] == [hidden.pk]


# --- Duplicates --------------------------------------------------------------------------------


@pytest.fixture
def pair(network: Network) -> DuplicateCandidate:
    register(
        network, given_name="Oleksandr", family_name="Shevchenko", date_of_birth=date(1984, 5, 2),
        documents=[("passport", "FE123456", "UA", None)], nationalities=["UA"],
    )  # fmt: skip
    register(
        network, given_name="Aleksandr", family_name="Sevcenko", native_name="Олександр Шевченко",
        date_of_birth=date(1984, 5, 2), documents=[("nie", "Y7654321K", "ES", None)], nationalities=["UA"],
    )  # fmt: skip
    scan_duplicates()
    return DuplicateCandidate.objects.get()


def test_the_review_queue_explains_each_pair(
    network: Network, as_user: Any, pair: DuplicateCandidate
) -> None:
    client, headers = as_user("coordinator")
    body = client.get("/api/v1/duplicates", HTTP_ACCEPT_LANGUAGE="en", **headers).json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item["id"] == pair.pk and item["score"] == pytest.approx(pair.score)
    assert {item["person_a"]["id"], item["person_b"]["id"]} == {pair.person_a_id, pair.person_b_id}
    lines = {line["comparison"]: line for line in item["explanation"]}
    assert lines["date"]["text"] == "same date of birth"
    assert ReadLog.objects.filter(record_type="person", user=network.users["coordinator"]).count() == 2


def test_only_coordinators_review_duplicates(
    network: Network, client: Client, pair: DuplicateCandidate
) -> None:
    for role in ("caseworker", "ngo_caseworker"):
        headers = bearer(network, role)
        assert client.get("/api/v1/duplicates", **headers).status_code == 403
        assert post(client, f"/api/v1/duplicates/{pair.pk}/not-same", {}, headers).status_code == 403
        body = {"survivor_id": pair.person_a_id}
        assert post(client, f"/api/v1/duplicates/{pair.pk}/merge", body, headers).status_code == 403
    assert DuplicateCandidate.objects.get().status == DuplicateCandidate.Status.OPEN


def test_merge_and_undo_through_the_api(network: Network, as_user: Any, pair: DuplicateCandidate) -> None:
    client, headers = as_user("coordinator")
    survivor, other = pair.person_a, pair.person_b
    wrong = post(client, f"/api/v1/duplicates/{pair.pk}/merge", {"survivor_id": 999_999}, headers)
    assert wrong.status_code == 422 and "survivor_id" in wrong.json()["error"]["fields"]
    merged = post(client, f"/api/v1/duplicates/{pair.pk}/merge", {"survivor_id": survivor.pk}, headers)
    assert merged.status_code == 200, merged.json()
    body = merged.json()
    assert (body["survivor_id"], body["merged_id"], body["undone_at"]) == (survivor.pk, other.pk, None)
    assert body["moved"]["documents"] == 1
    other.refresh_from_db()
    assert other.merged_into_id == survivor.pk
    again = post(client, f"/api/v1/duplicates/{pair.pk}/merge", {"survivor_id": survivor.pk}, headers)
    assert again.status_code == 409
    assert client.get("/api/v1/duplicates", **headers).json()["count"] == 0

    undone = post(client, f"/api/v1/merges/{body['id']}/undo", {}, headers)
    assert undone.status_code == 200 and undone.json()["undone_at"] is not None
    other.refresh_from_db()
    assert other.merged_into_id is None
    assert IdentityDocument.objects.filter(person=other).count() == 1
    assert not PersonName.objects.filter(person=survivor).exists()
    assert post(client, f"/api/v1/merges/{body['id']}/undo", {}, headers).status_code == 409
    assert client.get("/api/v1/duplicates", **headers).json()["count"] == 1


def test_not_the_same_person_leaves_the_queue(
    network: Network, client: Client, pair: DuplicateCandidate
) -> None:
    headers = bearer(network, "coordinator")
    response = post(client, f"/api/v1/duplicates/{pair.pk}/not-same", {}, headers)
    assert response.status_code == 200 and response.json()["status"] == "not_same"
    assert client.get("/api/v1/duplicates", **headers).json()["count"] == 0
    assert post(client, f"/api/v1/duplicates/{pair.pk}/not-same", {}, headers).status_code == 409
    merged = post(client, f"/api/v1/duplicates/{pair.pk}/merge", {"survivor_id": pair.person_a_id}, headers)
    assert merged.status_code == 409
    assert set(merged.json()["error"]) == {"code", "message", "fields"}


def test_unknown_pairs_and_merges_are_404(network: Network, client: Client) -> None:
    headers = bearer(network, "coordinator")
    assert post(client, "/api/v1/duplicates/999999/not-same", {}, headers).status_code == 404
    assert post(client, "/api/v1/merges/999999/undo", {}, headers).status_code == 404


def test_a_pair_across_organisations_shows_the_other_side_redacted(
    network: Network, client: Client, amina: Person
) -> None:
    elsewhere = register(
        network, "ngo_caseworker", given_name="Amina", family_name="Diallo", date_of_birth=date(1990, 3, 1),
        date_of_birth_precision=DatePrecision.MONTH, nationalities=["SN"],
        documents=[("passport", "A12345678", "SN", None)],
    )  # fmt: skip
    a, b = sorted((amina.pk, elsewhere.pk))
    candidate = DuplicateCandidate.objects.create(
        person_a_id=a, person_b_id=b, score=0.99, decision="match", explanation={"levels": {}, "weights": {}}
    )
    headers = bearer(network, "coordinator")
    response = client.get("/api/v1/duplicates", **headers)
    [item] = response.json()["items"]
    sides = {side["organisation"]["name"]: side for side in (item["person_a"], item["person_b"])}
    assert sides["CAI"]["visible"] is True and sides["CAI"]["id"] == amina.pk
    assert sides["CEAR-PV"] == {
        "visible": False,
        "organisation": {"id": network.cear.pk, "name": "CEAR-PV"},
        "initials": "A. D.",
        "birth_year": 1990,
        "id": None,
        "given_name": None,
        "family_name": None,
        "date_of_birth": None,
    }
    logged = set(ReadLog.objects.filter(record_type="person").values_list("record_id", flat=True))
    assert logged == {str(amina.pk)}
    # Merging needs coordination at both holders; the NGO's record stays where it is.
    merge = post(client, f"/api/v1/duplicates/{candidate.pk}/merge", {"survivor_id": amina.pk}, headers)
    assert merge.status_code == 403
    assert not Merge.objects.exists()
    # The NGO's caseworker gets nothing of the city's record through any of it.
    ngo = bearer(network, "ngo_caseworker")
    assert client.get("/api/v1/duplicates", **ngo).status_code == 403
    assert client.get(f"/api/v1/persons/{amina.pk}", **ngo).status_code == 404


# --- Who gets in: every persona on every people endpoint ---------------------------------------

PERSON_READERS = {"caseworker", "ngo_caseworker", "coordinator"}
CAI_PERSON_READERS = {"caseworker", "coordinator"}
COORDINATORS = {"coordinator"}
PERSONAS = (
    "caseworker", "ngo_caseworker", "coordinator", "org_admin", "ngo_admin", "dpo", "council_secretary",
    "researcher", "volunteer", "interpreter", "platform_admin", "outsider",
)  # fmt: skip


def _cai_records(network: Network) -> dict[str, int]:
    """A CAI person in a CAI household, a pair of CAI persons for review, and a merge to undo."""
    person = Person.objects.create(organisation=network.cai, given_name="Amina", family_name="Diallo")
    household = Household.objects.create(organisation=network.cai, name="Diallo")
    HouseholdMember.objects.create(household=household, person=person, relationship="head")
    twin = Person.objects.create(organisation=network.cai, given_name="Aminata", family_name="Diallo")
    pair = DuplicateCandidate.objects.create(
        person_a=person, person_b=twin, score=0.9, decision="possible", explanation={"levels": {}}
    )
    merged = Person.objects.create(organisation=network.cai, given_name="A.", family_name="Diallo")
    merge_record = Merge.objects.create(
        survivor=person, merged=merged, moved={}, merged_by=network.users["coordinator"]
    )
    Person.objects.filter(pk=merged.pk).update(merged_into=person)
    return {
        "person": person.pk,
        "household": household.pk,
        "pair": pair.pk,
        "merge": merge_record.pk,
        "twin": twin.pk,
    }


def _requests(ids: dict[str, int]) -> list[tuple[str, str, dict[str, Any] | None, set[str]]]:
    return [
        ("get", "/api/v1/persons", None, PERSON_READERS),
        ("get", "/api/v1/persons/search?q=Zzyzx", None, PERSON_READERS),
        ("get", f"/api/v1/persons/{ids['person']}", None, CAI_PERSON_READERS),
        (
            "post",
            "/api/v1/persons",
            {"search_query": "Zzyzx Newcomer", "family_name": "Newcomer"},
            PERSON_READERS,
        ),
        ("get", "/api/v1/households", None, PERSON_READERS),
        ("get", f"/api/v1/households/{ids['household']}", None, CAI_PERSON_READERS),
        ("post", "/api/v1/households", {"name": "Newcomer"}, PERSON_READERS),
        (
            "post",
            f"/api/v1/households/{ids['household']}/members",
            {"person_id": ids["twin"], "relationship": "sibling"},
            CAI_PERSON_READERS,
        ),
        ("get", "/api/v1/duplicates", None, COORDINATORS),
        ("post", f"/api/v1/duplicates/{ids['pair']}/not-same", {}, COORDINATORS),
        ("post", f"/api/v1/merges/{ids['merge']}/undo", {}, COORDINATORS),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_gets_in(network: Network, client: Client, persona: str) -> None:
    ids = _cai_records(network)
    login(client, network.users[persona])
    for method, path, body, allowed in _requests(ids):
        response = client.get(path) if method == "get" else post(client, path, body or {}, {})
        if persona in allowed:
            assert response.status_code in {200, 201}, (persona, method, path, response.json())
        else:
            assert response.status_code in {403, 404}, (persona, method, path, response.status_code)
            assert "Diallo" not in response.content.decode()


def test_merging_is_for_coordinators_only(network: Network, client: Client) -> None:
    ids = _cai_records(network)
    body = {"survivor_id": ids["person"]}
    for persona in ("caseworker", "ngo_caseworker", "dpo"):
        response = post(client, f"/api/v1/duplicates/{ids['pair']}/merge", body, bearer(network, persona))
        assert response.status_code == 403
    response = post(client, f"/api/v1/duplicates/{ids['pair']}/merge", body, bearer(network, "coordinator"))
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("method", "path"),
    [("put", "/api/v1/persons"), ("delete", "/api/v1/persons/1"), ("get", "/api/v1/duplicates/1/merge")],
)
def test_other_methods_are_not_allowed(network: Network, client: Client, method: str, path: str) -> None:
    response = getattr(client, method)(path, **bearer(network, "coordinator"))
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"

"""Rectification: correcting a person's record after registration, through the pages and services."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.core.models import ReadLog
from acollida.people import selectors, services_edit
from acollida.people.models import IdentityDocument, Person, PersonKey
from acollida.people.review import merge
from acollida.people.services import PersonData, document_hash, person_register
from tests.conftest import Network, login


@pytest.fixture
def yusuf(network: Network) -> Person:
    return person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(
            given_name="Yusuf",
            family_name="Haddad",
            date_of_birth=date(1990, 3, 7),
            phone="+34 600 111 222",
            documents=[("passport", "N0012345", "SY", None)],
        ),
        candidates_seen=0,
    )


def _form(person: Person, **overrides: str) -> dict[str, str]:
    data = {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "sex": person.sex,
        "date_of_birth": "1990-03-07",
        "phone": person.phone,
    }
    data.update(overrides)
    return data


def _found(user: object, text: str) -> set[int]:
    return {c.person.pk for c in selectors.person_search(user=user, text=text)}


def test_rectified_name_is_found_by_the_new_spelling_and_not_the_old(
    network: Network, client: Client, yusuf: Person
) -> None:
    caseworker = network.users["caseworker"]
    assert yusuf.pk in _found(caseworker, "Haddad")
    login(client, caseworker)
    response = client.post(reverse("people:edit", args=[yusuf.pk]), _form(yusuf, family_name="Zarkawi"))
    assert response.status_code == 302
    yusuf.refresh_from_db()
    assert yusuf.family_name == "Zarkawi"
    assert yusuf.pk in _found(caseworker, "Yusuf Zarkawi")
    assert yusuf.pk not in _found(caseworker, "Haddad")


def test_the_reason_for_a_correction_is_kept_in_the_change_log(
    network: Network, client: Client, yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    client.post(
        reverse("people:edit", args=[yusuf.pk]),
        _form(yusuf, family_name="Hadad", note="Spelling on the passport"),
    )
    entry = LogEntry.objects.get_for_object(yusuf).latest("pk")
    assert entry.additional_data == {"rectification": True, "note": "Spelling on the passport"}
    assert entry.actor == network.users["caseworker"]


def test_an_invalid_phone_gets_a_translated_error_and_nothing_is_saved(
    network: Network, client: Client, yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("people:edit", args=[yusuf.pk]),
            _form(yusuf, family_name="Changed", phone="12"),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert "This phone number is not valid" in response.content.decode()
    yusuf.refresh_from_db()
    assert yusuf.family_name == "Haddad"


def test_correcting_a_document_number_files_it_under_the_new_hash(
    network: Network, client: Client, yusuf: Person
) -> None:
    document = yusuf.documents.get()
    login(client, network.users["caseworker"])
    url = reverse("people:edit_item_change", args=[yusuf.pk, "documents", document.pk])
    response = client.post(url, {"kind": "passport", "number": "N0012346", "issuing_country": "SY"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.number == "N0012346"
    assert document.number_hash == document_hash("N0012346")
    keys = set(PersonKey.objects.filter(person=yusuf).values_list("key", flat=True))
    assert f"d:{document_hash('N0012346')}" in keys
    assert f"d:{document_hash('N0012345')}" not in keys


def test_removing_a_document_asks_first_then_removes_it(
    network: Network, client: Client, yusuf: Person
) -> None:
    document = yusuf.documents.get()
    login(client, network.users["caseworker"])
    url = reverse("people:edit_item_remove", args=[yusuf.pk, "documents", document.pk])
    assert client.get(url).status_code == 200
    assert IdentityDocument.objects.filter(pk=document.pk).exists()
    response = client.post(url, {"note": "Recorded on the wrong person"})
    assert response.status_code == 302
    assert not IdentityDocument.objects.filter(pk=document.pk).exists()
    assert yusuf.pk not in _found(network.users["caseworker"], "N0012345")


def test_languages_record_level_and_interpreter(network: Network, client: Client, yusuf: Person) -> None:
    login(client, network.users["caseworker"])
    url = reverse("people:edit_item_add", args=[yusuf.pk, "languages"])
    response = client.post(url, {"language": "ar", "level": "native", "needs_interpreter": "on"})
    assert response.status_code == 302
    spoken = yusuf.languages.get()
    assert (spoken.language, spoken.level, spoken.needs_interpreter) == ("ar", "native", True)


def test_an_alias_added_makes_the_person_findable_by_it(
    network: Network, client: Client, yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    url = reverse("people:edit_item_add", args=[yusuf.pk, "names"])
    client.post(url, {"name": "Abu Karim", "kind": "alias"})
    assert yusuf.pk in _found(network.users["caseworker"], "Abu Karim")


def test_a_nationality_recorded_twice_is_refused_with_a_clear_error(
    network: Network, client: Client, yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    url = reverse("people:edit_item_add", args=[yusuf.pk, "nationalities"])
    assert client.post(url, {"country": "SY"}).status_code == 302
    with translation.override("en"):
        response = client.post(url, {"country": "SY"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "already recorded" in response.content.decode()
    assert yusuf.nationalities.count() == 1


def test_another_organisation_cannot_edit(network: Network, client: Client, yusuf: Person) -> None:
    login(client, network.users["ngo_caseworker"])
    url = reverse("people:edit", args=[yusuf.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, _form(yusuf, family_name="Changed")).status_code == 404
    yusuf.refresh_from_db()
    assert yusuf.family_name == "Haddad"


def test_another_organisations_item_cannot_be_reached_through_ones_own_person(
    network: Network, client: Client, yusuf: Person
) -> None:
    other = person_register(
        actor=network.users["ngo_caseworker"],
        organisation=network.cear,
        data=PersonData(
            given_name="Olena", family_name="Koval", documents=[("passport", "FA998877", "UA", None)]
        ),
        candidates_seen=0,
    )
    login(client, network.users["caseworker"])
    url = reverse("people:edit_item_remove", args=[yusuf.pk, "documents", other.documents.get().pk])
    assert client.post(url).status_code == 404
    assert other.documents.exists()


def test_the_service_refuses_an_actor_outside_the_holding_organisation(
    network: Network, yusuf: Person
) -> None:
    with pytest.raises(PermissionDenied):
        services_edit.person_update(actor=network.users["ngo_caseworker"], person=yusuf, family_name="X")


def test_a_protected_person_is_edited_only_by_named_staff(network: Network, client: Client) -> None:
    protected = person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(given_name="Leila", family_name="Nasser", is_protected=True),
        candidates_seen=0,
    )
    login(client, network.users["coordinator"])  # same organisation, not named
    assert client.get(reverse("people:edit", args=[protected.pk])).status_code == 404
    login(client, network.users["caseworker"])  # named when registering
    assert client.get(reverse("people:edit", args=[protected.pk])).status_code == 200


def test_only_coordinators_change_protection(network: Network, client: Client, yusuf: Person) -> None:
    login(client, network.users["caseworker"])
    url = reverse("people:edit_protection", args=[yusuf.pk])
    assert client.get(url).status_code == 403
    coordinator = network.users["coordinator"]
    login(client, coordinator)
    response = client.post(url, {"is_protected": "on", "staff": [coordinator.pk]})
    assert response.status_code == 302
    yusuf.refresh_from_db()
    assert yusuf.is_protected
    assert list(yusuf.protected_staff.all()) == [coordinator]
    assert not Person.objects.visible_to(network.users["caseworker"]).filter(pk=yusuf.pk).exists()


def test_protection_needs_named_staff(network: Network, yusuf: Person) -> None:
    with pytest.raises(ValidationError):
        services_edit.person_protection_set(
            actor=network.users["coordinator"], person=yusuf, is_protected=True, staff=[]
        )


def test_a_merged_record_cannot_be_edited(network: Network, client: Client, yusuf: Person) -> None:
    from acollida.people.models import DuplicateCandidate

    twin = person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(given_name="Youssef", family_name="Haddad"),
        candidates_seen=1,
        reason="test",
    )
    a, b = sorted((yusuf.pk, twin.pk))
    candidate = DuplicateCandidate.objects.create(person_a_id=a, person_b_id=b, score=0.99, decision="match")
    merge(actor=network.users["coordinator"], candidate=candidate, survivor=yusuf)
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("people:edit", args=[twin.pk]),
            _form(twin, family_name="Changed"),
            HTTP_ACCEPT_LANGUAGE="en",
            follow=True,
        )
    assert "merged into another one" in response.content.decode()
    twin.refresh_from_db()
    assert twin.family_name == "Haddad"
    with pytest.raises(ValidationError):
        services_edit.person_update(actor=network.users["caseworker"], person=twin, family_name="X")


def test_the_edit_page_is_read_logged(network: Network, client: Client, yusuf: Person) -> None:
    login(client, network.users["caseworker"])
    client.get(reverse("people:edit", args=[yusuf.pk]))
    assert ReadLog.objects.filter(record_type="person", record_id=str(yusuf.pk)).exists()


def test_the_person_page_links_to_the_edit_page_for_editors(
    network: Network, client: Client, yusuf: Person
) -> None:
    login(client, network.users["caseworker"])
    page = client.get(reverse("people:detail", args=[yusuf.pk])).content.decode()
    assert reverse("people:edit", args=[yusuf.pk]) in page

"""The HSDS read API: public, read-only, strict HSDS in every language, paged as the OpenAPI says."""

from __future__ import annotations

import math
from typing import Any

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from acollida.directory.hsds import strict
from acollida.directory.hsds.api import MAX_PER_PAGE
from acollida.directory.models import (
    Organization,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    directory_languages,
)
from acollida.directory.services import text_for
from tests.conftest import Network, login
from tests.directory import hsds_demo

pytestmark = pytest.mark.django_db

# The network and the demo directory, built once for the module (see tests/directory/hsds_demo.py).
hsds_demo_db = hsds_demo.hsds_demo_db
network = hsds_demo.network
demo = hsds_demo.demo

PAGE_KEYS = {
    "total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents",
}  # fmt: skip


def _get(client: Client, name: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    response = client.get(reverse(f"hsds:{name}", kwargs=kwargs or None), params or {})
    assert response.status_code == 200, response.content[:300]
    return response.json()


def _page_errors(page: dict[str, Any], schema: str) -> list[str]:
    assert set(page) == PAGE_KEYS
    errors = []
    for index, item in enumerate(page["contents"]):
        errors += [f"[{index}] {e.path}: {e.message}" for e in strict.validate(schema, item)]
    return errors


LISTS = {
    "services": "service_list",
    "organizations": "organization_list",
    "service_at_locations": "service_at_location_list",
    "taxonomies": "taxonomy",
    "taxonomy_terms": "taxonomy_term",
}


@pytest.mark.parametrize("lang", ["ca", "ar", "uk"])
def test_every_list_validates_strictly(client: Client, demo: int, lang: str) -> None:
    for name, schema in LISTS.items():
        page = _get(client, name, {"lang": lang, "per_page": MAX_PER_PAGE})
        assert page["contents"], name
        assert _page_errors(page, schema) == [], name


def test_every_detail_validates_strictly(client: Client, demo: int) -> None:
    details = [
        ("service", "service", Service.objects.first()),
        ("organization", "organization", Organization.objects.first()),
        ("service_at_location", "service_at_location", ServiceAtLocation.objects.first()),
        ("taxonomy_term", "taxonomy_term", TaxonomyTerm.objects.exclude(taxonomy_detail=None).first()),
    ]
    for name, schema, record in details:
        assert record is not None
        for lang in directory_languages():
            document = _get(client, name, {"lang": lang}, object_id=record.pk)
            assert document["id"] == str(record.pk)
            assert strict.validate(schema, document) == [], (name, lang)


def test_taxonomy_detail_validates_strictly(client: Client, demo: int) -> None:
    term = TaxonomyTerm.objects.filter(taxonomy_detail__isnull=False).first()
    assert term is not None and term.taxonomy_detail is not None
    document = _get(client, "taxonomy", {"lang": "fr"}, object_id=term.taxonomy_detail.pk)
    assert strict.validate("taxonomy", document) == []


def test_lists_have_the_same_ids_in_every_language(client: Client, demo: int) -> None:
    def ids(lang: str) -> list[str]:
        page = _get(client, "services", {"lang": lang, "per_page": MAX_PER_PAGE})
        return [item["id"] for item in page["contents"]]

    catalan = ids("ca")
    assert len(catalan) == demo
    for lang in directory_languages():
        assert ids(lang) == catalan


def test_service_text_is_in_the_language_asked(client: Client, demo: int) -> None:
    service = Service.objects.get(name="Primera acollida i informació")
    document = _get(client, "service", {"lang": "ar"}, object_id=service.pk)
    assert document["name"] == text_for(service, "name", "ar")[0]
    assert document["name"] != service.name


def test_paging_walks_every_service_once(client: Client, demo: int) -> None:
    per_page = 7
    first = _get(client, "services", {"per_page": per_page})
    assert first["total_items"] == demo
    assert first["total_pages"] == math.ceil(demo / per_page)
    assert (first["page_number"], first["size"]) == (1, per_page)
    assert (first["first_page"], first["last_page"]) == (True, False)
    seen = [item["id"] for item in first["contents"]]
    for number in range(2, first["total_pages"] + 1):
        page = _get(client, "services", {"per_page": per_page, "page": number})
        assert page["first_page"] is False
        seen += [item["id"] for item in page["contents"]]
    assert page["last_page"] is True
    assert len(seen) == len(set(seen)) == demo


def test_a_page_past_the_end_is_empty(client: Client, demo: int) -> None:
    page = _get(client, "services", {"page": 99})
    assert (page["empty"], page["size"], page["contents"], page["last_page"]) == (True, 0, [], True)


def test_per_page_is_capped(client: Client, demo: int) -> None:
    page = _get(client, "taxonomy_terms", {"per_page": 100000})
    assert page["size"] <= MAX_PER_PAGE


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": "0"}, "page"),
        ({"per_page": "many"}, "per_page"),
        ({"lang": "xx"}, "lang"),
        ({"taxonomy_term_id": "legal"}, "taxonomy_term_id"),
        ({"modified_after": "yesterday"}, "modified_after"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(
    client: Client, network: Network, params: dict[str, str], field: str
) -> None:
    response = client.get(reverse("hsds:services"), params)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_an_unknown_id_is_a_404_in_the_error_shape(client: Client, network: Network) -> None:
    unknown = "0b6f7a1e-1d0c-4c8a-9f00-3f2b8c1d2e4f"
    response = client.get(reverse("hsds:service", kwargs={"object_id": unknown}))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_filter_by_organization(client: Client, demo: int) -> None:
    organization = Organization.objects.filter(services__isnull=False).first()
    assert organization is not None
    page = _get(client, "services", {"organization_id": str(organization.pk), "per_page": MAX_PER_PAGE})
    assert {item["id"] for item in page["contents"]} == {
        str(pk) for pk in organization.services.values_list("pk", flat=True)
    }


def test_filter_by_taxonomy_term(client: Client, demo: int) -> None:
    term = TaxonomyTerm.objects.filter(attributes__service__isnull=False).first()
    assert term is not None
    page = _get(client, "services", {"taxonomy_term_id": str(term.pk), "per_page": MAX_PER_PAGE})
    expected = set(Service.objects.filter(attributes__taxonomy_term=term).values_list("pk", flat=True))
    assert {item["id"] for item in page["contents"]} == {str(pk) for pk in expected}
    assert expected


def test_search_finds_a_service_by_a_word_in_the_language_asked(client: Client, demo: int) -> None:
    page = _get(client, "services", {"search": "ACOLLIDA", "lang": "ca"})
    assert page["total_items"] >= 1
    assert page["total_items"] < demo


def test_modified_after_in_the_future_lists_nothing(client: Client, demo: int) -> None:
    page = _get(client, "services", {"modified_after": "2999-01-01"})
    assert page["empty"] is True


def test_top_only_terms_have_no_parent(client: Client, demo: int) -> None:
    page = _get(client, "taxonomy_terms", {"top_only": "true", "per_page": MAX_PER_PAGE})
    assert page["contents"]
    assert all("parent_id" not in item for item in page["contents"])


def test_open_to_every_origin_and_anonymous(client: Client, demo: int) -> None:
    response = client.get(reverse("hsds:services"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"


def test_signed_in_staff_get_the_same_feed(client: Client, network: Network, demo: int) -> None:
    anonymous = client.get(reverse("hsds:organizations")).json()
    login(client, network.users["caseworker"])
    assert client.get(reverse("hsds:organizations")).json() == anonymous


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_write_methods_are_not_allowed(client: Client, demo: int, method: str) -> None:
    service = Service.objects.first()
    assert service is not None
    for url in (reverse("hsds:services"), reverse("hsds:service", kwargs={"object_id": service.pk})):
        response = getattr(client, method)(url)
        assert response.status_code == 405
        assert "POST" not in response["Allow"]
    assert Service.objects.filter(pk=service.pk).exists()


def test_etag_answers_not_modified(client: Client, demo: int) -> None:
    first = client.get(reverse("hsds:taxonomy_terms"))
    again = client.get(reverse("hsds:taxonomy_terms"), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_root_says_the_hsds_version(client: Client, network: Network) -> None:
    assert _get(client, "root")["version"] == "3.1"


def test_a_cross_site_post_gets_405_not_a_csrf_page(demo: int) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("hsds:services"), {"name": "x"})
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize("name", ["services", "organizations", "service_at_locations", "taxonomy_terms"])
def test_a_list_page_reads_in_a_fixed_number_of_queries(
    client: Client, demo: int, name: str, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(2):
        client.get(reverse(f"hsds:{name}"), {"per_page": MAX_PER_PAGE})


def test_a_full_service_reads_in_a_fixed_number_of_queries(
    client: Client, demo: int, django_assert_max_num_queries: Any
) -> None:
    service = Service.objects.annotate(places=Count("service_at_locations")).order_by("-places").first()
    assert service is not None
    with django_assert_max_num_queries(26):
        client.get(reverse("hsds:service", kwargs={"object_id": service.pk}))


@pytest.mark.parametrize(("name", "schema"), [("services", "service"), ("organizations", "organization")])
def test_full_lists_hold_whole_objects_that_validate_strictly(
    client: Client, demo: int, name: str, schema: str
) -> None:
    page = _get(client, name, {"full": "true", "lang": "fr", "per_page": 10})
    assert page["size"] == 10
    assert _page_errors(page, schema) == []
    if name == "services":
        assert all("service_at_locations" in item for item in page["contents"])

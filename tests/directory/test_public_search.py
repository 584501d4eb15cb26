"""Public search: folded queries in any language and script, cross-language through the taxonomy,
filters (district, open now and today, free, language spoken) and ranking."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from uuid import UUID

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.directory.models import District, Language, Schedule, Service, ServiceStatus
from acollida.directory.selectors_public import SearchFilters, search_results, search_service_ids
from acollida.directory.services import service_search_refresh
from tests.directory.factories import make_organization, make_service, place_service, tag_service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


# Monday 7 December 2026, 10:00 in València (UTC+1).
MONDAY_10 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


def _refresh(*services: Service) -> None:
    for service in services:
        service_search_refresh(service=service)


@pytest.fixture
def legal() -> Service:
    """A legal-advice service described in Valencian only, open Monday and Wednesday 9–14."""
    service = make_service(make_organization(), name="Assessorament jurídic a València")
    place_service(service, district=District.CIUTAT_VELLA)
    tag_service(service, code="legal-asylum")
    _refresh(service)
    return service


@pytest.fixture
def housing() -> Service:
    """A paid housing service described in Ukrainian, in Benimaclet, open on Tuesdays."""
    organization = make_organization(name="Житло")
    service = make_service(
        organization,
        name="Пошук житла",
        description="Допомога з орендою квартири",
        source_language="uk",
        is_free=False,
    )
    sal = place_service(service, district=District.BENIMACLET)
    service.schedules.all().delete()
    Schedule.objects.create(
        service_at_location=sal, freq="WEEKLY", byday="TU", opens_at=time(16), closes_at=time(19)
    )
    Language.objects.filter(service=service).update(code="uk", name="Ukrainian")
    _refresh(service)
    return service


def ids(lang: str = "en", **filters: Any) -> list[UUID]:
    return search_service_ids(filters=SearchFilters(**filters), lang=lang, now=MONDAY_10)


def test_query_ignores_case_and_accents(legal: Service) -> None:
    assert ids(query="JURIDIC valencia") == [legal.pk]


def test_query_matches_word_beginnings_only(legal: Service) -> None:
    assert ids(query="assess") == [legal.pk]
    assert ids(query="essorament") == []


def test_cyrillic_query_finds_a_service_described_in_ukrainian(housing: Service) -> None:
    assert ids(query="ЖИТЛА") == [housing.pk]


def test_cyrillic_spelling_variants_meet(housing: Service) -> None:
    assert ids(query="пошук житла") == [housing.pk]
    assert ids(query="ПОШУК") == [housing.pk]


def test_spanish_keyword_finds_a_service_described_in_valencian_through_its_need(legal: Service) -> None:
    assert ids(lang="es", query="abogado") == [legal.pk]


def test_ukrainian_keyword_finds_it_from_the_arabic_page(legal: Service) -> None:
    assert ids(lang="ar", query="юрист") == [legal.pk]


def test_arabic_need_name_with_other_hamza_and_ta_marbuta_spelling_finds_it(legal: Service) -> None:
    # The term is called "مساعدة قانونية"; typed without the ta marbuta: "مساعده قانونيه".
    assert ids(lang="ar", query="مساعده قانونيه") == [legal.pk]


def test_unknown_word_finds_nothing(legal: Service, housing: Service) -> None:
    assert ids(query="zzzz") == []


def test_every_word_must_match(legal: Service, housing: Service) -> None:
    assert ids(query="abogado житла") == []


def test_no_query_lists_every_listed_service_by_name(legal: Service, housing: Service) -> None:
    assert ids() == [legal.pk, housing.pk]


def test_inactive_services_are_never_found(legal: Service) -> None:
    legal.status = ServiceStatus.INACTIVE
    legal.save()
    _refresh(legal)
    assert ids(query="juridic") == []


def test_need_filter(legal: Service, housing: Service) -> None:
    assert ids(need="legal-asylum") == [legal.pk]


def test_district_filter(legal: Service, housing: Service) -> None:
    assert ids(district=District.BENIMACLET) == [housing.pk]


def test_free_filter(legal: Service, housing: Service) -> None:
    assert ids(free=True) == [legal.pk]


def test_language_spoken_filter(legal: Service, housing: Service) -> None:
    assert ids(spoken="uk") == [housing.pk]
    assert ids(spoken="AR") == [legal.pk]


def test_open_now_filter_on_monday_morning(legal: Service, housing: Service) -> None:
    assert ids(open="now") == [legal.pk]


def test_open_now_reads_schedules_of_the_service_at_its_location(legal: Service, housing: Service) -> None:
    tuesday_17 = datetime(2026, 12, 8, 16, 0, tzinfo=UTC)
    found = search_service_ids(filters=SearchFilters(open="now"), lang="en", now=tuesday_17)
    assert found == [housing.pk]


def test_open_today_keeps_a_service_closed_at_this_hour_but_opening_later(legal: Service) -> None:
    monday_evening = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)
    assert search_service_ids(filters=SearchFilters(open="now"), lang="en", now=monday_evening) == []
    assert search_service_ids(filters=SearchFilters(open="today"), lang="en", now=monday_evening) == [
        legal.pk
    ]


def test_words_found_only_in_another_language_still_find_the_service() -> None:
    service = make_service(
        make_organization(),
        name="Alfa",
        description="curs",
        source_language="ca",
        translations={"description": {"fr": "cours du soir"}},
    )
    _refresh(service)
    assert ids(lang="en", query="cours soir") == [service.pk]


def test_a_match_in_the_page_language_hides_matches_only_in_other_languages() -> None:
    organization = make_organization()
    translated = make_service(
        organization,
        name="Alfa",
        description="curs",
        source_language="ca",
        translations={"description": {"fr": "cours du soir"}},
    )
    in_page_language = make_service(organization, name="Zeta", description="cours", source_language="en")
    _refresh(translated, in_page_language)
    assert ids(lang="en", query="cours") == [in_page_language.pk]


def test_whole_word_ranks_above_a_word_beginning() -> None:
    organization = make_organization()
    prefix = make_service(organization, name="Alfa", description="habitatges socials", source_language="ca")
    whole = make_service(organization, name="Zeta", description="habitatge", source_language="ca")
    _refresh(prefix, whole)
    assert ids(lang="ca", query="habitatge") == [whole.pk, prefix.pk]


@time_machine.travel(MONDAY_10, tick=False)
def test_search_page_with_open_now_and_district_filters(
    client: Client, legal: Service, housing: Service
) -> None:
    with translation.override("ar"):
        url = reverse("directory:search")
    response = client.get(url, {"q": "abogado", "open": "now", "district": District.CIUTAT_VELLA})
    assert response.status_code == 200
    assert str(legal.pk) in response.content.decode()
    assert str(housing.pk) not in response.content.decode()


def test_search_page_ignores_values_that_are_not_choices(client: Client, legal: Service) -> None:
    with translation.override("en"):
        url = reverse("directory:search")
    response = client.get(url, {"district": "<script>", "open": "sometimes", "page": "x", "spoken": "zz"})
    assert response.status_code == 200
    assert str(legal.pk) in response.content.decode()


def test_search_page_paginates_and_keeps_the_filters_in_its_links(client: Client) -> None:
    organization = make_organization()
    for number in range(23):
        _refresh(make_service(organization, name=f"Servei {number:02d}", description="curs"))
    with translation.override("en"):
        url = reverse("directory:search")
    first = client.get(url, {"q": "curs", "free": "on"}).content.decode()
    assert "Page 1 of 2" in first
    assert "?q=curs&amp;free=on&amp;page=2" in first
    second = client.get(url, {"q": "curs", "free": "on", "page": "2"}).content.decode()
    assert second.count('class="results"') == 1
    assert "Servei 22" in second


def test_search_page_says_when_nothing_matches(client: Client, legal: Service) -> None:
    with translation.override("en"):
        response = client.get(reverse("directory:search"), {"q": "zzzz"})
    assert "No service matches" in response.content.decode()


def test_results_read_one_page_and_count_every_match() -> None:
    organization = make_organization()
    services = [make_service(organization, name=f"Assessorament {index:02d}") for index in range(25)]
    _refresh(*services)

    results = search_results(
        filters=SearchFilters(query="assessorament", sort="name"), lang="en", now=MONDAY_10
    )

    assert not isinstance(results, list)
    assert results.count() == 25
    assert results[20:40] == [service.pk for service in services[20:]]


def test_second_results_page_shows_the_rest(client: Client) -> None:
    organization = make_organization()
    services = [make_service(organization, name=f"Assessorament {index:02d}") for index in range(25)]
    _refresh(*services)

    response = client.get(reverse("directory:search"), {"q": "assessorament", "sort": "name", "page": 2})

    assert response.status_code == 200
    assert [card.id for card in response.context["cards"]] == [service.pk for service in services[20:]]
    assert response.context["count"] == 25

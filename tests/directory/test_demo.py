from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from acollida.directory.demo import demo_services_load
from acollida.directory.models import Service, ServiceSearchText, directory_languages
from acollida.directory.selectors_public import SearchFilters, search_service_ids
from acollida.directory.services import service_translation_status, text_for
from tests.conftest import Network

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(network: Network) -> int:
    return demo_services_load()


def test_demo_loads_at_least_twenty_five_services_marked_as_demo(demo: int) -> None:
    assert demo >= 25
    assert Service.objects.filter(is_demo=True).count() == demo


def test_every_demo_service_is_reviewed_in_every_directory_language(demo: int) -> None:
    for service in Service.objects.all():
        for lang in directory_languages():
            assert service_translation_status(service, lang) == "reviewed", (service.name, lang)


def test_every_demo_description_says_it_is_demo_content(demo: int) -> None:
    for service in Service.objects.all():
        assert "Demo content" in text_for(service, "description", "en")[0]
        assert "محتوى تجريبي" in text_for(service, "description", "ar")[0]


def test_cai_services_are_kept_by_the_cai_of_the_network(network: Network, demo: int) -> None:
    service = Service.objects.get(name="Primera acollida i informació")
    assert service.organization.organisation == network.cai


def test_arabic_legal_advice_is_found_through_the_taxonomy(demo: int) -> None:
    ids = search_service_ids(filters=SearchFilters(query="محامي"), lang="ar", now=timezone.now())
    names = set(Service.objects.filter(pk__in=ids).values_list("name", flat=True))
    assert "Asesoría jurídica en protección internacional" in names


def test_loading_twice_rewrites_rather_than_duplicates(demo: int) -> None:
    before = (Service.objects.count(), ServiceSearchText.objects.count())
    demo_services_load()
    assert (Service.objects.count(), ServiceSearchText.objects.count()) == before


def test_load_demo_command_reports_the_services(network: Network) -> None:
    out = StringIO()
    call_command("directory", "load-demo", "--force", stdout=out)
    assert "demo services in 6 languages" in out.getvalue()

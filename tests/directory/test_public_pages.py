"""The public directory pages: open to anyone, lean, right-to-left in Arabic, no JavaScript needed,
nothing fetched from another host, readable offline through a service worker scoped to the directory."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.core.models import Office
from acollida.directory.models import Service, ServiceStatus
from acollida.directory.services import service_search_refresh
from tests.conftest import Network, login
from tests.directory.factories import make_organization, make_service, place_service, tag_service

pytestmark = pytest.mark.django_db

MONDAY_10 = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # 10:00 in València
PAGE_BUDGET = 100 * 1024


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()


@pytest.fixture
def cai_office(network: Network) -> Office:
    return Office.objects.create(organisation=network.cai, name="CAI Azzati", street="Carrer d'Azzati 6")


@pytest.fixture
def legal(network: Network) -> Service:
    service = make_service(
        make_organization(network.cear),
        translations={"name": {"ar": "استشارة قانونية"}},
        translation_status={"ar": "reviewed"},
    )
    place_service(service)
    tag_service(service, code="legal-asylum")
    service_search_refresh(service=service)
    return service


def url(name: str, lang: str = "en", **kwargs: object) -> str:
    with translation.override(lang):
        return reverse(f"directory:{name}", kwargs=kwargs or None)


PAGES = ["home", "search", "service", "service_sheet", "request", "emergency", "offline"]


def page_url(name: str, service: Service, lang: str = "en") -> str:
    if name in {"service", "service_sheet", "request", "request_sent"}:
        return url(name, lang, service_id=service.pk)
    return url(name, lang)


@pytest.mark.parametrize("name", [*PAGES, "request_sent", "manifest", "service_worker"])
def test_every_public_page_opens_without_an_account(
    client: Client, legal: Service, cai_office: Office, name: str
) -> None:
    response = client.get(page_url(name, legal))
    assert response.status_code == 200


def test_a_signed_in_member_of_staff_sees_the_same_public_page(
    client: Client, network: Network, legal: Service
) -> None:
    login(client, network.users["caseworker"])
    response = client.get(url("service", service_id=legal.pk))
    assert response.status_code == 200
    assert b"Sign out" not in response.content


def test_an_inactive_service_is_not_found(client: Client, legal: Service) -> None:
    legal.status = ServiceStatus.INACTIVE
    legal.save()
    assert client.get(url("service", service_id=legal.pk)).status_code == 404


def _asset_urls(html: str) -> list[str]:
    return re.findall(r'<(?:script|img|link)\b[^>]*?\s(?:src|href)="([^"]+)"', html)


@pytest.mark.parametrize("name", PAGES)
def test_no_asset_comes_from_another_host(
    client: Client, legal: Service, cai_office: Office, name: str
) -> None:
    html = client.get(page_url(name, legal)).content.decode()
    assets = _asset_urls(html)
    assert assets
    assert all(asset.startswith("/") and not asset.startswith("//") for asset in assets), assets


def _weight(client: Client, path: str) -> int:
    html = client.get(path).content.decode()
    total = len(html.encode())
    for asset in _asset_urls(html):
        if asset.startswith("/static/"):
            found = finders.find(asset.removeprefix("/static/"))
            assert found, asset
            with open(found, "rb") as handle:
                total += len(handle.read())
        else:
            total += len(client.get(asset).content)
    return total


@pytest.mark.parametrize("name", ["service", "search", "home"])
@pytest.mark.parametrize("lang", ["ar", "ca"])
def test_page_with_its_stylesheet_and_scripts_weighs_under_100_kb(
    client: Client, legal: Service, cai_office: Office, name: str, lang: str
) -> None:
    assert _weight(client, page_url(name, legal, lang)) < PAGE_BUDGET


@pytest.mark.parametrize("name", PAGES)
def test_pages_need_no_inline_script_or_style(
    client: Client, legal: Service, cai_office: Office, name: str
) -> None:
    html = client.get(page_url(name, legal)).content.decode()
    assert "<style" not in html
    assert " style=" not in html
    assert re.findall(r"<script\b[^>]*>", html) == [
        re.search(r"<script\b[^>]*register-sw\.js[^>]*>", html).group(0)  # type: ignore[union-attr]
    ]


def test_search_and_request_are_plain_forms(client: Client, legal: Service, cai_office: Office) -> None:
    home = client.get(url("home")).content.decode()
    assert f'<form method="get" action="{url("search")}"' in home
    request_page = client.get(url("request", service_id=legal.pk)).content.decode()
    assert f'<form method="post" action="{url("request", service_id=legal.pk)}"' in request_page


def test_arabic_pages_are_right_to_left(client: Client, legal: Service) -> None:
    html = client.get(url("service", "ar", service_id=legal.pk)).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "استشارة قانونية" in html


def test_an_untranslated_text_is_marked_with_its_language(client: Client, legal: Service) -> None:
    html = client.get(url("service", "ar", service_id=legal.pk)).content.decode()
    assert '<div dir="auto" lang="ca">' in html  # the description exists only in Valencian


def test_language_links_lead_to_the_same_page(client: Client, legal: Service) -> None:
    html = client.get(url("service", "ca", service_id=legal.pk)).content.decode()
    assert f'href="{url("service", "ar", service_id=legal.pk)}" lang="ar"' in html


@time_machine.travel(MONDAY_10, tick=False)
def test_service_page_says_open_now_and_shows_the_week(client: Client, legal: Service) -> None:
    with translation.override("en"):
        html = client.get(url("service", service_id=legal.pk)).content.decode()
    assert "Open now" in html
    assert "09:00–14:00" in html
    assert html.count("<tr") == 7


def test_request_link_shows_only_when_the_entry_point_has_an_office(
    client: Client, legal: Service, network: Network
) -> None:
    request_url = url("request", service_id=legal.pk)
    assert request_url not in client.get(url("service", service_id=legal.pk)).content.decode()
    assert client.get(request_url).status_code == 404
    Office.objects.create(organisation=network.cai, name="CAI", street="Azzati 6")
    assert request_url in client.get(url("service", service_id=legal.pk)).content.decode()


def test_printable_sheet_has_the_service_and_the_print_styles(client: Client, legal: Service) -> None:
    html = client.get(url("service_sheet", service_id=legal.pk)).content.decode()
    assert 'class="sheet"' in html
    assert "Assessorament jurídic" in html
    stylesheet = finders.find("directory/public.css")
    assert stylesheet
    with open(stylesheet) as handle:
        assert "@media print" in handle.read()


def test_emergency_page_lists_112_as_a_phone_link(client: Client) -> None:
    html = client.get(url("emergency")).content.decode()
    assert '<a href="tel:112" dir="ltr">112</a>' in html


def test_manifest_starts_and_stays_in_the_directory_of_the_language(client: Client) -> None:
    response = client.get(url("manifest", "ar"))
    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["start_url"] == manifest["scope"] == "/ar/directory/"
    assert manifest["dir"] == "rtl"


def test_service_worker_is_scoped_to_the_directory_and_keeps_emergency_numbers(client: Client) -> None:
    response = client.get(url("service_worker", "uk"))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/javascript")
    assert 'const SCOPE = "/uk/directory/"' in body
    assert "/uk/directory/emergency/" in body
    assert "/uk/directory/offline/" in body


def test_every_page_registers_the_service_worker_from_an_external_file(client: Client) -> None:
    html = client.get(url("home", "fr")).content.decode()
    assert 'data-sw="/fr/directory/sw.js"' in html
    assert 'data-scope="/fr/directory/"' in html

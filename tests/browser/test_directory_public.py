"""The public directory in a real browser: a newcomer on a phone, in Arabic, finds the legal-advice
services open now, opens one and requests an appointment; axe-core finds no serious or critical
violation on the home, search and service pages in Arabic and Valencian."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from acollida.agenda.models import AppointmentRequest
from acollida.core.models import Office
from acollida.directory.models import Attribute, Schedule, Service
from acollida.directory.services import service_search_refresh
from acollida.directory.taxonomy_seed import taxonomy_load, term_by_code
from tests.browser.conftest import assert_no_blocking_violations
from tests.conftest import Network
from tests.directory.factories import make_organization, make_service, place_service

pytestmark = pytest.mark.browser

SMALL_PHONE = {"width": 360, "height": 640}


def _legal_service(name: str, arabic: str, *, always_open: bool) -> Service:
    service = make_service(
        make_organization(name=f"{name} org"),
        name=name,
        translations={"name": {"ar": arabic}, "description": {"ar": "استشارة قانونية مجانية حول اللجوء"}},
        translation_status={"ar": "reviewed"},
    )
    place_service(service)
    service.schedules.all().delete()
    if always_open:
        for day in ("MO", "TU", "WE", "TH", "FR", "SA", "SU"):
            Schedule.objects.create(
                service=service, freq="WEEKLY", byday=day, opens_at=time(0, 0), closes_at=time(23, 59, 59)
            )
    Attribute.objects.create(service=service, taxonomy_term=term_by_code()["legal-asylum"])
    service_search_refresh(service=service)
    return service


@pytest.fixture
def directory(network: Network) -> dict[str, Service]:
    Office.objects.create(organisation=network.cai, name="CAI", street="Carrer d'Amadeu de Savoia 11")
    taxonomy_load()
    return {
        "open": _legal_service("Advocacia oberta", "محامون متاحون الآن", always_open=True),
        "closed": _legal_service("Advocacia amb cita", "محامون بموعد", always_open=False),
    }


def _fits_the_screen(page: Any) -> bool:
    return bool(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_newcomer_in_arabic_on_a_phone_finds_legal_advice_open_now_and_requests_an_appointment(
    page: Any, directory: dict[str, Service], axe_source: str
) -> None:
    page.set_viewport_size(SMALL_PHONE)
    page.goto("/ar/directory/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _fits_the_screen(page)

    page.fill("#id_q", "محامي")  # "lawyer": a keyword of the legal-advice need
    with page.expect_navigation():
        page.locator("main form[role=search] button[type=submit]").first.click()
    page.select_option("#id_open", "now")
    with page.expect_navigation():
        page.locator("fieldset.filters button[type=submit]").click()
    results = page.locator("main .results")
    assert results.get_by_text("محامون متاحون الآن").count() == 1
    assert results.get_by_text("محامون بموعد").count() == 0
    assert _fits_the_screen(page)

    with page.expect_navigation():
        results.get_by_text("محامون متاحون الآن").click()
    assert page.locator("h1").inner_text() == "محامون متاحون الآن"
    assert _fits_the_screen(page)

    with page.expect_navigation():
        page.locator(".actions a.button").first.click()
    page.fill("#id_name", "فاطمة بنعلي")
    page.select_option("#id_language", "ar")
    page.fill("#id_contact", "612 345 678")
    page.fill("#id_need", "أحتاج إلى محامٍ من أجل طلب اللجوء")
    page.fill("#id_preferred_times", "صباحاً")
    page.check("#id_consent")
    page.wait_for_timeout(3200)  # a person takes longer than the form's minimum fill time
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith("/request/sent/"), page.url

    request = AppointmentRequest.objects.get()
    assert request.name == "فاطمة بنعلي"
    assert request.directory_service == directory["open"].pk
    assert request.service_type == "legal_advice"


@pytest.mark.parametrize("lang", ["ar", "ca"])
def test_home_search_and_service_pages_have_no_serious_accessibility_violation(
    page: Any, directory: dict[str, Service], axe_source: str, lang: str
) -> None:
    service = directory["open"]
    for path in (
        f"/{lang}/directory/",
        f"/{lang}/directory/search/?q=advocat&open=now",
        f"/{lang}/directory/search/?q=zzzz",
        f"/{lang}/directory/services/{service.pk}/",
        f"/{lang}/directory/services/{service.pk}/request/",
        f"/{lang}/directory/emergency/",
    ):
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert_no_blocking_violations(page, axe_source)


def test_request_form_errors_keep_what_was_typed_in_the_browser(
    page: Any, directory: dict[str, Service], axe_source: str
) -> None:
    page.goto(f"/ar/directory/services/{directory['open'].pk}/request/")
    page.fill("#id_name", "فاطمة")
    page.fill("#id_contact", "not a phone")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.input_value("#id_name") == "فاطمة"
    assert page.input_value("#id_contact") == "not a phone"
    assert page.locator(".form-errors").count() == 1
    assert_no_blocking_violations(page, axe_source)
    assert not AppointmentRequest.objects.exists()


def test_the_service_worker_takes_the_directory_and_keeps_the_emergency_numbers(
    page: Any, directory: dict[str, Service]
) -> None:
    page.goto("/ca/directory/")
    scope = page.evaluate("() => navigator.serviceWorker.ready.then(registration => registration.scope)")
    assert scope.endswith("/ca/directory/")
    cached = page.evaluate(
        """async () => {
          for (let i = 0; i < 50; i++) {
            const hit = await caches.match('/ca/directory/emergency/');
            if (hit) { return true; }
            await new Promise(resolve => setTimeout(resolve, 100));
          }
          return false;
        }"""
    )
    assert cached


def test_every_demo_service_sheet_prints_on_one_a4_page(page: Any, network: Network) -> None:
    import io
    import re

    from acollida.directory.demo import load_demo

    Office.objects.create(organisation=network.cai, name="CAI", street="Carrer d'Amadeu de Savoia 11")
    load_demo(io.StringIO())
    longest = sorted(Service.objects.all(), key=lambda s: len(s.description) + len(str(s.translations)))[-3:]
    for service in longest:
        for lang in ("ar", "uk"):
            page.goto(f"/{lang}/directory/services/{service.pk}/sheet/")
            page.emulate_media(media="print")
            pdf = page.pdf(format="A4")
            pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
            assert pages == 1, (service.name, lang, pages)

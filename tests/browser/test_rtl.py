"""Right-to-left and small screens: Arabic mirrors the layout; a phone never scrolls sideways.

Positions are compared from the boxes Chromium lays out, not from the CSS source, so a physical
``left``/``right`` slipped into the stylesheet shows up here.

Set ``ACOLLIDA_SCREENSHOT_DIR`` to keep a screenshot of every page the phone test looks at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import DESKTOP, LANGUAGES, PHONE, assert_no_blocking_violations, sign_in
from tests.conftest import Network

pytestmark = pytest.mark.browser

RIGHT_TO_LEFT = {"ar"}


def box(page: Any, selector: str) -> dict[str, float]:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, f"{selector} is not displayed on {page.url}"
    return dict(found)


def right_edge(b: dict[str, float]) -> float:
    return b["x"] + b["width"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_login_page_declares_language_and_direction(page: Any, lang: str) -> None:
    page.goto(f"/{lang}/accounts/login/")
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == ("rtl" if lang in RIGHT_TO_LEFT else "ltr")
    assert page.evaluate("getComputedStyle(document.body).direction") == html.get_attribute("dir")


@pytest.mark.parametrize("lang", ["ca", "ar"])
def test_header_and_tables_follow_the_reading_direction(page: Any, network: Network, lang: str) -> None:
    sign_in(page, network.users["org_admin"], lang)
    page.goto(f"/{lang}/staff/")
    width = DESKTOP["width"]
    brand, tools = box(page, ".site-header .brand"), box(page, ".site-header .tools")
    first_link, sign_out = box(page, ".site-header .nav li"), box(page, ".site-header .sign-out")
    first_th, last_th = box(page, "main thead th:first-child"), box(page, "main thead th:last-child")
    first_td = box(page, "main tbody tr:first-child td:first-child")
    heading = box(page, "main h1")
    if lang in RIGHT_TO_LEFT:
        assert right_edge(brand) > width / 2 and brand["x"] > right_edge(tools)
        assert tools["x"] < width / 2
        assert first_link["x"] > right_edge(sign_out)
        assert first_th["x"] > right_edge(last_th)
        assert first_td["x"] > width / 2
        assert right_edge(heading) > width / 2
        # The content starts at the same edge as the brand.
        assert abs(right_edge(heading) - right_edge(brand)) < 2
    else:
        assert brand["x"] < width / 2 and right_edge(brand) < tools["x"]
        assert right_edge(tools) > width / 2
        assert right_edge(first_link) < sign_out["x"]
        assert right_edge(first_th) < last_th["x"]
        assert right_edge(first_td) < width / 2
        assert heading["x"] < width / 2
        assert abs(heading["x"] - brand["x"]) < 2


@pytest.mark.parametrize("lang", ["ca", "ar"])
def test_phone_table_rows_put_labels_at_the_start(page: Any, network: Network, lang: str) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, network.users["caseworker"], lang)
    page.goto(f"/{lang}/network/")
    cell = page.locator("main tbody tr:first-child td:first-child")
    value_side = cell.evaluate(
        """td => {
          const r = td.getBoundingClientRect(), a = td.querySelector('a').getBoundingClientRect();
          return (a.left + a.right) / 2 < (r.left + r.right) / 2 ? 'left' : 'right';
        }"""
    )
    # The column name (the ::before label) comes first in reading order, so the value sits at the end.
    assert value_side == ("left" if lang in RIGHT_TO_LEFT else "right")


def _shoot(page: Any, name: str) -> None:
    folder = os.environ.get("ACOLLIDA_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _assert_no_sideways_scroll(page: Any) -> None:
    overflow = page.evaluate(
        """() => {
          const d = document.documentElement;
          const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > d.clientWidth + 1
                         || e.getBoundingClientRect().left < -1)
            .filter(e => !e.closest('.visually-hidden, .skip-link, thead'))
            .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))
            .slice(0, 5);
          return {scroll: d.scrollWidth, client: d.clientWidth, wide};
        }"""
    )
    assert overflow["scroll"] <= overflow["client"] and not overflow["wide"], (page.url, overflow)


def _assert_targets_big_enough(page: Any) -> None:
    """Buttons, fields and menus are at least 24 CSS pixels tall (WCAG 2.2 target size, minimum)."""
    small = page.evaluate(
        """() => [...document.querySelectorAll(
             'button, select, .button, input:not([type=hidden]):not([type=checkbox]):not([type=radio])')]
          .filter(e => e.checkVisibility())
          .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])
          .filter(([, h]) => h < 24)"""
    )
    assert not small, (page.url, small)


@pytest.mark.parametrize("lang", ["ca", "ar"])
def test_phone_width_pages_fit_the_screen(page: Any, axe_source: str, network: Network, lang: str) -> None:
    """No sideways scrolling, big enough targets, and axe is clean on the phone layout too."""
    page.goto(f"/{lang}/accounts/login/")
    _shoot(page, f"login-{lang}-desktop")
    page.set_viewport_size(PHONE)
    page.reload()
    _assert_no_sideways_scroll(page)
    _assert_targets_big_enough(page)
    assert_no_blocking_violations(page, axe_source)
    _shoot(page, f"login-{lang}-phone")
    sign_in(page, network.users["org_admin"], lang)
    for name, path in [
        ("home", "home/"),
        ("staff", "staff/"),
        ("network", "network/"),
        ("tokens", "profile/tokens/"),
    ]:
        page.goto(f"/{lang}/{path}")
        _assert_no_sideways_scroll(page)
        _assert_targets_big_enough(page)
        assert_no_blocking_violations(page, axe_source)
        _shoot(page, f"{name}-{lang}-phone")
    page.goto(f"/{lang}/staff/{network.users['caseworker'].pk}/")
    _assert_no_sideways_scroll(page)
    assert_no_blocking_violations(page, axe_source)
    _shoot(page, f"staff-detail-{lang}-phone")
    page.set_viewport_size(DESKTOP)
    for name, path in [("home", "home/"), ("staff", "staff/"), ("network", "network/")]:
        page.goto(f"/{lang}/{path}")
        _assert_no_sideways_scroll(page)
        _shoot(page, f"{name}-{lang}-desktop")

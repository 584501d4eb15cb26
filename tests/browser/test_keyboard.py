"""Keyboard use: the skip link comes first, and every control is reached by Tab and shows focus."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import sign_in
from tests.conftest import Network

pytestmark = pytest.mark.browser

INTERACTIVE = (
    "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])"
)

# Tag every control a person could use, so the elements Tab reaches can be matched against them.
TAG_CONTROLS = f"""() => {{
  const found = [...document.querySelectorAll("{INTERACTIVE}")]
    .filter(e => !e.disabled && e.checkVisibility({{visibilityProperty: true}}));
  found.forEach((e, i) => e.dataset.kb = String(i));
  return found.map(e => e.outerHTML.slice(0, 80));
}}"""

FOCUS_STATE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return {kb: e.dataset.kb ?? null, html: e.outerHTML.slice(0, 80),
          indicator: outline || s.boxShadow !== 'none', focusVisible: e.matches(':focus-visible')};
}"""


def tab_through(page: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Press Tab from the top of the page until focus leaves it; returns controls and focus stops."""
    controls = page.evaluate(TAG_CONTROLS)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    stops: list[dict[str, Any]] = []
    for _press in range(len(controls) + 3):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if state is None or (stops and state["kb"] == stops[0]["kb"]):
            break
        stops.append(state)
    return controls, stops


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Any, network: Network) -> None:
    sign_in(page, network.users["org_admin"])
    page.goto("/ca/home/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    # Hidden until focused, then on screen for a sighted keyboard user.
    shown = skip.bounding_box()
    assert shown is not None and shown["y"] >= 0 and shown["height"] > 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    # The next stop is inside the content, not back in the header.
    assert page.evaluate("document.activeElement.closest('main') !== null")


@pytest.mark.parametrize("path", ["/ca/home/", "/ca/staff/", "/ar/staff/"])
def test_every_control_is_reached_by_tab_and_shows_focus(page: Any, network: Network, path: str) -> None:
    sign_in(page, network.users["org_admin"])
    page.goto(path)
    controls, stops = tab_through(page)
    assert len(controls) > 10, controls
    reached = {stop["kb"] for stop in stops}
    missed = [html for i, html in enumerate(controls) if str(i) not in reached]
    assert not missed, f"not reachable by Tab: {missed}"
    unmarked = [stop["html"] for stop in stops if not stop["indicator"]]
    assert not unmarked, f"no visible focus indicator: {unmarked}"
    order = [int(stop["kb"]) for stop in stops if stop["kb"] is not None]
    assert order == sorted(order), "Tab order does not follow the page order"


def test_focus_indicator_check_can_fail(page: Any, network: Network) -> None:
    """An element whose outline is removed is reported: the check above is not vacuous."""
    sign_in(page, network.users["org_admin"])
    page.goto("/ca/home/")
    page.evaluate(
        """document.querySelectorAll('main a').forEach(a => {
             a.style.outline = 'none'; a.style.boxShadow = 'none'; })"""
    )
    _controls, stops = tab_through(page)
    assert any(not stop["indicator"] and "<a" in stop["html"] for stop in stops)

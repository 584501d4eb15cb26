"""The council's public pages in a real browser, on the demo council: every page in the six
languages has no serious or critical axe-core violation, reads right to left in Arabic, and fits a
phone's screen."""

from __future__ import annotations

import io
from typing import Any

import pytest

from acollida.council import demo
from acollida.council.models import Body, Meeting, MinutesStatus
from tests.browser.conftest import LANGUAGES, PHONE, assert_no_blocking_violations

pytestmark = pytest.mark.browser

# Elements drawn past either edge of the screen (a reader would have to scroll sideways to them).
OUTSIDE_THE_SCREEN = """() => [...document.querySelectorAll('main *')]
  .filter(e => { const r = e.getBoundingClientRect(); return r.right > innerWidth + 1 || r.left < -1; })
  .filter(e => !e.closest('.table-scroll, .trap'))
  .map(e => e.tagName)"""


@pytest.fixture
def council(db: None) -> Body:
    demo.load_demo(io.StringIO())
    return Body.objects.get(slug=demo.SLUG)


def _pages(body: Body) -> list[str]:
    meeting = Meeting.objects.filter(body=body, minutes__status=MinutesStatus.APPROVED).first()
    assert meeting is not None
    return [
        "",
        f"bodies/{body.slug}/",
        f"bodies/{body.slug}/members/",
        f"bodies/{body.slug}/meetings/",
        f"bodies/{body.slug}/advice/",
        f"meetings/{meeting.pk}/",
        "plan/pla-interculturalitat-demo/",
        f"plan/sections/{body.plan_processes.get().sections.first().pk}/comment/",  # type: ignore[union-attr]
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_council_pages_pass_axe(page: Any, council: Body, axe_source: str, language: str) -> None:
    for path in _pages(council):
        response = page.goto(f"/{language}/council/public/{path}")
        assert response.status == 200, path
        assert page.evaluate("document.documentElement.lang") == language
        assert_no_blocking_violations(page, axe_source)


def test_the_public_pages_read_right_to_left_in_arabic_on_a_phone(page: Any, council: Body) -> None:
    page.set_viewport_size(PHONE)
    for path in _pages(council):
        page.goto(f"/ar/council/public/{path}")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        assert page.evaluate(OUTSIDE_THE_SCREEN) == [], path

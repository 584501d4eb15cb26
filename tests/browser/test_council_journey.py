"""The council secretary's journey in a real browser: plan and convene a meeting, take the roll,
hold a vote with a dissenting opinion, draft, circulate, approve and sign the minutes; the public
page then shows the approved minutes in Arabic, right to left."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from acollida.council.models import (
    Body,
    DissentingOpinion,
    Mandate,
    Meeting,
    MeetingStatus,
    Member,
    Minutes,
    MinutesStatus,
    Seat,
    SeatCategory,
    Vote,
)
from tests.browser.conftest import assert_no_blocking_violations, sign_in
from tests.conftest import Network

pytestmark = pytest.mark.browser

MINUTES_AR = "محضر الجلسة: وافق المجلس على توصية المترجمين الفوريين."


@pytest.fixture
def body(network: Network) -> Body:
    council = Body.objects.create(slug="council", name="Local Council on Immigration")
    category = SeatCategory.objects.create(
        body=council, code="migrant_associations", name="Migrant associations"
    )
    for number, name in enumerate(("Amina Diallo", "Andrii Koval", "Fatou Sow"), start=1):
        seat = Seat.objects.create(body=council, category=category, number=number)
        member = Member.objects.create(name=name)
        Mandate.objects.create(seat=seat, member=member, starts_on=timezone.localdate() - timedelta(days=100))
    return council


def test_secretary_holds_a_meeting_and_the_public_reads_its_approved_minutes_in_arabic(
    page: Any, network: Network, body: Body, axe_source: str
) -> None:
    sign_in(page, network.users["council_secretary"], language="en")
    with translation.override("en"):
        plan, convene, convene_notify = _("Plan the meeting"), _("Convene"), _("Convene and notify")
        add_item = _("Add to the agenda")
        open_roll, open_vote = _("Open the roll call"), _("Open a vote")
        attach, close, save_draft = (
            _("Attach the dissenting opinion"),
            _("Close and count"),
            _("Save the draft"),
        )
        circulate, approve, sign = _("Circulate to the members"), _("Approve"), _("Sign as secretary")

    # Plan the meeting and convene it.
    page.goto(f"/en/council/manage/{body.slug}/meetings/")
    page.fill("input[name=title]", "Plenary on interpretation")
    page.fill("input[name=starts_at]", (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name=plan).click()
    page.wait_for_url("**/council/meetings/*/")
    meeting = Meeting.objects.get(title="Plenary on interpretation")
    page.fill("form[action$='/agenda/'] input[name=title]", "Advice on interpreters at the registry")
    with page.expect_navigation():
        page.get_by_role("button", name=add_item).click()
    page.get_by_role("link", name=convene, exact=True).click()
    page.wait_for_url(f"**/council/meetings/{meeting.pk}/convene/")
    with page.expect_navigation():
        page.get_by_role("button", name=convene_notify).click()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONVENED

    # Take the roll: all three titulars present.
    page.goto(f"/en/council/meetings/{meeting.pk}/roll-call/")
    with page.expect_navigation():
        page.get_by_role("button", name=open_roll).click()
    for line in range(3):
        with page.expect_navigation():
            page.locator("form[action*='/attendances/'] button[value=titular]").nth(line).click()
    assert meeting.attendances.filter(present=True).count() == 3

    # Vote: two yes, one no, and the dissenting seat attaches its opinion.
    page.goto(f"/en/council/meetings/{meeting.pk}/")
    page.fill("textarea[name=question]", "Adopt the advice on interpreters at the registry?")
    page.get_by_role("button", name=open_vote).click()
    page.wait_for_url("**/council/votes/*/")
    vote = Vote.objects.get(meeting=meeting)
    for row, choice in enumerate(("yes", "yes", "no")):
        with page.expect_navigation():
            page.locator("form[action$='/ballots/']").nth(row).locator(f"button[value={choice}]").click()
    dissenting_seat = Seat.objects.get(body=body, number=3)
    page.select_option("#dissent-seat", str(dissenting_seat.pk))
    page.fill("#dissent-text", "Interpretation must be free of charge, which the advice does not say.")
    with page.expect_navigation():
        page.get_by_role("button", name=attach).click()
    page.goto(f"/en/council/votes/{vote.pk}/close/")
    page.get_by_role("button", name=close).click()
    page.wait_for_url(f"**/council/votes/{vote.pk}/")
    vote.refresh_from_db()
    assert vote.result == "adopted"
    assert DissentingOpinion.objects.filter(vote=vote, seat=dissenting_seat).exists()

    # Minutes: drafted in Arabic, circulated, approved at the next meeting, signed.
    Meeting.objects.create(
        body=body,
        title="Next plenary",
        starts_at=timezone.now() + timedelta(days=40),
        status=MeetingStatus.CONVENED,
    )
    page.goto(f"/en/council/meetings/{meeting.pk}/minutes/")
    page.fill("textarea[name=text]", MINUTES_AR)
    with page.expect_navigation():
        page.get_by_role("button", name=save_draft).click()
    with page.expect_navigation():
        page.get_by_role("button", name=circulate).click()
    with page.expect_navigation():
        page.get_by_role("button", name=approve).click()
    with page.expect_navigation():
        page.get_by_role("button", name=sign).click()
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == MinutesStatus.APPROVED
    assert minutes.signed_at is not None

    # The public page, in Arabic, without signing in.
    public = page.context.browser.new_context(base_url=page.url.split("/en/")[0])
    reader = public.new_page()
    reader.goto(f"/ar/council/public/meetings/{meeting.pk}/")
    assert reader.evaluate("document.documentElement.dir") == "rtl"
    assert MINUTES_AR in reader.locator(".minutes").inner_text()
    assert_no_blocking_violations(reader, axe_source)
    public.close()

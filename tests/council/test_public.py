"""The council's public pages: open to anyone, showing only what the council publishes."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.council import services_advice
from acollida.council.models import (
    Body,
    Declaration,
    Gender,
    Mandate,
    Meeting,
    MeetingStatus,
    Member,
    Minutes,
    MinutesStatus,
    PlanComment,
    PlanCommentStatus,
    PlanProcess,
    PlanSection,
    Seat,
    SeatCategory,
)
from acollida.directory.forms_public import FORM_TOKEN_SALT, form_token_new
from tests.conftest import Network


@pytest.fixture
def body(db: None) -> Body:
    return Body.objects.create(slug="council", name="Local Council on Immigration")


def _seats(body: Body, code: str, name: str, count: int, low: str, high: str) -> SeatCategory:
    category = SeatCategory.objects.create(
        body=body, code=code, name=name, target_share_min=Decimal(low), target_share_max=Decimal(high)
    )
    start = Seat.objects.filter(body=body).count()
    for number in range(start + 1, start + count + 1):
        Seat.objects.create(body=body, category=category, number=number)
    return category


def _member(body: Body, name: str, *, consent: bool, gender: str = Gender.WOMAN) -> Member:
    member = Member.objects.create(name=name, public_consent=consent, gender=gender)
    seat = Seat.objects.filter(body=body, mandates__isnull=True).first()
    assert seat is not None
    Mandate.objects.create(
        seat=seat, member=member, starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    return member


def test_the_composition_shows_the_over_represented_category(client: Client, body: Body) -> None:
    _seats(body, "migrant_associations", "Migrant associations", 2, "0.40", "0.60")
    _seats(body, "ngos", "NGOs", 8, "0.10", "0.30")
    with translation.override("en"):
        response = client.get(reverse("council_public:composition", args=[body.slug]))
    assert response.status_code == 200
    assert "over-represented" in response.content.decode()
    assert "under-represented" in response.content.decode()


def test_the_composition_hides_gender_counts_under_ten(client: Client, body: Body) -> None:
    _seats(body, "ngos", "NGOs", 3, "0.10", "0.30")
    _member(body, "Amina Diallo", consent=True)
    with translation.override("en"):
        response = client.get(reverse("council_public:composition", args=[body.slug]))
    assert response.context["composition"].gender["women"] is None
    assert "fewer than 10" in response.content.decode()


def test_members_without_consent_are_not_listed(client: Client, body: Body) -> None:
    _seats(body, "ngos", "NGOs", 2, "0.10", "0.30")
    _member(body, "Amina Diallo", consent=True)
    _member(body, "Hidden Person", consent=False)
    content = client.get(reverse("council_public:members", args=[body.slug])).content.decode()
    assert "Amina Diallo" in content
    assert "Hidden Person" not in content


def test_members_show_their_declarations_of_interest(client: Client, body: Body) -> None:
    _seats(body, "ngos", "NGOs", 1, "0.10", "0.30")
    member = _member(body, "Amina Diallo", consent=True)
    Declaration.objects.create(
        member=member, text="Grant for the reception programme", funding_received=True, year=2026
    )
    content = client.get(reverse("council_public:members", args=[body.slug])).content.decode()
    assert "Grant for the reception programme" in content


def _meeting(body: Body, status: str = MeetingStatus.HELD) -> Meeting:
    return Meeting.objects.create(
        body=body, title="Plenary of March", starts_at=timezone.now(), status=status
    )


def test_a_draft_meeting_is_not_public(client: Client, body: Body) -> None:
    meeting = _meeting(body, MeetingStatus.DRAFT)
    assert client.get(reverse("council_public:meeting", args=[meeting.pk])).status_code == 404
    assert (
        "Plenary of March"
        not in client.get(reverse("council_public:meetings", args=[body.slug])).content.decode()
    )


def test_minutes_are_public_only_once_approved(client: Client, body: Body) -> None:
    meeting = _meeting(body)
    Minutes.objects.create(meeting=meeting, text="Draft wording", status=MinutesStatus.CIRCULATED)
    url = reverse("council_public:meeting", args=[meeting.pk])
    assert "Draft wording" not in client.get(url).content.decode()
    Minutes.objects.create(meeting=meeting, version=2, text="Approved wording", status=MinutesStatus.APPROVED)
    assert "Approved wording" in client.get(url).content.decode()


def test_approved_minutes_read_in_arabic_right_to_left(client: Client, body: Body) -> None:
    meeting = _meeting(body)
    Minutes.objects.create(
        meeting=meeting,
        text="Approved wording",
        text_i18n={"ar": "محضر معتمد"},
        status=MinutesStatus.APPROVED,
    )
    content = client.get(f"/ar/council/public/meetings/{meeting.pk}/").content.decode()
    assert 'dir="rtl"' in content
    assert "محضر معتمد" in content


def test_the_accountability_page_flags_overdue_answers(client: Client, body: Body) -> None:
    advice = services_advice.advice_adopt(
        body=body,
        title="Interpreters at the registry",
        text="x",
        addressee="Registry",
        answer_due_on=timezone.localdate(),
    )
    advice.answer_due_on = timezone.localdate() - datetime.timedelta(days=1)
    advice.save()
    with translation.override("en"):
        content = client.get(reverse("council_public:accountability", args=[body.slug])).content.decode()
    assert "Interpreters at the registry" in content
    assert "Overdue" in content


def test_the_accountability_page_shows_the_citys_answer(network: Network, client: Client, body: Body) -> None:
    advice = services_advice.advice_adopt(body=body, title="Registry", text="x", addressee="Registry")
    services_advice.advice_answer(
        actor=network.users["council_secretary"],
        advice=advice,
        status="rejected",
        answer_text="No budget this year.",
    )
    content = client.get(reverse("council_public:accountability", args=[body.slug])).content.decode()
    assert "No budget this year." in content


@pytest.fixture
def section(body: Body) -> PlanSection:
    process = PlanProcess.objects.create(body=body, slug="plan-2027", title="Interculturality Plan 2027")
    return PlanSection.objects.create(process=process, order=1, title="Housing", text="Section text")


def _post_comment(client: Client, section: PlanSection, **data: str) -> Any:
    form = {
        "kind": "comment",
        "text": "More shelter places",
        "language": "es",
        "author_name": "Asociación Rumiñahui",
        "form_token": form_token_new(),
        **data,
    }
    return client.post(reverse("council_public:plan_comment", args=[section.pk]), form)


def _back_dated_token() -> str:
    """A form token handed out half a minute ago, as a person typing would send back."""
    issued = (timezone.now() - datetime.timedelta(seconds=30)).timestamp()
    return signing.dumps({"issued": issued}, salt=FORM_TOKEN_SALT)


def test_a_public_comment_waits_for_moderation(client: Client, section: PlanSection) -> None:
    response = _post_comment(client, section, form_token=_back_dated_token())
    assert response.status_code == 302
    comment = PlanComment.objects.get()
    assert comment.status == PlanCommentStatus.PENDING
    assert (
        "More shelter places"
        not in client.get(reverse("council_public:plan", args=["plan-2027"])).content.decode()
    )


def test_a_published_comment_shows_on_the_thread(
    network: Network, client: Client, section: PlanSection
) -> None:
    comment = services_advice.plan_comment_submit(section=section, text="More shelter places", language="ar")
    services_advice.plan_comment_moderate(
        actor=network.users["council_secretary"], comment=comment, publish=True
    )
    assert (
        "More shelter places"
        in client.get(reverse("council_public:plan", args=["plan-2027"])).content.decode()
    )


def test_the_honeypot_keeps_nothing(client: Client, section: PlanSection) -> None:
    response = _post_comment(client, section, form_token=_back_dated_token(), website="http://spam.example")
    assert response.status_code == 302
    assert not PlanComment.objects.exists()


def test_an_amendment_without_its_text_is_refused_keeping_the_comment(
    client: Client, section: PlanSection
) -> None:
    response = _post_comment(client, section, kind="amendment", form_token=_back_dated_token())
    assert response.status_code == 200
    assert "More shelter places" in response.content.decode()
    assert not PlanComment.objects.exists()


def test_the_comment_form_is_rate_limited(client: Client, section: PlanSection, settings: Any) -> None:
    cache.clear()
    settings.ACOLLIDA_APPOINTMENT_REQUESTS_PER_SESSION = 1
    settings.ACOLLIDA_APPOINTMENT_REQUESTS_PER_ADDRESS = 1
    _post_comment(client, section, form_token=_back_dated_token())
    response = _post_comment(client, section, text="Second one", form_token=_back_dated_token())
    assert response.status_code == 429
    assert PlanComment.objects.count() == 1


def test_only_the_secretary_sees_the_moderation_queue(network: Network, section: PlanSection) -> None:
    services_advice.plan_comment_submit(section=section, text="More shelter places", language="fr")
    assert services_advice.moderation_queue(network.users["council_secretary"]).count() == 1
    assert services_advice.moderation_queue(network.users["caseworker"]).count() == 0

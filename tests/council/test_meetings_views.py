"""Council meeting screens and the public feeds."""

from __future__ import annotations

from datetime import timedelta

import pytest
from defusedxml import ElementTree
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.council import services_meetings as services
from acollida.council.models import Attendance, Ballot, DissentingOpinion
from tests.conftest import Network, login
from tests.council.test_meetings import Council, convened, small_council


@pytest.fixture
def council(db: None) -> Council:
    return small_council()


def test_the_roll_call_page_recounts_the_quorum_after_each_mark(
    network: Network, council: Council, client: Client
) -> None:
    meeting = convened(network, council)
    login(client, network.users["council_secretary"])
    client.post(reverse("council:meeting_roll_call", kwargs={"pk": meeting.pk}), {"call": "first"})
    for seat in council.seats[:2]:
        line = Attendance.objects.get(meeting=meeting, seat=seat)
        client.post(reverse("council:attendance_mark", kwargs={"pk": line.pk}), {"role": "titular"})
    with translation.override("en"):
        page = client.get(reverse("council:meeting_roll_call", kwargs={"pk": meeting.pk}))
    assert "Quorum reached." in page.content.decode()


def test_a_proxy_without_a_carrier_is_refused_with_a_message(
    network: Network, council: Council, client: Client
) -> None:
    meeting = convened(network, council)
    login(client, network.users["council_secretary"])
    client.post(reverse("council:meeting_roll_call", kwargs={"pk": meeting.pk}), {"call": "first"})
    line = Attendance.objects.get(meeting=meeting, seat=council.seats[1])
    response = client.post(
        reverse("council:attendance_mark", kwargs={"pk": line.pk}), {"role": "proxy"}, follow=True
    )
    assert response.status_code == 200
    assert not Attendance.objects.get(pk=line.pk).present


def test_a_ballot_and_a_dissent_are_recorded_from_the_vote_page(
    network: Network, council: Council, client: Client
) -> None:
    secretary = network.users["council_secretary"]
    meeting = convened(network, council)
    services.roll_call_open(actor=secretary, meeting=meeting)
    services.attendance_mark(
        actor=secretary,
        attendance=Attendance.objects.get(meeting=meeting, seat=council.seats[0]),
        role="titular",
    )
    vote = services.vote_open(actor=secretary, meeting=meeting, question="Adopt?")
    login(client, secretary)
    client.post(
        reverse("council:ballot_cast", kwargs={"pk": vote.pk}), {"seat": council.seats[0].pk, "choice": "no"}
    )
    client.post(
        reverse("council:dissent_add", kwargs={"pk": vote.pk}),
        {"seat": council.seats[0].pk, "text": "Against."},
    )
    assert Ballot.objects.get(vote=vote).choice == "no"
    assert DissentingOpinion.objects.get(vote=vote).member == council.titulars[0]


def test_a_bad_seat_in_a_ballot_gives_a_message_not_an_error(
    network: Network, council: Council, client: Client
) -> None:
    secretary = network.users["council_secretary"]
    meeting = convened(network, council)
    vote = services.vote_open(actor=secretary, meeting=meeting, question="Adopt?")
    login(client, secretary)
    response = client.post(
        reverse("council:ballot_cast", kwargs={"pk": vote.pk}), {"seat": "x", "choice": "maybe"}, follow=True
    )
    assert response.status_code == 200
    assert not Ballot.objects.exists()


def _approved(network: Network, council: Council) -> object:
    secretary = network.users["council_secretary"]
    meeting = convened(network, council, days=7)
    later = convened(network, council, days=37)
    minutes = services.minutes_draft(
        actor=secretary, meeting=meeting, text="The council met.", text_i18n={"ar": "اجتمع المجلس."}
    )
    services.minutes_circulate(actor=secretary, minutes=minutes)
    services.minutes_approve(actor=secretary, minutes=minutes, at_meeting=later)
    return meeting


def test_approved_minutes_are_public_in_arabic(network: Network, council: Council, client: Client) -> None:
    meeting = _approved(network, council)
    response = client.get(f"/ar/council/meetings/{meeting.pk}/approved-minutes/", follow=True)
    assert response.redirect_chain[0][1] == 301
    assert "اجتمع المجلس." in response.content.decode()


def test_the_rss_feed_links_approved_minutes_to_the_public_meeting_page(
    network: Network, council: Council, client: Client
) -> None:
    meeting = _approved(network, council)
    feed = client.get(reverse("council:meetings_rss", kwargs={"slug": council.body.slug})).content.decode()
    assert reverse("council_public:meeting", kwargs={"pk": meeting.pk}) in feed
    assert "approved-minutes" not in feed


def test_minutes_not_yet_approved_are_not_public(network: Network, council: Council, client: Client) -> None:
    secretary = network.users["council_secretary"]
    meeting = convened(network, council)
    services.minutes_draft(actor=secretary, meeting=meeting, text="Draft")
    response = client.get(reverse("council:public_minutes", kwargs={"pk": meeting.pk}))
    assert response.status_code == 404


def test_the_ical_feed_has_crlf_lines_of_at_most_75_octets(
    network: Network, council: Council, client: Client
) -> None:
    meeting = convened(network, council)
    meeting.place = "Sala de Plens, Ajuntament de València, Plaça de l'Ajuntament 1, 46002 València"
    meeting.save()
    body = client.get(reverse("council:meetings_ical", kwargs={"slug": council.body.slug})).content
    lines = body.split(b"\r\n")
    assert body.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in lines)
    assert b"BEGIN:VEVENT" in body


def test_the_feeds_carry_no_member_names(network: Network, council: Council, client: Client) -> None:
    convened(network, council)
    slug = council.body.slug
    for name in ("council:meetings_ical", "council:meetings_rss"):
        content = client.get(reverse(name, kwargs={"slug": slug})).content.decode()
        assert "Titular" not in content and "@example.org" not in content


def test_the_rss_feed_is_well_formed_and_skips_drafts(
    network: Network, council: Council, client: Client
) -> None:
    convened(network, council)
    services.meeting_create(
        actor=network.users["council_secretary"],
        body=council.body,
        title="Secret draft",
        starts_at=convened(network, council).starts_at + timedelta(days=60),
    )
    content = client.get(reverse("council:meetings_rss", kwargs={"slug": council.body.slug})).content
    channel = ElementTree.fromstring(content).find("channel")
    assert channel is not None
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == ["Plenary", "Plenary"]

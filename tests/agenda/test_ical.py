from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from django.test import Client
from django.urls import reverse

from acollida.agenda import ical, services
from acollida.agenda.models import Appointment, Slot
from acollida.people.models import Person
from tests.conftest import Network


def test_lines_end_with_crlf_and_fold_at_75_octets() -> None:
    event = ical.Event(
        uid="a@x",
        starts_at=datetime(2026, 3, 2, 9, tzinfo=UTC),
        ends_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
        summary="Legal advice " + "é" * 80,
    )
    text = ical.calendar([event], name="test", now=datetime(2026, 3, 1, tzinfo=UTC))
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert "\n" not in "".join(lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    assert "SUMMARY:Legal advice " + "é" * 80 + "\r\n" in unfolded


def test_text_values_are_escaped() -> None:
    assert ical.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def _feed_url(network: Network) -> str:
    _feed, raw = services.feed_create(actor=network.users["caseworker"])
    return reverse("agenda_ical", kwargs={"token": raw})


def test_feed_lists_my_appointments_without_names(
    network: Network,
    publish: Callable[..., Slot],
    book: Callable[..., Appointment],
    person: Person,
    client: Client,
) -> None:
    book(person, publish(staff=network.users["caseworker"]))
    response = client.get(_feed_url(network))
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body
    assert "wo" in body
    assert "Amina" not in body
    assert "Diallo" not in body


def test_a_revoked_feed_is_not_found(network: Network, client: Client) -> None:
    feed, raw = services.feed_create(actor=network.users["caseworker"])
    services.feed_revoke(actor=network.users["caseworker"], feed=feed)
    assert client.get(reverse("agenda_ical", kwargs={"token": raw})).status_code == 404


def test_a_new_feed_stops_the_old_one(network: Network, client: Client) -> None:
    _old, old_raw = services.feed_create(actor=network.users["caseworker"])
    services.feed_create(actor=network.users["caseworker"])
    assert client.get(reverse("agenda_ical", kwargs={"token": old_raw})).status_code == 404


def test_a_wrong_token_is_not_found(network: Network, client: Client) -> None:
    services.feed_create(actor=network.users["caseworker"])
    assert client.get(reverse("agenda_ical", kwargs={"token": "guess"})).status_code == 404

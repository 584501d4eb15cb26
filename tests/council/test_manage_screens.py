"""The council secretary's screens: policy, confirmation before merging, mandates, read logging."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.core import policy
from acollida.core.models import ReadLog
from acollida.council import services
from acollida.council.models import Body, BodyStatus, Mandate, MandateRole, Member
from tests.conftest import Network, login

pytestmark = pytest.mark.django_db


def _seat_with_titular() -> Mandate:
    body = services.body_create(slug="clici", values={"name": "CLICI"})
    category = services.category_save(
        body=body, code="ngos", name="NGOs", has_vote=True, target_share_min=None, target_share_max=None
    )
    seat = services.seats_add(body=body, category=category, count=1, nominated_by=None)[0]
    member = services.member_save(values={"name": "Amina Diallo", "email": "amina@example.org"})
    return services.mandate_assign(
        seat=seat, member=member, role=MandateRole.TITULAR, starts_on=dt.date(2024, 1, 1)
    )


def test_only_the_council_secretary_keeps_the_bodies(network: Network) -> None:
    services.body_create(slug="clici", values={"name": "CLICI"})
    assert (
        policy.council_bodies_managed_by(network.users["council_secretary"], Body.objects.all()).count() == 1
    )
    assert not policy.council_bodies_managed_by(network.users["coordinator"], Body.objects.all()).exists()


def test_members_are_hidden_from_staff_who_do_not_run_the_council(network: Network) -> None:
    services.member_save(values={"name": "Amina"})
    assert not policy.council_members_visible_to(network.users["dpo"], Member.objects.all()).exists()


def test_merge_asks_for_confirmation_and_changes_nothing_on_get(client: Client, network: Network) -> None:
    old = services.body_create(slug="old", values={"name": "Old"})
    services.body_create(slug="new", values={"name": "New"})
    login(client, network.users["council_secretary"])
    response = client.get(reverse("council:body_merge", args=["old"]))
    old.refresh_from_db()
    assert (response.status_code, old.status) == (200, BodyStatus.ACTIVE)


def test_secretary_merges_a_body_and_its_archive_stays_readable(client: Client, network: Network) -> None:
    mandate = _seat_with_titular()
    new = services.body_create(slug="inclusion", values={"name": "Inclusion council"})
    login(client, network.users["council_secretary"])
    client.post(reverse("council:body_merge", args=["clici"]), {"into": new.pk, "on": "2024-06-30"})
    with translation.override("en"):
        page = client.get(reverse("council:body_detail", args=["clici"]))
    assert "Archive: merged into Inclusion council" in page.content.decode()
    assert Mandate.objects.get(pk=mandate.pk).ends_on == dt.date(2024, 6, 30)


def test_overlapping_titular_is_refused_with_a_clear_error(client: Client, network: Network) -> None:
    mandate = _seat_with_titular()
    other = services.member_save(values={"name": "Olena"})
    login(client, network.users["council_secretary"])
    with translation.override("en"):
        response = client.post(
            reverse("council:mandate_assign", args=[mandate.seat_id]),
            {"member": other.pk, "role": "titular", "starts_on": "2024-03-01"},
        )
    assert response.status_code == 200
    assert "already has a member in that role" in response.content.decode()


def test_ending_a_mandate_from_its_confirmation_page(client: Client, network: Network) -> None:
    mandate = _seat_with_titular()
    login(client, network.users["council_secretary"])
    client.post(reverse("council:mandate_end", args=[mandate.pk]), {"on": "2024-04-30", "reason": "resigned"})
    mandate.refresh_from_db()
    assert (mandate.ends_on, mandate.ended_reason) == (dt.date(2024, 4, 30), "resigned")


def test_reading_a_member_record_is_logged(client: Client, network: Network) -> None:
    mandate = _seat_with_titular()
    login(client, network.users["council_secretary"])
    client.get(reverse("council:member_detail", args=[mandate.member_id]))
    assert ReadLog.objects.filter(record_type="council_member", record_id=str(mandate.member_id)).exists()


def test_composition_page_shows_the_index(client: Client, network: Network) -> None:
    _seat_with_titular()
    login(client, network.users["council_secretary"])
    with translation.override("en"):
        response = client.get(reverse("council:composition", args=["clici"]), {"date": "2024-02-01"})
    assert response.status_code == 200
    assert "Loosemore–Hanby index" in response.content.decode()


def test_bad_date_on_composition_falls_back_to_today(client: Client, network: Network) -> None:
    _seat_with_titular()
    login(client, network.users["council_secretary"])
    response = client.get(reverse("council:composition", args=["clici"]), {"date": "not-a-date"})
    assert response.status_code == 200


def test_secretary_registers_a_member_with_languages_and_consent(client: Client, network: Network) -> None:
    login(client, network.users["council_secretary"])
    client.post(
        reverse("council:member_create"),
        {"name": "Olena Kovalenko", "gender": "woman", "is_migrant": "true", "languages": ["uk", "es"],
         "email": "olena@example.org", "public_consent": "on"},
    )  # fmt: skip
    member = Member.objects.get()
    assert (member.languages, member.is_migrant, member.public_consent) == (["uk", "es"], True, True)


def _body_form(**changes: str) -> dict[str, str]:
    form = {"slug": "clici", "name": "CLICI", "kind": "council", "quorum_kind": "fraction"}
    form |= {
        "quorum_first_call": "0.5",
        "quorum_second_call": "0.333",
        "majority_rule": "simple",
        "term_years": "4",
    }
    return form | changes


def test_secretary_creates_a_body_with_a_two_thirds_rule(client: Client, network: Network) -> None:
    login(client, network.users["council_secretary"])
    response = client.post(
        reverse("council:body_create"),
        _body_form(majority_rule="two_thirds"),
    )
    assert response.status_code == 302
    assert Body.objects.get(slug="clici").majority_rule == "two_thirds"


def test_fraction_quorum_above_one_is_refused(client: Client, network: Network) -> None:
    login(client, network.users["council_secretary"])
    response = client.post(
        reverse("council:body_create"),
        _body_form(quorum_first_call="3"),
    )
    assert response.status_code == 200
    assert not Body.objects.exists()

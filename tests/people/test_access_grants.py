"""Access requests decided by the holder: a grant opens a record to the requester until it ends."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.core import policy
from acollida.core.models import ReadLog, Role, User
from acollida.people.models import AccessGrant, AccessRequest, Person
from acollida.people.services import PersonData, access_request_create, person_register
from acollida.people.services_access import (
    access_grant_revoke,
    access_request_grant,
    access_request_refuse,
)
from tests.conftest import Network, login, make_user


@pytest.fixture
def yusuf(network: Network) -> Person:
    """Held by the CAI."""
    return person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(given_name="Yusuf", family_name="Haddad", date_of_birth=date(1990, 3, 7)),
        candidates_seen=0,
    )


@pytest.fixture
def asked(network: Network, yusuf: Person) -> AccessRequest:
    """CEAR's caseworker asks the CAI to open Yusuf's record."""
    return access_request_create(
        actor=network.users["ngo_caseworker"], person=yusuf, reason="Follow-up of an asylum referral"
    )


def _grant(network: Network, asked: AccessRequest, days: int = 30) -> AccessGrant:
    return access_request_grant(
        actor=network.users["caseworker"],
        request=asked,
        basis=AccessGrant.Basis.CONSENT,
        basis_note="Spoken consent on 2 March, through an Arabic interpreter",
        expires_on=timezone.localdate() + timedelta(days=days),
    )


def _opens(client: Client, user: User, person: Person) -> tuple[int, int]:
    login(client, user)
    page = client.get(reverse("people:detail", args=[person.pk]))
    api = client.get(f"/api/v1/persons/{person.pk}")
    return page.status_code, api.status_code


def test_before_any_grant_the_requester_cannot_open_the_person(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    assert _opens(client, network.users["ngo_caseworker"], asked.person) == (404, 404)


def test_a_granted_request_opens_the_person_to_the_requesting_organisation(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    _grant(network, asked)
    assert _opens(client, network.users["ngo_caseworker"], asked.person) == (200, 200)
    asked.refresh_from_db()
    assert asked.status == AccessRequest.Status.GRANTED
    assert asked.decided_by == network.users["caseworker"]


def test_reads_through_a_grant_are_logged_for_the_requesting_organisation(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    _grant(network, asked)
    _opens(client, network.users["ngo_caseworker"], asked.person)
    reads = ReadLog.objects.filter(user_id=network.users["ngo_caseworker"].pk, record_id=str(asked.person_id))
    assert {r.channel for r in reads} == {ReadLog.Channel.PAGE, ReadLog.Channel.API}
    assert all(r.organisation == network.cear and r.record_organisation_id == network.cai.pk for r in reads)


def test_a_granted_person_appears_in_full_in_the_requesters_search(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    _grant(network, asked)
    login(client, network.users["ngo_caseworker"])
    items = client.get("/api/v1/persons/search", {"q": "Yusuf Haddad"}).json()
    assert [(i["id"], i["visible"]) for i in items] == [(asked.person_id, True)]


def test_an_expired_grant_closes_the_record_the_day_after_its_end(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    grant = _grant(network, asked, days=10)
    end = datetime.combine(grant.expires_on, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(end + timedelta(hours=12), tick=False):
        assert _opens(client, network.users["ngo_caseworker"], asked.person) == (200, 200)
    with time_machine.travel(end + timedelta(days=1, hours=1), tick=False):
        assert _opens(client, network.users["ngo_caseworker"], asked.person) == (404, 404)


def test_a_revoked_grant_closes_the_record_at_once(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    grant = _grant(network, asked)
    login(client, network.users["caseworker"])
    confirm = client.get(reverse("people:access_grant_revoke", args=[grant.pk]))
    assert confirm.status_code == 200
    assert client.post(reverse("people:access_grant_revoke", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_by == network.users["caseworker"] and not grant.is_active()
    assert _opens(Client(), network.users["ngo_caseworker"], asked.person) == (404, 404)


def test_revoking_needs_a_confirmation_and_a_get_changes_nothing(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    grant = _grant(network, asked)
    login(client, network.users["caseworker"])
    client.get(reverse("people:access_grant_revoke", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.is_active()


def test_the_grantee_cannot_revoke_or_see_the_grant_list(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    grant = _grant(network, asked)
    login(client, network.users["ngo_caseworker"])
    assert client.post(reverse("people:access_grant_revoke", args=[grant.pk])).status_code == 404
    page = client.get(reverse("people:detail", args=[asked.person_id]))
    assert page.status_code == 200
    assert f"access-grants/{grant.pk}/revoke/" not in page.content.decode()
    with pytest.raises(PermissionDenied):
        access_grant_revoke(actor=network.users["ngo_caseworker"], grant=grant)


def test_the_holders_person_page_lists_active_grants_with_a_revoke_link(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    grant = _grant(network, asked)
    login(client, network.users["caseworker"])
    with translation.override("en"):
        page = client.get(reverse("people:detail", args=[asked.person_id]), HTTP_ACCEPT_LANGUAGE="en")
    content = page.content.decode()
    assert "CEAR-PV" in content
    assert f"access-grants/{grant.pk}/revoke/" in content


def test_a_refusal_keeps_its_reason_and_opens_nothing(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("people:access_request_decide", args=[asked.pk]),
        {"action": "refuse", "reason": "The person did not consent"},
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == AccessRequest.Status.REFUSED
    assert asked.decision_note == "The person did not consent"
    assert not AccessGrant.objects.exists()
    assert _opens(Client(), network.users["ngo_caseworker"], asked.person) == (404, 404)


def test_the_requester_reads_the_refusal_reason_in_their_requests(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    access_request_refuse(actor=network.users["caseworker"], request=asked, reason="No consent given")
    login(client, network.users["ngo_caseworker"])
    page = client.get(reverse("people:access_requests"), {"box": "outgoing"})
    assert "No consent given" in page.content.decode()
    assert "Haddad" not in page.content.decode()


def test_a_refusal_needs_a_reason(network: Network, asked: AccessRequest) -> None:
    with pytest.raises(ValidationError) as error:
        access_request_refuse(actor=network.users["caseworker"], request=asked, reason="  ")
    assert "reason" in error.value.message_dict
    asked.refresh_from_db()
    assert asked.status == AccessRequest.Status.OPEN


def test_a_grant_never_opens_a_protected_person(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    _grant(network, asked)
    person = asked.person
    person.is_protected = True
    person.save()
    person.protected_staff.set([network.users["caseworker"], network.users["ngo_caseworker"]])
    assert _opens(client, network.users["ngo_caseworker"], person) == (404, 404)
    assert _opens(Client(), network.users["caseworker"], person) == (200, 200)


def test_a_protected_persons_record_cannot_be_granted(network: Network, asked: AccessRequest) -> None:
    Person.objects.filter(pk=asked.person_id).update(is_protected=True)
    asked.person.protected_staff.set([network.users["caseworker"]])
    asked.refresh_from_db()
    with pytest.raises(ValidationError):
        _grant(network, asked)
    assert not AccessGrant.objects.exists()


def test_a_third_organisation_still_cannot_open_a_granted_person(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    _grant(network, asked)
    accem_worker = make_user("accem_worker", (network.accem, Role.CASEWORKER))
    assert _opens(client, accem_worker, asked.person) == (404, 404)


def test_the_requester_cannot_grant_their_own_request(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    login(client, network.users["ngo_caseworker"])
    response = client.post(
        reverse("people:access_request_decide", args=[asked.pk]),
        {"action": "grant", "basis": "consent", "basis_note": "yes", "expires_on": "2099-01-01"},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        _grant_as(network.users["ngo_caseworker"], asked)
    asked.refresh_from_db()
    assert asked.status == AccessRequest.Status.OPEN


def _grant_as(user: User, asked: AccessRequest) -> AccessGrant:
    return access_request_grant(
        actor=user,
        request=asked,
        basis=AccessGrant.Basis.CONSENT,
        basis_note="Written consent",
        expires_on=timezone.localdate() + timedelta(days=30),
    )


def test_a_member_of_both_organisations_cannot_grant_to_their_own(
    network: Network, asked: AccessRequest
) -> None:
    both = make_user("both", (network.cai, Role.CASEWORKER), (network.cear, Role.CASEWORKER))
    with pytest.raises(PermissionDenied):
        _grant_as(both, asked)


def test_staff_who_do_not_record_persons_at_the_holder_cannot_decide(
    network: Network, asked: AccessRequest
) -> None:
    for persona in ("org_admin", "dpo", "volunteer"):
        with pytest.raises(PermissionDenied):
            _grant_as(network.users[persona], asked)


def test_a_decided_request_cannot_be_decided_again(network: Network, asked: AccessRequest) -> None:
    _grant(network, asked)
    with pytest.raises(ValidationError):
        access_request_refuse(actor=network.users["coordinator"], request=asked, reason="Changed my mind")


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (0, "The end date must be after today."),
        (-3, "The end date must be after today."),
        (366, "Access can be granted for one year at most. Choose an earlier end date."),
    ],
)
def test_bad_end_dates_get_a_clear_error_and_nothing_is_granted(
    network: Network, client: Client, asked: AccessRequest, days: int, message: str
) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("people:access_request_decide", args=[asked.pk]),
            {
                "action": "grant",
                "basis": "consent",
                "basis_note": "Spoken consent",
                "expires_on": (timezone.localdate() + timedelta(days=days)).isoformat(),
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200
        assert response.context["grant_form"].errors["expires_on"] == [message]
    assert not AccessGrant.objects.exists()
    asked.refresh_from_db()
    assert asked.status == AccessRequest.Status.OPEN


def test_an_unreadable_end_date_gets_a_clear_error(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("people:access_request_decide", args=[asked.pk]),
            {"action": "grant", "basis": "consent", "basis_note": "Spoken", "expires_on": "31/02/2030"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.context["grant_form"].errors["expires_on"] == ["Enter a valid date."]
    assert not AccessGrant.objects.exists()


def test_the_decision_page_proposes_ninety_days(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    login(client, network.users["caseworker"])
    response = client.get(reverse("people:access_request_decide", args=[asked.pk]))
    assert response.status_code == 200
    expected = timezone.localdate() + timedelta(days=90)
    assert response.context["grant_form"]["expires_on"].value() == expected


def test_grants_and_refusals_are_in_the_change_log(network: Network, asked: AccessRequest) -> None:
    grant = _grant(network, asked)
    assert LogEntry.objects.get_for_object(grant).filter(action=LogEntry.Action.CREATE).exists()
    assert LogEntry.objects.get_for_object(asked).filter(action=LogEntry.Action.UPDATE).exists()


def test_the_holders_list_shows_waiting_requests_first(
    network: Network, client: Client, yusuf: Person, asked: AccessRequest
) -> None:
    other = person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(given_name="Olena", family_name="Shevchenko"),
        candidates_seen=0,
    )
    later = access_request_create(actor=network.users["ngo_caseworker"], person=other, reason="Housing")
    access_request_refuse(actor=network.users["caseworker"], request=later, reason="No consent")
    login(client, network.users["coordinator"])
    response = client.get(reverse("people:access_requests"))
    assert [row.request.pk for row in response.context["rows"]] == [asked.pk, later.pk]
    refused = client.get(reverse("people:access_requests"), {"status": "refused"})
    assert [row.request.pk for row in refused.context["rows"]] == [later.pk]


def test_the_navigation_counts_requests_waiting_for_a_decision(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en")
        link = reverse("people:access_requests")
    after_link = response.content.decode().split(f'href="{link}"')[1].split("</a>")[0]
    assert "Access requests" in after_link and ">waiting:</span> 1<" in after_link


# --- API -------------------------------------------------------------------------------------


def test_the_api_grants_and_the_requester_then_opens_the_record(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    login(client, network.users["caseworker"])
    end = (timezone.localdate() + timedelta(days=60)).isoformat()
    response = client.post(
        f"/api/v1/access-requests/{asked.pk}/grant",
        {"basis": "legal", "basis_note": "Court order 12/2026", "expires_on": end},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "granted" and body["grant"]["expires_on"] == end and body["grant"]["active"]
    assert _opens(Client(), network.users["ngo_caseworker"], asked.person) == (200, 200)


def test_the_api_refuses_with_a_reason_the_requester_reads(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    login(client, network.users["caseworker"])
    response = client.post(
        f"/api/v1/access-requests/{asked.pk}/refuse",
        {"reason": "No consent"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "refused"
    requester = login(Client(), network.users["ngo_caseworker"])
    items = requester.get("/api/v1/access-requests").json()["items"]
    assert [(i["direction"], i["decision_note"], i["person"]["visible"]) for i in items] == [
        ("outgoing", "No consent", False)
    ]


def test_the_api_lists_incoming_requests_with_the_person_in_full(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    login(client, network.users["caseworker"])
    items = client.get("/api/v1/access-requests", {"direction": "incoming"}).json()["items"]
    assert [(i["id"], i["direction"], i["person"]["family_name"]) for i in items] == [
        (asked.pk, "incoming", "Haddad")
    ]


def test_the_api_answers_a_second_decision_with_a_conflict(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    _grant(network, asked)
    login(client, network.users["caseworker"])
    response = client.post(
        f"/api/v1/access-requests/{asked.pk}/refuse", {"reason": "Too late"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"


def test_the_api_refuses_bad_end_dates_field_by_field(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            f"/api/v1/access-requests/{asked.pk}/grant",
            {"basis": "consent", "basis_note": "Spoken", "expires_on": "2001-01-01"},
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"expires_on": ["The end date must be after today."]}
    assert not AccessGrant.objects.exists()


def test_the_requester_cannot_grant_through_the_api(
    network: Network, client: Client, asked: AccessRequest
) -> None:
    login(client, network.users["ngo_caseworker"])
    end = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client.post(
        f"/api/v1/access-requests/{asked.pk}/grant",
        {"basis": "consent", "basis_note": "yes", "expires_on": end},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert not AccessGrant.objects.exists()


def test_policy_and_person_access_agree_for_granted_persons(network: Network, asked: AccessRequest) -> None:
    _grant(network, asked)
    user = network.users["ngo_caseworker"]
    persons = Person.objects.all()
    assert list(policy.persons_visible_to(user, persons)) == [asked.person]
    assert policy.person_access(user, persons) == {asked.person_id: "full"}

"""The core API's happy paths, with a personal token and with a signed-in session that passed 2FA."""

from __future__ import annotations

from typing import Any

from django.test import Client

from acollida.core.models import ApiToken, Membership, Office, Organisation, OrganisationKind, ReadLog, Role
from acollida.core.services import token_create
from tests.api.conftest import bearer
from tests.conftest import Network, login, make_user


def test_me_describes_the_caller(network: Network, as_user: Any) -> None:
    client, headers = as_user("caseworker")
    body = client.get("/api/v1/me", **headers).json()
    assert body["username"] == "caseworker"
    assert body["memberships"] == [
        {"organisation_id": network.cai.pk, "organisation": "CAI", "role": Role.CASEWORKER}
    ]
    assert "view_persons" in body["permissions"]
    assert "manage_staff" not in body["permissions"]


def test_me_with_a_token_shows_only_the_tokens_organisations(network: Network, client: Client) -> None:
    user = make_user("two_hats", (network.cear, Role.CASEWORKER), (network.accem, Role.CASEWORKER))
    _token, raw = token_create(user=user, name="one", days=1, organisation_ids=[network.cear.pk])
    body = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert [m["organisation_id"] for m in body["memberships"]] == [network.cear.pk]


def test_organisations_list_is_paginated(network: Network, as_user: Any) -> None:
    client, headers = as_user("researcher")
    page = client.get("/api/v1/organisations", {"limit": 2, "offset": 1}, **headers).json()
    assert page["count"] == 4
    # Sorted by name: Accem, CAI, CEAR-PV, City.
    assert [o["slug"] for o in page["items"]] == ["cai", "cear"]


def test_organisations_filter_by_text_and_kind(network: Network, as_user: Any) -> None:
    client, headers = as_user("caseworker")
    by_text = client.get("/api/v1/organisations", {"q": "cea"}, **headers).json()
    assert [o["slug"] for o in by_text["items"]] == ["cear"]
    by_kind = client.get("/api/v1/organisations", {"kind": "municipal"}, **headers).json()
    assert {o["slug"] for o in by_kind["items"]} == {"city", "cai"}


def test_inactive_organisation_is_hidden_from_staff(network: Network, as_user: Any) -> None:
    Organisation.objects.create(name="Closed", slug="closed", kind=OrganisationKind.NGO, is_active=False)
    client, headers = as_user("caseworker")
    slugs = {o["slug"] for o in client.get("/api/v1/organisations", **headers).json()["items"]}
    assert "closed" not in slugs


def test_organisation_detail_lists_offices(network: Network, as_user: Any) -> None:
    Office.objects.create(organisation=network.cai, name="CAI Russafa", street="Carrer de Sueca 1")
    client, headers = as_user("ngo_caseworker")
    body = client.get(f"/api/v1/organisations/{network.cai.pk}", **headers).json()
    assert body["slug"] == "cai"
    assert body["parent_id"] == network.city.pk
    assert [o["name"] for o in body["offices"]] == ["CAI Russafa"]


def test_staff_list_pages_through_the_managed_organisations(network: Network, as_user: Any) -> None:
    client, headers = as_user("org_admin")
    first = client.get("/api/v1/staff", {"limit": 3}, **headers).json()
    second = client.get("/api/v1/staff", {"limit": 3, "offset": 3}, **headers).json()
    # The city and its CAI section: everyone but the NGOs' staff.
    expected = Membership.objects.filter(organisation__in=[network.city, network.cai]).count()
    assert first["count"] == second["count"] == expected
    names = [i["username"] for i in first["items"] + second["items"]]
    assert len(names) == len(set(names)) == min(6, expected)
    assert names == sorted(names)
    assert "ngo_caseworker" not in names


def test_staff_list_read_is_logged_with_purpose(network: Network, client: Client) -> None:
    headers = bearer(network, "ngo_admin")
    client.get("/api/v1/staff", HTTP_X_PURPOSE="annual review", **headers)
    logs = ReadLog.objects.filter(user=network.users["ngo_admin"])
    assert logs.exists()
    assert {log.purpose for log in logs} == {"annual review"}
    assert {log.channel for log in logs} == {ReadLog.Channel.API}


def test_staff_detail(network: Network, as_user: Any) -> None:
    client, headers = as_user("org_admin")
    target = network.users["caseworker"]
    body = client.get(f"/api/v1/staff/{target.pk}", **headers).json()
    assert body["username"] == "caseworker"
    assert [m["organisation_id"] for m in body["memberships"]] == [network.cai.pk]


def test_token_list_shows_only_own_tokens(network: Network, client: Client) -> None:
    token_create(user=network.users["dpo"], name="someone else's", days=1, organisation_ids=[network.city.pk])
    headers = bearer(network, "caseworker")
    body = client.get("/api/v1/tokens", **headers).json()
    assert [t["name"] for t in body] == ["tests"]
    assert body[0]["organisation_ids"] == [network.cai.pk]


def test_revoke_own_token_with_a_token(network: Network, client: Client) -> None:
    headers = bearer(network, "caseworker")
    spare, _raw = token_create(
        user=network.users["caseworker"], name="spare", days=1, organisation_ids=[network.cai.pk]
    )
    response = client.post(f"/api/v1/tokens/{spare.pk}/revoke", **headers)
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    spare.refresh_from_db()
    assert spare.revoked_at is not None


def test_revoking_the_token_in_use_ends_it(network: Network, client: Client) -> None:
    headers = bearer(network, "caseworker")
    token = ApiToken.objects.get(user=network.users["caseworker"])
    assert client.post(f"/api/v1/tokens/{token.pk}/revoke", **headers).status_code == 200
    assert client.get("/api/v1/me", **headers).status_code == 401


def test_cannot_revoke_someone_elses_token(network: Network, client: Client) -> None:
    other, _raw = token_create(
        user=network.users["dpo"], name="dpo", days=1, organisation_ids=[network.city.pk]
    )
    for role in ["caseworker", "platform_admin"]:
        response = client.post(f"/api/v1/tokens/{other.pk}/revoke", **bearer(network, role))
        assert response.status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None


def test_revoke_with_a_session_needs_the_csrf_token(network: Network) -> None:
    user = network.users["caseworker"]
    token, _raw = token_create(user=user, name="spare", days=1, organisation_ids=[network.cai.pk])
    client = login(Client(enforce_csrf_checks=True), user)
    refused = client.post(f"/api/v1/tokens/{token.pk}/revoke")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    token.refresh_from_db()
    assert token.revoked_at is None
    # With the CSRF cookie and header, as a page's script would send them, it goes through.
    client.get("/ca/profile/tokens/")
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(f"/api/v1/tokens/{token.pk}/revoke", HTTP_X_CSRFTOKEN=csrf)
    assert accepted.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_requests_need_no_csrf_token(network: Network) -> None:
    headers = bearer(network, "caseworker")
    token = ApiToken.objects.get(user=network.users["caseworker"])
    client = Client(enforce_csrf_checks=True)
    assert client.post(f"/api/v1/tokens/{token.pk}/revoke", **headers).status_code == 200


def _read(network: Network, user: str, record_id: str, record_org: Organisation) -> ReadLog:
    return ReadLog.objects.create(
        user=network.users[user],
        organisation=network.users[user].memberships.first().organisation,  # type: ignore[union-attr]
        record_type="staff",
        record_id=record_id,
        record_organisation=record_org,
        channel=ReadLog.Channel.PAGE,
        purpose="review",
        path="/",
    )


def test_audit_reads_filters(network: Network, as_user: Any) -> None:
    _read(network, "org_admin", "11", network.city)
    _read(network, "caseworker", "12", network.cai)
    _read(network, "ngo_admin", "13", network.accem)  # another organisation: never shown
    client, headers = as_user("dpo")
    everything = client.get("/api/v1/audit/reads", **headers).json()
    assert {r["record_id"] for r in everything["items"]} == {"11", "12"}
    by_user = client.get("/api/v1/audit/reads", {"user": "caseworker"}, **headers).json()
    assert [r["record_id"] for r in by_user["items"]] == ["12"]
    by_record = client.get("/api/v1/audit/reads", {"record_type": "staff", "record_id": "11"}, **headers)
    assert [r["user"] for r in by_record.json()["items"]] == ["org_admin"]
    future = client.get("/api/v1/audit/reads", {"date_from": "2999-01-01"}, **headers).json()
    assert future["count"] == 0


def test_audit_reads_paging(network: Network, client: Client) -> None:
    for i in range(5):
        _read(network, "caseworker", str(i), network.cai)
    headers = bearer(network, "dpo")
    page = client.get("/api/v1/audit/reads", {"limit": 2, "offset": 2}, **headers).json()
    assert page["count"] == 5
    assert len(page["items"]) == 2
    assert client.get("/api/v1/audit/reads", {"limit": 201}, **headers).status_code == 422

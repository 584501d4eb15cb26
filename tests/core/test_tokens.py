"""Personal API tokens: created once from the profile, stored as a hash, scoped to organisations."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.core import services
from acollida.core.models import ApiToken, Role, User
from tests.conftest import Network, login, make_user


def url(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def create_from_profile(client: Client, *organisations: int, days: int = 30) -> str:
    response = client.post(
        url("core:tokens"), {"name": "nightly report", "days": days, "organisations": list(organisations)}
    )
    assert response.status_code == 200
    secret = response.context["new_secret"]
    assert secret
    return str(secret)


def assert_error_shape(body: dict[str, object], code: str) -> None:
    assert set(body) == {"error"}
    error = body["error"]
    assert isinstance(error, dict)
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert error["fields"] == {}


def two_org_admin(network: Network) -> User:
    return make_user("two_org_admin", (network.cear, Role.ORG_ADMIN), (network.accem, Role.ORG_ADMIN))


def test_profile_page_creates_a_token_and_shows_the_secret(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    secret = create_from_profile(client, network.cai.pk)
    token = ApiToken.objects.get(user=network.users["caseworker"])
    assert secret.startswith("acl_")
    assert set(token.organisations.values_list("id", flat=True)) == {network.cai.pk}


def test_only_the_sha256_of_the_secret_is_stored(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    secret = create_from_profile(client, network.cai.pk)
    token = ApiToken.objects.get(user=network.users["caseworker"])
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    stored = [str(value) for value in ApiToken.objects.values().get(pk=token.pk).values()]
    assert not any(secret in value or secret.split("_", 2)[2] in value for value in stored)


def test_secret_is_not_shown_again(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    secret = create_from_profile(client, network.cai.pk)
    again = client.get(url("core:tokens"))
    assert again.status_code == 200
    assert secret not in again.content.decode()


def test_token_cannot_be_scoped_to_an_organisation_the_user_does_not_belong_to(network: Network) -> None:
    with pytest.raises(ValidationError):
        services.token_create(
            user=network.users["caseworker"], name="x", days=30, organisation_ids=[network.cear.pk]
        )
    assert not ApiToken.objects.exists()


def test_token_cannot_act_for_an_organisation_where_the_role_has_no_api(network: Network) -> None:
    both = make_user("both", (network.cai, Role.CASEWORKER), (network.city, Role.COUNCIL_SECRETARY))
    with pytest.raises(ValidationError):
        services.token_create(user=both, name="x", days=30, organisation_ids=[network.city.pk])
    assert not ApiToken.objects.exists()


def test_token_form_offers_only_organisations_where_the_user_may_use_the_api(
    network: Network, client: Client
) -> None:
    both = make_user("both", (network.cai, Role.CASEWORKER), (network.city, Role.COUNCIL_SECRETARY))
    login(client, both)
    offered = client.get(url("core:tokens")).context["form"].fields["organisations"].queryset
    assert list(offered) == [network.cai]


def test_token_lifetime_is_capped(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    response = client.post(
        url("core:tokens"), {"name": "forever", "days": 10_000, "organisations": [network.cai.pk]}
    )
    assert "days" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_volunteer_cannot_create_tokens(network: Network, client: Client) -> None:
    login(client, network.users["volunteer"])
    assert client.get(url("core:tokens")).status_code == 403


def test_token_authenticates_me(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    secret = create_from_profile(client, network.cai.pk)
    response = Client().get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 200
    assert response.json()["username"] == "caseworker"
    assert [m["organisation_id"] for m in response.json()["memberships"]] == [network.cai.pk]


def test_token_use_is_recorded(network: Network) -> None:
    token, raw = services.token_create(
        user=network.users["caseworker"], name="x", days=30, organisation_ids=[network.cai.pk]
    )
    Client().get("/api/v1/me", headers=bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_missing_token_gets_401_with_the_error_shape(db: None) -> None:
    response = Client().get("/api/v1/me")
    assert response.status_code == 401
    assert_error_shape(response.json(), "not_authenticated")


def test_tampered_token_gets_401(network: Network) -> None:
    _token, raw = services.token_create(
        user=network.users["caseworker"], name="x", days=30, organisation_ids=[network.cai.pk]
    )
    tampered = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    response = Client().get("/api/v1/me", headers=bearer(tampered))
    assert response.status_code == 401
    assert_error_shape(response.json(), "not_authenticated")


def test_revoked_token_gets_401_with_the_error_shape(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    secret = create_from_profile(client, network.cai.pk)
    token = ApiToken.objects.get(user=network.users["caseworker"])
    client.post(url("core:token_revoke", token.pk))
    token.refresh_from_db()
    assert token.revoked_at is not None

    response = Client().get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 401
    assert_error_shape(response.json(), "not_authenticated")


def test_expired_token_gets_401_with_the_error_shape(network: Network) -> None:
    _token, raw = services.token_create(
        user=network.users["caseworker"], name="x", days=1, organisation_ids=[network.cai.pk]
    )
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        response = Client().get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 401
    assert_error_shape(response.json(), "not_authenticated")


def test_token_works_until_it_expires(network: Network) -> None:
    _token, raw = services.token_create(
        user=network.users["caseworker"], name="x", days=1, organisation_ids=[network.cai.pk]
    )
    with time_machine.travel(timezone.now() + timedelta(hours=23)):
        response = Client().get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 200


def test_nobody_can_revoke_someone_elses_token(network: Network, client: Client) -> None:
    token, _raw = services.token_create(
        user=network.users["caseworker"], name="x", days=30, organisation_ids=[network.cai.pk]
    )
    login(client, network.users["org_admin"])
    assert client.post(url("core:token_revoke", token.pk)).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_tokens_page_lists_only_own_tokens(network: Network, client: Client) -> None:
    services.token_create(
        user=network.users["caseworker"], name="someone else's", days=30, organisation_ids=[network.cai.pk]
    )
    login(client, network.users["coordinator"])
    response = client.get(url("core:tokens"))
    assert list(response.context["tokens"]) == []


def test_token_scoped_to_one_organisation_lists_only_its_staff(network: Network) -> None:
    admin = two_org_admin(network)
    _token, raw = services.token_create(user=admin, name="x", days=30, organisation_ids=[network.cear.pk])
    response = Client().get("/api/v1/staff", headers=bearer(raw))
    assert response.status_code == 200
    organisations = {item["organisation_id"] for item in response.json()["items"]}
    assert organisations == {network.cear.pk}


def test_token_scoped_to_one_organisation_cannot_open_staff_of_the_other(network: Network) -> None:
    admin = two_org_admin(network)
    _token, raw = services.token_create(user=admin, name="x", days=30, organisation_ids=[network.cear.pk])
    response = Client().get(f"/api/v1/staff/{network.users['ngo_admin'].pk}", headers=bearer(raw))
    assert response.status_code == 404
    assert_error_shape(response.json(), "not_found")


def test_same_admin_in_the_browser_sees_both_organisations(network: Network, client: Client) -> None:
    login(client, two_org_admin(network))
    response = client.get("/api/v1/staff")
    organisations = {item["organisation_id"] for item in response.json()["items"]}
    assert organisations == {network.cear.pk, network.accem.pk}


def test_token_loses_an_organisation_the_user_leaves(network: Network) -> None:
    admin = two_org_admin(network)
    _token, raw = services.token_create(
        user=admin, name="x", days=30, organisation_ids=[network.cear.pk, network.accem.pk]
    )
    admin.memberships.filter(organisation=network.cear).update(is_active=False)
    response = Client().get("/api/v1/me", headers=bearer(raw))
    assert [m["organisation_id"] for m in response.json()["memberships"]] == [network.accem.pk]


def test_a_write_made_with_a_token_is_audited_with_its_owner(network: Network, client: Client) -> None:
    from auditlog.models import LogEntry

    owner = network.users["caseworker"]
    token, raw = services.token_create(user=owner, name="sync", days=5, organisation_ids=[network.cai.pk])
    response = Client().post(f"/api/v1/tokens/{token.pk}/revoke", headers=bearer(raw))
    assert response.status_code == 200
    entry = LogEntry.objects.get_for_object(token).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == owner


def test_a_token_stops_working_when_its_owner_loses_the_api(network: Network) -> None:
    owner = network.users["caseworker"]
    _token, raw = services.token_create(user=owner, name="sync", days=5, organisation_ids=[network.cai.pk])
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 200
    owner.memberships.filter(organisation=network.cai).update(role=Role.VOLUNTEER)
    assert Client().get("/api/v1/me", headers=bearer(raw)).status_code == 401

"""Session limits, and ending every session of an account at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.core import services
from acollida.core.models import ApiToken, StaffSession
from tests.conftest import PASSWORD, Network, login

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def url(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def is_sent_to_login(client: Client) -> bool:
    response = client.get(url("core:home"))
    return response.status_code == 302 and response["Location"].startswith(url("core:login"))


def test_signed_in_user_reaches_home(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    assert not is_sent_to_login(client)


def test_idle_for_31_minutes_signs_out(network: Network, client: Client) -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        login(client, network.users["caseworker"])
        assert client.get(url("core:home")).status_code == 200
        traveller.shift(timedelta(minutes=31))
        assert is_sent_to_login(client)


def test_idle_for_29_minutes_stays_signed_in(network: Network, client: Client) -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        login(client, network.users["caseworker"])
        assert client.get(url("core:home")).status_code == 200
        traveller.shift(timedelta(minutes=29))
        assert client.get(url("core:home")).status_code == 200


def test_activity_every_20_minutes_ends_at_the_12_hour_limit(network: Network, client: Client) -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        login(client, network.users["caseworker"])
        for _step in range(12 * 3):
            traveller.shift(timedelta(minutes=20))
            assert client.get(url("core:home")).status_code == 200
        traveller.shift(timedelta(minutes=20))
        assert is_sent_to_login(client)


def test_logout_ends_the_session(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    key = session_key(client)
    response = client.post(url("core:logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert not StaffSession.objects.filter(session_key=key).exists()
    assert is_sent_to_login(client)


def test_logout_needs_post(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    assert client.get(url("core:logout")).status_code == 405
    assert not is_sent_to_login(client)


def test_deactivation_through_staff_page_ends_every_session_of_the_user(
    network: Network, client: Client
) -> None:
    caseworker = network.users["caseworker"]
    desk, laptop = login(Client(), caseworker), login(Client(), caseworker)
    keys = [session_key(desk), session_key(laptop)]
    login(client, network.users["org_admin"])

    response = client.post(url("core:staff_set_active", caseworker.pk), {"active": "0"})

    assert response.status_code == 302
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert is_sent_to_login(desk)
    assert is_sent_to_login(laptop)
    assert not is_sent_to_login(client)


def test_deactivation_leaves_other_users_signed_in(network: Network) -> None:
    coordinator = login(Client(), network.users["coordinator"])
    services.user_set_active(actor=network.users["org_admin"], user=network.users["caseworker"], active=False)
    assert not is_sent_to_login(coordinator)


def test_deactivation_revokes_api_tokens(network: Network) -> None:
    caseworker = network.users["caseworker"]
    token, raw = services.token_create(
        user=caseworker, name="script", days=30, organisation_ids=[network.cai.pk]
    )
    services.user_set_active(actor=network.users["org_admin"], user=caseworker, active=False)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_reactivation_does_not_revive_old_sessions_or_tokens(network: Network) -> None:
    caseworker = network.users["caseworker"]
    desk = login(Client(), caseworker)
    _token, raw = services.token_create(
        user=caseworker, name="script", days=30, organisation_ids=[network.cai.pk]
    )
    admin = network.users["org_admin"]
    services.user_set_active(actor=admin, user=caseworker, active=False)
    services.user_set_active(actor=admin, user=caseworker, active=True)
    assert is_sent_to_login(desk)
    assert Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_deactivation_ends_a_session_renewed_by_a_password_change(network: Network, client: Client) -> None:
    caseworker = network.users["caseworker"]
    login(client, caseworker)
    new_password = "a brand new passphrase for the desk"
    response = client.post(
        url("core:password_change"),
        {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302
    renewed = session_key(client)
    assert not is_sent_to_login(client)

    admin = network.users["org_admin"]
    services.user_set_active(actor=admin, user=caseworker, active=False)
    assert not Session.objects.filter(session_key=renewed).exists()
    services.user_set_active(actor=admin, user=caseworker, active=True)
    assert is_sent_to_login(client)


def test_setting_a_password_from_an_invitation_ends_existing_sessions(network: Network) -> None:
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    caseworker = network.users["caseworker"]
    desk = login(Client(), caseworker)
    key = session_key(desk)
    link = url(
        "core:password_set",
        urlsafe_base64_encode(force_bytes(caseworker.pk)),
        default_token_generator.make_token(caseworker),
    )
    new_password = "a brand new passphrase for the desk"
    response = Client().post(link, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()


def test_tokens_of_other_users_survive_a_deactivation(network: Network) -> None:
    coordinator = network.users["coordinator"]
    token, _raw = services.token_create(
        user=coordinator, name="script", days=30, organisation_ids=[network.cai.pk]
    )
    services.user_set_active(actor=network.users["org_admin"], user=network.users["caseworker"], active=False)
    assert ApiToken.objects.usable().filter(pk=token.pk).exists()

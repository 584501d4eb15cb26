"""Sign-in, lockout, password rules and two-factor authentication, through the real views."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from acollida.core import services
from acollida.core.models import User
from tests.conftest import PASSWORD, Network

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

ROOT = Path(__file__).resolve().parents[2]
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def url(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def sign_in(client: Client, username: str, password: str) -> Response:
    return client.post(url("core:login"), {"username": username, "password": password})


def fail_times(client: Client, username: str, times: int) -> None:
    for _attempt in range(times):
        sign_in(client, username, "not the password at all")


def page_text(response: Response) -> str:
    """The body without the per-request CSRF token, for comparing two responses."""
    return CSRF_INPUT.sub("", response.content.decode())


def form_errors(response: Response) -> list[str]:
    return list(response.context["form"].non_field_errors())


# --- Sign-in and lockout ------------------------------------------------------------------------


def test_login_with_right_password_signs_in(network: Network, client: Client) -> None:
    response = sign_in(client, "caseworker", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(network.users["caseworker"].pk)


def test_login_cycles_the_session_id(network: Network, client: Client) -> None:
    session = client.session
    session["seen_landing"] = True
    session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    sign_in(client, "caseworker", PASSWORD)
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert before and after and before != after
    assert client.session["_auth_user_id"] == str(network.users["caseworker"].pk)


def test_login_form_requires_the_csrf_token(network: Network) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(url("core:login"), {"username": "caseworker", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_wrong_password_and_unknown_user_get_the_same_message(network: Network, client: Client) -> None:
    wrong_password = sign_in(client, "caseworker", "not the password at all")
    unknown_user = sign_in(Client(), "nobody-here", "not the password at all")
    assert wrong_password.status_code == unknown_user.status_code == 200
    assert form_errors(wrong_password) == form_errors(unknown_user)
    assert form_errors(wrong_password) == ["The username or password is not correct."]


def test_deactivated_account_gets_the_same_message_as_a_wrong_password(
    network: Network, client: Client
) -> None:
    User.objects.filter(username="volunteer").update(is_active=False)
    response = sign_in(client, "volunteer", PASSWORD)
    assert "_auth_user_id" not in client.session
    assert form_errors(response) == ["The username or password is not correct."]


def test_five_failures_lock_the_username_even_with_the_right_password(
    network: Network, client: Client
) -> None:
    fail_times(client, "caseworker", 5)
    response = sign_in(client, "caseworker", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts for this username." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(network: Network, client: Client) -> None:
    fail_times(client, "caseworker", 4)
    response = sign_in(client, "caseworker", PASSWORD)
    assert response.status_code == 302


def test_lockout_of_unknown_username_looks_like_lockout_of_known_one(
    network: Network, client: Client
) -> None:
    fail_times(client, "caseworker", 5)
    known = sign_in(client, "caseworker", "another guess here")
    other = Client()
    fail_times(other, "nobody-here", 5)
    unknown = sign_in(other, "nobody-here", "another guess here")
    assert known.status_code == unknown.status_code == 429
    assert page_text(known) == page_text(unknown)


@pytest.mark.parametrize("variant", [" caseworker ", "\uff43aseworker"], ids=["spaces", "fullwidth"])
def test_lockout_cannot_be_dodged_with_a_variant_of_the_username(
    network: Network, client: Client, variant: str
) -> None:
    fail_times(client, "caseworker", 5)
    response = sign_in(client, variant, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_ignores_a_next_address_on_another_site(network: Network, client: Client) -> None:
    response = client.post(
        url("core:login") + "?next=https://evil.example/steal",
        {"username": "caseworker", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_login_follows_a_next_address_on_this_site(network: Network, client: Client) -> None:
    response = client.post(
        url("core:login") + "?next=" + url("core:network"), {"username": "caseworker", "password": PASSWORD}
    )
    assert response["Location"] == url("core:network")


def test_lockout_of_one_username_leaves_others_alone(network: Network, client: Client) -> None:
    fail_times(client, "caseworker", 5)
    assert sign_in(client, "coordinator", PASSWORD).status_code == 302


def test_lockout_still_holds_before_the_cool_off_ends(network: Network, client: Client) -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        fail_times(client, "caseworker", 5)
        traveller.shift(timedelta(minutes=14))
        response = sign_in(client, "caseworker", PASSWORD)
    assert response.status_code == 429


def test_lockout_ends_after_the_cool_off(network: Network, client: Client) -> None:
    with time_machine.travel(T0, tick=False) as traveller:
        fail_times(client, "caseworker", 5)
        traveller.shift(timedelta(minutes=16))
        response = sign_in(client, "caseworker", PASSWORD)
        signed_in_as = client.session.get("_auth_user_id")
    assert response.status_code == 302
    assert signed_in_as == str(network.users["caseworker"].pk)


# --- Passwords ----------------------------------------------------------------------------------


def _settings_in_subprocess(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("ACOLLIDA_") and key != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(env)
    return subprocess.run(  # noqa: S603 (a fixed command line: this interpreter, our own code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


PRODUCTION_ENV = {
    "ACOLLIDA_DEBUG": "false",
    "ACOLLIDA_SECRET_KEY": "a-real-secret-for-this-test-only-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
    "ACOLLIDA_FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(bytes(range(32))).decode(),
    "ACOLLIDA_IDENTIFIER_HASH_KEY": base64.urlsafe_b64encode(bytes(range(32, 64))).decode(),
}


def test_production_hashes_passwords_with_argon2_first() -> None:
    result = _settings_in_subprocess(
        "import acollida.settings as s; print(s.PASSWORD_HASHERS[0])", **PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_only_the_test_suite_puts_a_fast_hasher_first() -> None:
    production = [h for h in settings.PASSWORD_HASHERS if "MD5" not in h]
    assert production[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_argon2_hasher_uses_argon2id() -> None:
    assert make_password("a long enough passphrase", hasher="argon2").startswith("argon2$argon2id$")


def test_password_of_eleven_characters_is_rejected() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_password("kx7#Pq9!Lm2")
    assert "password_too_short" in [error.code for error in excinfo.value.error_list]


def test_common_password_is_rejected() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_password("qwerty123456")
    assert "password_too_common" in [error.code for error in excinfo.value.error_list]


def test_long_passphrase_is_accepted() -> None:
    passphrase = "the ferry from the harbour leaves at nine and the bakery opens 7"
    assert len(passphrase) == 64
    validate_password(passphrase)


def test_absurdly_long_password_is_rejected() -> None:
    with pytest.raises(ValidationError) as excinfo:
        validate_password("a sentence that goes on " * 10)
    assert "password_too_long" in [error.code for error in excinfo.value.error_list]


# --- Two-factor authentication ------------------------------------------------------------------


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_for(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def test_user_without_device_is_sent_to_setup(network: Network, client: Client) -> None:
    client.force_login(network.users["caseworker"])
    response = client.get(url("core:home"))
    assert response.status_code == 302
    assert response["Location"] == url("core:otp_setup")


def test_password_alone_does_not_open_any_page(network: Network, client: Client) -> None:
    assert sign_in(client, "caseworker", PASSWORD).status_code == 302
    response = client.get(url("core:home"))
    assert response.status_code == 302
    assert response["Location"] == url("core:otp_setup")


@pytest.mark.parametrize("name", ["core:home", "core:profile", "core:network", "core:tokens"])
def test_user_with_device_is_sent_to_verify_from_any_page(
    network: Network, client: Client, name: str
) -> None:
    user = network.users["caseworker"]
    confirmed_device(user)
    client.force_login(user)
    response = client.get(url(name))
    assert response.status_code == 302
    assert response["Location"] == url("core:otp_verify")


def test_admin_site_also_requires_the_second_factor(network: Network, client: Client) -> None:
    client.force_login(network.users["platform_admin"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == url("core:otp_setup").replace("/en/", "/ca/")


def test_api_session_without_second_factor_is_not_authenticated(network: Network, client: Client) -> None:
    client.force_login(network.users["caseworker"])
    response = client.get("/api/v1/me")
    assert response.status_code == 401


def test_setup_page_shows_an_inline_svg_qr_code(network: Network, client: Client) -> None:
    client.force_login(network.users["caseworker"])
    response = client.get(url("core:otp_setup"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body
    assert "<img" not in body.split('class="qr"', 1)[1].split("</figure>", 1)[0]


def test_setup_accepts_a_valid_code_and_shows_ten_recovery_codes_once(
    network: Network, client: Client
) -> None:
    user = network.users["caseworker"]
    client.force_login(user)
    client.get(url("core:otp_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(url("core:otp_setup"), {"token": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == url("core:recovery_codes")

    first = client.get(url("core:recovery_codes"))
    codes = first.context["codes"]
    assert len(codes) == 10
    assert all(code in first.content.decode() for code in codes)
    again = client.get(url("core:recovery_codes"))
    assert again.context["codes"] is None
    assert not any(code in again.content.decode() for code in codes)
    assert client.get(url("core:home")).status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_setup_refuses_a_wrong_code(network: Network, client: Client) -> None:
    user = network.users["caseworker"]
    client.force_login(user)
    client.get(url("core:otp_setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(url("core:otp_setup"), {"token": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors["token"] == [
        "That code is not right. Check the time on your phone and try again."
    ]
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert client.get(url("core:home")).status_code == 302


def test_verify_accepts_the_authenticator_code(network: Network, client: Client) -> None:
    user = network.users["caseworker"]
    device = confirmed_device(user)
    client.force_login(user)
    response = client.post(url("core:otp_verify"), {"token": code_for(device)})
    assert response.status_code == 302
    assert client.get(url("core:home")).status_code == 200


def test_verify_refuses_a_wrong_code_with_a_clear_message(network: Network, client: Client) -> None:
    user = network.users["caseworker"]
    device = confirmed_device(user)
    client.force_login(user)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(url("core:otp_verify"), {"token": wrong})
    assert response.status_code == 200
    assert "That code is not right. Check the time on your phone and try again." in response.content.decode()
    assert client.get(url("core:home")).status_code == 302


def test_authenticator_code_cannot_be_replayed_in_another_session(network: Network) -> None:
    user = network.users["caseworker"]
    device = confirmed_device(user)
    code = code_for(device)
    with time_machine.travel(datetime.now(UTC), tick=False):
        first, second = Client(), Client()
        first.force_login(user)
        second.force_login(user)
        assert first.post(url("core:otp_verify"), {"token": code}).status_code == 302
        replay = second.post(url("core:otp_verify"), {"token": code})
    assert replay.status_code == 200
    assert second.get(url("core:home")).status_code == 302


def test_verify_ignores_a_next_address_on_another_site(network: Network, client: Client) -> None:
    user = network.users["caseworker"]
    device = confirmed_device(user)
    client.force_login(user)
    response = client.post(url("core:otp_verify") + "?next=//evil.example/", {"token": code_for(device)})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_wrong_codes_slow_down_further_attempts(network: Network, client: Client) -> None:
    user = network.users["caseworker"]
    device = confirmed_device(user)
    client.force_login(user)
    with time_machine.travel(T0, tick=False) as traveller:
        for _attempt in range(3):
            client.post(url("core:otp_verify"), {"token": f"{(int(code_for(device)) + 1) % 1_000_000:06d}"})
        too_soon = client.post(url("core:otp_verify"), {"token": code_for(device)})
        assert too_soon.status_code == 200
        traveller.shift(timedelta(seconds=31))
        later = client.post(url("core:otp_verify"), {"token": code_for(device)})
        assert later.status_code == 302
        assert client.get(url("core:home")).status_code == 200


def test_recovery_code_works_exactly_once(network: Network, client: Client) -> None:
    user = network.users["caseworker"]
    confirmed_device(user)
    codes = services.recovery_codes_generate(user=user)

    client.force_login(user)
    first = client.post(url("core:otp_verify"), {"token": codes[0]})
    assert first.status_code == 302
    assert client.get(url("core:home")).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 9

    again = Client()
    again.force_login(user)
    second = again.post(url("core:otp_verify"), {"token": codes[0]})
    assert second.status_code == 200
    assert again.get(url("core:home")).status_code == 302


@override_settings(SKIP_2FA=True)
def test_skip_2fa_setting_lets_a_signed_in_user_through(network: Network, client: Client) -> None:
    client.force_login(network.users["caseworker"])
    assert client.get(url("core:home")).status_code == 200


def test_production_refuses_to_skip_2fa() -> None:
    result = _settings_in_subprocess("import acollida.settings", ACOLLIDA_SKIP_2FA="true", **PRODUCTION_ENV)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ACOLLIDA_SKIP_2FA" in result.stderr


def test_production_settings_load_without_skip_2fa() -> None:
    result = _settings_in_subprocess("import acollida.settings", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr


def test_the_lockout_message_states_the_configured_wait(
    network: Network, client: Client, settings: Any
) -> None:
    settings.AXES_COOLOFF_TIME = timedelta(minutes=1)
    with translation.override("en"):
        url = reverse("core:login")
    for _attempt in range(6):
        response = client.post(url, {"username": "nobody-at-all", "password": "wrong password here"})
    assert response.status_code == 429
    assert "Wait 1 minute and try again" in response.content.decode()


def test_landing_page_links_to_the_public_directory(client: Client) -> None:
    response = client.get(reverse("core:landing"))

    assert response.status_code == 200
    assert f'href="{reverse("directory:home")}"' in response.content.decode()

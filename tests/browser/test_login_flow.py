"""The way in and out, in a real browser: password, enrolling an authenticator, recovery codes,
the home page, switching language, signing out."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from acollida.core.models import Membership
from tests.browser.conftest import sign_in, submit_password, totp_code_for_secret
from tests.conftest import PASSWORD, Network

pytestmark = pytest.mark.browser


def press(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_first_sign_in_enrols_an_authenticator_and_shows_recovery_codes(page: Any, network: Network) -> None:
    submit_password(page, "caseworker", PASSWORD)
    assert page.url.endswith("/ca/accounts/2fa/setup/")
    assert page.locator(".qr svg").is_visible()
    # What a person types into their app when they cannot scan: the key shown under the code.
    secret = page.locator("#otp-secret code").inner_text()
    page.fill("input[name=token]", totp_code_for_secret(secret))
    press(page, "main form button[type=submit]")

    assert page.url.endswith("/ca/accounts/2fa/recovery-codes/")
    codes = page.locator(".codes code").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    press(page, "main a.button")

    assert page.url.endswith("/ca/home/")
    membership = Membership.objects.get(user=network.users["caseworker"])
    with translation.override("ca"):
        role = str(membership.get_role_display())
    memberships = page.locator("main .memberships")
    assert "CAI" in memberships.inner_text()
    assert role in memberships.inner_text()
    # The recovery codes were shown once and are not shown again.
    page.goto("/ca/accounts/2fa/recovery-codes/")
    assert page.locator(".codes").count() == 0


def test_a_wrong_code_is_refused_and_the_right_one_lets_you_in(page: Any, network: Network) -> None:
    submit_password(page, "caseworker", PASSWORD)
    secret = page.locator("#otp-secret code").inner_text()
    page.fill("input[name=token]", "000000" if totp_code_for_secret(secret) != "000000" else "111111")
    press(page, "main form button[type=submit]")
    assert page.url.endswith("/ca/accounts/2fa/setup/")
    assert page.locator(".has-error .error").is_visible()
    page.goto("/ca/home/")
    assert page.url.endswith("/ca/accounts/2fa/setup/"), "the home page needs the second factor"


def switch_language(page: Any, code: str) -> None:
    page.select_option("#language-select", code)
    press(page, "header form.language button")


def test_switching_language_keeps_you_on_the_same_page(page: Any, network: Network) -> None:
    sign_in(page, network.users["org_admin"])
    page.goto("/ca/network/?q=CEAR")
    switch_language(page, "ar")
    assert page.url.endswith("/ar/network/?q=CEAR")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#language-select").input_value() == "ar"
    assert page.locator("main tbody tr").count() == 1

    page.goto(f"/ar/staff/{network.users['caseworker'].pk}/")
    switch_language(page, "uk")
    assert page.url.endswith(f"/uk/staff/{network.users['caseworker'].pk}/")
    assert page.locator("html").get_attribute("lang") == "uk"
    # The choice is remembered for the person.
    network.users["org_admin"].refresh_from_db()
    assert network.users["org_admin"].preferred_language == "uk"


def test_switching_language_before_signing_in(page: Any, live_server: Any) -> None:
    page.goto("/ca/accounts/login/")
    switch_language(page, "fr")
    assert page.url.endswith("/fr/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_signing_out_ends_the_session(page: Any, network: Network) -> None:
    sign_in(page, network.users["dpo"])
    press(page, "header form.sign-out button")
    assert "/ca/accounts/login/" in page.url
    assert page.locator(".messages").is_visible()
    page.goto("/ca/audit/reads/")
    assert "/ca/accounts/login/" in page.url
    assert page.locator("input[name=password]").is_visible()

"""axe-core on every page type, in Valencian and in Arabic: no serious or critical violation.

Each test follows one person through the pages they use, the way they would (signing in through the
form, submitting forms empty or wrong), and runs axe on every screen on the way. Failures are
collected per page, so one run names every page that needs work. Walking a person through several
pages, instead of signing in afresh for each, keeps the suite fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings

from acollida.core.models import Office, ReadLog
from tests.browser.conftest import (
    BLOCKING_IMPACTS,
    axe_violations,
    blocking_problems,
    confirmed_device,
    sign_in,
    submit_password,
    totp_code,
    totp_code_for_secret,
)
from tests.conftest import PASSWORD, Network

pytestmark = pytest.mark.browser

Step = Callable[[Any, Network, str], None]


def visit(page: Any, path: str, status: int = 200) -> None:
    response = page.goto(path)
    assert response is not None, path
    assert response.status == status, (path, response.status)


def submit(page: Any, selector: str = "main form[method=post] button[type=submit]") -> int:
    """Press a form's submit button and wait for the answer; returns its HTTP status."""
    with page.expect_navigation() as navigation:
        page.locator(selector).first.click()
    response = navigation.value
    return int(response.status) if response is not None else 0


def sign_out(page: Any) -> None:
    with page.expect_navigation():
        page.locator("header form[action$='/logout/'] button").click()
    assert "/accounts/login/" in page.url, page.url


# --- signed out ---------------------------------------------------------------------------------


def landing(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/")


def login(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/accounts/login/")


def login_with_errors(page: Any, net: Network, lang: str) -> None:
    submit_password(page, "caseworker", "not the password", lang)
    assert page.locator(".form-errors").is_visible()


def set_password_invalid_link(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/accounts/set-password/MQ/not-a-token/", status=400)


def lockout(page: Any, net: Network, lang: str) -> None:
    # Attempts are counted per username, known or not.
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        submit_password(page, "someone-else", "wrong", lang)
    page.fill("input[name=username]", "someone-else")
    page.fill("input[name=password]", "wrong")
    assert submit(page) == 429


# --- enrolling the second factor, then the pages every member of staff has ---------------------


def otp_setup(page: Any, net: Network, lang: str) -> None:
    submit_password(page, "caseworker", PASSWORD, lang)
    assert page.url.endswith(f"/{lang}/accounts/2fa/setup/"), page.url


def otp_setup_with_errors(page: Any, net: Network, lang: str) -> None:
    page.fill("input[name=token]", "12")
    submit(page)
    assert page.locator(".has-error").count() == 1


def wait_out_throttle(page: Any) -> None:
    """After a wrong code the device refuses every code for a second (django-otp's throttling)."""
    page.wait_for_timeout(1100)


def recovery_codes_new(page: Any, net: Network, lang: str) -> None:
    wait_out_throttle(page)
    secret = page.locator("#otp-secret code").inner_text()
    page.fill("input[name=token]", totp_code_for_secret(secret))
    submit(page)
    assert page.url.endswith(f"/{lang}/accounts/2fa/recovery-codes/"), page.url
    assert page.locator(".codes li").count() > 0


def home(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/home/")


def profile(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/profile/")


def recovery_codes_count(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/accounts/2fa/recovery-codes/")


def password_change(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/accounts/password/")


def password_change_with_errors(page: Any, net: Network, lang: str) -> None:
    # A short, common, all-digit password: several errors on one field.
    page.fill("input[name=old_password]", "wrong")
    page.fill("input[name=new_password1]", "12345")
    page.fill("input[name=new_password2]", "12345")
    submit(page)
    assert page.locator(".has-error").count() == 2
    assert page.locator(".has-error .error").count() >= 3


def tokens_empty(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/profile/tokens/")


def tokens_new_secret(page: Any, net: Network, lang: str) -> None:
    page.fill("input[name=name]", "Monthly report")
    page.locator("input[name=organisations]").first.check()
    submit(page, "main section form button[type=submit]")
    assert page.locator("code.secret").is_visible()


def network_list(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/network/")
    assert page.locator("#results tbody tr").count() >= 4


def network_empty_search(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/network/?q=nothing-matches-this")
    assert page.locator("#results tbody .empty").is_visible()


def organisation_detail(page: Any, net: Network, lang: str) -> None:
    Office.objects.create(
        organisation=net.cai,
        name="CAI Russafa",
        street="Carrer de Sevilla 1",
        postcode="46006",
        district="Russafa",
        phone="+34 962 000 000",
        opening_hours="Mon–Fri 09:00–14:00\nThu 16:00–18:00",
    )
    visit(page, f"/{lang}/network/cai/")


def forbidden(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/staff/", status=403)


def not_found(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/network/no-such-organisation/", status=404)


# --- returning with an authenticator ---------------------------------------------------------


def otp_verify(page: Any, net: Network, lang: str) -> None:
    confirmed_device(net.users["coordinator"])
    submit_password(page, "coordinator", PASSWORD, lang)
    assert page.url.endswith(f"/{lang}/accounts/2fa/verify/"), page.url


def otp_verify_with_errors(page: Any, net: Network, lang: str) -> None:
    page.fill("input[name=token]", "not-a-code")
    submit(page)
    assert page.locator(".has-error").count() == 1


def otp_verified_home(page: Any, net: Network, lang: str) -> None:
    wait_out_throttle(page)
    page.fill("input[name=token]", totp_code(confirmed_device(net.users["coordinator"])))
    submit(page)
    assert page.url.endswith(f"/{lang}/home/"), page.url


# --- an organisation admin ----------------------------------------------------------------------


def staff_list(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/staff/")
    assert page.locator("main tbody tr").count() >= 5


def staff_invite(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/staff/invite/")


def staff_invite_with_errors(page: Any, net: Network, lang: str) -> None:
    page.fill("input[name=email]", "not an address")
    submit(page)
    assert page.locator(".has-error").count() >= 2


def staff_invited(page: Any, net: Network, lang: str) -> None:
    page.fill("input[name=username]", "newcomer")
    page.fill("input[name=email]", "newcomer@example.org")
    page.select_option("select[name=organisation]", label="CAI")
    page.select_option("select[name=role]", value="caseworker")
    submit(page)
    assert page.locator("code.secret").is_visible()


def password_set_from_invitation(page: Any, net: Network, lang: str) -> None:
    link = page.locator("code.secret").inner_text()
    visit(page, link)
    assert page.locator("input[name=new_password1]").is_visible()


def staff_detail(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/staff/{net.users['caseworker'].pk}/")


def staff_deactivate_confirm(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/staff/{net.users['caseworker'].pk}/active/")


# --- the data-protection officer, then the other roles' home pages -------------------------------


def audit_reads(page: Any, net: Network, lang: str) -> None:
    for reader in [net.users["org_admin"], net.users["coordinator"]]:
        ReadLog.objects.create(
            user=reader,
            organisation=net.city,
            record_type="staff",
            record_id=str(net.users["caseworker"].pk),
            record_organisation=net.cai,
            channel=ReadLog.Channel.PAGE,
            purpose="staff administration",
            path="/ca/staff/",
        )
    visit(page, f"/{lang}/audit/reads/")
    assert page.locator("main tbody tr").count() >= 2


def audit_changes(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/audit/changes/")


def audit_record_history(page: Any, net: Network, lang: str) -> None:
    visit(page, f"/{lang}/audit/records/staff/{net.users['caseworker'].pk}/")


def signed_in_as(role: str) -> Step:
    """Sign out whoever is signed in and sign in as ``role``: their home page is the screen checked."""

    def step(page: Any, net: Network, lang: str) -> None:
        if page.locator("header form[action$='/logout/']").count():
            sign_out(page)
        sign_in(page, net.users[role], lang)

    return step


JOURNEYS: dict[str, list[tuple[str, Step]]] = {
    "signed-out": [
        ("landing", landing),
        ("login", login),
        ("login with errors", login_with_errors),
        ("set-password, invalid link", set_password_invalid_link),
        ("lockout message", lockout),
    ],
    "enrolling caseworker": [
        ("2FA setup", otp_setup),
        ("2FA setup with errors", otp_setup_with_errors),
        ("recovery codes, new", recovery_codes_new),
        ("home (caseworker)", home),
        ("profile", profile),
        ("recovery codes, count", recovery_codes_count),
        ("password change", password_change),
        ("password change with errors", password_change_with_errors),
        ("API tokens, empty", tokens_empty),
        ("API tokens, new token shown", tokens_new_secret),
        ("network list", network_list),
        ("network list, empty search", network_empty_search),
        ("organisation detail", organisation_detail),
        ("403", forbidden),
        ("404", not_found),
    ],
    "returning coordinator": [
        ("2FA verify", otp_verify),
        ("2FA verify with errors", otp_verify_with_errors),
        ("home (coordinator)", otp_verified_home),
    ],
    "organisation admin": [
        ("home (org admin)", signed_in_as("org_admin")),
        ("staff list", staff_list),
        ("staff invite", staff_invite),
        ("staff invite with errors", staff_invite_with_errors),
        ("staff invited", staff_invited),
        ("set-password, valid link", password_set_from_invitation),
        ("staff detail", staff_detail),
        ("deactivate confirmation", staff_deactivate_confirm),
    ],
    "data-protection officer and others": [
        ("home (DPO)", signed_in_as("dpo")),
        ("DPO read log", audit_reads),
        ("change log", audit_changes),
        ("record history", audit_record_history),
        ("home (platform admin)", signed_in_as("platform_admin")),
        ("home (NGO caseworker)", signed_in_as("ngo_caseworker")),
        ("home (outsider, no organisation)", signed_in_as("outsider")),
    ],
}


@pytest.mark.parametrize("lang", ["ca", "ar"])
@pytest.mark.parametrize("journey", list(JOURNEYS))
def test_every_page_has_no_serious_accessibility_violation(
    page: Any, axe_source: str, network: Network, journey: str, lang: str
) -> None:
    failures = []
    for name, step in JOURNEYS[journey]:
        step(page, network, lang)
        assert page.evaluate("document.documentElement.lang") == lang, name
        problems = blocking_problems(page, axe_source)
        if problems:
            failures.append(f"{name} ({page.url}):\n" + "\n".join(problems))
    assert not failures, "\n\n".join(failures)


def test_axe_reports_a_serious_violation(page: Any, axe_source: str, live_server: Any) -> None:
    """The check above can fail: an image without a text alternative is caught."""
    visit(page, "/ca/")
    page.evaluate("document.querySelector('main').append(document.createElement('img'))")
    found = {v["id"] for v in axe_violations(page, axe_source) if v["impact"] in BLOCKING_IMPACTS}
    assert "image-alt" in found

"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for the whole session, a fresh context (cookies, storage) for every test. Staff sign in
through the real login form and pass the second factor with a code computed from their device, as
a person with an authenticator app would.

Without Chromium the tests are skipped, except in CI (``CI=true``), where a missing browser is a
failure: a green CI run must mean the pages were really checked.
"""

from __future__ import annotations

import os
import time
from base64 import b32decode
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the main thread; Django would otherwise refuse the
# database calls the tests make between browser steps.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path(os.environ.get("ACOLLIDA_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
LANGUAGES = ["ca", "es", "en", "fr", "ar", "uk"]


def _axe_path() -> Path | None:
    try:
        import axe_playwright_python
    except ImportError:
        return None
    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    return path if path.is_file() else None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; browser tests are required when CI=true", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the session; skipped without it, failed without it in CI."""
    if not CHROMIUM.is_file():
        _unavailable(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        except PlaywrightError as exc:
            _unavailable(f"Chromium at {CHROMIUM} does not start: {exc.message.splitlines()[0]}")
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = _axe_path()
    if path is None:
        _unavailable("axe-core (axe.min.js from axe-playwright-python) is not installed")
        raise AssertionError("unreachable")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def context(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser profile per test, pointed at the live server, desktop-sized."""
    ctx = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    """A page that fails the test on any script error or Content-Security-Policy violation."""
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on(
        "console",
        lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None,
    )
    yield tab
    # A 403/404 page logs "Failed to load resource" for itself; that is the page under test.
    real = [p for p in problems if "Failed to load resource" not in p]
    assert not real, "\n".join(real)


# --- signing in ------------------------------------------------------------------------------


def totp_code_for_key(key: bytes, *, step: int = 30, digits: int = 6, at: float | None = None) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(key, step=step, digits=digits)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{digits}d}"


def totp_code_for_secret(secret: str) -> str:
    """The current code for a base32 key as the setup page shows it (in groups of four)."""
    text = "".join(secret.split()).upper()
    return totp_code_for_key(b32decode(text + "=" * (-len(text) % 8)))


def totp_code(device: Any) -> str:
    """A code the device accepts now. A code is good once; if this step's was used, take the next."""
    device.refresh_from_db()
    now = time.time()
    if device.last_t >= int((now - device.t0) // device.step) + device.drift:
        now += device.step  # within the device's tolerance of one step
    return totp_code_for_key(device.bin_key, step=device.step, digits=device.digits, at=now)


def confirmed_device(user: Any) -> Any:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=True, defaults={"name": "Authenticator app"}
    )
    return device


def submit_password(page: Any, username: str, password: str, language: str = "ca") -> None:
    page.goto(f"/{language}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def sign_in(page: Any, user: Any, language: str = "ca") -> None:
    """Sign in through the login form and the second-factor page, landing on the home page."""
    from tests.conftest import PASSWORD

    device = confirmed_device(user)
    submit_password(page, user.username, PASSWORD, language)
    assert page.url.endswith(f"/{language}/accounts/2fa/verify/"), page.url
    page.fill("input[name=token]", totp_code(device))
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/{language}/home/")


# --- checks ----------------------------------------------------------------------------------

BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """Run axe-core on the page (injected by evaluation: the CSP forbids inline scripts)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return list(result["violations"])


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(
                f"    {' '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1]}"
            )
    return "\n".join(lines)


# axe 4.12 no longer checks duplicate ids by default, but an error message or help text that
# aria-describedby cannot find (because its id is taken) is never read out.
DUPLICATE_IDS = """() => {
  const seen = new Map();
  document.querySelectorAll('[id]').forEach(e => seen.set(e.id, (seen.get(e.id) || 0) + 1));
  return [...seen].filter(([, n]) => n > 1).map(([id]) => id);
}"""
EMPTY_DESCRIPTIONS = """() => [...document.querySelectorAll('[aria-describedby]')].flatMap(e =>
  e.getAttribute('aria-describedby').split(/\\s+/)
    .filter(id => !(document.getElementById(id)?.textContent.trim()))
    .map(id => e.id + ' -> ' + id))"""


def blocking_problems(page: Any, axe_source: str) -> list[str]:
    """Serious or critical axe violations, duplicate ids and descriptions that say nothing."""
    problems = [
        describe([violation])
        for violation in axe_violations(page, axe_source)
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    problems += [f"[serious] duplicate id: {dup}" for dup in page.evaluate(DUPLICATE_IDS)]
    problems += [f"[serious] empty description: {ref}" for ref in page.evaluate(EMPTY_DESCRIPTIONS)]
    return problems


def assert_no_blocking_violations(page: Any, axe_source: str) -> None:
    problems = blocking_problems(page, axe_source)
    assert not problems, f"on {page.url}:\n" + "\n".join(problems)

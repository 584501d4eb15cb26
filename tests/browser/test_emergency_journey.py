"""An Aquarius day on a tablet (1024×768): desks register, the board follows, the rota and beds.

A coordinator opens the operation's board from the list of operations. Two registration desks,
each its own browser (two contexts: two tablets on the quay), register a mother and her son (one
travel group) and a man travelling alone. The coordinator's board refreshes itself and counts the
three. The coordinator runs the rota planner on the day's shift and confirms it, then opens the
emergency places, chooses the sports hall, reviews the plan and accepts it: the family is placed
together. Labels come from the catalogues; axe-core checks the board, the registration form, the
rota and the placement pages.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from acollida.core.models import Role
from acollida.emergency import services, services_rota
from acollida.emergency.models import Arrival, Operation, ShiftAssignment
from tests.browser.conftest import blocking_problems, sign_in
from tests.conftest import Network, make_user
from tests.housing.factories import shelter, unit_with_places

pytestmark = pytest.mark.browser

TABLET = {"width": 1024, "height": 768}
LANG = "en"


def t(text: str) -> str:
    with translation.override(LANG):
        return gettext(text)


def label(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(t(text))}\s*:?\s*$")


def tablet(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, viewport=TABLET)
    context.set_default_timeout(15_000)
    return context


def no_blocking(page: Any, axe_source: str) -> None:
    problems = blocking_problems(page, axe_source)
    assert not problems, f"on {page.url}:\n" + "\n".join(problems)


def register(page: Any, wristband: str, name: str, age: int, sex: str, group: str = "") -> None:
    page.get_by_label(label("Wristband")).fill(wristband)
    page.get_by_label(label("Name as said")).fill(name)
    page.get_by_label(label("Sex")).select_option(sex)
    page.get_by_label(label("Estimated age")).fill(str(age))
    page.get_by_label(label("Languages")).fill("ar")
    if group:
        page.get_by_label(label("Travel group")).fill(group)
    page.get_by_role("button", name=t("Save and next")).click()
    page.wait_for_load_state()


def setup(network: Network) -> Operation:
    coordinator = network.users["coordinator"]
    now = timezone.now()
    operation = services.operation_declare(
        actor=coordinator,
        data={
            "slug": "aquarius",
            "name": "Aquarius",
            "kind": "ship",
            "starts_at": now - timedelta(hours=1),
            "expected_arrivals": 3,
            "status": Operation.Status.ACTIVE,
        },
        lead_organisations=[network.cai],
    )
    quay = services.site_create(actor=coordinator, operation=operation, name="Quay", kind="port_reception")
    services_rota.shift_create(
        actor=coordinator,
        site=quay,
        starts_at=now + timedelta(hours=1),
        ends_at=now + timedelta(hours=9),
        language_needs={"ar": 1},
    )
    volunteer = services_rota.volunteer_self_register(
        name="Layla Interpreter",
        email="layla@example.org",
        phone="",
        organisation=network.cear,
        languages=[{"code": "ar", "level": "native"}],
        skills=["interpreting"],
        windows=[[now.isoformat(), (now + timedelta(days=2)).isoformat()]],
    )
    services_rota.volunteer_decide(actor=coordinator, volunteer=volunteer, approve=True)
    hall = shelter(network, name="Pavelló Font de Sant Lluís", kind="emergency")
    unit_with_places(network, hall, name="Section A", places=4)
    return operation


def test_two_desks_register_the_board_follows_the_rota_is_planned_and_a_family_is_placed(
    browser: Any, live_server: Any, network: Network, axe_source: str
) -> None:
    operation = setup(network)
    desk_two = make_user("desk_two", (network.cai, Role.CASEWORKER))
    coordinator_ctx, desk_one_ctx, desk_two_ctx = (tablet(browser, live_server) for _ in range(3))
    try:
        board = coordinator_ctx.new_page()
        sign_in(board, network.users["coordinator"], LANG)
        board.goto(f"/{LANG}/emergency/")
        board.get_by_role("link", name="Aquarius").click()
        registered = board.locator("#board dd").nth(1)
        assert registered.inner_text().strip() == "0"
        no_blocking(board, axe_source)

        desks = []
        for ctx, user in ((desk_one_ctx, network.users["caseworker"]), (desk_two_ctx, desk_two)):
            desk = ctx.new_page()
            sign_in(desk, user, LANG)
            desk.goto(f"/{LANG}/emergency/operations/{operation.slug}/")
            desk.get_by_role("link", name=t("Quick registration")).click()
            desks.append(desk)
        no_blocking(desks[0], axe_source)
        register(desks[0], "A-001", "Amina Haddad", 31, "F", group="G1")
        register(desks[1], "A-002", "Omar Haddad", 7, "M", group="G1")
        register(desks[1], "A-003", "Yonas Tesfaye", 24, "M")
        assert Arrival.objects.filter(operation=operation).count() == 3

        # The board refreshes itself (every 15 seconds) without a reload.
        board.wait_for_function(
            "() => document.querySelectorAll('#board dd')[1].textContent.trim() === '3'", timeout=25_000
        )

        board.goto(f"/{LANG}/emergency/operations/{operation.slug}/rota/")
        board.get_by_role("button", name=t("Run the planner")).click()
        board.wait_for_load_state()
        board.get_by_role("button", name=t("Confirm the rota")).click()
        board.wait_for_load_state()
        assert ShiftAssignment.objects.filter(shift__operation=operation, language="ar").count() == 1
        no_blocking(board, axe_source)

        board.goto(f"/{LANG}/emergency/operations/{operation.slug}/")
        board.get_by_role("link", name=t("Emergency places")).click()
        board.get_by_label("Pavelló Font de Sant Lluís").check()
        board.get_by_role("button", name=t("Plan the placement")).click()
        board.wait_for_load_state()
        no_blocking(board, axe_source)
        board.get_by_role("button", name=t("Accept this plan")).click()
        board.wait_for_url(f"**/emergency/operations/{operation.slug}/")
        family = Arrival.objects.filter(operation=operation, group_id="G1")
        assert {(a.status, a.site.name if a.site else "") for a in family} == {
            (Arrival.Status.PLACED, "Pavelló Font de Sant Lluís")
        }
        assert board.locator("#board dd").nth(3).inner_text().strip() == "3"
    finally:
        for ctx in (coordinator_ctx, desk_one_ctx, desk_two_ctx):
            ctx.close()

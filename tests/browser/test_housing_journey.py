"""Placing families across the network in a real browser, in Valencian and Arabic.

The CAI coordinator reads the network's vacancies (units of the CAI, CEAR and Accem), runs the
placement optimizer, reads why each household got its unit, accepts two matches and rejects one.
A CEAR caseworker then finds the reservation in one of CEAR's accommodations and checks the
family in. Controls are found by role and by their label in the page's language, taken from the
catalogues; axe-core checks every page the journey visits.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from acollida.cases import services as case_services
from acollida.core.models import Organisation, Role
from acollida.housing import services
from acollida.housing.models import (
    OptimizerMatch,
    OptimizerRun,
    Placement,
    PlaceStatus,
    Unit,
    WaitingListEntry,
)
from acollida.people import services as people_services
from acollida.people.services import PersonData
from tests.browser.conftest import sign_in
from tests.browser.test_case_journey import Journey, Words, _sign_out, press
from tests.conftest import Network, make_user

pytestmark = pytest.mark.browser


def _unit(network: Network, operator: Organisation, name: str, unit: str, beds: int) -> Unit:
    coordinator = network.users["coordinator"]
    if operator != network.cai:
        coordinator = make_user(f"{operator.slug}_coordinator", (operator, Role.COORDINATOR))
    accommodation = services.accommodation_save(
        actor=coordinator,
        operator=operator,
        data={
            "kind": "reception_shelter",
            "name": name,
            "address": f"Carrer de {name} 1",
            "district": "benimaclet",
        },
    )
    room = services.unit_save(actor=coordinator, accommodation=accommodation, name=unit)
    services.places_add(actor=coordinator, unit=room, count=beds)
    return room


def _waiting(network: Network, given: str, size: int) -> WaitingListEntry:
    caseworker = network.users["caseworker"]
    person = people_services.person_register(
        actor=caseworker,
        organisation=network.cai,
        data=PersonData(given_name=given, family_name="Haddad"),
        candidates_seen=0,
    )
    case = case_services.case_open(actor=caseworker, organisation=network.cai, person=person)
    return services.waiting_entry_add(
        actor=caseworker, case=case, data={"size": size, "beds_needed": size, "composition": {"adults": size}}
    )


def _setup(network: Network) -> dict[str, Any]:
    """What the journey does not create: three shelters' rooms and three households waiting.
    Only CEAR's room has two beds, so the family of two can only go there."""
    units = {
        "cear": _unit(network, network.cear, "Llar Benimaclet", "Habitació A", 2),
        "accem": _unit(network, network.accem, "Casa Accem", "Habitació B", 1),
        "cai": _unit(network, network.cai, "Casa Nova", "Habitació C", 1),
    }
    family = _waiting(network, "Amina", 2)
    singles = [_waiting(network, "Bilal", 1), _waiting(network, "Chen", 1)]
    return {"units": units, "family": family, "singles": singles}


def _label(unit: Unit) -> str:
    return f"{unit.accommodation.name} · {unit.name}"


def _match_card(page: Any, unit: Unit) -> Any:
    return page.locator("main article").filter(
        has=page.get_by_role("heading", level=3).filter(has_text=_label(unit))
    )


def _decide(page: Any, w: Words, unit: Unit, button: str) -> None:
    card = _match_card(page, unit)
    assert card.count() == 1, f"one proposal for {_label(unit)}"
    press(page, card.get_by_role("button", name=w.exactly(button)))


def _coordinator_places(page: Any, w: Words, journey: Journey, data: dict[str, Any]) -> OptimizerRun:
    units = data["units"]
    page.goto(f"/{w.lang}/housing/vacancies/")
    assert page.get_by_role("heading", level=1, name=w("Network vacancies")).is_visible()
    vacancies = page.get_by_role("table", name=w("Units with free places"))
    for unit in units.values():
        assert vacancies.get_by_text(unit.accommodation.name).count() >= 1, unit.accommodation.name
    journey.check("network vacancies")

    journey.at("open the optimizer and run it")
    page.goto(f"/{w.lang}/housing/optimizer/")
    journey.check("optimizer, before any run")
    press(page, page.locator("main form").get_by_role("button", name=w.exactly("Run the optimizer")))
    run = OptimizerRun.objects.get()
    assert page.url.endswith(f"/{w.lang}/housing/optimizer/{run.pk}/"), page.url
    assert page.get_by_role("heading", level=1, name=w("Placement proposal")).is_visible()
    assert page.locator("main article").count() == 3
    family_card = _match_card(page, units["cear"])
    assert family_card.get_by_text("Amina", exact=False).count() >= 1
    assert family_card.get_by_text(w("Best alternative")).is_visible()
    assert page.get_by_role(
        "table", name=w("This proposal beside the first-come-first-served plan")
    ).is_visible()
    journey.check("proposal")

    journey.at("accept two matches and reject one")
    _decide(page, w, units["cear"], "Accept")
    journey.check("proposal after accepting a match")
    _decide(page, w, units["cai"], "Accept")
    _decide(page, w, units["accem"], "Reject")
    assert page.locator("main article button").filter(has_text=w("Accept")).count() == 0
    return run


def _cear_checks_in(page: Any, w: Words, journey: Journey, unit: Unit) -> None:
    press(page, page.locator("main").get_by_role("link", name=unit.accommodation.name))
    journey.check("CEAR's accommodation with the reservation")
    press(page, page.locator("main").get_by_role("link", name=unit.name, exact=False))
    journey.check("the reservation")
    press(page, page.locator("main").get_by_role("link", name=w.exactly("Check in")))
    journey.check("check-in form")
    # The day is picked in the date field, as a person would (the field starts empty in this browser).
    page.get_by_label(w.exactly("Checked in on")).fill(timezone.localdate().isoformat())
    press(page, page.locator("main form").get_by_role("button", name=w.exactly("Check in")))
    assert page.locator("main dl").get_by_text(w("Checked in"), exact=True).is_visible()


@pytest.mark.parametrize("lang", ["ca", "ar"])
def test_a_coordinator_places_families_across_the_network_and_cear_checks_one_in(
    page: Any, axe_source: str, network: Network, lang: str
) -> None:
    w = Words(lang)
    data = _setup(network)
    units = data["units"]
    journey = Journey(page, lang, axe_source)

    with journey.recorded():
        journey.at("the CAI coordinator reads the network's vacancies")
        sign_in(page, network.users["coordinator"], lang)
        run = _coordinator_places(page, w, journey, data)
        decisions = dict(run.matches.values_list("unit_id", "decision"))
        assert decisions == {
            units["cear"].pk: OptimizerMatch.Decision.ACCEPTED,
            units["cai"].pk: OptimizerMatch.Decision.ACCEPTED,
            units["accem"].pk: OptimizerMatch.Decision.REJECTED,
        }
        family = Placement.objects.get(unit=units["cear"])
        assert family.entry_id == data["family"].pk and family.status == Placement.Status.RESERVED
        assert set(units["cear"].places.values_list("status", flat=True)) == {PlaceStatus.RESERVED}
        assert set(units["accem"].places.values_list("status", flat=True)) == {PlaceStatus.FREE}
        _sign_out(page, w)

        journey.at("a CEAR caseworker checks the family in")
        sign_in(page, network.users["ngo_caseworker"], lang)
        page.goto(f"/{lang}/housing/accommodations/")
        _cear_checks_in(page, w, journey, units["cear"])
        family.refresh_from_db()
        assert family.status == Placement.Status.CHECKED_IN
        assert set(units["cear"].places.values_list("status", flat=True)) == {PlaceStatus.OCCUPIED}

    assert not journey.problems, "\n\n".join(journey.problems)

"""A newcomer's case from first search to a referral's outcome, in a real browser, in Valencian and Arabic.

A CAI caseworker searches a name nobody has, registers the newcomer (with the name in Arabic
script), opens a case, records two needs, starts the international protection pathway, books a
legal-advice appointment with an Arabic interpreter, records the person's consent to a referral to
CEAR and refers the case there, sharing identity and needs. A CEAR caseworker finds the referral
among those received, accepts it and records the outcome, which the CAI caseworker then reads on
the case page. A caseworker of a third NGO (Accem) can neither open the case nor find the person
in full.

Everything after the data a journey does not create (the network, an office with a published
legal-advice slot, the network's pathway templates) is done by clicking and typing, finding
controls by their role and their label in the page's language, taken from the catalogues. axe-core
checks the case page, the booking page and the referral page in both languages. On a failure a
screenshot and the page's HTML are kept in a temporary folder named in the error.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from acollida.agenda.models import Appointment, ServiceType
from acollida.agenda.services import slot_publish
from acollida.cases.models import Case, CasePathway, Consent, Need, Referral
from acollida.cases.services_pathways import pathway_templates_load
from acollida.core.models import Office, Role
from acollida.people.models import Person
from acollida.people.reference import language_name
from tests.browser.conftest import blocking_problems, sign_in
from tests.conftest import Network, make_user

pytestmark = pytest.mark.browser

GIVEN, FAMILY, NATIVE = "Karim", "Nasser", "كريم ناصر"
FULL_NAME = f"{GIVEN} {FAMILY}"


class Words:
    """The interface's words in one language, as the catalogues give them (the English when a
    string is not translated yet, which is what the page shows too)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, text: str) -> str:
        with translation.override(self.lang):
            return gettext(text)

    def exactly(self, text: str) -> re.Pattern[str]:
        """The whole accessible name ("Refer", not "Referrals"), a label's colon allowed."""
        return re.compile(rf"^\s*{re.escape(self(text))}\s*:?\s*$")

    def language(self, code: str) -> str:
        with translation.override(self.lang):
            return language_name(code)


class Journey:
    """Which step the journey is at, so a failure says where it stopped and shows the page."""

    def __init__(self, page: Any, lang: str, axe_source: str) -> None:
        self.page = page
        self.lang = lang
        self.axe_source = axe_source
        self.step = "start"
        self.problems: list[str] = []

    def at(self, step: str) -> None:
        self.step = step

    def check(self, name: str) -> None:
        """axe-core (serious and critical), duplicate ids and empty descriptions on this page."""
        assert self.page.evaluate("document.documentElement.lang") == self.lang, name
        found = blocking_problems(self.page, self.axe_source)
        if found:
            self.problems.append(f"{name} ({self.page.url}):\n" + "\n".join(found))

    @contextmanager
    def recorded(self) -> Iterator[None]:
        try:
            yield
        except BaseException as exc:
            folder = Path(tempfile.mkdtemp(prefix=f"case-journey-{self.lang}-", dir=_screenshot_root()))
            try:
                self.page.screenshot(path=str(folder / "failure.png"), full_page=True)
                (folder / "failure.html").write_text(self.page.content(), encoding="utf-8")
            except Exception as shot_error:  # the browser may be gone; the failure still matters
                exc.add_note(f"no screenshot: {shot_error}")
            exc.add_note(f"step: {self.step}; page: {self.page.url}; screenshot and HTML in {folder}")
            raise


def _screenshot_root() -> str | None:
    root = os.environ.get("ACOLLIDA_SCREENSHOT_DIR")
    if root:
        Path(root).mkdir(parents=True, exist_ok=True)
    return root


def press(page: Any, locator: Any) -> None:
    """Click what leads to another page and wait for it."""
    with page.expect_navigation():
        locator.click()


def _tomorrow_at(hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _setup(network: Network, lang: str) -> dict[str, Any]:
    """What the journey does not create: an Accem caseworker, a CAI office with a published
    legal-advice slot tomorrow, and the network's pathway templates in the page's language."""
    accem_caseworker = make_user("accem_caseworker", (network.accem, Role.CASEWORKER))
    office = Office.objects.create(organisation=network.cai, name="CAI Russafa", street="Carrer Sueca 2")
    slot_publish(
        actor=network.users["coordinator"],
        office=office,
        service_type=ServiceType.LEGAL_ADVICE,
        starts_at=_tomorrow_at(10),
        ends_at=_tomorrow_at(10, 45),
    )
    pathway_templates_load(language=lang)
    return {"accem_caseworker": accem_caseworker, "office": office}


def _sign_out(page: Any, w: Words) -> None:
    press(page, page.locator("header").get_by_role("button", name=w.exactly("Sign out")))


def _register_newcomer(page: Any, w: Words) -> Person:
    press(page, page.get_by_role("navigation", name=w("Main")).get_by_role("link", name=w.exactly("People")))
    page.get_by_label(w.exactly("Name, birth year, document or phone")).fill(f"{FULL_NAME} 1994")
    press(page, page.get_by_role("search").get_by_role("button", name=w.exactly("Search")))
    assert page.locator("main .empty").filter(has_text=w("Nobody matches this search.")).is_visible()

    press(page, page.get_by_role("link", name=w.exactly("Register a new person")))
    page.get_by_label(w.exactly("Given name(s)")).fill(GIVEN)
    page.get_by_label(w.exactly("Family name(s)")).fill(FAMILY)
    page.get_by_label(w.exactly("Name in own script")).fill(NATIVE)
    page.get_by_label(w.exactly("Date of birth")).fill("1994")
    page.get_by_label(w.exactly("Main language")).select_option(label=w.language("ar"))
    press(page, page.locator("main form").get_by_role("button", name=w.exactly("Register")))

    person = Person.objects.get()
    assert page.url.endswith(f"/{w.lang}/people/{person.pk}/"), page.url
    assert (person.given_name, person.family_name, person.native_name) == (GIVEN, FAMILY, NATIVE)
    assert page.get_by_role("heading", level=1).filter(has_text=NATIVE).is_visible()
    return person


def _open_case(page: Any, w: Words, person: Person) -> Case:
    press(page, page.get_by_role("link", name=w.exactly("Open a case")))
    press(page, page.get_by_role("button", name=w.exactly("Open the case")))
    case = Case.objects.get(person=person)
    assert page.url.endswith(f"/{w.lang}/cases/{case.pk}/"), page.url
    return case


def _record_need(page: Any, w: Words, area: str, priority: str, description: str) -> None:
    form = page.locator("details").filter(has=page.get_by_text(w("Record a need"), exact=True))
    form.get_by_text(w("Record a need"), exact=True).click()
    form.get_by_label(w.exactly("Area")).select_option(label=w(area))
    form.get_by_label(w.exactly("Priority")).select_option(label=w(priority))
    form.get_by_label(w.exactly("Description")).fill(description)
    press(page, form.get_by_role("button", name=w.exactly("Record the need")))


def _start_asylum_pathway(page: Any, w: Words) -> None:
    section = page.locator("details").filter(has=page.get_by_text(w("Start a pathway"), exact=True))
    section.get_by_text(w("Start a pathway"), exact=True).click()
    section.get_by_label(w.exactly("Pathway")).select_option(label=w("International protection (asylum)"))
    press(page, section.get_by_role("button", name=w.exactly("Start the pathway")))
    heading = page.get_by_role("heading", level=3).filter(has_text=w("International protection (asylum)"))
    assert heading.is_visible()


def _book_legal_advice(page: Any, w: Words, journey: Journey, office: Office) -> Appointment:
    press(page, page.locator("main dl").get_by_role("link", name=FULL_NAME))
    press(page, page.get_by_role("link", name=w.exactly("Book an appointment")))
    journey.check("booking page")
    filters = page.locator("main form.filters")
    filters.get_by_label(w.exactly("Office")).select_option(
        label=f"{office.name} ({office.organisation.display_name})"
    )
    filters.get_by_label(w.exactly("Service")).select_option(label=w("Legal advice"))
    press(page, filters.get_by_role("button", name=w.exactly("Find free slots")))
    free = page.get_by_role("group", name=w("Free slot")).get_by_role("radio")
    assert free.count() == 1
    free.check()
    page.get_by_label(w.exactly("Interpreter language")).select_option(label=w.language("ar"))
    page.get_by_label(w.exactly("Notes")).fill("First legal advice on the asylum claim")
    press(page, page.locator("main form[method=post]").get_by_role("button", name=w.exactly("Book")))
    appointment = Appointment.objects.get()
    assert page.url.endswith(f"/{w.lang}/agenda/appointments/{appointment.pk}/"), page.url
    journey.check("booked appointment")
    return appointment


def _back_to_the_case(page: Any, w: Words, case: Case) -> None:
    press(page, page.locator("main dl").get_by_role("link", name=FULL_NAME))
    press(page, page.get_by_role("link", name=re.compile(re.escape(case.reference))))
    assert page.url.endswith(f"/{w.lang}/cases/{case.pk}/"), page.url


def _record_consent(page: Any, w: Words, network: Network) -> None:
    press(page, page.get_by_role("link", name=w.exactly("Record consent")))
    page.get_by_role("checkbox", name=w("Referral to another organisation for a service")).check()
    page.get_by_label(w.exactly("With")).select_option(label=network.cear.display_name)
    page.get_by_label(w.exactly("How")).select_option(label=w("Spoken, through an interpreter"))
    press(page, page.get_by_role("button", name=w.exactly("Record the consent")))


def _refer_to_cear(page: Any, w: Words, network: Network) -> Referral:
    press(page, page.get_by_role("link", name=w.exactly("Refer")))
    page.get_by_label(w.exactly("Refer to")).select_option(label=network.cear.display_name)
    page.get_by_label(w.exactly("Service")).fill("Reception and legal support for asylum seekers")
    page.get_by_label(w.exactly("Purpose")).fill("Housing in the reception programme and legal follow-up")
    page.get_by_role("checkbox", name=w("Identity and contact")).check()
    page.get_by_role("checkbox", name=w.exactly("Needs")).check()
    press(page, page.get_by_role("button", name=w.exactly("Send the referral")))
    referral = Referral.objects.get()
    assert page.url.endswith(f"/{w.lang}/cases/referrals/{referral.pk}/"), page.url
    return referral


def _answer_as_cear(page: Any, w: Words, journey: Journey, referral: Referral, case: Case) -> None:
    nav = page.get_by_role("navigation", name=w("Main"))
    press(page, nav.get_by_role("link", name=re.compile(re.escape(w("Referrals")))))
    received = page.get_by_role("table", name=w("Referrals received"))
    press(page, received.get_by_role("link", name=case.reference))
    assert page.url.endswith(f"/{w.lang}/cases/referrals/{referral.pk}/"), page.url
    journey.check("received referral")
    press(page, page.get_by_role("button", name=w.exactly("Accept the referral")))
    assert page.locator("main .title-row .badge").filter(has_text=w("Accepted")).is_visible()

    # The receiver reads the parts shared, and nothing else.
    press(page, page.get_by_role("link", name=w.exactly("Open the case")))
    assert page.get_by_role("heading", level=1).filter(has_text=FULL_NAME).is_visible()
    assert page.get_by_role("heading", name=w.exactly("Needs")).is_visible()
    assert page.get_by_role("heading", name=w.exactly("Pathways")).count() == 0
    journey.check("case page, as the receiver")
    page.go_back()
    page.wait_for_load_state()

    page.get_by_label(w.exactly("How the service went")).fill("Place in the reception programme from Monday")
    press(page, page.get_by_role("button", name=w.exactly("Record the outcome")))
    assert page.locator("main .title-row .badge").filter(has_text=w("Outcome recorded")).is_visible()
    journey.check("referral with its outcome")


def _outsider_is_kept_out(page: Any, w: Words, case: Case, person: Person) -> None:
    for url in (f"/{w.lang}/cases/{case.pk}/", f"/{w.lang}/people/{person.pk}/"):
        response = page.goto(url)
        assert response is not None and response.status in (403, 404), (url, response and response.status)
        headings = {w("Page not found"), w("Not allowed")}
        assert page.get_by_role("heading", level=1).inner_text().strip() in headings
        assert FAMILY not in page.content() and NATIVE not in page.content()
    page.goto(f"/{w.lang}/people/")
    page.get_by_label(w.exactly("Name, birth year, document or phone")).fill(FULL_NAME)
    press(page, page.get_by_role("search").get_by_role("button", name=w.exactly("Search")))
    main = page.locator("main")
    assert FAMILY not in main.inner_text() and NATIVE not in main.inner_text()
    assert main.locator(f"a[href$='/people/{person.pk}/']").count() == 0
    found = main.locator(".candidate")
    if found.count():  # redacted at most: initials and who holds the record
        assert found.filter(has_text=w("Held by another organisation")).count() == found.count()


@pytest.mark.parametrize("lang", ["ca", "ar"])
def test_a_newcomers_case_is_opened_planned_booked_and_referred_with_consent(
    page: Any, axe_source: str, network: Network, lang: str
) -> None:
    w = Words(lang)
    data = _setup(network, lang)
    journey = Journey(page, lang, axe_source)
    caseworker = network.users["caseworker"]

    with journey.recorded():
        journey.at("CAI caseworker signs in")
        sign_in(page, caseworker, lang)

        journey.at("search, then register the newcomer")
        person = _register_newcomer(page, w)

        journey.at("open a case")
        case = _open_case(page, w, person)
        journey.check("new case page")

        journey.at("record two needs")
        _record_need(page, w, "Legal status", "Urgent", "Asylum claim to be lodged")
        _record_need(page, w, "Housing", "High", "Sleeping at a friend's, for a week more")
        assert set(case.needs.values_list("area", "priority")) == {
            (Need.Area.LEGAL_STATUS, Need.Priority.URGENT),
            (Need.Area.HOUSING, Need.Priority.HIGH),
        }
        needs = page.get_by_role("table", name=w("Needs of the case"))
        assert needs.get_by_role("row").filter(has_text=w("Legal status")).count() == 1
        assert needs.get_by_role("row").filter(has_text=w("Housing")).count() == 1

        journey.at("start the international protection pathway")
        _start_asylum_pathway(page, w)
        assert CasePathway.objects.get(case=case).template.code == "international-protection"
        journey.check("case page with needs and a pathway")

        journey.at("book legal advice with an Arabic interpreter")
        appointment = _book_legal_advice(page, w, journey, data["office"])
        assert appointment.person_id == person.pk
        assert appointment.service_type == ServiceType.LEGAL_ADVICE
        assert appointment.interpreter_language == "ar"

        journey.at("record the consent to a referral to CEAR")
        _back_to_the_case(page, w, case)
        _record_consent(page, w, network)
        consent = Consent.objects.get(case=case)
        assert consent.organisation_id == network.cear.pk
        assert consent.purposes == [Consent.Purpose.REFERRAL]
        consents = page.get_by_role("table", name=w("Consents of the person"))
        assert consents.get_by_role("row").filter(has_text=network.cear.display_name).count() == 1

        journey.at("refer the case to CEAR")
        referral = _refer_to_cear(page, w, network)
        assert referral.to_organisation_id == network.cear.pk
        assert sorted(referral.sections) == ["identity", "needs"]
        assert referral.consent_id == consent.pk
        journey.check("sent referral")
        _sign_out(page, w)

        journey.at("CEAR caseworker accepts and records the outcome")
        sign_in(page, network.users["ngo_caseworker"], lang)
        _answer_as_cear(page, w, journey, referral, case)
        referral.refresh_from_db()
        assert referral.status == Referral.Status.COMPLETED
        _sign_out(page, w)

        journey.at("CAI caseworker reads the outcome on the case")
        sign_in(page, caseworker, lang)
        nav = page.get_by_role("navigation", name=w("Main"))
        press(page, nav.get_by_role("link", name=w.exactly("My cases")))
        press(page, page.locator("main").get_by_role("link", name=case.reference).first)
        referrals = page.get_by_role("table", name=w("Referrals of the case"))
        row = referrals.get_by_role("row").filter(has_text=network.cear.display_name)
        assert row.filter(has_text=w("Outcome recorded")).count() == 1
        journey.check("case page after the outcome")
        _sign_out(page, w)

        journey.at("an Accem caseworker cannot open the case nor find the person in full")
        sign_in(page, data["accem_caseworker"], lang)
        _outsider_is_kept_out(page, w, case, person)

    assert not journey.problems, "\n\n".join(journey.problems)

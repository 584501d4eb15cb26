"""A newcomer who turns out to be known, and the duplicate a coordinator later merges, in a real browser.

A caseworker searches a name typed in another spelling, finds the existing record with the reasons
it matches, and is asked for a reason when registering anyway. A coordinator reviews the pair the
nightly scan filed, merges it after a confirmation and undoes the merge. axe-core checks every
review screen in Valencian and in Arabic.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from acollida.people.models import DuplicateCandidate, Merge, Person
from acollida.people.review import scan_duplicates
from acollida.people.services import PersonData, person_register
from tests.browser.conftest import blocking_problems, sign_in
from tests.conftest import Network

pytestmark = pytest.mark.browser


def _yusuf(network: Network, **fields: Any) -> Person:
    data = {"given_name": "Yusuf", "family_name": "Haddad", "date_of_birth": date(1990, 3, 7), **fields}
    return person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=PersonData(**data),
        candidates_seen=0,
    )


def press(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()


def test_a_caseworker_finds_a_newcomer_typed_in_another_spelling(page: Any, network: Network) -> None:
    yusuf = _yusuf(network)
    sign_in(page, network.users["caseworker"])
    press(page, "header nav a[href$='/people/']")
    page.fill("input[name=q]", "Youssef Hadad 1990")
    press(page, "main form[role=search] button[type=submit]")

    found = page.locator(".candidates .candidate").filter(has_text="Yusuf Haddad")
    assert found.count() == 1
    assert found.locator(f"a[href$='/people/{yusuf.pk}/']").is_visible()
    assert found.locator(".reason").count() >= 2  # the name sounds the same, and the birth year

    # Registering anyway is possible, but not without saying why.
    press(page, "main a.button[href*='/people/register/']")
    assert page.locator(".candidates .candidate").filter(has_text="Yusuf Haddad").count() == 1
    page.fill("input[name=given_name]", "Youssef")
    page.fill("input[name=family_name]", "Hadad")
    page.fill("input[name=date_of_birth]", "1990")
    press(page, ".person-form button[type=submit]")
    assert page.locator(".field.has-error textarea[name=reason]").is_visible()
    assert Person.objects.count() == 1

    page.fill("textarea[name=reason]", "Another Youssef: born in Aleppo, not Homs")
    press(page, ".person-form button[type=submit]")
    created = Person.objects.exclude(pk=yusuf.pk).get()
    assert page.url.endswith(f"/people/{created.pk}/")
    assert created.creation_reason == "Another Youssef: born in Aleppo, not Homs"


@pytest.mark.parametrize("lang", ["ca", "ar"])
def test_a_coordinator_reviews_merges_and_undoes_a_duplicate(
    page: Any, axe_source: str, network: Network, lang: str
) -> None:
    first = _yusuf(network, phone="+34 600 111 222", nationalities=["SY"])
    second = _yusuf(network, given_name="Youssef", family_name="Hadad", phone="+34 600 111 222")
    scan_duplicates()
    assert DuplicateCandidate.objects.count() == 1
    problems: list[str] = []

    def check(name: str) -> None:
        assert page.evaluate("document.documentElement.lang") == lang, name
        found = blocking_problems(page, axe_source)
        if found:
            problems.append(f"{name} ({page.url}):\n" + "\n".join(found))

    sign_in(page, network.users["coordinator"], lang)
    press(page, "header nav a[href$='/people/duplicates/']")
    assert (
        page.locator("header nav a[aria-current=page]").get_attribute("href").endswith("/people/duplicates/")
    )
    assert page.locator("main tbody tr").count() == 1
    check("queue")

    press(page, "main tbody a[href*='/people/duplicates/']")
    assert page.locator(".pair-side").count() == 2
    assert page.locator(".pair").filter(has_text="Yusuf Haddad").count() == 1
    assert page.locator(".evidence tbody tr").count() == 7
    assert page.locator(".weight-strong_for").count() >= 1
    check("pair explained")

    press(page, "main form:has(input[name=decision][value=keep_a]) button")
    assert page.locator("input[name=confirm]").count() == 1
    check("merge confirmation")
    press(page, "main form button[type=submit]")
    assert page.locator(".message.success").is_visible()
    assert page.locator("main tbody .empty").is_visible()
    second.refresh_from_db()
    first.refresh_from_db()
    assert {first.merged_into_id, second.merged_into_id} - {None}, "one record points to the other"
    check("queue after the merge")

    press(page, "nav.tabs a[href$='/people/merges/']")
    assert page.locator("main tbody tr").count() == 1
    check("recent merges")
    press(page, "main a.button[href*='/undo/']")
    check("undo confirmation")
    press(page, "main form button[type=submit]")
    assert page.locator(".message.success").is_visible()
    assert Merge.objects.get().undone_at is not None
    assert not Person.objects.filter(merged_into__isnull=False).exists()
    check("merges after the undo")

    press(page, "nav.tabs a[href$='/people/duplicates/']")
    assert page.locator("main tbody a[href*='/people/duplicates/']").count() == 1, "the pair is back"
    assert not problems, "\n\n".join(problems)


@pytest.mark.parametrize("lang", ["ca", "ar"])
def test_a_pair_across_organisations_is_redacted_and_cannot_be_merged_here(
    page: Any, axe_source: str, network: Network, lang: str
) -> None:
    _yusuf(network, documents=[("passport", "N0012345", "SY", None)])
    person_register(
        actor=network.users["ngo_caseworker"],
        organisation=network.cear,
        data=PersonData(
            given_name="Youssef",
            family_name="Hadad",
            date_of_birth=date(1990, 3, 7),
            documents=[("passport", "N0012345", "SY", None)],
        ),
        candidates_seen=0,
    )
    scan_duplicates()
    sign_in(page, network.users["coordinator"], lang)
    page.goto(f"/{lang}/people/duplicates/?suggestion=possible&page=7")
    assert page.evaluate("document.documentElement.lang") == lang
    problems = blocking_problems(page, axe_source)
    press(page, "header nav a[href$='/people/duplicates/']")
    press(page, "main tbody a[href*='/people/duplicates/']")
    assert page.locator(".pair-side").filter(has_text="Hadad").count() == 0
    assert page.locator(".pair-side").filter(has_text="Y. H.").count() == 1
    assert page.locator("main form:has(input[name=decision][value=keep_a])").count() == 0
    assert page.locator("main form:has(input[name=decision][value=not_same])").count() == 1
    problems += blocking_problems(page, axe_source)
    assert not problems, "\n".join(problems)

"""The case screens: opening from the person page, the case page and its forms, workload lists."""

from __future__ import annotations

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from acollida.cases.models import Case, Goal, Need, TimelineEntry
from acollida.cases.services import case_hold, case_update, goal_add, timeline_add
from acollida.core.models import ReadLog, Role
from tests.cases.conftest import open_case, register
from tests.conftest import Network, login, make_user


def test_person_page_offers_to_open_a_case(network: Network, client: Client) -> None:
    person = register(network)
    login(client, network.users["caseworker"])
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert reverse("cases:open", args=[person.pk]) in response.content.decode()


def test_person_page_links_to_the_open_case(network: Network, client: Client, case: Case) -> None:
    login(client, network.users["caseworker"])
    assert case.person is not None
    response = client.get(reverse("people:detail", args=[case.person.pk]))
    assert case.reference in response.content.decode()


def test_opening_a_case_from_the_person_page(network: Network, client: Client) -> None:
    person = register(network)
    login(client, network.users["caseworker"])
    response = client.post(reverse("cases:open", args=[person.pk]), {"sensitivity": "restricted"})
    case = Case.objects.get(person=person)
    assert response["Location"] == reverse("cases:detail", args=[case.pk])
    assert (case.sensitivity, case.responsible) == ("restricted", network.users["caseworker"])


def test_case_page_is_read_logged_for_case_and_person(network: Network, client: Client, case: Case) -> None:
    login(client, network.users["coordinator"])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 200
    logged = set(
        ReadLog.objects.filter(user=network.users["coordinator"]).values_list("record_type", "record_id")
    )
    assert {("case", str(case.pk)), ("person", str(case.person_id))} <= logged


def test_protected_case_page_never_shows_the_address(network: Network, client: Client) -> None:
    person = register(network, address="Carrer de la Pau 7", district="Ciutat Vella", is_protected=True)
    case = open_case(network, person=person)
    login(client, network.users["caseworker"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Carrer de la Pau" not in page
    assert "Ciutat Vella" not in page


def test_normal_case_page_shows_the_address(network: Network, client: Client) -> None:
    case = open_case(network, person=register(network, address="Carrer de la Pau 7"))
    login(client, network.users["caseworker"])
    assert "Carrer de la Pau" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()


def test_adding_a_need_from_the_case_page(network: Network, client: Client, case: Case) -> None:
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("cases:detail", args=[case.pk]),
        {"form": "need", "need-area": "housing", "need-priority": "urgent", "need-description": "Evicted"},
    )
    assert response.status_code == 302
    assert case.needs.get().priority == Need.Priority.URGENT


def test_invalid_timeline_entry_keeps_what_was_typed(network: Network, client: Client, case: Case) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("cases:detail", args=[case.pk]),
            {"form": "entry", "entry-kind": "service", "entry-text": "Went to the court"},
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say which service was delivered." in page
    assert "Went to the court" in page
    assert not TimelineEntry.objects.exists()


def test_special_category_note_shown_only_to_those_who_see_the_case(
    network: Network, client: Client, case: Case
) -> None:
    timeline_add(
        actor=network.users["caseworker"],
        case=case,
        kind="note",
        text="Trauma follow-up",
        is_special_category=True,
    )
    login(client, network.users["coordinator"])
    assert "Trauma follow-up" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    login(client, network.users["ngo_caseworker"])
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_timeline_filter_by_kind_and_service(network: Network, client: Client, case: Case) -> None:
    actor = network.users["caseworker"]
    timeline_add(
        actor=actor, case=case, kind="service", service_type="legal_advice", text="Asylum interview prep"
    )
    timeline_add(actor=actor, case=case, kind="service", service_type="housing", text="Shelter place")
    timeline_add(actor=actor, case=case, kind="note", text="Called back")
    login(client, actor)
    page = client.get(
        reverse("cases:detail", args=[case.pk]), {"kind": "service", "service_type": "legal_advice"}
    ).content.decode()
    assert "Asylum interview prep" in page
    assert "Shelter place" not in page
    assert "Called back" not in page


def test_timeline_filter_by_dates(network: Network, client: Client, case: Case) -> None:
    actor = network.users["caseworker"]
    today = timezone.localdate()
    timeline_add(actor=actor, case=case, kind="note", text="Long ago", occurred_on=today - timedelta(days=40))
    timeline_add(actor=actor, case=case, kind="note", text="Recently", occurred_on=today - timedelta(days=2))
    login(client, actor)
    page = client.get(
        reverse("cases:detail", args=[case.pk]), {"date_from": str(today - timedelta(days=7))}
    ).content.decode()
    assert "Recently" in page
    assert "Long ago" not in page


def test_closing_needs_the_confirmation_and_an_outcome(network: Network, client: Client, case: Case) -> None:
    login(client, network.users["caseworker"])
    assert client.get(reverse("cases:close", args=[case.pk])).status_code == 200
    response = client.post(reverse("cases:close", args=[case.pk]), {"outcome": ""})
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN
    client.post(reverse("cases:close", args=[case.pk]), {"outcome": "moved"})
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Case.Status.CLOSED, "moved")


def test_hold_is_post_only(network: Network, client: Client, case: Case) -> None:
    login(client, network.users["caseworker"])
    assert client.get(reverse("cases:hold", args=[case.pk])).status_code == 405
    client.post(reverse("cases:hold", args=[case.pk]))
    case.refresh_from_db()
    assert case.status == Case.Status.ON_HOLD


def test_coordinator_reassigns_from_the_team_page(network: Network, client: Client, case: Case) -> None:
    colleague = make_user("colleague", (network.cai, Role.CASEWORKER))
    login(client, network.users["coordinator"])
    team = client.get(reverse("cases:team"), {"member": network.users["caseworker"].pk}).content.decode()
    assert reverse("cases:assign", args=[case.pk]) in team
    client.post(reverse("cases:assign", args=[case.pk]), {"responsible": colleague.pk, "next_team": "1"})
    case.refresh_from_db()
    assert case.responsible == colleague


def test_caseworker_cannot_reassign(network: Network, client: Client, case: Case) -> None:
    colleague = make_user("colleague", (network.cai, Role.CASEWORKER))
    login(client, network.users["caseworker"])
    response = client.post(reverse("cases:assign", args=[case.pk]), {"responsible": colleague.pk})
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.responsible == network.users["caseworker"]


def test_my_cases_lists_only_mine(network: Network, client: Client) -> None:
    mine = open_case(network)
    theirs = open_case(network, "coordinator")
    login(client, network.users["caseworker"])
    page = client.get(reverse("cases:mine")).content.decode()
    assert mine.reference in page
    assert theirs.reference not in page


def test_my_cases_filter_by_status(network: Network, client: Client) -> None:
    held = open_case(network)
    other = open_case(network)
    case_hold(actor=network.users["caseworker"], case=held)
    login(client, network.users["caseworker"])
    page = client.get(reverse("cases:mine"), {"status": "on_hold"}).content.decode()
    assert held.reference in page
    assert other.reference not in page


def test_my_cases_empty_state(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        page = client.get(reverse("cases:mine")).content.decode()
    assert "No cases here" in page


def test_due_this_week_lists_goals_soon_or_overdue(network: Network, client: Client, case: Case) -> None:
    actor = network.users["caseworker"]
    today = timezone.localdate()
    goal_add(actor=actor, case=case, description="Renew the red card", target_date=today + timedelta(days=3))
    goal_add(actor=actor, case=case, description="Padrón renewal", target_date=today - timedelta(days=1))
    goal_add(actor=actor, case=case, description="Nationality exam", target_date=today + timedelta(days=60))
    login(client, actor)
    page = client.get(reverse("cases:mine"), {"tab": "due"}).content.decode()
    assert "Renew the red card" in page
    assert "Padrón renewal" in page
    assert "Nationality exam" not in page


def test_waiting_lists_oldest_first(network: Network, client: Client) -> None:
    actor = network.users["caseworker"]
    today = timezone.localdate()
    recent = open_case(network)
    old = open_case(network)
    open_case(network)  # not waiting
    case_update(
        actor=actor, case=recent, waiting_for="Asylum office", waiting_since=today - timedelta(days=2)
    )
    case_update(
        actor=actor, case=old, waiting_for="Social security", waiting_since=today - timedelta(days=30)
    )
    login(client, actor)
    page = client.get(reverse("cases:mine"), {"tab": "waiting"}).content.decode()
    assert page.index(old.reference) < page.index(recent.reference)
    assert page.count("CAI-") == 2


def test_goal_edit_closes_the_goal(network: Network, client: Client, case: Case) -> None:
    goal = goal_add(actor=network.users["caseworker"], case=case, description="A2 Spanish")
    login(client, network.users["caseworker"])
    client.post(
        reverse("cases:goal_edit", args=[case.pk, goal.pk]),
        {"description": "A2 Spanish", "status": "achieved", "outcome_note": "Passed"},
    )
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACHIEVED


def test_household_case_page_logs_the_members_read(network: Network, client: Client) -> None:
    from acollida.cases.services import case_open
    from acollida.people.models import Household, HouseholdMember

    household = Household.objects.create(organisation=network.cai, name="Haddad")
    member = register(network, family_name="Haddad")
    HouseholdMember.objects.create(household=household, person=member, relationship="head")
    case = case_open(actor=network.users["caseworker"], organisation=network.cai, household=household)
    login(client, network.users["caseworker"])
    assert "Haddad" in client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert ReadLog.objects.filter(record_type="person", record_id=str(member.pk)).exists()

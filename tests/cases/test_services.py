"""Case workflows through the real services: one open case per person, closing, assigning, notes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from acollida.cases.models import Case, Goal, Need, TimelineEntry
from acollida.cases.services import (
    case_assign,
    case_close,
    case_hold,
    case_reopen,
    goal_add,
    goal_update,
    need_add,
    need_update,
    timeline_add,
)
from acollida.core.models import Role
from tests.cases.conftest import open_case, register
from tests.conftest import Network, make_user


def test_reference_counts_up_per_organisation_and_year(network: Network) -> None:
    first = open_case(network)
    second = open_case(network)
    year = timezone.localdate().year
    assert first.reference == f"CAI-{year}-00001"
    assert second.reference == f"CAI-{year}-00002"


def test_one_open_case_per_person_per_organisation(network: Network) -> None:
    case = open_case(network)
    with pytest.raises(ValidationError) as raised:
        open_case(network, person=case.person)
    assert case.reference in str(raised.value)


def test_a_closed_case_lets_a_new_one_open(network: Network) -> None:
    case = open_case(network)
    case_close(actor=network.users["caseworker"], case=case, outcome=Case.Outcome.MOVED)
    assert open_case(network, person=case.person).pk != case.pk


def test_cannot_open_a_case_for_a_person_held_elsewhere(network: Network) -> None:
    person = register(network, "ngo_caseworker")
    with pytest.raises(PermissionDenied):
        open_case(network, "caseworker", person=person)


def test_closing_requires_an_outcome(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError):
        case_close(actor=network.users["caseworker"], case=case, outcome="")
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_closing_with_open_goals_asks_to_close_them_first(network: Network, case: Case) -> None:
    goal_add(actor=network.users["caseworker"], case=case, description="Register in the padrón")
    with pytest.raises(ValidationError) as raised:
        case_close(actor=network.users["caseworker"], case=case, outcome=Case.Outcome.OTHER)
    assert "drop_open_goals" in raised.value.message_dict


def test_closing_can_drop_the_open_goals(network: Network, case: Case) -> None:
    goal = goal_add(actor=network.users["caseworker"], case=case, description="Register in the padrón")
    case_close(
        actor=network.users["caseworker"],
        case=case,
        outcome=Case.Outcome.INDEPENDENT_LIVING,
        drop_open_goals=True,
    )
    goal.refresh_from_db()
    assert (case.status, case.outcome, goal.status) == (
        Case.Status.CLOSED,
        Case.Outcome.INDEPENDENT_LIVING,
        Goal.Status.DROPPED,
    )


def test_hold_and_reopen(network: Network, case: Case) -> None:
    case_hold(actor=network.users["caseworker"], case=case)
    assert case.status == Case.Status.ON_HOLD
    case_reopen(actor=network.users["caseworker"], case=case)
    assert case.status == Case.Status.OPEN


def test_reopening_clears_the_outcome(network: Network, case: Case) -> None:
    case_close(actor=network.users["caseworker"], case=case, outcome=Case.Outcome.RETURNED)
    case_reopen(actor=network.users["caseworker"], case=case)
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_at) == (Case.Status.OPEN, "", None)


def test_coordinator_reassigns_within_the_organisation(network: Network, case: Case) -> None:
    colleague = make_user("colleague", (network.cai, Role.CASEWORKER))
    case_assign(actor=network.users["coordinator"], case=case, responsible=colleague)
    case.refresh_from_db()
    assert case.responsible == colleague


def test_caseworker_cannot_reassign(network: Network, case: Case) -> None:
    colleague = make_user("colleague", (network.cai, Role.CASEWORKER))
    with pytest.raises(PermissionDenied):
        case_assign(actor=network.users["caseworker"], case=case, responsible=colleague)


def test_new_responsible_must_be_a_caseworker_of_the_holder(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError):
        case_assign(
            actor=network.users["coordinator"], case=case, responsible=network.users["ngo_caseworker"]
        )


def test_reassigning_a_protected_case_names_the_new_responsible(network: Network) -> None:
    case = open_case(network, sensitivity=Case.Sensitivity.PROTECTED)
    case.protected_staff.add(network.users["coordinator"])
    colleague = make_user("colleague", (network.cai, Role.CASEWORKER))
    case_assign(actor=network.users["coordinator"], case=case, responsible=colleague)
    assert Case.objects.visible_to(colleague).filter(pk=case.pk).exists()


def test_special_category_note_is_stored_encrypted_only(network: Network, case: Case) -> None:
    entry = timeline_add(
        actor=network.users["caseworker"],
        case=case,
        kind=TimelineEntry.Kind.NOTE,
        text="Disclosed violence during the journey",
        is_special_category=True,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT text, sensitive_text FROM cases_timelineentry WHERE id = %s",
            [entry.pk],
        )
        plain, stored = cursor.fetchone()
    assert plain == ""
    assert "violence" not in stored
    assert stored
    assert TimelineEntry.objects.get(pk=entry.pk).body == "Disclosed violence during the journey"


def test_service_needs_a_service_type(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError):
        timeline_add(actor=network.users["caseworker"], case=case, kind=TimelineEntry.Kind.SERVICE, text="")


def test_timeline_entry_cannot_be_in_the_future(network: Network, case: Case) -> None:
    with pytest.raises(ValidationError):
        timeline_add(
            actor=network.users["caseworker"],
            case=case,
            kind=TimelineEntry.Kind.NOTE,
            text="later",
            occurred_on=timezone.localdate() + timedelta(days=1),
        )


def test_need_closed_when_met(network: Network, case: Case) -> None:
    need = need_add(actor=network.users["caseworker"], case=case, area=Need.Area.HOUSING)
    need_update(
        actor=network.users["caseworker"],
        need=need,
        priority=Need.Priority.HIGH,
        status=Need.Status.MET,
        description="Room found",
    )
    assert need.closed_on == timezone.localdate()


def test_need_changes_are_in_the_audit_trail_masked(network: Network, case: Case) -> None:
    from auditlog.models import LogEntry

    need = need_add(
        actor=network.users["caseworker"], case=case, area=Need.Area.HEALTH, description="Diabetes"
    )
    entry = LogEntry.objects.get_for_object(need).get()
    assert "Diabetes" not in str(entry.changes)


def test_goal_for_another_cases_need_is_refused(network: Network, case: Case) -> None:
    other = open_case(network)
    need = need_add(actor=network.users["caseworker"], case=other, area=Need.Area.LANGUAGE)
    with pytest.raises(ValidationError):
        goal_add(actor=network.users["caseworker"], case=case, description="A2 Spanish", need=need)


def test_goal_achieved_is_dated(network: Network, case: Case) -> None:
    goal = goal_add(actor=network.users["caseworker"], case=case, description="A2 Spanish")
    goal_update(
        actor=network.users["caseworker"],
        goal=goal,
        description=goal.description,
        target_date=None,
        status=Goal.Status.ACHIEVED,
        outcome_note="Passed DELE A2",
    )
    assert goal.closed_on == timezone.localdate()


def test_ngo_caseworker_cannot_write_to_the_citys_case(network: Network, case: Case) -> None:
    with pytest.raises(PermissionDenied):
        need_add(actor=network.users["ngo_caseworker"], case=case, area=Need.Area.HOUSING)

"""Workload reads: what My cases counts per row, and a coordinator's team load."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from acollida.cases.models import Case, Need
from acollida.cases.selectors import CaseFilters, my_cases, team_load
from acollida.cases.services import case_assign, case_hold, goal_add, need_add, need_update
from acollida.core.models import Role
from tests.cases.conftest import open_case
from tests.conftest import Network, make_user


def test_my_cases_counts_open_needs_and_the_next_target(network: Network, case: Case) -> None:
    actor = network.users["caseworker"]
    today = timezone.localdate()
    need_add(actor=actor, case=case, area=Need.Area.HOUSING)
    need_add(actor=actor, case=case, area=Need.Area.LANGUAGE)
    met = need_add(actor=actor, case=case, area=Need.Area.HEALTH)
    need_update(actor=actor, need=met, priority="low", status=Need.Status.MET, description="")
    goal_add(actor=actor, case=case, description="Later", target_date=today + timedelta(days=30))
    goal_add(actor=actor, case=case, description="Sooner", target_date=today + timedelta(days=3))
    row = my_cases(actor).get()
    assert (row.open_needs, row.next_target) == (2, today + timedelta(days=3))


def test_my_cases_sorted_by_reference(network: Network) -> None:
    first, second = open_case(network), open_case(network)
    actor = network.users["caseworker"]
    assert list(my_cases(actor, CaseFilters(), "-reference")) == [second, first]


def test_team_load_counts_each_members_open_and_held_cases(network: Network) -> None:
    colleague = make_user("colleague", (network.cai, Role.CASEWORKER))
    open_case(network)
    held = open_case(network)
    case_hold(actor=network.users["caseworker"], case=held)
    moved = open_case(network)
    case_assign(actor=network.users["coordinator"], case=moved, responsible=colleague)
    open_case(network, "ngo_caseworker")  # another organisation: not the coordinator's team
    load = {
        row.user.username: (row.open_cases, row.on_hold)
        for row in team_load(network.users["coordinator"]).rows
    }
    assert load == {"caseworker": (1, 1), "colleague": (1, 0), "coordinator": (0, 0)}


def test_team_load_is_empty_for_a_caseworker(network: Network, case: Case) -> None:
    assert team_load(network.users["caseworker"]).rows == []

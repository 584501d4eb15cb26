"""Who may open a case: by sensitivity, within the holding organisation, never beyond its person."""

from __future__ import annotations

import pytest
from django.http import Http404

from acollida.cases.models import Case
from acollida.cases.selectors import case_get_for_user
from acollida.cases.services import case_open, case_update
from acollida.core import policy
from acollida.core.models import Membership, Role
from acollida.people.models import Household, HouseholdMember
from tests.cases.conftest import open_case, register
from tests.conftest import Network, make_user

ROLES = (
    "caseworker",
    "ngo_caseworker",
    "coordinator",
    "org_admin",
    "dpo",
    "researcher",
    "volunteer",
    "outsider",
)


def _seers(network: Network, case: Case) -> set[str]:
    return {
        role for role in ROLES if Case.objects.visible_to(network.users[role]).filter(pk=case.pk).exists()
    }


def test_normal_case_is_seen_by_the_holders_readers_only(network: Network) -> None:
    case = open_case(network)
    assert _seers(network, case) == {"caseworker", "coordinator"}


def test_ngo_caseworker_cannot_open_the_citys_case(network: Network) -> None:
    case = open_case(network)
    with pytest.raises(Http404):
        case_get_for_user(network.users["ngo_caseworker"], case.pk)


def test_ngo_case_is_not_seen_by_the_city(network: Network) -> None:
    case = open_case(network, "ngo_caseworker")
    assert _seers(network, case) == {"ngo_caseworker"}


def test_restricted_case_is_seen_by_responsible_and_coordinators(network: Network) -> None:
    colleague = make_user("colleague", (network.cai, Role.CASEWORKER))
    case = open_case(network, sensitivity=Case.Sensitivity.RESTRICTED)
    assert _seers(network, case) == {"caseworker", "coordinator"}
    assert not Case.objects.visible_to(colleague).filter(pk=case.pk).exists()


def test_restricted_case_is_seen_by_named_staff(network: Network) -> None:
    colleague = make_user("colleague", (network.cai, Role.CASEWORKER))
    case = open_case(network, sensitivity=Case.Sensitivity.RESTRICTED)
    case_update(actor=network.users["caseworker"], case=case, protected_staff=[colleague])
    assert Case.objects.visible_to(colleague).filter(pk=case.pk).exists()


def test_protected_case_is_seen_by_named_staff_only_not_coordinators(network: Network) -> None:
    case = open_case(network, sensitivity=Case.Sensitivity.PROTECTED)
    assert _seers(network, case) == {"caseworker"}


def test_protected_case_named_staff_who_left_the_organisation_lose_it(network: Network) -> None:
    case = open_case(network, sensitivity=Case.Sensitivity.PROTECTED)
    Membership.objects.filter(user=network.users["caseworker"]).update(is_active=False)
    policy.forget(network.users["caseworker"])
    assert _seers(network, case) == set()


def test_protected_person_makes_the_case_protected(network: Network) -> None:
    person = register(network, is_protected=True)
    case = open_case(network, person=person)
    assert case.sensitivity == Case.Sensitivity.PROTECTED
    assert _seers(network, case) == {"caseworker"}


def test_case_of_a_person_the_user_cannot_open_is_hidden(network: Network) -> None:
    """Even a named member of a restricted case loses it when the person becomes protected."""
    case = open_case(network, "coordinator")
    person = case.person
    assert person is not None
    person.is_protected = True
    person.save()
    person.protected_staff.add(network.users["caseworker"])
    assert _seers(network, case) == {"caseworker"}


def test_household_case_hidden_when_a_member_is_protected_for_the_user(network: Network) -> None:
    household = Household.objects.create(organisation=network.cai, name="Diallo")
    HouseholdMember.objects.create(household=household, person=register(network), relationship="head")
    case = case_open(actor=network.users["caseworker"], organisation=network.cai, household=household)
    assert _seers(network, case) == {"caseworker", "coordinator"}
    hidden = register(network, "coordinator", is_protected=True)
    HouseholdMember.objects.create(household=household, person=hidden, relationship="child")
    assert _seers(network, case) == {"coordinator"}

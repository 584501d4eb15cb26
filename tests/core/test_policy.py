"""The access policy table and how permissions reach an organisation's sections."""

from __future__ import annotations

import pytest

from acollida.core import policy
from acollida.core.models import Organisation, OrganisationKind, Role
from acollida.core.policy import Perm
from tests.conftest import Network, make_user

BASE = {Perm.USE_APP, Perm.VIEW_NETWORK}

# What each role may do, as documented to organisation admins (policy.PERM_DESCRIPTIONS).
EXPECTED_PERMISSIONS: dict[str, set[Perm]] = {
    Role.CASEWORKER: BASE | {Perm.USE_API, Perm.VIEW_PERSONS, Perm.EDIT_PERSONS, Perm.MANAGE_HOUSING},
    Role.COORDINATOR: BASE
    | {
        Perm.USE_API,
        Perm.VIEW_PERSONS,
        Perm.EDIT_PERSONS,
        Perm.COORDINATE,
        Perm.VIEW_AGGREGATES,
        Perm.MANAGE_DIRECTORY,
        Perm.MANAGE_HOUSING,
    },
    Role.ORG_ADMIN: BASE | {Perm.USE_API, Perm.MANAGE_STAFF, Perm.MANAGE_DIRECTORY},
    Role.DPO: BASE | {Perm.USE_API, Perm.VIEW_AUDIT, Perm.VIEW_AGGREGATES},
    Role.COUNCIL_SECRETARY: BASE | {Perm.MANAGE_COUNCIL},
    Role.RESEARCHER: BASE | {Perm.USE_API, Perm.VIEW_AGGREGATES},
    Role.VOLUNTEER: BASE,
    Role.INTERPRETER: BASE | {Perm.INTERPRET},
    Role.PLATFORM_ADMIN: BASE | {Perm.USE_API, Perm.MANAGE_STAFF, Perm.MANAGE_ORGANISATIONS, Perm.ADMIN_SITE},
}


def test_every_role_has_a_row_in_the_policy_table() -> None:
    assert set(policy.ROLE_PERMISSIONS) == set(Role.values)
    assert set(EXPECTED_PERMISSIONS) == set(Role.values)


@pytest.mark.parametrize("role", list(Role))
def test_role_maps_to_its_documented_permissions(role: Role) -> None:
    assert set(policy.ROLE_PERMISSIONS[role]) == EXPECTED_PERMISSIONS[role]


def test_every_permission_is_described() -> None:
    assert set(policy.PERM_DESCRIPTIONS) == set(Perm)


def test_only_people_roles_may_read_persons() -> None:
    readers = {role for role, perms in policy.ROLE_PERMISSIONS.items() if Perm.VIEW_PERSONS in perms}
    assert readers == {Role.CASEWORKER, Role.COORDINATOR}


def test_platform_admin_cannot_read_persons(network: Network) -> None:
    admin = network.users["platform_admin"]
    assert Perm.VIEW_PERSONS not in policy.permissions_of(admin)
    assert policy.organisation_ids_with(admin, Perm.VIEW_PERSONS) == set()


def test_platform_admin_manages_staff_everywhere(network: Network) -> None:
    admin = network.users["platform_admin"]
    assert policy.organisation_ids_with(admin, Perm.MANAGE_STAFF) == set(
        Organisation.objects.values_list("id", flat=True)
    )


def test_org_admin_of_parent_manages_its_sections(network: Network) -> None:
    assert policy.can(network.users["org_admin"], Perm.MANAGE_STAFF, network.cai)


def test_org_admin_of_parent_manages_sections_of_sections(network: Network) -> None:
    desk = Organisation.objects.create(
        name="CAI desk", slug="cai-desk", kind=OrganisationKind.MUNICIPAL, parent=network.cai
    )
    assert policy.can(network.users["org_admin"], Perm.MANAGE_STAFF, desk)


def test_org_admin_of_section_manages_neither_parent_nor_sibling(network: Network) -> None:
    housing = Organisation.objects.create(
        name="Housing", slug="housing", kind=OrganisationKind.MUNICIPAL, parent=network.city
    )
    section_admin = make_user("section_admin", (network.cai, Role.ORG_ADMIN))
    assert policy.can(section_admin, Perm.MANAGE_STAFF, network.cai)
    assert not policy.can(section_admin, Perm.MANAGE_STAFF, housing)
    assert not policy.can(section_admin, Perm.MANAGE_STAFF, network.city)


def test_org_admin_does_not_manage_other_organisations(network: Network) -> None:
    admin = network.users["org_admin"]
    assert not policy.can(admin, Perm.MANAGE_STAFF, network.cear)
    assert not policy.can(admin, Perm.MANAGE_STAFF, network.accem)


def test_dpo_of_parent_audits_its_sections_only(network: Network) -> None:
    assert policy.audited_organisation_ids(network.users["dpo"]) == {network.city.pk, network.cai.pk}


def test_people_permissions_do_not_reach_sections(network: Network) -> None:
    city_caseworker = make_user("city_caseworker", (network.city, Role.CASEWORKER))
    assert policy.organisation_ids_with(city_caseworker, Perm.VIEW_PERSONS) == {network.city.pk}


def test_inactive_membership_grants_nothing(network: Network) -> None:
    admin = network.users["org_admin"]
    admin.memberships.update(is_active=False)
    policy.forget(admin)
    assert policy.permissions_of(admin) == frozenset()


def test_outsider_holds_no_permission(network: Network) -> None:
    assert policy.permissions_of(network.users["outsider"]) == frozenset()


def test_token_scope_narrows_memberships(network: Network) -> None:
    both = make_user("both", (network.cear, Role.ORG_ADMIN), (network.accem, Role.ORG_ADMIN))
    both.token_organisation_ids = {network.cear.pk}  # type: ignore[attr-defined]
    assert policy.organisation_ids_with(both, Perm.MANAGE_STAFF) == {network.cear.pk}

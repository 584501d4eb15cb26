"""Organisation admins manage their own staff; the Django admin is for platform admins only."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.core import services
from acollida.core.models import Membership, Organisation, Role, User
from tests.conftest import Network, login, make_user

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

NEW_PASSWORD = "the tram to the beach is slow on sundays"


def url(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def messages_of(response: Response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def invite(client: Client, network: Network, **overrides: object) -> Response:
    data: dict[str, object] = {
        "username": "newbie",
        "email": "newbie@example.org",
        "first_name": "Amina",
        "last_name": "Haddad",
        "organisation": network.cai.pk,
        "role": Role.CASEWORKER,
        **overrides,
    }
    return client.post(url("core:staff_invite"), data)


def membership(user: User, organisation: Organisation) -> Membership:
    return Membership.objects.get(user=user, organisation=organisation)


# --- Inviting -----------------------------------------------------------------------------------


def test_org_admin_invites_a_new_member_into_a_section(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    response = invite(client, network)
    assert response.status_code == 200
    newbie = User.objects.get(username="newbie")
    assert not newbie.has_usable_password()
    assert membership(newbie, network.cai).role == Role.CASEWORKER
    assert response.context["link"].startswith("http://testserver/")


def test_invitation_link_sets_the_password_once_then_the_member_signs_in(
    network: Network, client: Client
) -> None:
    login(client, network.users["org_admin"])
    link = invite(client, network).context["link"]
    newcomer = Client()

    assert newcomer.get(link).status_code == 200
    chosen = newcomer.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert chosen.status_code == 302
    assert chosen["Location"] == url("core:login")

    reused = newcomer.post(link, {"new_password1": "x" + NEW_PASSWORD, "new_password2": "x" + NEW_PASSWORD})
    assert reused.status_code == 400
    assert newcomer.get(link).status_code == 400

    signed_in = newcomer.post(url("core:login"), {"username": "newbie", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    assert newcomer.session["_auth_user_id"] == str(User.objects.get(username="newbie").pk)


def test_invitation_link_rejects_a_weak_password(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    link = invite(client, network).context["link"]
    response = Client().post(link, {"new_password1": "short1", "new_password2": "short1"})
    assert response.status_code == 200
    assert not User.objects.get(username="newbie").has_usable_password()


def test_invitation_link_with_a_forged_token_is_refused(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    link = invite(client, network).context["link"]
    forged = link.rstrip("/").rsplit("/", 1)[0] + "/cx8r4k-0123456789abcdef0123456789abcdef/"
    assert Client().get(forged).status_code == 400


def test_inviting_an_existing_user_adds_the_role_without_a_link(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    response = invite(client, network, username="caseworker", role=Role.COORDINATOR)
    assert response.context["link"] is None
    assert Membership.objects.filter(
        user=network.users["caseworker"], organisation=network.cai, role=Role.COORDINATOR
    ).exists()


def test_admin_cannot_pull_another_organisations_member_in_by_username(
    network: Network, client: Client
) -> None:
    login(client, network.users["ngo_admin"])
    response = invite(client, network, username="caseworker", organisation=network.accem.pk)
    assert response.context["form"].errors["username"] == ["This username is taken. Choose another one."]
    assert not Membership.objects.filter(
        user=network.users["caseworker"], organisation=network.accem
    ).exists()
    assert client.get(url("core:staff_detail", network.users["caseworker"].pk)).status_code == 404


def test_invite_does_not_reveal_that_another_organisations_account_is_deactivated(
    network: Network, client: Client
) -> None:
    User.objects.filter(pk=network.users["ngo_caseworker"].pk).update(is_active=False)
    login(client, network.users["ngo_admin"])
    response = invite(client, network, username="ngo_caseworker", organisation=network.accem.pk)
    assert response.context["form"].errors["username"] == ["This username is taken. Choose another one."]


def test_invite_form_offers_only_managed_organisations(network: Network, client: Client) -> None:
    login(client, network.users["ngo_admin"])
    response = invite(client, network)
    assert "organisation" in response.context["form"].errors
    assert not User.objects.filter(username="newbie").exists()


def test_caseworker_cannot_open_the_invite_page(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    assert client.get(url("core:staff_invite")).status_code == 403


# --- Roles and memberships ----------------------------------------------------------------------


def test_org_admin_changes_a_role(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    target = membership(network.users["caseworker"], network.cai)
    client.post(url("core:membership_update", target.pk), {"action": "role", "role": Role.COORDINATOR})
    target.refresh_from_db()
    assert target.role == Role.COORDINATOR


def test_org_admin_removes_a_membership(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    target = membership(network.users["caseworker"], network.cai)
    client.post(url("core:membership_update", target.pk), {"action": "deactivate"})
    target.refresh_from_db()
    assert not target.is_active
    assert network.users["caseworker"].memberships.active().count() == 0


def test_org_admin_cannot_remove_own_membership(network: Network, client: Client) -> None:
    admin = network.users["org_admin"]
    login(client, admin)
    own = membership(admin, network.city)
    response = client.post(url("core:membership_update", own.pk), {"action": "deactivate"}, follow=True)
    own.refresh_from_db()
    assert own.is_active
    assert "You cannot remove your own membership." in messages_of(response)


def test_org_admin_cannot_grant_platform_admin_by_invitation(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    response = invite(client, network, role=Role.PLATFORM_ADMIN)
    assert response.context["form"].errors["role"] == [
        "Only a platform admin can grant the platform admin role."
    ]
    assert not User.objects.filter(username="newbie").exists()


def test_org_admin_cannot_grant_platform_admin_by_role_change(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    target = membership(network.users["caseworker"], network.cai)
    response = client.post(
        url("core:membership_update", target.pk), {"action": "role", "role": Role.PLATFORM_ADMIN}, follow=True
    )
    target.refresh_from_db()
    assert target.role == Role.CASEWORKER
    assert not User.objects.get(pk=network.users["caseworker"].pk).is_superuser
    assert "Only a platform admin can grant the platform admin role." in messages_of(response)


def test_org_admin_cannot_grant_platform_admin_by_restoring_a_membership(
    network: Network, client: Client
) -> None:
    former = make_user("former_admin", (network.city, Role.PLATFORM_ADMIN))
    dormant = membership(former, network.city)
    services.membership_set_active(actor=network.users["platform_admin"], membership=dormant, active=False)
    assert not User.objects.get(pk=former.pk).is_superuser
    login(client, network.users["org_admin"])

    client.post(url("core:membership_update", dormant.pk), {"action": "activate"})

    dormant.refresh_from_db()
    assert not dormant.is_active
    assert not User.objects.get(pk=former.pk).is_superuser


def test_org_admin_cannot_demote_a_platform_admin(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    target = membership(network.users["platform_admin"], network.city)
    response = client.post(
        url("core:membership_update", target.pk), {"action": "role", "role": Role.VOLUNTEER}, follow=True
    )
    target.refresh_from_db()
    assert target.role == Role.PLATFORM_ADMIN
    assert "Only a platform admin can change the platform admin role." in messages_of(response)


def test_org_admin_cannot_remove_a_platform_admin_membership(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    target = membership(network.users["platform_admin"], network.city)
    client.post(url("core:membership_update", target.pk), {"action": "deactivate"})
    target.refresh_from_db()
    assert target.is_active
    assert User.objects.get(pk=network.users["platform_admin"].pk).is_superuser


def test_org_admin_cannot_deactivate_a_platform_admin(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    target = network.users["platform_admin"]
    response = client.post(url("core:staff_set_active", target.pk), {"active": "0"})
    assert response.status_code == 403
    assert User.objects.get(pk=target.pk).is_active


def test_platform_admin_grants_the_platform_admin_role(network: Network, client: Client) -> None:
    login(client, network.users["platform_admin"])
    target = membership(network.users["caseworker"], network.cai)
    client.post(url("core:membership_update", target.pk), {"action": "role", "role": Role.PLATFORM_ADMIN})
    target.refresh_from_db()
    promoted = User.objects.get(pk=network.users["caseworker"].pk)
    assert target.role == Role.PLATFORM_ADMIN
    assert promoted.is_staff and promoted.is_superuser


# --- Account deactivation -----------------------------------------------------------------------


def test_deactivation_page_asks_for_confirmation_and_changes_nothing(
    network: Network, client: Client
) -> None:
    login(client, network.users["org_admin"])
    target = network.users["caseworker"]
    response = client.get(url("core:staff_set_active", target.pk))
    assert response.status_code == 200
    assert "core/staff_deactivate.html" in [t.name for t in response.templates]
    assert User.objects.get(pk=target.pk).is_active


def test_org_admin_deactivates_an_account_after_confirming(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    target = network.users["caseworker"]
    response = client.post(url("core:staff_set_active", target.pk), {"active": "0"})
    assert response.status_code == 302
    assert not User.objects.get(pk=target.pk).is_active


def test_org_admin_reactivates_an_account(network: Network, client: Client) -> None:
    admin = network.users["org_admin"]
    target = network.users["caseworker"]
    services.user_set_active(actor=admin, user=target, active=False)
    login(client, admin)
    client.post(url("core:staff_set_active", target.pk), {"active": "1"})
    assert User.objects.get(pk=target.pk).is_active


def test_admin_cannot_deactivate_themselves(network: Network, client: Client) -> None:
    admin = network.users["org_admin"]
    login(client, admin)
    response = client.post(url("core:staff_set_active", admin.pk), {"active": "0"}, follow=True)
    assert User.objects.get(pk=admin.pk).is_active
    assert "You cannot deactivate your own account." in messages_of(response)


def test_admin_cannot_deactivate_someone_who_also_works_for_an_organisation_they_do_not_manage(
    network: Network, client: Client
) -> None:
    shared = make_user("shared", (network.accem, Role.CASEWORKER), (network.cear, Role.CASEWORKER))
    login(client, network.users["ngo_admin"])
    response = client.post(url("core:staff_set_active", shared.pk), {"active": "0"})
    assert response.status_code == 403
    assert User.objects.get(pk=shared.pk).is_active


def test_staff_detail_shows_only_memberships_the_admin_manages(network: Network, client: Client) -> None:
    shared = make_user("shared", (network.accem, Role.CASEWORKER), (network.cear, Role.CASEWORKER))
    login(client, network.users["ngo_admin"])
    response = client.get(url("core:staff_detail", shared.pk))
    shown = {m.organisation_id for m in response.context["memberships"]}
    assert shown == {network.accem.pk}


# --- Organisation boundaries --------------------------------------------------------------------


def test_admin_of_one_ngo_does_not_list_staff_of_another(network: Network, client: Client) -> None:
    login(client, network.users["ngo_admin"])
    response = client.get(url("core:staff_list") + "?status=all")
    listed = {m.user.username for m in response.context["page"].object_list}
    assert "ngo_admin" in listed
    assert "ngo_caseworker" not in listed
    assert "caseworker" not in listed


@pytest.mark.parametrize("view", ["core:staff_detail", "core:staff_set_active"])
def test_admin_of_one_ngo_gets_404_for_staff_of_another_page(
    network: Network, client: Client, view: str
) -> None:
    login(client, network.users["ngo_admin"])
    assert client.get(url(view, network.users["ngo_caseworker"].pk)).status_code == 404


def test_admin_of_one_ngo_cannot_deactivate_staff_of_another(network: Network, client: Client) -> None:
    login(client, network.users["ngo_admin"])
    target = network.users["ngo_caseworker"]
    response = client.post(url("core:staff_set_active", target.pk), {"active": "0"})
    assert response.status_code == 404
    assert User.objects.get(pk=target.pk).is_active


@pytest.mark.parametrize(
    "data", [{"action": "role", "role": Role.VOLUNTEER}, {"action": "deactivate"}], ids=["role", "remove"]
)
def test_admin_of_one_ngo_cannot_change_memberships_of_another(
    network: Network, client: Client, data: dict[str, str]
) -> None:
    login(client, network.users["ngo_admin"])
    target = membership(network.users["ngo_caseworker"], network.cear)
    response = client.post(url("core:membership_update", target.pk), data)
    assert response.status_code == 404
    target.refresh_from_db()
    assert (target.role, target.is_active) == (Role.CASEWORKER, True)


def test_section_admin_cannot_manage_the_parent_organisation(network: Network, client: Client) -> None:
    section_admin = make_user("section_admin", (network.cai, Role.ORG_ADMIN))
    login(client, section_admin)
    assert client.get(url("core:staff_detail", network.users["dpo"].pk)).status_code == 404


# --- The Django admin ---------------------------------------------------------------------------


def admin_outcome(client: Client, path: str = "/admin/") -> tuple[int, str]:
    """Where a visit to the Django admin ends up after its redirects."""
    response = client.get(path, follow=True)
    return response.status_code, response.request["PATH_INFO"]


@pytest.mark.parametrize("persona", ["org_admin", "dpo", "caseworker", "ngo_admin"])
def test_django_admin_refuses_everyone_but_platform_admins(
    network: Network, client: Client, persona: str
) -> None:
    login(client, network.users[persona])
    assert admin_outcome(client) == (200, url("core:home").replace("/en/", "/ca/"))


def test_django_admin_refuses_a_stale_superuser_flag(network: Network, client: Client) -> None:
    caseworker = network.users["caseworker"]
    User.objects.filter(pk=caseworker.pk).update(is_staff=True, is_superuser=True)
    login(client, caseworker)
    home = url("core:home").replace("/en/", "/ca/")
    assert admin_outcome(client) == (200, home)
    assert admin_outcome(client, "/admin/core/user/") == (200, home)


def test_django_admin_refuses_anonymous(db: None, client: Client) -> None:
    assert admin_outcome(client) == (200, url("core:login").replace("/en/", "/ca/"))


def test_django_admin_opens_for_platform_admin_with_second_factor(network: Network, client: Client) -> None:
    login(client, network.users["platform_admin"])
    assert client.get("/admin/").status_code == 200


def test_django_admin_refuses_platform_admin_without_second_factor(network: Network, client: Client) -> None:
    client.force_login(network.users["platform_admin"])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/" in response["Location"]

"""The audit trail: writes recorded by django-auditlog, reads recorded in the append-only read log."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
import time_machine
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from acollida.core import services
from acollida.core.models import Membership, Office, Organisation, OrganisationKind, ReadLog, Role, User
from tests.conftest import Network, login, make_user

NEW_PASSWORD = "the tram to the beach is slow on sundays"


def url(name: str, *args: object) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def entries_for(instance: models.Model, action: int) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(instance).filter(action=action))


def invite_newbie(client: Client, network: Network) -> User:
    client.post(
        url("core:staff_invite"),
        {
            "username": "newbie",
            "email": "amina.haddad@cear-valencia.example",
            "first_name": "Amina",
            "last_name": "Haddad",
            "organisation": network.cai.pk,
            "role": Role.CASEWORKER,
        },
    )
    return User.objects.get(username="newbie")


def read_staff_page(reader: User, staff: User) -> None:
    client = login(Client(), reader)
    assert client.get(url("core:staff_detail", staff.pk)).status_code == 200


# --- Writes: django-auditlog --------------------------------------------------------------------


def test_inviting_records_the_new_user_and_membership_with_the_actor(
    network: Network, client: Client
) -> None:
    admin = network.users["org_admin"]
    login(client, admin)
    newbie = invite_newbie(client, network)
    user_created = entries_for(newbie, LogEntry.Action.CREATE)
    membership_created = entries_for(Membership.objects.get(user=newbie), LogEntry.Action.CREATE)
    assert [entry.actor for entry in user_created] == [admin]
    assert [entry.actor for entry in membership_created] == [admin]


def test_role_change_is_recorded_with_the_actor(network: Network, client: Client) -> None:
    admin = network.users["org_admin"]
    login(client, admin)
    target = Membership.objects.get(user=network.users["caseworker"])
    client.post(url("core:membership_update", target.pk), {"action": "role", "role": Role.COORDINATOR})
    [entry] = entries_for(target, LogEntry.Action.UPDATE)
    assert entry.actor == admin
    assert entry.changes_dict["role"] == [Role.CASEWORKER, Role.COORDINATOR]


def test_membership_deletion_is_recorded_with_the_actor(network: Network) -> None:
    admin = network.users["platform_admin"]
    target = Membership.objects.get(user=network.users["volunteer"])
    target_pk = target.pk
    with set_actor(admin):
        target.delete()
    entry = LogEntry.objects.get(
        content_type__model="membership", object_pk=str(target_pk), action=LogEntry.Action.DELETE
    )
    assert entry.actor == admin


def test_account_deactivation_is_recorded_with_the_actor(network: Network, client: Client) -> None:
    admin = network.users["org_admin"]
    login(client, admin)
    target = network.users["caseworker"]
    client.post(url("core:staff_set_active", target.pk), {"active": "0"})
    [entry] = entries_for(target, LogEntry.Action.UPDATE)
    assert entry.actor == admin
    assert entry.changes_dict["is_active"] == ["True", "False"]


def test_user_deletion_is_recorded_with_the_actor(network: Network) -> None:
    admin = network.users["platform_admin"]
    target = network.users["outsider"]
    target_pk = target.pk
    with set_actor(admin):
        target.delete()
    entry = LogEntry.objects.get(
        content_type__model="user", object_pk=str(target_pk), action=LogEntry.Action.DELETE
    )
    assert entry.actor == admin


def test_organisation_and_office_created_in_the_admin_are_recorded_with_the_actor(
    network: Network, client: Client
) -> None:
    admin = network.users["platform_admin"]
    login(client, admin)
    response = client.post(
        "/admin/core/organisation/add/",
        {
            "name": "Valencia Acull",
            "short_name": "",
            "slug": "valencia-acull",
            "kind": OrganisationKind.NGO,
            "parent": "",
            "description": "",
            "website": "",
            "email": "",
            "phone": "",
            "is_active": "on",
            "offices-TOTAL_FORMS": "1",
            "offices-INITIAL_FORMS": "0",
            "offices-MIN_NUM_FORMS": "0",
            "offices-MAX_NUM_FORMS": "1000",
            "offices-0-name": "Ruzafa office",
            "offices-0-street": "Carrer de Sueca 1",
            "offices-0-postcode": "46006",
            "offices-0-city": "València",
            "offices-0-district": "",
            "offices-0-phone": "",
            "offices-0-email": "",
            "offices-0-opening_hours": "",
            "offices-0-is_public": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation = Organisation.objects.get(slug="valencia-acull")
    office = Office.objects.get(organisation=organisation)
    assert [entry.actor for entry in entries_for(organisation, LogEntry.Action.CREATE)] == [admin]
    assert [entry.actor for entry in entries_for(office, LogEntry.Action.CREATE)] == [admin]


def _new_organisation() -> Organisation:
    return Organisation.objects.create(name="Xarxa", slug="xarxa", kind=OrganisationKind.NGO)


def _new_office() -> Office:
    return Office.objects.create(organisation=_new_organisation(), name="Benimaclet", street="Carrer 2")


@pytest.mark.parametrize("factory", [_new_organisation, _new_office], ids=["organisation", "office"])
def test_organisation_and_office_updates_and_deletions_are_recorded_with_the_actor(
    network: Network, factory: Callable[[], Organisation | Office]
) -> None:
    admin = network.users["platform_admin"]
    record = factory()
    record_pk = record.pk
    with set_actor(admin):
        record.name = "Renamed"
        record.save()
        record.delete()
    model = type(record)._meta.model_name
    logged = LogEntry.objects.filter(content_type__model=model, object_pk=str(record_pk))
    assert logged.get(action=LogEntry.Action.UPDATE).actor == admin
    assert logged.get(action=LogEntry.Action.UPDATE).changes_dict["name"][1] == "Renamed"
    assert logged.get(action=LogEntry.Action.DELETE).actor == admin


def test_user_email_and_names_are_masked_in_the_change_log(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    newbie = invite_newbie(client, network)
    [entry] = entries_for(newbie, LogEntry.Action.CREATE)
    changes = entry.changes_dict
    logged = json.dumps(changes)
    assert {"email", "first_name", "last_name"} <= set(changes)
    for secret in ["amina", "haddad", "cear-valencia", "example", "ina", "dad"]:
        assert secret not in logged.lower()


def test_password_hash_is_masked_in_the_change_log(network: Network, client: Client) -> None:
    login(client, network.users["org_admin"])
    link = client.post(
        url("core:staff_invite"),
        {
            "username": "newbie",
            "email": "newbie@example.org",
            "organisation": network.cai.pk,
            "role": Role.CASEWORKER,
        },
    ).context["link"]
    Client().post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    newbie = User.objects.get(username="newbie")
    password_changes = [
        entry.changes_dict["password"]
        for entry in LogEntry.objects.get_for_object(newbie)
        if "password" in entry.changes_dict
    ]
    assert password_changes
    salt_and_hash = newbie.password.split("$")[-2:]
    for old, new in password_changes:
        for part in [*salt_and_hash, newbie.password[-8:]]:
            assert part not in old and part not in new


def test_last_login_is_not_recorded(network: Network) -> None:
    client = Client()
    client.post(url("core:login"), {"username": "caseworker", "password": "correct horse battery staple"})
    assert client.session.get("_auth_user_id")
    entries = LogEntry.objects.get_for_object(network.users["caseworker"])
    assert not any("last_login" in entry.changes_dict for entry in entries)


# --- Reads: the read log ------------------------------------------------------------------------


def test_opening_a_staff_page_logs_the_read(network: Network, client: Client) -> None:
    admin = network.users["org_admin"]
    caseworker = network.users["caseworker"]
    login(client, admin)
    client.get(url("core:staff_detail", caseworker.pk))
    [row] = ReadLog.objects.all()
    assert row.user == admin
    assert row.organisation == network.city
    assert (row.record_type, row.record_id) == ("staff", str(caseworker.pk))
    assert row.record_organisation == network.cai
    assert row.channel == ReadLog.Channel.PAGE
    assert row.purpose == "staff administration"
    assert row.path == url("core:staff_detail", caseworker.pk)


def test_staff_list_page_logs_a_read_of_each_member_shown(network: Network, client: Client) -> None:
    login(client, network.users["ngo_admin"])
    accem_worker = make_user("accem_worker", (network.accem, Role.CASEWORKER))
    response = client.get(url("core:staff_list"))
    shown = sorted(str(m.user_id) for m in response.context["page"].object_list)
    assert shown == sorted([str(network.users["ngo_admin"].pk), str(accem_worker.pk)])
    assert sorted(ReadLog.objects.values_list("record_id", flat=True)) == shown
    assert set(ReadLog.objects.values_list("organisation_id", flat=True)) == {network.accem.pk}


def test_refused_staff_page_logs_nothing(network: Network, client: Client) -> None:
    login(client, network.users["ngo_admin"])
    assert client.get(url("core:staff_detail", network.users["caseworker"].pk)).status_code == 404
    assert not ReadLog.objects.exists()


def test_api_staff_read_is_logged_with_its_purpose(network: Network) -> None:
    admin = network.users["ngo_admin"]
    colleague = make_user("accem_worker", (network.accem, Role.CASEWORKER))
    _token, raw = services.token_create(user=admin, name="x", days=30, organisation_ids=[network.accem.pk])
    response = Client().get(
        f"/api/v1/staff/{colleague.pk}",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
        HTTP_X_PURPOSE="annual staff review",
    )
    assert response.status_code == 200
    [row] = ReadLog.objects.all()
    assert row.user == admin
    assert row.organisation == network.accem
    assert (row.record_type, row.record_id) == ("staff", str(colleague.pk))
    assert row.record_organisation == network.accem
    assert row.channel == ReadLog.Channel.API
    assert row.purpose == "annual staff review"


def test_api_staff_list_logs_one_read_per_member_listed(network: Network) -> None:
    admin = network.users["ngo_admin"]
    make_user("accem_worker", (network.accem, Role.CASEWORKER))
    _token, raw = services.token_create(user=admin, name="x", days=30, organisation_ids=[network.accem.pk])
    items = Client().get("/api/v1/staff", HTTP_AUTHORIZATION=f"Bearer {raw}").json()["items"]
    logged = sorted(ReadLog.objects.values_list("record_id", flat=True))
    assert logged == sorted(str(item["user_id"]) for item in items)
    assert len(logged) == 2


def _a_read(network: Network) -> ReadLog:
    return ReadLog.objects.create(
        user=network.users["org_admin"],
        organisation=network.city,
        record_type="staff",
        record_id="1",
        channel=ReadLog.Channel.PAGE,
        purpose="staff administration",
        path="/",
    )


def _save_again(row: ReadLog) -> None:
    row.purpose = "nothing to see"
    row.save()


def _bulk_update(row: ReadLog) -> None:
    row.purpose = "nothing to see"
    ReadLog.objects.bulk_update([row], ["purpose"])


APPEND_ONLY_VIOLATIONS: dict[str, Callable[[ReadLog], Any]] = {
    "instance_save": _save_again,
    "instance_delete": lambda row: row.delete(),
    "queryset_update": lambda row: ReadLog.objects.filter(pk=row.pk).update(purpose="nothing to see"),
    "queryset_delete": lambda row: ReadLog.objects.filter(pk=row.pk).delete(),
    "all_delete": lambda row: ReadLog.objects.all().delete(),
    "bulk_update": _bulk_update,
    "update_or_create": lambda row: ReadLog.objects.update_or_create(pk=row.pk, defaults={"purpose": "x"}),
}


@pytest.mark.parametrize("violation", APPEND_ONLY_VIOLATIONS)
def test_read_log_rows_cannot_be_changed_or_deleted(network: Network, violation: str) -> None:
    row = _a_read(network)
    with pytest.raises(PermissionDenied), transaction.atomic():
        APPEND_ONLY_VIOLATIONS[violation](row)
    assert ReadLog.objects.get(pk=row.pk).purpose == "staff administration"


def test_reader_with_read_log_rows_cannot_be_deleted(network: Network) -> None:
    row = _a_read(network)
    with pytest.raises(ProtectedError), transaction.atomic():
        network.users["org_admin"].delete()
    assert ReadLog.objects.filter(pk=row.pk).exists()


def test_organisation_named_in_the_read_log_cannot_be_deleted(network: Network) -> None:
    row = ReadLog.objects.create(
        user=network.users["ngo_admin"],
        organisation=network.accem,
        record_type="staff",
        record_id="1",
        channel=ReadLog.Channel.PAGE,
        purpose="staff administration",
        path="/",
    )
    with pytest.raises(ProtectedError), transaction.atomic():
        network.accem.delete()
    assert ReadLog.objects.filter(pk=row.pk).exists()


# --- The data-protection officer's pages --------------------------------------------------------


@pytest.fixture
def reads(network: Network) -> dict[str, User]:
    """Reads by the city's admins about city staff, and by Accem's admin about Accem's staff."""
    accem_worker = make_user("accem_worker", (network.accem, Role.CASEWORKER))
    read_staff_page(network.users["org_admin"], network.users["caseworker"])
    read_staff_page(network.users["org_admin"], network.users["coordinator"])
    read_staff_page(network.users["platform_admin"], network.users["caseworker"])
    read_staff_page(network.users["ngo_admin"], accem_worker)
    return {"accem_worker": accem_worker}


def dpo_rows(client: Client, name: str, query: str = "") -> list[Any]:
    response = client.get(url(name) + query)
    assert response.status_code == 200
    return list(response.context["page"].object_list)


def test_dpo_sees_reads_by_and_about_their_organisations(
    network: Network, client: Client, reads: dict[str, User]
) -> None:
    login(client, network.users["dpo"])
    page = client.get(url("core:audit_reads")).content.decode()
    assert url("core:audit_record", "staff", network.users["coordinator"].pk) in page
    rows = dpo_rows(client, "core:audit_reads")
    assert sorted((row.user.username, row.record_id) for row in rows) == sorted(
        [
            ("org_admin", str(network.users["caseworker"].pk)),
            ("org_admin", str(network.users["coordinator"].pk)),
            ("platform_admin", str(network.users["caseworker"].pk)),
        ]
    )


def test_city_dpo_does_not_see_reads_by_and_about_another_ngo(
    network: Network, client: Client, reads: dict[str, User]
) -> None:
    login(client, network.users["dpo"])
    response = client.get(url("core:audit_reads"))
    assert "ngo_admin" not in {row.user.username for row in response.context["page"].object_list}
    assert "ngo_admin" not in response.content.decode()
    record = url("core:audit_record", "staff", reads["accem_worker"].pk)
    assert list(client.get(record).context["reads"].object_list) == []


def test_read_log_filters_by_user(network: Network, client: Client, reads: dict[str, User]) -> None:
    login(client, network.users["dpo"])
    rows = dpo_rows(client, "core:audit_reads", "?user=platform_admin")
    assert [row.user.username for row in rows] == ["platform_admin"]


def test_read_log_filters_by_record_type(network: Network, client: Client, reads: dict[str, User]) -> None:
    ReadLog.objects.create(
        user=network.users["coordinator"],
        organisation=network.cai,
        record_type="person",
        record_id="77",
        record_organisation=network.cai,
        channel=ReadLog.Channel.PAGE,
        purpose="case work",
        path="/",
    )
    login(client, network.users["dpo"])
    assert [row.record_id for row in dpo_rows(client, "core:audit_reads", "?record_type=person")] == ["77"]
    assert len(dpo_rows(client, "core:audit_reads", "?record_type=staff")) == 3


def test_read_log_filters_by_record(network: Network, client: Client, reads: dict[str, User]) -> None:
    login(client, network.users["dpo"])
    coordinator = str(network.users["coordinator"].pk)
    rows = dpo_rows(client, "core:audit_reads", f"?record_id={coordinator}")
    assert [(row.user.username, row.record_id) for row in rows] == [("org_admin", coordinator)]


def test_read_log_filters_by_dates(network: Network, client: Client) -> None:
    for day in (3, 10, 20):
        with time_machine.travel(datetime(2026, 3, day, 11, 0, tzinfo=UTC)):
            read_staff_page(network.users["org_admin"], network.users["caseworker"])
    login(client, network.users["dpo"])
    rows = dpo_rows(client, "core:audit_reads", "?date_from=2026-03-04&date_to=2026-03-10")
    assert [row.at.date() for row in rows] == [date(2026, 3, 10)]
    assert len(dpo_rows(client, "core:audit_reads", "?date_to=2026-03-10")) == 2
    assert len(dpo_rows(client, "core:audit_reads", "?date_from=2026-03-10")) == 2


def test_change_log_shows_city_changes_and_hides_changes_by_and_to_another_ngo(
    network: Network, client: Client
) -> None:
    admin, ngo_admin = network.users["org_admin"], network.users["ngo_admin"]
    city_membership = Membership.objects.get(user=network.users["caseworker"])
    accem_worker = make_user("accem_worker", (network.accem, Role.CASEWORKER))
    accem_membership = Membership.objects.get(user=accem_worker)
    with set_actor(admin):
        services.membership_set_role(actor=admin, membership=city_membership, role=Role.COORDINATOR)
    with set_actor(ngo_admin):
        services.membership_set_role(actor=ngo_admin, membership=accem_membership, role=Role.COORDINATOR)
    login(client, network.users["dpo"])
    rows = dpo_rows(client, "core:audit_changes")
    changed = {(row.content_type.model, row.object_pk) for row in rows}
    assert ("membership", str(city_membership.pk)) in changed
    assert ("membership", str(accem_membership.pk)) not in changed
    assert "ngo_admin" not in {row.actor.username for row in rows if row.actor}


def test_change_log_filters_by_user(network: Network, client: Client) -> None:
    with set_actor(network.users["org_admin"]):
        services.user_set_active(
            actor=network.users["org_admin"], user=network.users["caseworker"], active=False
        )
    with set_actor(network.users["platform_admin"]):
        services.user_set_active(
            actor=network.users["platform_admin"], user=network.users["coordinator"], active=False
        )
    login(client, network.users["dpo"])
    rows = dpo_rows(client, "core:audit_changes", "?user=org_admin")
    assert rows
    assert {row.actor.username for row in rows} == {"org_admin"}
    assert {row.object_pk for row in rows} == {str(network.users["caseworker"].pk)}


def test_change_log_filters_by_record_type_and_record(network: Network, client: Client) -> None:
    caseworker = network.users["caseworker"]
    with set_actor(network.users["org_admin"]):
        services.user_set_active(actor=network.users["org_admin"], user=caseworker, active=False)
        services.membership_set_role(
            actor=network.users["org_admin"],
            membership=Membership.objects.get(user=network.users["coordinator"]),
            role=Role.CASEWORKER,
        )
    login(client, network.users["dpo"])
    users = dpo_rows(client, "core:audit_changes", f"?record_type=user&record_id={caseworker.pk}")
    assert [(row.get_action_display(), row.content_type.model, row.object_pk) for row in users] == [
        ("update", "user", str(caseworker.pk)),
        ("create", "user", str(caseworker.pk)),
    ]
    memberships = dpo_rows(client, "core:audit_changes", "?record_type=membership")
    assert {row.content_type.model for row in memberships} == {"membership"}


def test_change_log_filters_by_dates(network: Network, client: Client) -> None:
    admin = network.users["org_admin"]
    for day, target in ((3, "caseworker"), (10, "coordinator")):
        with time_machine.travel(datetime(2026, 3, day, 11, 0, tzinfo=UTC)), set_actor(admin):
            services.user_set_active(actor=admin, user=network.users[target], active=False)
    login(client, network.users["dpo"])
    rows = dpo_rows(client, "core:audit_changes", "?date_from=2026-03-05&date_to=2026-03-31")
    assert {row.object_pk for row in rows} == {str(network.users["coordinator"].pk)}


def test_record_page_shows_who_viewed_and_who_changed_a_member_of_staff(
    network: Network, client: Client, reads: dict[str, User]
) -> None:
    caseworker = network.users["caseworker"]
    with set_actor(network.users["org_admin"]):
        services.user_set_active(actor=network.users["org_admin"], user=caseworker, active=False)
    login(client, network.users["dpo"])
    response = client.get(url("core:audit_record", "staff", caseworker.pk))
    assert response.status_code == 200
    readers = sorted(row.user.username for row in response.context["reads"].object_list)
    assert readers == ["org_admin", "platform_admin"]
    changes = [(entry.action, entry.actor, entry.object_pk) for entry in response.context["changes"]]
    assert changes == [
        (LogEntry.Action.UPDATE, network.users["org_admin"], str(caseworker.pk)),
        (LogEntry.Action.CREATE, None, str(caseworker.pk)),
    ]


@pytest.mark.parametrize("name", ["core:audit_reads", "core:audit_changes"])
def test_audit_pages_are_refused_to_an_org_admin(network: Network, client: Client, name: str) -> None:
    login(client, network.users["org_admin"])
    assert client.get(url(name)).status_code == 403


def test_read_log_refuses_conflict_upserts_and_the_base_manager_back_door(network: Network) -> None:
    from django.core.exceptions import PermissionDenied as Denied

    from acollida.core.models import ReadLog as Log

    row = Log.objects.create(
        user=network.users["dpo"], record_type="staff", record_id="1", channel="page", purpose="p", path="/"
    )
    with pytest.raises(Denied):
        Log.objects.bulk_create([row], update_conflicts=True, unique_fields=["id"], update_fields=["purpose"])
    with pytest.raises(Denied):
        Log._base_manager.filter(pk=row.pk).update(purpose="rewritten")
    with pytest.raises(Denied):
        Log.objects.bulk_update([row], ["purpose"])

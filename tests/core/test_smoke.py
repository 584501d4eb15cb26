from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.conftest import Network, login


def test_healthz_reports_database_and_migrations(db: None, client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": True, "migrations": True}


def test_caseworker_home_shows_organisation_and_role(network: Network, client: Client) -> None:
    login(client, network.users["caseworker"])
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert "CAI" in response.content.decode()
    assert response["Cache-Control"].startswith("no-store")


def test_anonymous_is_sent_to_login(db: None, client: Client) -> None:
    response = client.get("/ca/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ca/accounts/login/")


def test_healthz_is_unavailable_while_a_migration_is_not_applied(db: None, client: Client) -> None:
    from django.db.migrations.recorder import MigrationRecorder

    from acollida.core.views import system

    system._migrations_applied_until = 0.0
    MigrationRecorder.Migration.objects.filter(app="people").order_by("-id").first().delete()  # type: ignore[union-attr]
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] is False
    system._migrations_applied_until = 0.0

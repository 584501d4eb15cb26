from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation

from acollida.directory.models import Service
from tests.conftest import Network
from tests.directory.factories import make_organization, make_service

pytestmark = pytest.mark.django_db


def verified(service: Service, days_ago: int) -> Service:
    Service.objects.filter(pk=service.pk).update(assured_date=timezone.localdate() - timedelta(days=days_ago))
    service.refresh_from_db()
    return service


def flag_stale(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("directory", "flag-stale", *args, stdout=out)
    return out.getvalue()


def test_keeper_of_the_organisation_gets_the_list_of_stale_services(network: Network) -> None:
    organization = make_organization(network.cai, name="CAI")
    verified(make_service(organization, name="Old service"), days_ago=400)
    verified(make_service(organization, name="Fresh service"), days_ago=3)

    flag_stale()

    assert [message.to for message in mail.outbox] == [["coordinator@example.org"]]
    assert "Old service" in mail.outbox[0].body
    assert "Fresh service" not in mail.outbox[0].body


def test_days_option_overrides_the_setting(network: Network) -> None:
    verified(make_service(make_organization(network.cai, name="CAI")), days_ago=40)
    assert flag_stale("--days", "30").startswith("Stale services: 1 listed in 1 e-mails")


@override_settings(ACOLLIDA_DIRECTORY_STALE_DAYS=60)
def test_setting_sets_the_default_period(network: Network) -> None:
    verified(make_service(make_organization(network.cai, name="CAI")), days_ago=40)
    flag_stale()
    assert mail.outbox == []


def test_never_verified_service_is_stale(network: Network) -> None:
    make_service(make_organization(network.accem, name="Accem"))
    flag_stale()
    assert [message.to for message in mail.outbox] == [["ngo_admin@example.org"]]


def test_defunct_services_are_not_reminded(network: Network) -> None:
    make_service(make_organization(network.accem, name="Accem"), status="defunct")
    flag_stale()
    assert mail.outbox == []


def test_reminder_is_written_in_the_keepers_language(network: Network) -> None:
    coordinator = network.users["coordinator"]
    coordinator.preferred_language = "es"
    coordinator.save()
    make_service(make_organization(network.cai, name="CAI"), name="Servei vell")
    flag_stale()
    assert "Servei vell" in mail.outbox[0].body
    assert mail.outbox[0].subject != ""

from __future__ import annotations

import time_machine
from django.test import Client
from django.urls import reverse

from acollida.agenda import services
from acollida.agenda.models import WalkInTicket
from acollida.core.models import Office
from tests.agenda.conftest import register
from tests.conftest import Network, login


def test_ticket_numbers_run_on_per_office(network: Network, cai_office: Office) -> None:
    issued = [
        services.ticket_issue(
            actor=network.users["caseworker"], office=cai_office, service_type="other"
        ).number
        for _ in range(3)
    ]
    assert issued == [1, 2, 3]


def test_ticket_numbers_start_again_each_day(network: Network, cai_office: Office) -> None:
    caseworker = network.users["caseworker"]
    with time_machine.travel("2026-03-02 10:00 +01:00"):
        services.ticket_issue(actor=caseworker, office=cai_office, service_type="other")
        services.ticket_issue(actor=caseworker, office=cai_office, service_type="other")
    with time_machine.travel("2026-03-03 10:00 +01:00"):
        assert services.ticket_issue(actor=caseworker, office=cai_office, service_type="other").number == 1


def test_each_office_has_its_own_numbers(network: Network, cai_office: Office) -> None:
    other = Office.objects.create(organisation=network.cai, name="CAI Orriols", street="Orriols 1")
    services.ticket_issue(actor=network.users["caseworker"], office=cai_office, service_type="other")
    assert (
        services.ticket_issue(actor=network.users["caseworker"], office=other, service_type="other").number
        == 1
    )


def test_call_next_calls_the_longest_waiting_ticket_to_the_desk(network: Network, cai_office: Office) -> None:
    caseworker = network.users["caseworker"]
    first = services.ticket_issue(actor=caseworker, office=cai_office, service_type="other")
    services.ticket_issue(actor=caseworker, office=cai_office, service_type="other")
    called = services.ticket_call_next(actor=caseworker, office=cai_office, desk="Desk 2")
    assert called is not None
    assert (called.pk, called.status, called.desk) == (first.pk, WalkInTicket.Status.CALLED, "Desk 2")


def test_call_next_with_nobody_waiting_calls_nobody(network: Network, cai_office: Office) -> None:
    assert services.ticket_call_next(actor=network.users["caseworker"], office=cai_office, desk="1") is None


def test_display_shows_numbers_and_desks_but_no_names(
    network: Network, cai_office: Office, client: Client
) -> None:
    caseworker = network.users["caseworker"]
    person = register(network, given="Zainab", family="Haddad")
    services.ticket_issue(actor=caseworker, office=cai_office, service_type="other", person=person)
    services.ticket_call_next(actor=caseworker, office=cai_office, desk="Desk 7")
    login(client, caseworker)
    response = client.get(reverse("agenda:display", args=[cai_office.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Desk 7" in body
    assert '<meta http-equiv="refresh" content="10">' in body
    assert "Zainab" not in body
    assert "Haddad" not in body

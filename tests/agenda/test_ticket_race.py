from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from acollida.agenda import services
from acollida.core.models import Office
from tests.conftest import build_network


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks across connections")
def test_desks_issuing_at_the_same_time_never_share_a_number() -> None:
    network = build_network()
    office = Office.objects.create(organisation=network.cai, name="CAI entry point", street="Azzati 6")
    numbers: list[int] = []
    lock = threading.Lock()

    def desk() -> None:
        try:
            for _ in range(5):
                ticket = services.ticket_issue(
                    actor=network.users["caseworker"], office=office, service_type="other"
                )
                with lock:
                    numbers.append(ticket.number)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=desk) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == list(range(1, 21))

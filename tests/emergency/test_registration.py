from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from acollida.emergency import services
from acollida.emergency.models import Arrival, ArrivalLink
from tests.conftest import Network, build_network
from tests.emergency.helpers import declare, register


def test_quick_registration_links_the_travel_group(network: Network) -> None:
    operation = declare(network)
    mother = register(network, operation, "W1", group_id="G7")
    child = register(network, operation, "W2", group_id="G7")
    assert ArrivalLink.objects.filter(from_arrival=child, to_arrival=mother).exists()


def test_duplicate_wristband_gets_a_clear_error(network: Network) -> None:
    operation = declare(network)
    register(network, operation, "W1")
    with pytest.raises(ValidationError) as caught:
        register(network, operation, "W1")
    assert "wristband" in caught.value.message_dict


def test_same_wristband_in_another_operation_is_allowed(network: Network) -> None:
    register(network, declare(network), "W1")
    register(network, declare(network, slug="convoy"), "W1")
    assert Arrival.objects.count() == 2


def test_staff_of_other_organisations_cannot_register(network: Network) -> None:
    operation = declare(network)
    with pytest.raises(PermissionDenied):
        services.arrival_register(
            actor=network.users["ngo_caseworker"],
            operation=operation,
            data=services.ArrivalData(wristband="W1"),
        )


def test_closed_operation_takes_no_registration(network: Network) -> None:
    operation = declare(network)
    services.operation_close(actor=network.users["coordinator"], operation=operation)
    with pytest.raises(PermissionDenied):
        register(network, operation, "W1")


def test_unaccompanied_minor_is_routed_to_child_protection_at_once(network: Network) -> None:
    operation = declare(network)
    minor = register(network, operation, "W9", unaccompanied_minor=True, age_estimate=15)
    minor.refresh_from_db()
    assert minor.child_protection_notified_at is not None
    assert network.users["coordinator"].email in mail.outbox[0].to
    assert "W9" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
def test_two_desks_saving_the_same_wristband_one_wins_the_other_gets_an_error() -> None:
    network = build_network()
    operation = declare(network)
    outcomes: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(2)

    def desk() -> None:
        try:
            barrier.wait()
            try:
                register(network, operation, "W1")
                outcome = "saved"
            except ValidationError as exc:
                outcome = "error" if "wristband" in exc.message_dict else "other"
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=desk) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["error", "saved"]
    assert Arrival.objects.filter(wristband="W1").count() == 1


def test_triage_records_who_and_when_and_clears_an_unticked_flag(network: Network) -> None:
    operation = declare(network)
    arrival = register(network, operation, "W1", trafficking_signs="yes")
    services.arrival_triage(
        actor=network.users["coordinator"], arrival=arrival, data=services.ArrivalData(wristband="W1")
    )
    arrival.refresh_from_db()
    assert arrival.triaged_by == network.users["coordinator"]
    assert arrival.status == Arrival.Status.TRIAGED
    assert not arrival.has_trafficking_signs

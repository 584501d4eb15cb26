"""Two coordinators reserving the last places at the same moment never overfill a unit."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from acollida.housing import services
from acollida.housing.models import Placement
from tests.conftest import build_network
from tests.housing.factories import case_for, shelter, unit_with_places, waiting


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks across connections")
def test_simultaneous_reservations_never_exceed_the_units_places() -> None:
    network = build_network()
    unit = unit_with_places(network, shelter(network), places=3)
    entries = [
        waiting(network, case=case_for(network, given=f"Person{i}"), size=2, beds_needed=2) for i in range(4)
    ]
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(entries))

    def coordinator(entry_index: int) -> None:
        try:
            start.wait()
            services.placement_reserve(
                actor=network.users["coordinator"], entry=entries[entry_index], unit=unit
            )
            result = "reserved"
        except ValidationError:
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=coordinator, args=(i,)) for i in range(len(entries))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "reserved"]
    assert unit.places.filter(status="reserved").count() == 2
    assert Placement.objects.count() == 1

"""The persona network and the demo directory built once per test module, for the HSDS tests
(loading the demo takes seconds); each test runs in a savepoint inside it and leaves it as it was.

Import ``hsds_demo_db``, ``network`` and ``demo`` into a test module to use them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from acollida.directory.demo import demo_services_load
from tests.conftest import Network, build_network


@pytest.fixture(scope="module")
def hsds_demo_db(django_db_setup: None, django_db_blocker: Any) -> Iterator[tuple[Network, int]]:
    with django_db_blocker.unblock(), transaction.atomic():
        network = build_network()
        yield network, demo_services_load()
        transaction.set_rollback(True)


@pytest.fixture
def network(hsds_demo_db: tuple[Network, int], db: None) -> Network:
    for user in hsds_demo_db[0].users.values():
        user.refresh_from_db()
    return hsds_demo_db[0]


@pytest.fixture
def demo(hsds_demo_db: tuple[Network, int], db: None) -> int:
    return hsds_demo_db[1]

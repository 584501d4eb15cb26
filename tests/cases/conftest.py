"""Case fixtures, built through the real services: persons registered, cases opened."""

from __future__ import annotations

from typing import Any

import pytest

from acollida.cases.models import Case
from acollida.cases.services import case_open
from acollida.people.models import Person
from acollida.people.services import PersonData, person_register
from tests.api.conftest import as_user  # noqa: F401  (the API fixture, acting by token or session)
from tests.conftest import Network


def register(network: Network, who: str = "caseworker", **fields: Any) -> Person:
    """A person held by the CAI (caseworker, coordinator) or by CEAR (ngo_caseworker)."""
    organisation = network.cai if who in {"caseworker", "coordinator"} else network.cear
    fields.setdefault("given_name", "Amina")
    fields.setdefault("family_name", "Diallo")
    return person_register(
        actor=network.users[who], organisation=organisation, data=PersonData(**fields), candidates_seen=0
    )


def open_case(network: Network, who: str = "caseworker", person: Person | None = None, **kwargs: Any) -> Case:
    person = person or register(network, who)
    return case_open(actor=network.users[who], organisation=person.organisation, person=person, **kwargs)


@pytest.fixture
def case(network: Network) -> Case:
    """A normal case of a CAI person, the CAI caseworker responsible."""
    return open_case(network)

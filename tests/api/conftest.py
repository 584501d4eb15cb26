"""Acting through the API as a persona, by personal token or by a signed-in (2FA-passed) session."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from acollida.core.services import token_create
from tests.conftest import Network, login


def bearer(network: Network, role: str) -> dict[str, str]:
    user = network.users[role]
    _token, raw = token_create(
        user=user, name="tests", days=7, organisation_ids=[m.organisation_id for m in user.memberships.all()]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture(params=["token", "session"])
def as_user(request: pytest.FixtureRequest, network: Network) -> Any:
    """``as_user(role)`` gives a client and headers acting as that persona, by token or by session."""

    def make(role: str) -> tuple[Client, dict[str, str]]:
        if request.param == "token":
            return Client(), bearer(network, role)
        return login(Client(), network.users[role]), {}

    return make

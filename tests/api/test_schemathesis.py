"""Generated requests against every API operation, in-process through the WSGI application.

The schema is fetched the way a member of staff gets it (a signed-in session that passed 2FA), then
schemathesis generates up to 30 requests per operation, sent with a personal token of a user who is
organisation admin, data-protection officer, caseworker and coordinator. No request may make the
server fail, and every answer must match what the schema promises.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    response_headers_conformance,
    response_schema_conformance,
)

from acollida.core.models import ApiToken, Membership, Office, ReadLog, Role
from acollida.core.services import token_create
from acollida.wsgi import application
from tests.conftest import Network, build_network, login


class Api:
    def __init__(self, network: Network, token: ApiToken, raw: str) -> None:
        self.network = network
        self.token = token
        self.headers = {"Authorization": f"Bearer {raw}"}


@pytest.fixture
def api_user(db: None) -> Api:
    network = build_network()
    user = network.users["org_admin"]
    Membership.objects.create(user=user, organisation=network.city, role=Role.DPO)
    Membership.objects.create(user=user, organisation=network.cai, role=Role.CASEWORKER)
    # Coordinator too, so that the duplicate review queue answers something other than 403.
    Membership.objects.create(user=user, organisation=network.cai, role=Role.COORDINATOR)
    # And the council's secretary, so that the council endpoints answer too.
    Membership.objects.create(user=user, organisation=network.city, role=Role.COUNCIL_SECRETARY)
    Office.objects.create(organisation=network.city, name="CAI Russafa", street="Carrer de Sueca 1")
    ReadLog.objects.create(
        user=user,
        organisation=network.city,
        record_type="staff",
        record_id=str(network.users["caseworker"].pk),
        record_organisation=network.cai,
        channel=ReadLog.Channel.PAGE,
        purpose="staff administration",
        path="/",
    )
    orgs = [network.city.pk, network.cai.pk]
    for _i in range(3):  # other tokens of the same user, so that "revoke" has something to hit
        token_create(user=user, name="spare", days=30, organisation_ids=orgs)
    token, raw = token_create(user=user, name="schemathesis", days=30, organisation_ids=orgs)
    return Api(network, token, raw)


def _operations() -> list[tuple[str, str]]:
    from acollida.api import api

    paths = api.get_openapi_schema(path_params={})["paths"]
    return sorted((method.upper(), path) for path, item in paths.items() for method in item)


@pytest.fixture
def api_schema(api_user: Api) -> Iterator[Any]:
    client = login(Client(), api_user.network.users["org_admin"])
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = schemathesis.openapi.from_dict(response.json())
    schema.app = application
    # Requests sent straight to the WSGI application would close the database connection at their
    # end, and with it the test's transaction; the test client avoids it the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schema
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


CHECKS = [
    schemathesis.checks.not_a_server_error,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    # Every operation needs credentials: the same request without them must be refused.
    ignored_auth,
]


def test_schema_lists_every_operation_tested(api_schema: Any) -> None:
    served = sorted(
        (result.ok().method.upper(), result.ok().path) for result in api_schema.get_all_operations()
    )
    assert served == _operations()


# Operations whose business rules (at least one name, a valid phone and dates, a reason when the
# forced search finds candidates) refuse most random bodies that the schema allows. Their successes
# are tested deterministically in tests/api/test_people_api.py; here they must refuse cleanly.
# Booking needs a person, slot or office the caller may open, which random ids almost never name
# (tested in tests/agenda/test_api.py). Opening a case needs a person or household the caller may
# open (tested in tests/cases/test_api.py).
# A reservation needs a waiting household and a free place the caller may use (tested in
# tests/housing/test_api.py).
RULE_CHECKED = {
    ("POST", "/api/v1/persons"),
    ("POST", "/api/v1/appointments"),
    ("POST", "/api/v1/cases"),
    ("POST", "/api/v1/housing/placements"),
}


@pytest.mark.parametrize(("method", "path"), _operations())
def test_api_never_fails_and_keeps_its_schema(api_schema: Any, api_user: Api, method: str, path: str) -> None:
    operation = api_schema[path][method]
    statuses: list[int] = []
    _run(operation.as_strategy(generation_mode=GenerationMode.POSITIVE), api_user, statuses)
    if (method, path) in RULE_CHECKED:
        assert all(status < 400 or status in {403, 404, 422} for status in statuses), statuses
    elif "{" not in path:
        # Valid requests must get through at least sometimes, or the test exercises nothing.
        # (Random ids in a path rarely name a record that exists.)
        assert any(status < 400 for status in statuses), statuses
    _run(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE), api_user, [])


def _run(strategy: Any, api_user: Api, statuses: list[int]) -> None:
    """Up to 15 requests per operation and generation mode."""

    @given(case=strategy)
    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
        derandomize=True,
    )
    def run(case: Any) -> None:
        # A generated "revoke" may hit the token in use: keep it usable for the next example.
        ApiToken.objects.filter(pk=api_user.token.pk).update(revoked_at=None)
        response = case.call(headers=api_user.headers)
        statuses.append(response.status_code)
        case.validate_response(response, checks=CHECKS, headers=api_user.headers)
        # Errors are not listed per operation (status codes other than 200 are left out of the
        # schema's responses); they share one shape instead.
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"}
            assert set(body["error"]) == {"code", "message", "fields"}

    run()

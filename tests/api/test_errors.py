"""Every API failure has one shape, ``{"error": {"code", "message", "fields"}}``, translated, no trace."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from ninja import NinjaAPI, Schema
from ninja.testing import TestClient

from acollida.api.errors import install_error_handlers
from acollida.core.models import ApiToken
from acollida.core.services import token_create
from tests.conftest import Network, login

TRACE_HINTS = ("Traceback", 'File "', "django/", "site-packages", "Exception Value")


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["fields"], dict)
    text = response.content.decode()
    assert not any(hint in text for hint in TRACE_HINTS), text
    return error


class NoteIn(Schema):
    text: str


def bearer(network: Network, role: str) -> dict[str, str]:
    user = network.users[role]
    _token, raw = token_create(
        user=user, name="tests", days=7, organisation_ids=[m.organisation_id for m in user.memberships.all()]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_unknown_url_under_the_api_is_a_json_404(network: Network, client: Client) -> None:
    assert_error(client.get("/api/v1/no-such-thing", **bearer(network, "caseworker")), 404, "not_found")


def test_unknown_url_is_a_json_404_for_anonymous_too(db: None, client: Client) -> None:
    assert_error(client.get("/api/v1/no-such-thing/"), 404, "not_found")


def test_the_api_root_is_a_json_404(db: None, client: Client) -> None:
    assert_error(client.get("/api/v1/"), 404, "not_found")


def test_no_credentials_is_401(db: None, client: Client) -> None:
    assert_error(client.get("/api/v1/me"), 401, "not_authenticated")


def test_a_wrong_token_is_401(db: None, client: Client) -> None:
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer acl_000000000000_nonsense")
    assert_error(response, 401, "not_authenticated")


def test_a_revoked_token_is_401(network: Network, client: Client) -> None:
    headers = bearer(network, "caseworker")
    ApiToken.objects.update(revoked_at="2020-01-01T00:00:00Z")
    assert_error(client.get("/api/v1/me", **headers), 401, "not_authenticated")


def test_a_session_without_the_second_factor_is_401(network: Network, client: Client) -> None:
    client.force_login(network.users["caseworker"])
    assert_error(client.get("/api/v1/me"), 401, "not_authenticated")


def test_wrong_method_is_405_with_allow_header(network: Network, client: Client) -> None:
    response = client.delete("/api/v1/me", **bearer(network, "caseworker"))
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_wrong_method_for_anonymous_is_also_shaped(db: None, client: Client) -> None:
    assert_error(client.put("/api/v1/organisations"), 405, "method_not_allowed")


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/v1/organisations", {"limit": "many"}, "limit"),
        ("/api/v1/organisations", {"offset": "-1"}, "offset"),
        ("/api/v1/organisations", {"kind": "spaceship"}, "kind"),
        ("/api/v1/staff", {"limit": "0"}, "limit"),
        ("/api/v1/staff", {"role": "king"}, "role"),
        ("/api/v1/audit/reads", {"date_from": "yesterday"}, "date_from"),
    ],
)
def test_bad_query_parameters_are_422_naming_the_field(
    network: Network, client: Client, path: str, params: dict[str, str], field: str
) -> None:
    user = network.users["platform_admin"]
    login(client, user)
    # The platform admin manages staff; the DPO role is added so that the read log answers too.
    from acollida.core.models import Membership, Role

    Membership.objects.create(user=user, organisation=network.city, role=Role.DPO)
    error = assert_error(client.get(path, params), 422, "validation_error")
    assert field in error["fields"], error
    assert all(isinstance(m, str) and m for m in error["fields"][field])


@pytest.mark.parametrize("path", ["/api/v1/organisations/abc", "/api/v1/staff/abc"])
def test_bad_path_parameter_is_422(network: Network, client: Client, path: str) -> None:
    error = assert_error(client.get(path, **bearer(network, "org_admin")), 422, "validation_error")
    assert error["fields"], error


def test_permission_failure_is_403(network: Network, client: Client) -> None:
    assert_error(client.get("/api/v1/staff", **bearer(network, "caseworker")), 403, "forbidden")


def test_a_record_out_of_reach_is_404(network: Network, client: Client) -> None:
    other = network.users["org_admin"].pk
    assert_error(client.get(f"/api/v1/staff/{other}", **bearer(network, "ngo_admin")), 404, "not_found")


def test_malformed_json_body_on_a_post_is_400_or_422(network: Network, client: Client) -> None:
    headers = bearer(network, "caseworker")
    token = ApiToken.objects.get()
    response = client.post(
        f"/api/v1/tokens/{token.pk}/revoke", data="{not json", content_type="application/json", **headers
    )
    # The endpoint takes no body: a broken one must still not break the error shape.
    assert response.status_code in {200, 400, 422}
    if response.status_code != 200:
        assert_error(response, response.status_code, response.json()["error"]["code"])


def test_malformed_json_body_gets_the_error_shape(db: None) -> None:
    """No core endpoint takes a body yet; the handlers every endpoint shares are checked on one that does."""
    api = NinjaAPI(urls_namespace="test-errors-json")
    install_error_handlers(api)

    @api.post("/notes")
    def note_create(request: Any, payload: NoteIn) -> dict[str, str]:
        return {"text": payload.text}

    client = TestClient(api)
    response = client.post("/notes", data="{not json", content_type="application/json")
    assert response.status_code in {400, 422}
    error = assert_error(response, response.status_code, response.json()["error"]["code"])
    assert error["code"] in {"bad_request", "validation_error"}
    missing = assert_error(client.post("/notes", json={}), 422, "validation_error")
    assert "text" in missing["fields"]


def test_session_post_without_csrf_token_is_refused(network: Network) -> None:
    client = login(Client(enforce_csrf_checks=True), network.users["caseworker"])
    token, _raw = token_create(
        user=network.users["caseworker"], name="x", days=1, organisation_ids=[network.cai.pk]
    )
    assert_error(client.post(f"/api/v1/tokens/{token.pk}/revoke"), 403, "forbidden")
    token.refresh_from_db()
    assert token.revoked_at is None


def test_anonymous_post_without_csrf_token_is_401(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    assert_error(client.post("/api/v1/tokens/1/revoke"), 401, "not_authenticated")


def _spanish_catalogue_has(msgid: str) -> bool:
    with translation.override("es"):
        return translation.gettext(msgid) != msgid


@pytest.mark.skipif(
    not _spanish_catalogue_has("Sign in or send a valid API token."),
    reason="the Spanish catalogue does not translate the API's error messages",
)
def test_error_message_follows_accept_language(db: None, client: Client) -> None:
    english = assert_error(client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="en"), 401, "not_authenticated")
    spanish = assert_error(client.get("/api/v1/me", HTTP_ACCEPT_LANGUAGE="es"), 401, "not_authenticated")
    assert english["message"] == "Sign in or send a valid API token."
    assert spanish["message"] != english["message"]
    with translation.override("es"):
        assert spanish["message"] == translation.gettext("Sign in or send a valid API token.")


@pytest.mark.skipif(
    not _spanish_catalogue_has("Enter a whole number."),
    reason="the Spanish catalogue does not translate the API's field messages",
)
def test_field_messages_follow_accept_language(network: Network, client: Client) -> None:
    headers = bearer(network, "caseworker")
    english = assert_error(
        client.get("/api/v1/organisations", {"limit": "x"}, HTTP_ACCEPT_LANGUAGE="en", **headers),
        422,
        "validation_error",
    )
    spanish = assert_error(
        client.get("/api/v1/organisations", {"limit": "x"}, HTTP_ACCEPT_LANGUAGE="es", **headers),
        422,
        "validation_error",
    )
    assert spanish["fields"]["limit"] != english["fields"]["limit"]


def test_docs_and_schema_redirect_anonymous_to_login(db: None, client: Client) -> None:
    for path in ["/api/v1/docs", "/api/v1/openapi.json"]:
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_docs_and_schema_refuse_a_token_only_request(network: Network, client: Client) -> None:
    headers = bearer(network, "caseworker")
    for path in ["/api/v1/docs", "/api/v1/openapi.json"]:
        assert client.get(path, **headers).status_code in {302, 401, 403}


def test_docs_and_schema_need_the_second_factor(network: Network, client: Client) -> None:
    client.force_login(network.users["caseworker"])
    for path in ["/api/v1/docs", "/api/v1/openapi.json"]:
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/2fa/" in response["Location"] or "/accounts/login/" in response["Location"]


def test_schema_is_openapi_3_1_for_staff(network: Network, client: Client) -> None:
    login(client, network.users["volunteer"])
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    assert "/api/v1/staff" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_server_error_is_shaped_and_logged_without_trace(
    network: Network, client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from acollida.core import selectors

    def explode(**kwargs: Any) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(selectors, "organisation_list", explode)
    response = client.get("/api/v1/organisations", **bearer(network, "caseworker"))
    error = assert_error(response, 500, "server_error")
    assert "secret internals" not in error["message"]
    assert any("API error" in record.message for record in caplog.records)


@pytest.mark.parametrize(
    ("path", "field"),
    [("/api/v1/organisations", "q"), ("/api/v1/staff", "q"), ("/api/v1/audit/reads", "record_id")],
)
def test_nul_character_in_a_text_parameter_is_422_not_500(
    network: Network, client: Client, path: str, field: str
) -> None:
    user = network.users["platform_admin"]
    from acollida.core.models import Membership, Role

    Membership.objects.create(user=user, organisation=network.city, role=Role.DPO)
    login(client, user)
    error = assert_error(client.get(path, {field: "a\x00b"}), 422, "validation_error")
    assert field in error["fields"]


def test_paging_beyond_the_bounds_is_422(network: Network, client: Client) -> None:
    headers = bearer(network, "caseworker")
    for params in [{"limit": "201"}, {"offset": "10000001"}, {"limit": str(2**70)}]:
        error = assert_error(client.get("/api/v1/organisations", params, **headers), 422, "validation_error")
        assert set(error["fields"]) <= {"limit", "offset"}

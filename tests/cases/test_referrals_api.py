"""The referrals and consent API, by token and by session."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from acollida.cases.models import Case, Referral
from acollida.cases.services import need_add
from acollida.core.models import ReadLog
from tests.api.conftest import bearer
from tests.conftest import Network


def post(client: Client, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


def _consent(client: Client, case: Case, headers: dict[str, str]) -> int:
    response = post(
        client, f"/api/v1/cases/{case.pk}/consents", {"purposes": ["referral"], "method": "written"}, headers
    )
    assert response.status_code == 201, response.content
    return int(response.json()["id"])


def _refer(client: Client, network: Network, case: Case, headers: dict[str, str], **extra: Any) -> Any:
    body = {
        "to_organisation_id": network.cear.pk,
        "service": "Legal advice",
        "purpose": "Asylum interview",
        "sections": ["needs"],
        "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        **extra,
    }
    return post(client, f"/api/v1/cases/{case.pk}/referrals", body, headers)


def test_refer_on_consent_then_the_receiver_accepts_and_reads_the_shared_part(
    network: Network, case: Case, as_user: Any
) -> None:
    need_add(actor=network.users["caseworker"], case=case, area="housing", description="NEED")
    client, headers = as_user("caseworker")
    consent_id = _consent(client, case, headers)
    sent = _refer(client, network, case, headers, consent_id=consent_id)
    assert sent.status_code == 201, sent.content
    referral_id = sent.json()["id"]
    receiver, their_headers = as_user("ngo_caseworker")
    assert receiver.get(f"/api/v1/cases/{case.pk}", **their_headers).status_code == 404
    accepted = post(receiver, f"/api/v1/referrals/{referral_id}/accept", {}, their_headers)
    assert accepted.json()["status"] == "accepted"
    read = receiver.get(f"/api/v1/cases/{case.pk}", **their_headers).json()
    assert [n["description"] for n in read["needs"]] == ["NEED"]
    assert read["timeline"] == [] and read["goals"] == []
    assert read["person_id"] is None  # identity not shared


def test_referral_without_consent_is_refused_for_a_caseworker(network: Network, case: Case) -> None:
    response = _refer(Client(), network, case, bearer(network, "caseworker"), override_reason="urgent")
    assert response.status_code in {400, 422}
    assert not Referral.objects.exists()


def test_coordinator_refers_without_consent_with_a_reason_logged(network: Network, case: Case) -> None:
    response = _refer(Client(), network, case, bearer(network, "coordinator"), override_reason="Eviction")
    assert response.status_code == 201
    assert response.json()["without_consent"] is True
    assert ReadLog.objects.filter(
        channel=ReadLog.Channel.API, record_type="case", purpose__startswith="referral without consent"
    ).exists()


def test_incoming_and_outgoing_lists(network: Network, case: Case) -> None:
    _refer(Client(), network, case, bearer(network, "coordinator"), override_reason="Eviction")
    incoming = Client().get("/api/v1/referrals?box=incoming", **bearer(network, "ngo_caseworker")).json()
    outgoing = Client().get("/api/v1/referrals?box=outgoing", **bearer(network, "caseworker")).json()
    assert incoming["count"] == outgoing["count"] == 1
    assert (
        Client().get("/api/v1/referrals?box=outgoing", **bearer(network, "ngo_caseworker")).json()["count"]
        == 0
    )


def test_decline_and_outcome(network: Network, case: Case) -> None:
    first = _refer(Client(), network, case, bearer(network, "coordinator"), override_reason="x").json()
    receiver = bearer(network, "ngo_caseworker")
    declined = post(Client(), f"/api/v1/referrals/{first['id']}/decline", {"reason": "Full"}, receiver)
    assert declined.json()["status"] == "declined"
    second = _refer(Client(), network, case, bearer(network, "coordinator"), override_reason="x").json()
    post(Client(), f"/api/v1/referrals/{second['id']}/accept", {}, receiver)
    done = post(Client(), f"/api/v1/referrals/{second['id']}/outcome", {"outcome": "Done"}, receiver)
    assert done.json()["status"] == "completed"


def test_consent_withdrawal_ends_the_receivers_access(network: Network, case: Case) -> None:
    holder = bearer(network, "caseworker")
    consent_id = _consent(Client(), case, holder)
    referral_id = _refer(Client(), network, case, holder, consent_id=consent_id).json()["id"]
    receiver = bearer(network, "ngo_caseworker")
    post(Client(), f"/api/v1/referrals/{referral_id}/accept", {}, receiver)
    assert Client().get(f"/api/v1/cases/{case.pk}", **receiver).status_code == 200
    withdrawn = post(Client(), f"/api/v1/consents/{consent_id}/withdraw", {}, holder)
    assert withdrawn.json()["withdrawn_at"] is not None
    assert Client().get(f"/api/v1/cases/{case.pk}", **receiver).status_code == 404


def test_receiver_does_not_see_consents(network: Network, case: Case) -> None:
    holder = bearer(network, "caseworker")
    _consent(Client(), case, holder)
    assert (
        Client().get(f"/api/v1/cases/{case.pk}/consents", **bearer(network, "ngo_caseworker")).status_code
        == 404
    )
    assert len(Client().get(f"/api/v1/cases/{case.pk}/consents", **holder).json()) == 1


def test_case_list_names_no_person_when_identity_is_not_shared(network: Network, case: Case) -> None:
    referral_id = _refer(Client(), network, case, bearer(network, "coordinator"), override_reason="x").json()[
        "id"
    ]
    receiver = bearer(network, "ngo_caseworker")
    post(Client(), f"/api/v1/referrals/{referral_id}/accept", {}, receiver)
    listed = Client().get("/api/v1/cases", **receiver).json()
    assert [(item["id"], item["person_id"]) for item in listed["items"]] == [(case.pk, None)]
    assert not ReadLog.objects.filter(user=network.users["ngo_caseworker"], record_type="person").exists()

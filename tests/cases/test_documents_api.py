"""The documents API: list, multipart upload and download, by token and by session; policy-enforced
and read-logged with the stated purpose."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

from acollida.cases.models import Case, CaseDocument
from acollida.core.models import ReadLog
from tests.api.conftest import bearer
from tests.cases.test_documents import pdf_bytes, png_bytes, upload
from tests.conftest import Network


@pytest.fixture(autouse=True)
def media_root(settings: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    yield tmp_path


def test_upload_then_download_the_same_bytes(network: Network, case: Case, as_user: Any) -> None:
    client, headers = as_user("caseworker")
    data = png_bytes()
    created = client.post(
        f"/api/v1/cases/{case.pk}/documents",
        {"file": SimpleUploadedFile("tie.png", data, "image/png"), "kind": "identity", "title": "TIE"},
        **headers,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["content_type"], body["title"], body["size"]) == ("image/png", "TIE", len(data))
    content = client.get(f"/api/v1/cases/{case.pk}/documents/{body['id']}/content", **headers)
    assert content.content == data
    assert content["Content-Disposition"].startswith("attachment;")


def test_upload_of_a_program_is_refused_in_the_error_shape(network: Network, case: Case) -> None:
    with translation.override("en"):
        response = Client().post(
            f"/api/v1/cases/{case.pk}/documents",
            {"file": SimpleUploadedFile("x.pdf", b"\x7fELF" + b"\x00" * 64), "kind": "other"},
            **bearer(network, "caseworker"),
        )
    assert response.status_code == 422
    assert "program" in str(response.json())
    assert not CaseDocument.objects.exists()


def test_upload_past_the_limit_is_refused(network: Network, case: Case, settings: Any) -> None:
    settings.ACOLLIDA_DOCUMENT_MAX_BYTES = 2048
    response = Client().post(
        f"/api/v1/cases/{case.pk}/documents",
        {"kind": "other", "file": SimpleUploadedFile("big.pdf", pdf_bytes("z" * 9000))},
        **bearer(network, "caseworker"),
    )
    assert response.status_code == 422
    assert not CaseDocument.objects.exists()


def test_list_and_download_are_read_logged_with_the_purpose(network: Network, case: Case) -> None:
    document = upload(network, case)
    client, headers = Client(), {**bearer(network, "coordinator"), "HTTP_X_PURPOSE": "arraigo file"}
    assert client.get(f"/api/v1/cases/{case.pk}/documents", **headers).json()["count"] == 1
    client.get(f"/api/v1/cases/{case.pk}/documents/{document.pk}/content", **headers)
    logged = ReadLog.objects.filter(user=network.users["coordinator"], channel=ReadLog.Channel.API)
    assert set(logged.values_list("record_type", "purpose")) == {
        ("case", "arraigo file"),
        ("case_document", "arraigo file"),
    }


def test_other_organisation_gets_not_found(network: Network, case: Case) -> None:
    document = upload(network, case)
    headers = bearer(network, "ngo_caseworker")
    assert Client().get(f"/api/v1/cases/{case.pk}/documents", **headers).status_code == 404
    assert (
        Client().get(f"/api/v1/cases/{case.pk}/documents/{document.pk}/content", **headers).status_code == 404
    )


def test_anonymous_gets_unauthorised(network: Network, case: Case) -> None:
    document = upload(network, case)
    assert Client().get(f"/api/v1/cases/{case.pk}/documents/{document.pk}/content").status_code == 401

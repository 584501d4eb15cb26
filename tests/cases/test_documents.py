"""Case documents: uploaded files checked for what they are, encrypted at rest, downloaded only
through the policy, read-logged, deleted with their stored file."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from acollida.cases import documents
from acollida.cases.models import Case, CaseDocument
from acollida.cases.services_documents import document_content, document_delete, document_upload
from acollida.core.crypto import decrypt_bytes, encrypt_bytes
from acollida.core.models import ReadLog
from acollida.core.pdf import PdfDocument
from tests.cases.conftest import open_case, register
from tests.conftest import Network, login


@pytest.fixture(autouse=True)
def media_root(settings: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Path]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    yield tmp_path


def pdf_bytes(text: str = "Contracte de lloguer") -> bytes:
    doc = PdfDocument(title="Escaneig", language="ca")
    doc.paragraph(text)
    return doc.output()


def png_bytes() -> bytes:
    out = BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def upload(network: Network, case: Case, data: bytes | None = None, **kwargs: object) -> CaseDocument:
    fields: dict[str, object] = {"file_name": "contracte.pdf", "kind": "housing", "title": "Contracte"}
    fields.update(kwargs)
    return document_upload(
        actor=network.users["caseworker"],
        case=case,
        data=pdf_bytes() if data is None else data,
        **fields,  # type: ignore[arg-type]
    )


def stored_bytes(document: CaseDocument) -> bytes:
    with default_storage.open(document.storage_name, "rb") as handle:
        return handle.read()


# --- Encryption ------------------------------------------------------------------------------------


def test_bytes_round_trip_through_the_field_keys() -> None:
    assert decrypt_bytes(encrypt_bytes(b"\x00\x01 scan")) == b"\x00\x01 scan"


def test_stored_file_is_not_the_plaintext(network: Network, case: Case) -> None:
    data = pdf_bytes("Secret health report")
    document = upload(network, case, data)
    stored = stored_bytes(document)
    assert stored != data
    assert b"%PDF" not in stored
    assert document_content(document) == data


def test_stored_under_a_random_name_in_the_documents_folder(network: Network, case: Case) -> None:
    document = upload(network, case, file_name="NIE Amina Diallo.pdf")
    assert document.storage_name.startswith("case-documents/")
    assert "Amina" not in document.storage_name
    assert document.file_name == "NIE Amina Diallo.pdf"


def test_the_media_folder_is_served_by_no_url(network: Network, case: Case, client: Client) -> None:
    document = upload(network, case)
    login(client, network.users["caseworker"])
    for prefix in ("/media/", "/"):
        assert client.get(prefix + document.storage_name).status_code == 404


# --- Type and size -------------------------------------------------------------------------------


def test_png_is_accepted_and_typed_from_its_content(network: Network, case: Case) -> None:
    document = upload(network, case, png_bytes(), file_name="scan.pdf")
    assert (document.content_type, document.file_name) == ("image/png", "scan.png")


def test_program_named_pdf_is_refused_as_a_program(network: Network, case: Case) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        upload(network, case, b"MZ\x90\x00" + b"\x00" * 200, file_name="report.pdf")
    assert "is a program" in caught.value.messages[0]
    assert not CaseDocument.objects.exists()


def test_html_is_refused(network: Network, case: Case) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        upload(network, case, b"<html><script>alert(1)</script></html>", file_name="x.pdf")
    assert "not accepted" in caught.value.messages[0]


def test_truncated_pdf_is_refused_as_damaged(network: Network, case: Case) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        upload(network, case, pdf_bytes()[:300])
    assert "damaged" in caught.value.messages[0]


def test_too_large_file_is_refused(network: Network, case: Case, settings: pytest.FixtureRequest) -> None:
    settings.ACOLLIDA_DOCUMENT_MAX_BYTES = 1024  # type: ignore[attr-defined]
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        upload(network, case, pdf_bytes("x" * 4000))
    assert "larger than" in caught.value.messages[0]


def test_refused_upload_leaves_no_file(network: Network, case: Case, media_root: Path) -> None:
    with pytest.raises(ValidationError):
        upload(network, case, pdf_bytes(), title="x" * 300)
    assert not list(media_root.rglob("*.*")) and not list((media_root / "case-documents").glob("*"))


def test_ngo_worker_cannot_upload_to_a_cai_case(network: Network, case: Case) -> None:
    with pytest.raises(PermissionDenied):
        document_upload(
            actor=network.users["ngo_caseworker"],
            case=case,
            data=pdf_bytes(),
            file_name="a.pdf",
            kind="other",
            title="",
        )


# --- The pages -------------------------------------------------------------------------------------


def test_upload_page_adds_the_document(network: Network, case: Case, client: Client) -> None:
    login(client, network.users["caseworker"])
    response = client.post(
        reverse("cases:document_upload", args=[case.pk]),
        {"file": SimpleUploadedFile("tie.png", png_bytes(), "image/png"), "title": "TIE", "kind": "identity"},
    )
    assert response.status_code == 302
    assert CaseDocument.objects.get(case=case).title == "TIE"


def test_upload_page_shows_why_a_file_is_refused_and_keeps_the_title(
    network: Network, case: Case, client: Client
) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("cases:document_upload", args=[case.pk]),
            {
                "file": SimpleUploadedFile("a.pdf", b"PK\x03\x04zip", "application/pdf"),
                "title": "Payslips",
                "kind": "employment",
            },
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Save the document as PDF first" in page
    assert 'value="Payslips"' in page


def test_upload_page_stops_a_too_large_file(
    network: Network, case: Case, client: Client, settings: pytest.FixtureRequest
) -> None:
    settings.ACOLLIDA_DOCUMENT_MAX_BYTES = 2048  # type: ignore[attr-defined]
    login(client, network.users["caseworker"])
    with translation.override("en"):
        response = client.post(
            reverse("cases:document_upload", args=[case.pk]),
            {
                "title": "Payslips",
                "kind": "other",
                "file": SimpleUploadedFile("big.pdf", pdf_bytes("y" * 9000), "application/pdf"),
            },
        )
    assert response.status_code == 200
    assert "larger than" in response.content.decode()
    assert 'value="Payslips"' in response.content.decode()  # the fields sent before the file stay
    assert not CaseDocument.objects.exists()


def test_download_sends_the_file_as_an_attachment(network: Network, case: Case, client: Client) -> None:
    data = pdf_bytes()
    document = upload(network, case, data, file_name="Informe d'integració.pdf")
    login(client, network.users["caseworker"])
    response = client.get(reverse("cases:document_download", args=[case.pk, document.pk]))
    assert response.content == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="Informe d_integracio.pdf"')
    assert "filename*=UTF-8''Informe%20d%27integraci%C3%B3.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_download_is_read_logged(network: Network, case: Case, client: Client) -> None:
    document = upload(network, case)
    login(client, network.users["coordinator"])
    client.get(reverse("cases:document_download", args=[case.pk, document.pk]))
    log = ReadLog.objects.get(user=network.users["coordinator"], record_type="case_document")
    assert (log.record_id, log.record_organisation_id) == (str(document.pk), network.cai.pk)
    assert log.purpose


def test_download_by_another_organisation_is_not_found(network: Network, case: Case, client: Client) -> None:
    document = upload(network, case)
    login(client, network.users["ngo_caseworker"])
    assert client.get(reverse("cases:document_download", args=[case.pk, document.pk])).status_code == 404


def test_download_through_another_case_is_not_found(network: Network, case: Case, client: Client) -> None:
    document = upload(network, case)
    other = open_case(network, person=register(network, given_name="Omar"))
    login(client, network.users["caseworker"])
    assert client.get(reverse("cases:document_download", args=[other.pk, document.pk])).status_code == 404


def test_anonymous_download_goes_to_sign_in(network: Network, case: Case, client: Client) -> None:
    document = upload(network, case)
    response = client.get(reverse("cases:document_download", args=[case.pk, document.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_delete_asks_for_confirmation_first(network: Network, case: Case, client: Client) -> None:
    document = upload(network, case)
    login(client, network.users["caseworker"])
    response = client.get(reverse("cases:document_delete", args=[case.pk, document.pk]))
    assert response.status_code == 200
    assert CaseDocument.objects.filter(pk=document.pk).exists()


def test_delete_after_confirmation_removes_the_stored_file(
    network: Network, case: Case, client: Client, django_capture_on_commit_callbacks: object
) -> None:
    document = upload(network, case)
    assert default_storage.exists(document.storage_name)
    login(client, network.users["caseworker"])
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(reverse("cases:document_delete", args=[case.pk, document.pk]))
    assert response.status_code == 302
    assert not CaseDocument.objects.filter(pk=document.pk).exists()
    assert not default_storage.exists(document.storage_name)


def test_ngo_worker_cannot_delete(network: Network, case: Case) -> None:
    document = upload(network, case)
    with pytest.raises(PermissionDenied):
        document_delete(actor=network.users["ngo_caseworker"], document=document)


def test_documents_list_sorts_and_has_an_empty_state(network: Network, case: Case, client: Client) -> None:
    login(client, network.users["caseworker"])
    with translation.override("en"):
        empty = client.get(reverse("cases:documents", args=[case.pk])).content.decode()
    assert "No documents yet" in empty
    upload(network, case, title="Alpha")
    upload(network, case, title="Zulu")
    page = client.get(reverse("cases:documents", args=[case.pk]), {"sort": "-title"}).content.decode()
    assert page.index("Zulu") < page.index("Alpha")


def test_case_page_shows_the_documents_section(network: Network, case: Case, client: Client) -> None:
    upload(network, case, title="Padró certificate")
    login(client, network.users["caseworker"])
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Padró certificate" in page
    assert reverse("cases:document_upload", args=[case.pk]) in page


def test_sniff_refuses_an_empty_file() -> None:
    with translation.override("en"), pytest.raises(ValidationError, match="empty"):
        documents.sniff(b"")


# --- Through a referral --------------------------------------------------------------------------


def test_receiver_of_the_documents_section_downloads_ordinary_documents(
    network: Network, case: Case, client: Client
) -> None:
    from tests.cases.test_referrals import accepted

    document = upload(network, case)
    accepted(network, case, sections=["identity", "documents"])
    login(client, network.users["ngo_caseworker"])
    assert client.get(reverse("cases:document_download", args=[case.pk, document.pk])).status_code == 200


def test_receiver_never_gets_special_category_documents(network: Network, case: Case, client: Client) -> None:
    from tests.cases.test_referrals import accepted

    document = upload(network, case, is_special_category=True)
    accepted(network, case, sections=["identity", "documents"])
    login(client, network.users["ngo_caseworker"])
    assert client.get(reverse("cases:document_download", args=[case.pk, document.pk])).status_code == 404
    assert document.title not in client.get(reverse("cases:documents", args=[case.pk])).content.decode()


def test_receiver_without_the_documents_section_sees_none(
    network: Network, case: Case, client: Client
) -> None:
    from tests.cases.test_referrals import accepted

    document = upload(network, case, title="Lease contract")
    accepted(network, case, sections=["identity", "timeline"])
    login(client, network.users["ngo_caseworker"])
    assert client.get(reverse("cases:documents", args=[case.pk])).status_code == 404
    assert client.get(reverse("cases:document_download", args=[case.pk, document.pk])).status_code == 404
    assert "Lease contract" not in client.get(reverse("cases:detail", args=[case.pk])).content.decode()

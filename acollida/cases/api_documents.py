"""Case documents API: list a case's documents, upload one (multipart), download its content.

The same rules as the pages: documents are read through ``policy.case_documents_visible_to``, the
content only by ``document_content``; uploads are held in memory and stopped past the size limit,
typed from their content and stored encrypted. Each list and download is written to the read log
with the purpose stated in ``X-Purpose``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from acollida.cases import documents, selectors, selectors_documents, services_documents
from acollida.cases.models import Case, CaseDocument
from acollida.cases.views_documents import _DocumentUpload
from acollida.core import audit, policy
from acollida.core.api import MAX_LIMIT, MAX_OFFSET, NO_NUL
from acollida.core.models import ReadLog, User
from acollida.core.policy import Perm

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    case_id: int
    kind: CaseDocument.Kind
    title: str
    file_name: str
    content_type: str
    size: int
    sha256: str = Field(..., description="SHA-256 of the content, to check a download.")
    is_special_category: bool
    occurred_on: date
    uploaded_by_id: int
    uploaded_at: datetime


class DocumentPage(Schema):
    count: int
    items: list[DocumentOut]


class DocumentFilter(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class DocumentIn(Schema):
    kind: CaseDocument.Kind
    title: str = Field("", max_length=200, pattern=NO_NUL)
    occurred_on: date | None = None
    is_special_category: bool = Field(
        False, description="Health, legal status or violence: only the holder's staff see it."
    )


def _out(document: CaseDocument) -> DocumentOut:
    return DocumentOut(
        id=document.pk,
        case_id=document.case_id,
        kind=CaseDocument.Kind(document.kind),
        title=document.title,
        file_name=document.file_name,
        content_type=document.content_type,
        size=document.size,
        sha256=document.sha256,
        is_special_category=document.is_special_category,
        occurred_on=document.occurred_on,
        uploaded_by_id=document.uploaded_by_id,
        uploaded_at=document.uploaded_at,
    )


def _purpose(request: HttpRequest) -> str:
    stated = request.headers.get("X-Purpose", "").replace("\x00", "").strip()[:200]
    return stated or _("case work")


def _case(request: HttpRequest, case_id: int) -> Case:
    policy.require(request.user, Perm.VIEW_PERSONS)
    case = selectors.case_get_for_user(request.user, case_id)
    if not selectors_documents.may_read_documents(request.user, case):
        raise Http404
    return case


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _in_memory_upload(run: Callable[..., Any]) -> Callable[..., Any]:
    """Set the capped in-memory upload handler before anything reads the body."""

    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        handler = _DocumentUpload(request)
        request.upload_handlers = [handler]
        request.document_upload = handler  # type: ignore[attr-defined]
        return run(request, *args, **kwargs)

    return wrapper


@router.get(
    "/cases/{case_id}/documents",
    response=DocumentPage,
    summary="A case's documents you may see, newest first (the read is logged)",
)
def case_document_list(request: HttpRequest, case_id: int, filters: Query[DocumentFilter]) -> DocumentPage:
    case = _case(request, case_id)
    found = selectors_documents.case_documents(request.user, case)
    page = list(found[filters.offset : filters.offset + filters.limit])
    audit.read_record(
        request,
        user=request.user,
        record_type="case",
        record_id=case.pk,
        record_organisation_id=case.organisation_id,
        purpose=_purpose(request),
        channel=ReadLog.Channel.API,
    )
    return DocumentPage(count=found.count(), items=[_out(d) for d in page])


@router.post(
    "/cases/{case_id}/documents",
    response={201: DocumentOut},
    summary="Upload a document (multipart: file, kind, title…); PDF, JPEG, PNG or WebP, stored encrypted",
)
@decorate_view(_in_memory_upload)
def case_document_upload(
    request: HttpRequest,
    case_id: int,
    payload: Form[DocumentIn],
    # Optional: an upload stopped past the size limit arrives without its file.
    file: File[UploadedFile] = None,  # type: ignore[assignment]
) -> Status[DocumentOut]:
    policy.require(request.user, Perm.EDIT_PERSONS)
    case = _case(request, case_id)
    policy.require(request.user, Perm.EDIT_PERSONS, case.organisation_id)
    handler = getattr(request, "document_upload", None)
    if handler is not None and handler.too_large:
        raise ValidationError({"file": documents.too_large_message()})
    if file is None:
        raise ValidationError({"file": _("Attach the file.")})
    document = services_documents.document_upload(
        actor=_actor(request),
        case=case,
        data=file.read(),
        file_name=file.name or "",
        kind=payload.kind,
        title=payload.title,
        occurred_on=payload.occurred_on,
        is_special_category=payload.is_special_category,
    )
    return Status(201, _out(document))


@router.get(
    "/cases/{case_id}/documents/{document_id}/content",
    summary="The document's content, as an attachment (the read is logged)",
    response={200: bytes},
    openapi_extra={
        "responses": {
            200: {
                "description": "The file, decrypted.",
                "content": {
                    ct: {"schema": {"type": "string", "format": "binary"}} for ct in documents.BY_CONTENT_TYPE
                },
            }
        }
    },
)
def case_document_content(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    _case(request, case_id)
    case, document = selectors_documents.document_get_for_user(request.user, case_id, document_id)
    data = services_documents.document_content(document)
    audit.read_record(
        request,
        user=request.user,
        record_type="case_document",
        record_id=document.pk,
        record_organisation_id=case.organisation_id,
        purpose=_purpose(request),
        channel=ReadLog.Channel.API,
    )
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = documents.content_disposition(document.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    return response

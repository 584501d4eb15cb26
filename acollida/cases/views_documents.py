"""Case documents: the list, upload, download, deletion and issuing; the templates coordinators edit.

A document is reached only through ``selectors_documents.document_get_for_user`` (404 when the
user may not open the case, may not read its documents section, or, for a special-category one,
is not staff of the holder). Its bytes are served only by ``document_download``: each download is
written to the read log, sent as an attachment that no browser or proxy may keep. Uploads are held
in memory (a clear copy never lands in a temporary file) and stopped past the size limit.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import MemoryFileUploadHandler, StopUpload
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from acollida.cases import documents, selectors, selectors_documents, services_documents
from acollida.cases.forms_documents import (
    DocumentIssueForm,
    DocumentSortForm,
    DocumentTemplateCreateForm,
    DocumentTemplateForm,
    DocumentUploadForm,
)
from acollida.cases.models import Case
from acollida.core import audit, policy
from acollida.core.models import Organisation, User
from acollida.core.policy import Perm
from acollida.core.views.common import paginate, query_without_page

PURPOSE = gettext_lazy("case work")
NAV = {"nav_section": "cases"}
DOCUMENTS_PAGE = 25
TEMPLATES_PAGE = 25


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _add_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _log_case(request: HttpRequest, case: Case) -> None:
    audit.read_record(
        request,
        user=request.user,
        record_type="case",
        record_id=case.pk,
        record_organisation_id=case.organisation_id,
        purpose=str(PURPOSE),
    )


def _case_with_documents(request: HttpRequest, case_id: int) -> Case:
    """The case, if the user may open it and read its documents; 404 otherwise."""
    case = selectors.case_get_for_user(request.user, case_id)
    if not selectors_documents.may_read_documents(request.user, case):
        raise Http404
    return case


def _case_for_adding(request: HttpRequest, case_id: int) -> Case | HttpResponse:
    case = _case_with_documents(request, case_id)
    policy.require(request.user, Perm.EDIT_PERSONS, case.organisation_id)
    if case.is_closed:
        messages.error(request, _("This case is closed. Reopen it first."))
        return redirect("cases:documents", case_id=case.pk)
    return case


# --- The list ------------------------------------------------------------------------------------


@require_GET
def document_list(request: HttpRequest, case_id: int) -> HttpResponse:
    """Every document of the case the user may see, sortable, a page at a time."""
    case = _case_with_documents(request, case_id)
    sort_form = DocumentSortForm(request.GET or None)
    sort = sort_form.cleaned_data.get("sort") if sort_form.is_valid() else ""
    found = selectors_documents.case_documents(
        request.user, case, sort or selectors_documents.DEFAULT_DOCUMENT_SORT
    )
    page = paginate(request, found, DOCUMENTS_PAGE)
    _log_case(request, case)
    return render(
        request,
        "cases/documents.html",
        {
            "case": case,
            "page": page,
            "documents": page.object_list,
            "sort_form": sort_form,
            "query": query_without_page(request),
            "can_edit": policy.can(request.user, Perm.EDIT_PERSONS, case.organisation_id),
            **NAV,
        },
    )


# --- Upload --------------------------------------------------------------------------------------


class _DocumentUpload(MemoryFileUploadHandler):
    """Keeps the upload in memory and stops it past ``ACOLLIDA_DOCUMENT_MAX_BYTES``."""

    too_large = False

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        super().handle_raw_input(*args, **kwargs)
        self.activated = True  # also above FILE_UPLOAD_MAX_MEMORY_SIZE: no temporary file

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > documents.max_bytes():
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


@csrf_exempt
def document_upload(request: HttpRequest, case_id: int) -> HttpResponse:
    """Add a document. The upload handler is set before anything reads the body, so CSRF is checked
    by ``_document_upload`` rather than by the middleware."""
    handler = _DocumentUpload(request)
    request.upload_handlers = [handler]
    return _document_upload(request, case_id, handler)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _document_upload(request: HttpRequest, case_id: int, handler: _DocumentUpload) -> HttpResponse:
    found = _case_for_adding(request, case_id)
    if isinstance(found, HttpResponse):
        return found
    case = found
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if handler.too_large:
            form.is_valid()
            form.errors["file"] = form.error_class([documents.too_large_message()])
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                document = services_documents.document_upload(
                    actor=_actor(request),
                    case=case,
                    data=upload.read(),
                    file_name=upload.name or "",
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    occurred_on=form.cleaned_data["occurred_on"],
                    is_special_category=form.cleaned_data["is_special_category"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    _add_errors(form, exc)
                else:
                    form.add_error("file", exc.messages)
            else:
                messages.success(request, _("The document %(title)s is added.") % {"title": document.title})
                return redirect("cases:documents", case_id=case.pk)
    _log_case(request, case)
    return render(
        request,
        "cases/document_upload.html",
        {"case": case, "form": form, "max_megabytes": documents.max_bytes() // (1024 * 1024), **NAV},
    )


# --- Download and deletion -----------------------------------------------------------------------


@require_GET
def document_download(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    """The file itself, as an attachment; each download is a logged read."""
    case, document = selectors_documents.document_get_for_user(request.user, case_id, document_id)
    if not selectors_documents.may_read_documents(request.user, case):
        raise Http404
    try:
        data = services_documents.document_content(document)
    except (ValidationError, FileNotFoundError):
        messages.error(
            request,
            _("The stored file of %(title)s cannot be read. Tell your administrator.")
            % {"title": document.title},
        )
        return redirect("cases:documents", case_id=case.pk)
    audit.read_record(
        request,
        user=request.user,
        record_type="case_document",
        record_id=document.pk,
        record_organisation_id=case.organisation_id,
        purpose=str(PURPOSE),
    )
    response = HttpResponse(data, content_type=document.content_type)
    response["Content-Disposition"] = documents.content_disposition(document.file_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, case_id: int, document_id: int) -> HttpResponse:
    """Delete a document, its stored file with it, after a confirmation page."""
    case, document = selectors_documents.document_get_for_user(request.user, case_id, document_id)
    policy.require(request.user, Perm.EDIT_PERSONS, case.organisation_id)
    if request.method == "POST":
        services_documents.document_delete(actor=_actor(request), document=document)
        messages.success(request, _("The document %(title)s is deleted.") % {"title": document.title})
        return redirect("cases:documents", case_id=case.pk)
    _log_case(request, case)
    return render(request, "cases/document_delete.html", {"case": case, "document": document, **NAV})


# --- Issuing ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def document_issue(request: HttpRequest, case_id: int) -> HttpResponse:
    """Fill a template from the case and keep the PDF on the case."""
    found = _case_for_adding(request, case_id)
    if isinstance(found, HttpResponse):
        return found
    case = found
    templates = selectors_documents.templates_for_case(case)
    form = DocumentIssueForm(request.POST or None, templates=templates)
    if request.method == "POST" and form.is_valid():
        template = form.cleaned_data["template"]
        try:
            document = services_documents.document_issue(
                actor=_actor(request),
                case=case,
                template=template,
                service_types=form.cleaned_data["service_types"],
                is_special_category=form.cleaned_data["is_special_category"],
            )
        except ValidationError as exc:
            detail = " ".join(exc.messages)
            form.add_error(
                None,
                _("%(name)s could not be made: %(detail)s A coordinator can correct the template.")
                % {"name": template.name, "detail": detail},
            )
        else:
            messages.success(
                request, _("%(title)s is issued and kept with the case.") % {"title": document.title}
            )
            return redirect("cases:documents", case_id=case.pk)
    _log_case(request, case)
    return render(
        request,
        "cases/document_issue.html",
        {
            "case": case,
            "form": form,
            "has_templates": bool(templates),
            "is_household": case.person_id is None,
            **NAV,
        },
    )


# --- Templates -------------------------------------------------------------------------------------


def _coordinated(request: HttpRequest) -> Any:
    return Organisation.objects.filter(
        pk__in=selectors_documents.coordinated_organisations(request.user), is_active=True
    ).order_by("name")


@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    """The templates of documents the office issues: the network's (to copy) and one's own."""
    policy.require(request.user, Perm.COORDINATE)
    page = paginate(request, selectors_documents.document_templates_for(request.user), TEMPLATES_PAGE)
    coordinated = selectors_documents.coordinated_organisations(request.user)
    return render(
        request,
        "cases/document_templates.html",
        {
            "page": page,
            "templates": page.object_list,
            "coordinated": coordinated,
            "organisations": _coordinated(request),
            "query": query_without_page(request),
            **NAV,
        },
    )


@require_http_methods(["GET", "POST"])
def template_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, Perm.COORDINATE)
    form = DocumentTemplateCreateForm(request.POST or None, organisations=_coordinated(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            template = services_documents.document_template_create(
                actor=_actor(request),
                organisation=data["organisation"],
                code=data["code"],
                language=data["language"],
                name=data["name"],
                body=data["body"],
                is_active=data["is_active"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The template %(name)s is saved.") % {"name": template.name})
            return redirect("cases:document_template_edit", template_id=template.pk)
    return render(request, "cases/document_template_edit.html", {"form": form, "template": None, **NAV})


@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, template_id: int) -> HttpResponse:
    """Change one's organisation's template; a network-wide one is shown to read and copy."""
    policy.require(request.user, Perm.COORDINATE)
    template = selectors_documents.document_templates_for(request.user).filter(pk=template_id).first()
    if template is None:
        raise Http404
    editable = policy.may_edit_document_template(request.user, template)
    form = DocumentTemplateForm(
        request.POST or None,
        initial={"name": template.name, "body": template.body, "is_active": template.is_active},
    )
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services_documents.document_template_update(
                    actor=_actor(request), template=template, **form.cleaned_data
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("The template %(name)s is saved.") % {"name": template.name})
                return redirect("cases:document_template_edit", template_id=template.pk)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "cases/document_template_edit.html",
        {
            "form": form,
            "template": template,
            "editable": editable,
            "organisations": _coordinated(request),
            **NAV,
        },
    )


@require_POST
def template_copy(request: HttpRequest, template_id: int) -> HttpResponse:
    """Copy a template into an organisation the user coordinates (the first, unless one is named)."""
    policy.require(request.user, Perm.COORDINATE)
    template = selectors_documents.document_templates_for(request.user).filter(pk=template_id).first()
    if template is None:
        raise Http404
    organisations = _coordinated(request)
    chosen = request.POST.get("organisation", "")
    organisation = organisations.filter(pk=int(chosen)).first() if chosen.isdigit() else organisations.first()
    if organisation is None:
        raise PermissionDenied
    try:
        copy = services_documents.document_template_copy(
            actor=_actor(request), template=template, organisation=organisation
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("cases:document_templates")
    messages.success(request, _("The template is copied: adapt it for your organisation."))
    return redirect("cases:document_template_edit", template_id=copy.pk)

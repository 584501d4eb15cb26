"""Writes of case documents: upload, delete, issue from a template; templates for coordinators.

Every service checks the actor against the access policy itself, validates with ``full_clean()``
and writes in one transaction. A stored file and its database row live and die together: a file
saved for a row that then fails is deleted at once, and a deleted row's file goes when the
transaction commits.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from datetime import date
from types import MappingProxyType
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from acollida.cases import documents, selectors_documents
from acollida.cases.models import Case, CaseDocument, DocumentTemplate, Need, TimelineEntry
from acollida.core import policy
from acollida.core.models import Organisation, User
from acollida.core.pdf import PdfDocument
from acollida.core.policy import Perm
from acollida.people.reference import country_name


def _require_editable(actor: User, case: Case) -> None:
    """The actor may open the case and records matters at its holding organisation; it is open."""
    if not policy.can(actor, Perm.EDIT_PERSONS, case.organisation_id):
        raise PermissionDenied
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise PermissionDenied
    if case.is_closed:
        raise ValidationError({"__all__": _("This case is closed. Reopen it first.")})


def _save_document(
    *,
    actor: User,
    case: Case,
    data: bytes,
    file_type: documents.FileType,
    file_name: str,
    kind: str,
    title: str,
    occurred_on: date,
    is_special_category: bool,
) -> CaseDocument:
    storage_name = documents.store(data)
    try:
        with transaction.atomic():
            document = CaseDocument(
                case=case,
                kind=kind,
                title=title.strip(),
                file_name=documents.clean_file_name(file_name, file_type),
                content_type=file_type.content_type,
                size=len(data),
                sha256=documents.sha256(data),
                storage_name=storage_name,
                is_special_category=is_special_category,
                occurred_on=occurred_on,
                uploaded_by=actor,
            )
            document.full_clean()
            document.save()
    except (ValidationError, IntegrityError):
        documents.discard(storage_name)
        raise
    return document


def document_upload(
    *,
    actor: User,
    case: Case,
    data: bytes,
    file_name: str,
    kind: str,
    title: str,
    occurred_on: date | None = None,
    is_special_category: bool = False,
) -> CaseDocument:
    """Add an uploaded file to the case: its real type checked from its content (PDF, JPEG, PNG or
    WebP; at most ``ACOLLIDA_DOCUMENT_MAX_BYTES``), encrypted and stored under a random name."""
    _require_editable(actor, case)
    if kind == CaseDocument.Kind.ISSUED:
        raise ValidationError({"kind": _("Documents issued by the office are made from a template.")})
    occurred_on = occurred_on or timezone.localdate()
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("This date is in the future.")})
    file_type = documents.sniff(data)
    return _save_document(
        actor=actor,
        case=case,
        data=data,
        file_type=file_type,
        file_name=file_name,
        kind=kind,
        title=title or file_name,
        occurred_on=occurred_on,
        is_special_category=is_special_category,
    )


def document_delete(*, actor: User, document: CaseDocument) -> None:
    """Delete a document and, once the deletion is committed, its stored file."""
    case = document.case
    if not policy.can(actor, Perm.EDIT_PERSONS, case.organisation_id):
        raise PermissionDenied
    if not policy.case_documents_visible_to(actor, CaseDocument.objects.filter(pk=document.pk)).exists():
        raise PermissionDenied
    storage_name = document.storage_name
    with transaction.atomic():
        document.delete()
        transaction.on_commit(lambda: documents.discard(storage_name))


def document_content(document: CaseDocument) -> bytes:
    """The decrypted bytes, checked against the digest taken at upload."""
    data = documents.load(document.storage_name)
    if documents.sha256(data) != document.sha256:
        raise ValidationError(_("The stored file does not match what was uploaded."), code="corrupt")
    return data


# --- Issued documents ---------------------------------------------------------------------------


def _frozen(value: Any) -> Any:
    """Read-only copies: a template cannot change a list or a mapping it is given."""
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    return value


def document_context(
    *, case: Case, actor: User, service_types: Iterable[str] = (), today: date | None = None
) -> MappingProxyType[str, Any]:
    """The fixed context an issued document is filled from (plain values only, read-only),
    labels in the active language. ``service_types`` narrows ``services`` (empty: all)."""
    person = case.person
    if person is None:
        raise ValidationError(_("Documents are issued for a person's case, not a household's."))
    nationalities = [country_name(n.country) for n in person.nationalities.all()]
    chosen = [s for s in service_types if s in TimelineEntry.ServiceType.values]
    entries = TimelineEntry.objects.filter(case=case, kind=TimelineEntry.Kind.SERVICE).order_by(
        "occurred_on", "pk"
    )
    services = [
        {
            "type": entry.service_type,
            "name": str(TimelineEntry.ServiceType(entry.service_type).label),
            "date": entry.occurred_on,
        }
        for entry in entries
        if not chosen or entry.service_type in chosen
    ]
    courses = [
        {"name": str(TimelineEntry.ServiceType.LANGUAGE_COURSE.label), "date": entry.occurred_on}
        for entry in entries
        if entry.service_type == TimelineEntry.ServiceType.LANGUAGE_COURSE
    ]
    needs = [
        {
            "area": str(Need.Area(need.area).label),
            "priority": str(Need.Priority(need.priority).label),
            "status": str(Need.Status(need.status).label),
            "description": need.description,
            "identified_on": need.opened_on,
        }
        for need in case.needs.order_by("opened_on", "pk")
    ]
    organisation = case.organisation
    return _frozen(
        {
            "person": {
                "name": person.full_name or person.native_name,
                "given_name": person.given_name,
                "family_name": person.family_name,
                "native_name": person.native_name,
                "date_of_birth": person.date_of_birth_display(),
                "nationalities": nationalities,
                "nationality": ", ".join(nationalities),
            },
            "case": {
                "reference": case.reference,
                "opened_on": timezone.localdate(case.opened_at),
            },
            "organisation": {"name": organisation.display_name},
            "services": services,
            "language_courses": courses,
            "needs": needs,
            "staff": {"name": actor.get_full_name() or actor.username},
            "today": today or timezone.localdate(),
        }
    )


def document_pdf(*, template: DocumentTemplate, text: str) -> bytes:
    """The filled text as a PDF in the template's language. A line starting with ``#`` is a heading;
    a blank line separates paragraphs."""
    pdf = PdfDocument(title=template.name, language=template.language)
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            pdf.paragraph("\n".join(paragraph))
            paragraph.clear()

    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            flush()
            pdf.heading(stripped.lstrip("#").strip())
        elif not stripped:
            flush()
        else:
            paragraph.append(stripped)
    flush()
    return pdf.output()


def document_issue(
    *,
    actor: User,
    case: Case,
    template: DocumentTemplate,
    service_types: Iterable[str] = (),
    is_special_category: bool = False,
) -> CaseDocument:
    """Fill ``template`` from the case, in its language, make it a PDF and keep it on the case as a
    document "issued by the office"."""
    _require_editable(actor, case)
    if template.pk not in {t.pk for t in selectors_documents.templates_for_case(case)}:
        raise ValidationError({"template": _("This template cannot be used for this case.")})
    if case.person_id is None:
        raise ValidationError(_("Documents are issued for a person's case, not a household's."))
    # The document speaks the template's language; a mistake in it is told in the user's.
    documents.check_body(template.body)
    with translation.override(template.language):
        context = document_context(case=case, actor=actor, service_types=service_types)
        data: bytes | None = None
        with contextlib.suppress(ValidationError):
            data = document_pdf(template=template, text=documents.render_body(template.body, context))
    if data is None:
        documents.render_body(template.body, context)  # raises again, now in the user's language
        raise AssertionError("unreachable")
    return _save_document(
        actor=actor,
        case=case,
        data=data,
        file_type=documents.PDF,
        file_name=f"{template.code}-{case.reference}.pdf",
        kind=CaseDocument.Kind.ISSUED,
        title=template.name,
        occurred_on=timezone.localdate(),
        is_special_category=is_special_category,
    )


# --- Templates -----------------------------------------------------------------------------------


def _require_template_editor(actor: User, organisation_id: int | None) -> None:
    if organisation_id is None or not policy.can(actor, Perm.COORDINATE, organisation_id):
        raise PermissionDenied


def _save_template(template: DocumentTemplate) -> DocumentTemplate:
    documents.check_body(template.body)
    template.full_clean()
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"code": _("Your organisation already has a template with this code in this language.")}
        ) from exc
    return template


@transaction.atomic
def document_template_create(
    *,
    actor: User,
    organisation: Organisation,
    code: str,
    language: str,
    name: str,
    body: str,
    is_active: bool = True,
) -> DocumentTemplate:
    """A coordinator adds a template for their organisation; its text must be a valid template."""
    _require_template_editor(actor, organisation.pk)
    return _save_template(
        DocumentTemplate(
            organisation=organisation,
            code=code,
            language=language,
            name=name.strip(),
            body=body,
            is_active=is_active,
        )
    )


@transaction.atomic
def document_template_update(
    *, actor: User, template: DocumentTemplate, name: str, body: str, is_active: bool
) -> DocumentTemplate:
    """Change an organisation's template (network-wide ones are copied first)."""
    if not policy.may_edit_document_template(actor, template):
        raise PermissionDenied
    template.name = name.strip()
    template.body = body
    template.is_active = is_active
    return _save_template(template)


@transaction.atomic
def document_template_copy(
    *, actor: User, template: DocumentTemplate, organisation: Organisation
) -> DocumentTemplate:
    """Copy a template (usually a network-wide one) into the coordinator's organisation, where it
    takes the network's place for that organisation's cases."""
    _require_template_editor(actor, organisation.pk)
    if not policy.document_templates_visible_to(
        actor, DocumentTemplate.objects.filter(pk=template.pk)
    ).exists():
        raise PermissionDenied
    existing = DocumentTemplate.objects.filter(
        organisation=organisation, code=template.code, language=template.language
    ).first()
    if existing is not None:
        raise ValidationError(
            _("Your organisation already has its own version of this template: change that one.")
        )
    return _save_template(
        DocumentTemplate(
            organisation=organisation,
            code=template.code,
            language=template.language,
            name=template.name,
            body=template.body,
            is_active=True,
        )
    )


@transaction.atomic
def document_templates_load() -> dict[str, int]:
    """Create or update the network-wide templates of ``document_seed`` by code and language; safe
    to run again (unchanged templates are not written). Returns created, updated and unchanged."""
    from acollida.cases.document_seed import TEMPLATES

    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for seed in TEMPLATES:
        documents.check_body(seed.body)
        existing = DocumentTemplate.objects.filter(
            organisation__isnull=True, code=seed.code, language=seed.language
        ).first()
        if existing is None:
            DocumentTemplate.objects.create(
                code=seed.code, language=seed.language, name=seed.name, body=seed.body
            )
            counts["created"] += 1
        elif (existing.name, existing.body) != (seed.name, seed.body):
            existing.name, existing.body = seed.name, seed.body
            existing.full_clean()
            existing.save()
            counts["updated"] += 1
        else:
            counts["unchanged"] += 1
    return counts

"""Reads of case documents and document templates, and the timeline with documents merged in.

Documents are read only through ``policy.case_documents_visible_to``: the holder's staff who may
open the case see them all; a receiver of a referral sharing the "documents" section sees those
that are not special category; nobody else sees any.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import CharField, Q, QuerySet, Value
from django.http import Http404

from acollida.cases.models import Case, CaseDocument, DocumentTemplate, TimelineEntry
from acollida.cases.selectors import case_get_for_user, case_timeline
from acollida.core import policy
from acollida.core.policy import Perm

DOCUMENT_KIND = "document"  # the timeline filter's value for documents

DOCUMENT_SORTS: dict[str, tuple[str, ...]] = {
    "date": ("occurred_on", "pk"),
    "-date": ("-occurred_on", "-pk"),
    "title": ("title", "pk"),
    "-title": ("-title", "-pk"),
    "type": ("kind", "-occurred_on", "-pk"),
    "-type": ("-kind", "-occurred_on", "-pk"),
}
DEFAULT_DOCUMENT_SORT = "-date"


def documents_visible(user: Any) -> QuerySet[CaseDocument]:
    return policy.case_documents_visible_to(user, CaseDocument.objects.all())


def may_read_documents(user: Any, case: Case, access: policy.CaseAccess | None = None) -> bool:
    """Whether the case's documents section is open to the user (holder staff, or a receiver of a
    referral sharing it). ``access``: the case's ``policy.case_access`` when the page has it."""
    return "documents" in (access or policy.case_access(user, case)).sections


def case_documents(
    user: Any,
    case: Case,
    sort: str = DEFAULT_DOCUMENT_SORT,
    access: policy.CaseAccess | None = None,
) -> QuerySet[CaseDocument]:
    """The case's documents the user may see, with who added them (through the case's
    ``policy.case_access`` when the page has it, without checking the case again)."""
    found = (
        policy.case_documents_for(access, CaseDocument.objects.all())
        if access is not None
        else documents_visible(user).filter(case=case)
    )
    return found.select_related("uploaded_by").order_by(
        *DOCUMENT_SORTS.get(sort, DOCUMENT_SORTS[DEFAULT_DOCUMENT_SORT])
    )


def document_get_for_user(user: Any, case_id: int, document_id: int) -> tuple[Case, CaseDocument]:
    """The case and one of its documents if the user may see both; 404 otherwise."""
    case = case_get_for_user(user, case_id)
    document = documents_visible(user).filter(case=case, pk=document_id).select_related("uploaded_by").first()
    if document is None:
        raise Http404
    document.case = case
    return case, document


# --- Templates -----------------------------------------------------------------------------------


def document_templates_for(user: Any) -> QuerySet[DocumentTemplate]:
    """Templates a coordinator manages and may copy: the network's and their organisations'."""
    return (
        policy.document_templates_visible_to(user, DocumentTemplate.objects.all())
        .select_related("organisation")
        .order_by("name", "language", "organisation_id", "pk")
    )


def templates_for_case(case: Case) -> list[DocumentTemplate]:
    """Active templates a case may be issued from: the holder's own, and the network's where the
    holder has no version of its own (same code and language)."""
    found = DocumentTemplate.objects.filter(
        Q(organisation__isnull=True) | Q(organisation_id=case.organisation_id), is_active=True
    ).order_by("name", "language", "pk")
    own = {(t.code, t.language) for t in found if t.organisation_id is not None}
    return [t for t in found if t.organisation_id is not None or (t.code, t.language) not in own]


def coordinated_organisations(user: Any) -> set[int]:
    return policy.organisation_ids_with(user, Perm.COORDINATE)


# --- The timeline, documents merged in ----------------------------------------------------------


@dataclass
class MergedTimeline:
    """Timeline entries and documents in one chronology, newest first, for ``Paginator``.

    One ``UNION ALL`` of (date, type, id) rows from both tables, ordered and sliced in the
    database, so a page holds exactly the right rows whatever the mix; then the page's entries and
    documents are fetched in one query each. Four queries a page (count, ids, entries, documents),
    whatever its length.
    """

    entries: QuerySet[TimelineEntry] | None
    documents: QuerySet[CaseDocument] | None

    def _ids(self) -> QuerySet[Any]:
        parts = []
        for qs, label in ((self.entries, "entry"), (self.documents, DOCUMENT_KIND)):
            if qs is not None:
                parts.append(
                    qs.order_by()
                    .annotate(item=Value(label, output_field=CharField()))
                    .values_list("occurred_on", "pk", "item")
                )
        first, *rest = parts
        return first.union(*rest, all=True) if rest else first

    def count(self) -> int:
        if self.entries is None and self.documents is None:
            return 0
        return self._ids().count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Any]:
        if self.entries is None and self.documents is None:
            return []
        rows = list(self._ids().order_by("-occurred_on", "item", "-pk")[window])
        entry_ids = [pk for _day, pk, item in rows if item == "entry"]
        document_ids = [pk for _day, pk, item in rows if item == DOCUMENT_KIND]
        entries = TimelineEntry.objects.select_related("author").in_bulk(entry_ids) if entry_ids else {}
        docs = (
            CaseDocument.objects.select_related("uploaded_by").in_bulk(document_ids) if document_ids else {}
        )
        items: list[Any] = []
        for _day, pk, item in rows:
            if item == DOCUMENT_KIND:
                document = docs[pk]
                document.is_document = True  # type: ignore[attr-defined]
                items.append(document)
            else:
                items.append(entries[pk])
        return items


def case_timeline_merged(
    user: Any,
    case: Case,
    kinds: Iterable[str] = (),
    service_types: Iterable[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    with_entries: bool = True,
    access: policy.CaseAccess | None = None,
) -> MergedTimeline:
    """The case's timeline with its documents, newest first; ``kinds`` may include ``"document"``.
    A filter on service types leaves documents out (they have none). ``with_entries`` false (the
    timeline section is not shared with the user) leaves only the documents they may see.
    ``access``: the case's ``policy.case_access`` when the page has it."""
    kinds = list(kinds)
    service_types = [s for s in service_types if s]
    entry_kinds = [k for k in kinds if k in TimelineEntry.Kind.values]
    want_entries = with_entries and (not kinds or bool(entry_kinds))
    want_documents = (not kinds or DOCUMENT_KIND in kinds) and not service_types
    entries = (
        case_timeline(
            case, kinds=entry_kinds, service_types=service_types, date_from=date_from, date_to=date_to
        )
        if want_entries
        else None
    )
    documents = None
    if want_documents:
        access = access or policy.case_access(user, case)
        if "documents" in access.sections:
            documents = policy.case_documents_for(access, CaseDocument.objects.all())
            if date_from:
                documents = documents.filter(occurred_on__gte=date_from)
            if date_to:
                documents = documents.filter(occurred_on__lte=date_to)
    return MergedTimeline(entries=entries, documents=documents)

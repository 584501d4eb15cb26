"""Data-subject rights: everything held about a person, gathered from every app.

Each app declares the models that hold personal data in its own ``rights.py`` (``people``,
``cases``, ``agenda``) with ``register(PersonalModel(...))``: how a row leads to the person it is
about, which columns stay out of the export (hashes, storage names), and what the retention
schedule does to it. This module gathers those rows for the export (JSON, and PDF in the person's
language), and ``rights_erasure`` erases or pseudonymises them. ``tests/core/test_rights.py``
walks every installed model and fails when one leads to a person without being registered, so a
new model cannot be forgotten.

The read log (who read the person's file) and the change log of their records are part of the
export too: knowing who looked at one's file is a right of its own.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from importlib import import_module
from typing import Any

from auditlog.models import LogEntry
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from acollida.core.models import ReadLog
from acollida.core.pdf import PdfDocument

# What the retention schedule does to a row: a value per field, or
# ``DELETE`` to remove the row altogether. An empty mapping keeps the row as it is (statistics).
DELETE = "delete"
Retention = Mapping[str, object] | str

EXPORT_FORMAT = "acollida-export/1"
PDF_LANGUAGES = ("ca", "es", "en", "fr", "ar", "uk")


@dataclass(frozen=True)
class PersonalModel:
    """A model holding personal data, and how its rows lead to the person they are about.

    ``paths`` are lookups from a row to ``people.Person`` (``"person"``, ``"case__person"``): such
    rows belong to the person and are erased with them. ``shared_paths`` lead to rows about the
    person *and* others (a household, a household's case, an import batch): they are exported but
    kept on erasure (only the person's own part goes). ``read_log_type`` is the ``record_type``
    under which reads of these rows are logged.
    """

    model: type[models.Model]
    paths: tuple[str, ...] = ()
    shared_paths: tuple[str, ...] = ()
    exclude: frozenset[str] = frozenset()
    retention: Retention = field(default_factory=dict)
    read_log_type: str = ""

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    def own_rows(self, person_ids: Iterable[int]) -> models.QuerySet[Any]:
        ids = list(person_ids)
        return self._rows(self.paths, ids)

    def all_rows(self, person_ids: Iterable[int]) -> models.QuerySet[Any]:
        ids = list(person_ids)
        return self._rows(self.paths + self.shared_paths, ids)

    def _rows(self, paths: tuple[str, ...], ids: list[int]) -> models.QuerySet[Any]:
        manager = self.model._default_manager
        if not paths:
            return manager.none()
        condition = Q()
        for path in paths:
            condition |= Q(**{"pk__in" if path == "pk" else f"{path}__in": ids})
        return manager.filter(condition).distinct().order_by("pk")


REGISTRY: dict[str, PersonalModel] = {}


def register(entry: PersonalModel) -> None:
    REGISTRY[entry.label] = entry


def registry() -> dict[str, PersonalModel]:
    """Every registered model, after each installed app's ``rights`` module has registered."""
    for config in apps.get_app_configs():
        if config.name.startswith("acollida."):
            try:
                import_module(f"{config.name}.rights")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.rights":
                    raise
    return REGISTRY


# --- Collecting ---------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, list | tuple):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item) for key, item in value.items()}
    return str(value)


def row_as_dict(row: models.Model, exclude: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The concrete columns of a row, decrypted (encrypted fields decrypt when read), foreign keys as
    ids, choices with their code."""
    data: dict[str, Any] = {}
    for model_field in row._meta.concrete_fields:
        if model_field.name in exclude:
            continue
        data[model_field.attname] = _json_value(getattr(row, model_field.attname))
    return data


def person_group(person: Any) -> list[int]:
    """The person and every record merged into them (the same human being), transitively."""
    from acollida.people.models import Person

    found = [person.pk]
    frontier = [person.pk]
    while frontier:
        frontier = list(
            Person.objects.filter(merged_into_id__in=frontier)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found.extend(frontier)
    return found


def read_log_rows(person_ids: list[int]) -> models.QuerySet[ReadLog]:
    """Reads of the person's records (their file, their cases…), newest first."""
    condition = Q(pk__in=[])
    for entry in registry().values():
        if entry.read_log_type:
            ids = [str(pk) for pk in entry.own_rows(person_ids).values_list("pk", flat=True)]
            condition |= Q(record_type=entry.read_log_type, record_id__in=ids)
    return ReadLog.objects.filter(condition).select_related("user", "organisation")


def change_log_rows(person_ids: list[int]) -> models.QuerySet[LogEntry]:
    """The change log of the person's records (values were masked when written)."""
    condition = Q(pk__in=[])
    for entry in registry().values():
        ids = [str(pk) for pk in entry.own_rows(person_ids).values_list("pk", flat=True)]
        if ids:
            content_type = ContentType.objects.get_for_model(entry.model)
            condition |= Q(content_type=content_type, object_pk__in=ids)
    return LogEntry.objects.filter(condition).select_related("content_type").order_by("timestamp", "pk")


@dataclass
class PersonExport:
    """Everything held about one person: rows per registered model, reads and changes."""

    person: Any
    generated_at: datetime
    records: dict[str, list[dict[str, Any]]]
    reads: list[dict[str, Any]]
    changes: list[dict[str, Any]]

    def as_json(self) -> bytes:
        document = {
            "format": EXPORT_FORMAT,
            "generated_at": self.generated_at.isoformat(),
            "person_id": self.person.pk,
            "records": self.records,
            "read_log": self.reads,
            "change_log": self.changes,
        }
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode("utf-8")


def person_export_collect(*, person: Any) -> PersonExport:
    """Gather every row about ``person`` (and the records merged into them) from every app."""
    group = person_group(person)
    records: dict[str, list[dict[str, Any]]] = {}
    for label, entry in sorted(registry().items()):
        rows = [row_as_dict(row, entry.exclude) for row in entry.all_rows(group)]
        if rows:
            records[label] = rows
    reads = [
        {
            "at": _json_value(row.at),
            "who": str(row.user),
            "acting_for": str(row.organisation) if row.organisation else "",
            "record_type": row.record_type,
            "record_id": row.record_id,
            "channel": row.channel,
            "purpose": row.purpose,
        }
        for row in read_log_rows(group)
    ]
    changes = [
        {
            "at": _json_value(row.timestamp),
            "record": row.content_type.model,
            "record_id": row.object_pk,
            "action": row.get_action_display(),
            "fields": sorted((row.changes or {}).keys()) if isinstance(row.changes, dict) else [],
        }
        for row in change_log_rows(group)
    ]
    return PersonExport(
        person=person, generated_at=timezone.now(), records=records, reads=reads, changes=changes
    )


# --- The PDF ------------------------------------------------------------------------------------


def export_language(person: Any, fallback: str) -> str:
    """The first language the person speaks among the six of the product, else ``fallback``."""
    for spoken in person.languages.order_by("pk"):
        code = spoken.language.lower()[:2]
        if code in PDF_LANGUAGES:
            return code
    return fallback if fallback in PDF_LANGUAGES else settings.LANGUAGE_CODE[:2]


# Columns printed in the PDF are the readable ones; ids, hashes and the photo itself stay in JSON.
_PDF_SKIP = frozenset({"id", "image", "person_id", "organisation_id", "merged_into_id"})


def _pdf_value(model: type[models.Model], name: str, value: Any) -> str:
    try:
        model_field = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
    except FieldDoesNotExist:  # a column that is not a field name: printed as it is
        return str(value)
    choices = getattr(model_field, "flatchoices", None)
    if choices and not isinstance(value, list | dict):
        return str(dict(choices).get(value, value))
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _pdf_label(model: type[models.Model], name: str) -> str:
    try:
        model_field = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name)
    except FieldDoesNotExist:
        return name
    return str(getattr(model_field, "verbose_name", name))


def person_export_pdf(export: PersonExport, *, language: str) -> bytes:
    """The export as a PDF for the person to read, headings in ``language``."""
    with translation.override(language):
        person = export.person
        doc = PdfDocument(title=_("Everything we hold about you"), language=language)
        doc.paragraph(
            _("Prepared on %(date)s at your request. Your file number is %(number)s.")
            % {"date": export.generated_at.date().isoformat(), "number": person.pk}
        )
        for label, rows in export.records.items():
            model = apps.get_model(label)
            doc.heading(str(model._meta.verbose_name_plural).capitalize())
            for row in rows:
                pairs = [
                    (_pdf_label(model, name), _pdf_value(model, name, value))
                    for name, value in row.items()
                    if name not in _PDF_SKIP and value not in (None, "", [], {})
                ]
                if label == "people.personphoto":
                    pairs.insert(0, (_("Photo"), _("A photo of you is kept (it is in the JSON export).")))
                doc.facts(pairs)
        doc.heading(_("Who read your file"))
        if export.reads:
            doc.table(
                [_("When"), _("Who"), _("Acting for"), _("Purpose")],
                [
                    (read["at"][:16], read["who"], read["acting_for"], read["purpose"])
                    for read in export.reads
                ],
            )
        else:
            doc.paragraph(_("Nobody has read it yet."))
        doc.heading(_("Changes to your records"))
        if export.changes:
            doc.table(
                [_("When"), _("Record"), _("Change"), _("Fields")],
                [
                    (change["at"][:16], change["record"], change["action"], ", ".join(change["fields"]))
                    for change in export.changes
                ],
            )
        else:
            doc.paragraph(_("No changes recorded."))
        return doc.output()


def counts_of(person_ids: list[int]) -> dict[str, int]:
    """How many rows of each registered model belong to the person (the erasure page lists them)."""
    counts = {}
    for label, entry in sorted(registry().items()):
        count = entry.own_rows(person_ids).count()
        if count:
            counts[label] = count
    return counts


def verbose_counts(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    return [(str(apps.get_model(label)._meta.verbose_name_plural), count) for label, count in counts.items()]

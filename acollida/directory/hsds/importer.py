"""Load an HSDS 3.1 feed (``acollida directory import-hsds DIR --lang LANG``), all or nothing.

First every object of every file is checked against the strict official schema and its links
(organisation, programme, location, taxonomy term) against the feed and the database; any error
and nothing is written. Then one transaction writes the feed, ids kept: a record already here is
updated (its children replaced by the feed's), a new one is created. Texts go in as the feed
language: the HSDS column of a new record (``source_language`` = the feed's), or the translation in
that language of a record kept in another language, marked as a draft to review. A model check
that fails while writing is reported too, and the transaction rolls back.

(The module is ``importer``, not ``import``: ``import`` is a Python keyword.)
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.db.models import Model
from django.utils.dateparse import parse_date, parse_datetime, parse_time
from django.utils.translation import gettext as _

from acollida.directory.hsds import strict
from acollida.directory.hsds.serialise import FIELDS, model_attribute
from acollida.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    OrganizationIdentifier,
    Phone,
    Program,
    RequiredDocument,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceCapacity,
    ServiceUrl,
    Taxonomy,
    TaxonomyTerm,
    Translatable,
    TranslationStatus,
    Unit,
)
from acollida.directory.services import service_search_refresh, translation_set

# file → the schema its objects follow. The first two are the feed; the taxonomy files are optional.
FEED_FILES = {
    "taxonomies.json": "taxonomy",
    "taxonomy_terms.json": "taxonomy_term",
    "organizations.json": "organization",
    "services.json": "service",
}
REQUIRED_FILES = ("services.json", "organizations.json")


@dataclass(frozen=True)
class FeedError:
    """One problem: the file, the object (index and id), where in it, and what is wrong."""

    file: str
    index: int | None
    object_id: str
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.index is not None:
            where += f"[{self.index}]"
        if self.object_id:
            where += f" (id {self.object_id})"
        if self.path:
            where += f" {self.path}"
        return f"{where}: {self.message}"


@dataclass
class ImportReport:
    """What an import did, or every reason it did nothing."""

    errors: list[FeedError] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, model: type[Model], created: bool) -> None:
        bucket = self.created if created else self.updated
        name = str(model._meta.verbose_name_plural)
        bucket[name] = bucket.get(name, 0) + 1

    def lines(self) -> list[str]:
        if self.errors:
            return [
                _("%(count)s errors; nothing was imported.") % {"count": len(self.errors)},
                *(str(error) for error in self.errors),
            ]
        lines = [_("Import done.")]
        for name in sorted(set(self.created) | set(self.updated)):
            lines.append(
                _("%(records)s: %(created)s created, %(updated)s updated")
                % {
                    "records": name,
                    "created": self.created.get(name, 0),
                    "updated": self.updated.get(name, 0),
                }
            )
        return lines


class _Rollback(Exception):
    """Raised inside the transaction to undo it after an error was added to the report."""


# --- reading and checking ---------------------------------------------------------------------


def _read(folder: Path, report: ImportReport) -> dict[str, list[Any]]:
    feed: dict[str, list[Any]] = {}
    for file_name in FEED_FILES:
        path = folder / file_name
        if not path.exists():
            if file_name in REQUIRED_FILES:
                report.errors.append(FeedError(file_name, None, "", "", _("The file is missing.")))
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            message = _("The file is not readable JSON: %(error)s") % {"error": error}
            report.errors.append(FeedError(file_name, None, "", "", message))
            continue
        if not isinstance(data, list):
            message = _("The file must hold a JSON array of objects.")
            report.errors.append(FeedError(file_name, None, "", "", message))
            continue
        feed[file_name] = data
    return feed


def _object_id(document: Any) -> str:
    return str(document.get("id", "")) if isinstance(document, dict) else ""


def _schema_check(feed: dict[str, list[Any]], report: ImportReport) -> None:
    for file_name, documents in feed.items():
        for index, document in enumerate(documents):
            for error in strict.validate(FEED_FILES[file_name], document):
                report.errors.append(
                    FeedError(file_name, index, _object_id(document), error.path, error.message)
                )


def _walk(document: Any, path: str = "$") -> Iterable[tuple[str, str, Any]]:
    """Every (path, key, value) in a document, for the link checks."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield path, key, value
            yield from _walk(value, f"{path}.{key}")
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from _walk(value, f"{path}[{index}]")


# A link to another record, and where that record may be defined (in the feed or in the database).
LINKS: dict[str, type[Model]] = {
    "organization_id": Organization,
    "parent_organization_id": Organization,
    "program_id": Program,
    "location_id": Location,
    "taxonomy_term_id": TaxonomyTerm,
    "parent_id": TaxonomyTerm,
    "taxonomy_id": Taxonomy,
    "unit_id": Unit,
}
# The nested objects that define a record of each kind, by the key they sit under.
DEFINERS: dict[str, type[Model]] = {
    "organization": Organization,
    "program": Program,
    "programs": Program,
    "location": Location,
    "locations": Location,
    "taxonomy_term": TaxonomyTerm,
    "taxonomy_detail": Taxonomy,
    "unit": Unit,
}
TOP_MODELS = {
    "taxonomies.json": Taxonomy,
    "taxonomy_terms.json": TaxonomyTerm,
    "organizations.json": Organization,
}


def _defined_ids(feed: dict[str, list[Any]]) -> dict[type[Model], set[str]]:
    defined: dict[type[Model], set[str]] = {model: set() for model in LINKS.values()}
    for file_name, documents in feed.items():
        for document in documents:
            if file_name in TOP_MODELS:
                defined[TOP_MODELS[file_name]].add(_object_id(document))
            for _path, key, value in _walk(document):
                model = DEFINERS.get(key)
                if model is None:
                    continue
                for item in value if isinstance(value, list) else [value]:
                    defined[model].add(_object_id(item))
    return defined


def _link_check(feed: dict[str, list[Any]], report: ImportReport) -> None:
    """Every link points at a record of the feed or one already in the directory."""
    defined = _defined_ids(feed)
    wanted: dict[type[Model], set[str]] = {model: set() for model in defined}
    for documents in feed.values():
        for document in documents:
            for _path, key, value in _walk(document):
                if key in LINKS and isinstance(value, str):
                    wanted[LINKS[key]].add(value)
    existing: dict[type[Model], set[str]] = {}
    for model, ids in wanted.items():
        found = model._default_manager.filter(pk__in=ids - defined[model]).values_list("pk", flat=True)
        existing[model] = {str(pk) for pk in found}
    for file_name, documents in feed.items():
        for index, document in enumerate(documents):
            for path, key, value in _walk(document):
                if key not in LINKS or not isinstance(value, str):
                    continue
                model = LINKS[key]
                if value in defined[model] or value in existing[model]:
                    continue
                message = _("%(field)s %(value)s is neither in the feed nor in the directory.") % {
                    "field": key,
                    "value": value,
                }
                report.errors.append(
                    FeedError(file_name, index, _object_id(document), f"{path}.{key}", message)
                )


# --- writing ----------------------------------------------------------------------------------


def _parse(model_field: models.Field[Any, Any], value: Any) -> Any:
    """A JSON value as the model field holds it; a text it cannot read is left as it is, for the
    model check to reject with its own message."""
    parsers = (
        (models.DateTimeField, parse_datetime),
        (models.DateField, parse_date),
        (models.TimeField, parse_time),
    )
    for field_class, parser in parsers:
        if isinstance(model_field, field_class):
            if not isinstance(value, str):
                return value
            try:
                parsed = parser(value)
            except ValueError:
                return value
            return value if parsed is None else parsed
    if isinstance(model_field, models.DecimalField):
        return Decimal(str(value))
    if isinstance(model_field, models.IntegerField) and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class _Writer:
    """Writes the checked feed in ``lang``; each record once per import even if nested many times."""

    def __init__(self, lang: str, report: ImportReport) -> None:
        self.lang = lang
        self.report = report
        self.done: set[tuple[type[Model], str]] = set()
        self.services: list[Service] = []
        self.last_modified: dict[uuid.UUID, datetime] = {}
        self.file = ""
        self.index: int | None = None
        self.object_id = ""

    # One record: its one-to-one fields, texts in the feed language, links as given.
    def record(self, model: type[Model], data: dict[str, Any], **links: Any) -> Model:
        pk = uuid.UUID(data["id"])
        existing = model._default_manager.filter(pk=pk).first()
        obj = existing or model(pk=pk)
        translatable = obj.TRANSLATABLE_FIELDS if isinstance(obj, Translatable) else ()
        if isinstance(obj, Translatable) and existing is None:
            obj.source_language = self.lang
        for name in FIELDS[model]:
            if name == "id" or name in {"link_id", "link_entity"}:
                continue
            attribute = model_attribute(model, name)
            if name in links or attribute.removesuffix("_id") in links:
                continue
            value = data.get(name)
            if name in translatable:
                assert isinstance(obj, Translatable)
                translation_set(obj, name, self.lang, str(value or ""))
                continue
            model_field = model._meta.get_field(attribute)
            assert isinstance(model_field, models.Field)
            if value is None:
                value = None if model_field.null else model_field.get_default()
            elif model_field.is_relation:
                attribute = model_field.attname
                value = uuid.UUID(value)
            else:
                value = _parse(model_field, value)
            setattr(obj, attribute, value)
        for name, value in links.items():
            setattr(obj, name, value)
        if isinstance(obj, Translatable) and translatable and self.lang != obj.source_language:
            # A translation that arrives by import is a draft until someone reviews it here.
            obj.translation_status = {**(obj.translation_status or {}), self.lang: TranslationStatus.DRAFT}
        try:
            obj.full_clean()
            obj.save()
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                for message in messages:
                    self.fail(f"{model._meta.model_name}({data['id']}).{field_name}", message)
            raise _Rollback from error
        self.report.count(model, created=existing is None)
        return obj

    def fail(self, path: str, message: str) -> None:
        self.report.errors.append(FeedError(self.file, self.index, self.object_id, path, message))

    def once(self, model: type[Model], data: dict[str, Any]) -> bool:
        key = (model, str(data["id"]))
        if key in self.done:
            return False
        self.done.add(key)
        return True

    # --- the HSDS objects ---

    def taxonomy(self, data: dict[str, Any]) -> None:
        if self.once(Taxonomy, data):
            self.record(Taxonomy, data)

    def taxonomy_term(self, data: dict[str, Any]) -> None:
        if not self.once(TaxonomyTerm, data):
            return
        if "taxonomy_detail" in data:
            self.taxonomy(data["taxonomy_detail"])
        self.record(TaxonomyTerm, data)

    def attributes(self, items: list[dict[str, Any]], owner_field: str, owner: Model) -> None:
        for item in items:
            if "taxonomy_term" in item:
                self.taxonomy_term(item["taxonomy_term"])
            if "taxonomy_term_id" not in item:
                self.fail("attributes", _("An attribute needs its taxonomy_term_id."))
                raise _Rollback
            self.record(Attribute, item, **{owner_field: owner})

    def phones(self, items: list[dict[str, Any]], **owner: Any) -> None:
        for item in items:
            phone = self.record(Phone, item, **owner)
            for language in item.get("languages", []):
                self.record(Language, language, phone=phone)

    def contacts(self, items: list[dict[str, Any]], **owner: Any) -> None:
        for item in items:
            contact = self.record(Contact, item, **owner)
            self.phones(item.get("phones", []), contact=contact)

    def location(self, data: dict[str, Any]) -> Location:
        if not self.once(Location, data):
            return Location.objects.get(pk=data["id"])
        location = self.record(Location, data)
        assert isinstance(location, Location)
        for related in (location.languages, location.addresses, location.contacts, location.accessibility,
                        location.phones, location.schedules, location.attributes):  # fmt: skip
            related.all().delete()
        for item in data.get("languages", []):
            self.record(Language, item, location=location)
        for item in data.get("addresses", []):
            self.record(Address, item, location=location)
        self.contacts(data.get("contacts", []), location=location)
        for item in data.get("accessibility", []):
            self.record(Accessibility, item, location=location)
        self.phones(data.get("phones", []), location=location)
        for item in data.get("schedules", []):
            self.record(Schedule, item, location=location)
        self.attributes(data.get("attributes", []), "location", location)
        return location

    def organization(self, data: dict[str, Any], *, full: bool) -> None:
        if not self.once(Organization, data):
            return
        organization = self.record(Organization, data)
        assert isinstance(organization, Organization)
        if not full:
            return
        for related in (organization.additional_urls, organization.contacts, organization.phones,
                        organization.identifiers, organization.attributes):  # fmt: skip
            related.all().delete()
        for item in data.get("additional_websites", []):
            self.record(ServiceUrl, item, organization=organization)
        self.contacts(data.get("contacts", []), organization=organization)
        self.phones(data.get("phones", []), organization=organization)
        for item in data.get("locations", []):
            self.location(item)
        for item in data.get("programs", []):
            self.program(item)
        for item in data.get("organization_identifiers", []):
            self.record(OrganizationIdentifier, item, organization=organization)
        self.attributes(data.get("attributes", []), "organization", organization)

    def program(self, data: dict[str, Any]) -> None:
        if self.once(Program, data):
            self.record(Program, data)

    def service_at_location(self, data: dict[str, Any], service: Service) -> None:
        location = self.location(data["location"]) if "location" in data else None
        links: dict[str, Any] = {"service": service}
        if location is not None:
            links["location"] = location
        sal = self.record(ServiceAtLocation, data, **links)
        for item in data.get("service_areas", []):
            self.record(ServiceArea, item, service_at_location=sal)
        self.contacts(data.get("contacts", []), service_at_location=sal)
        self.phones(data.get("phones", []), service_at_location=sal)
        for item in data.get("schedules", []):
            self.record(Schedule, item, service_at_location=sal)
        self.attributes(data.get("attributes", []), "service_at_location", sal)

    def service(self, data: dict[str, Any]) -> None:
        if "organization" in data:
            self.organization(data["organization"], full=False)
        if "program" in data:
            self.program(data["program"])
        links: dict[str, Any] = {}
        if "organization_id" not in data and "organization" in data:
            links["organization_id"] = uuid.UUID(data["organization"]["id"])
        if "organization_id" not in data and not links:
            self.fail("$.organization_id", _("A service needs its organization."))
            raise _Rollback
        service = self.record(Service, data, **links)
        assert isinstance(service, Service)
        for related in (service.additional_urls, service.phones, service.schedules, service.service_areas,
                        service.service_at_locations, service.languages, service.cost_options,
                        service.required_documents, service.contacts, service.capacities,
                        service.attributes):  # fmt: skip
            related.all().delete()
        for item in data.get("additional_urls", []):
            self.record(ServiceUrl, item, service=service)
        self.phones(data.get("phones", []), service=service)
        for item in data.get("schedules", []):
            self.record(Schedule, item, service=service)
        for item in data.get("service_areas", []):
            self.record(ServiceArea, item, service=service)
        for item in data.get("service_at_locations", []):
            self.service_at_location(item, service)
        for item in data.get("languages", []):
            self.record(Language, item, service=service)
        for item in data.get("cost_options", []):
            self.record(CostOption, item, service=service)
        for item in data.get("required_documents", []):
            self.record(RequiredDocument, item, service=service)
        self.contacts(data.get("contacts", []), service=service)
        for item in data.get("capacities", []):
            if self.once(Unit, item["unit"]):
                self.record(Unit, item["unit"])
            self.record(ServiceCapacity, item, service=service)
        self.attributes(data.get("attributes", []), "service", service)
        if "last_modified" in data:
            parsed = parse_datetime(data["last_modified"])
            if parsed is not None:
                self.last_modified[service.pk] = parsed
        self.services.append(service)


def _terms_parents_first(terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id = {str(term.get("id")): term for term in terms}
    ordered: list[dict[str, Any]] = []
    placed: set[str] = set()

    def place(term: dict[str, Any], trail: tuple[str, ...] = ()) -> None:
        term_id = str(term.get("id"))
        if term_id in placed or term_id in trail:
            return
        parent = by_id.get(str(term.get("parent_id")))
        if parent is not None:
            place(parent, (*trail, term_id))
        placed.add(term_id)
        ordered.append(term)

    for term in terms:
        place(term)
    return ordered


def _write(feed: dict[str, list[Any]], writer: _Writer) -> None:
    terms = _terms_parents_first(feed.get("taxonomy_terms.json", []))
    steps: list[tuple[str, list[Any], Any]] = [
        ("taxonomies.json", feed.get("taxonomies.json", []), writer.taxonomy),
        ("taxonomy_terms.json", terms, writer.taxonomy_term),
        ("organizations.json", feed["organizations.json"], lambda data: writer.organization(data, full=True)),
        ("services.json", feed["services.json"], writer.service),
    ]
    positions = {
        file_name: {id(document): index for index, document in enumerate(feed.get(file_name, []))}
        for file_name in FEED_FILES
    }
    for file_name, documents, write in steps:
        for document in documents:
            writer.file = file_name
            writer.index = positions[file_name].get(id(document))
            writer.object_id = _object_id(document)
            write(document)


def feed_import(*, folder: Path, lang: str) -> ImportReport:
    """Check the feed in ``folder``, then write it in one transaction, or write nothing."""
    report = ImportReport()
    if not folder.is_dir():
        report.errors.append(FeedError(str(folder), None, "", "", _("The folder does not exist.")))
        return report
    feed = _read(folder, report)
    if report.errors:
        return report
    _schema_check(feed, report)
    if report.errors:
        return report
    _link_check(feed, report)
    if report.errors:
        return report
    writer = _Writer(lang, report)
    try:
        with transaction.atomic():
            _write(feed, writer)
            for service_id, modified in writer.last_modified.items():
                Service.objects.filter(pk=service_id).update(last_modified=modified)
            for service in writer.services:
                service_search_refresh(service=service)
    except _Rollback:
        report.created.clear()
        report.updated.clear()
    except DatabaseError as error:
        writer.fail("", _("The database refused the feed: %(error)s") % {"error": error})
        report.created.clear()
        report.updated.clear()
    return report

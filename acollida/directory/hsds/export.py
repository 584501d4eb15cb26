"""Write the directory as an HSDS 3.1 feed in one language (``acollida directory export-hsds``).

``services.json`` (full services, ``compiled/service.json``), ``organizations.json`` (full
organisations, ``compiled/organization.json``), ``taxonomies.json`` and ``taxonomy_terms.json`` (so a
feed carries the whole taxonomy, parents included), and the tabular package: one CSV per HSDS table
with the standard's columns and a ``datapackage.json`` describing them.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.db import models
from django.db.models import Model, QuerySet

from acollida.directory.hsds import serialise
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
    Taxonomy,
    TaxonomyTerm,
)

# The tabular package: file → (model, columns). The columns are the standard's, in its order
# (``examples/tabular.json``); a column we hold nothing for (``fees``, funding, metadata) is empty.
CSV_TABLES: dict[str, tuple[type[Model] | None, tuple[str, ...]]] = {
    "organizations.csv": (Organization, (
        "id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id",
        "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id",
    )),
    "programs.csv": (Program, ("id", "organization_id", "name", "alternate_name", "description")),
    "services.csv": (Service, (
        "id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email",
        "status", "interpretation_services", "application_process", "fees_description", "wait_time",
        "fees", "accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date",
        "assurer_email", "licenses", "alert", "last_modified",
    )),
    "attributes.csv": (Attribute, ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value")),
    "service_at_location.csv": (ServiceAtLocation, ("id", "service_id", "location_id", "description")),
    "locations.csv": (Location, (
        "id", "location_type", "url", "organization_id", "name", "alternate_name", "description",
        "transportation", "latitude", "longitude", "external_identifier", "external_identifier_type",
    )),
    "phones.csv": (Phone, (
        "id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id",
        "number", "extension", "type", "description",
    )),
    "contacts.csv": (Contact, (
        "id", "organization_id", "service_id", "service_at_location_id", "location_id", "name", "title",
        "department", "email",
    )),
    "addresses.csv": (Address, (
        "id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province",
        "postal_code", "country", "address_type",
    )),
    "schedules.csv": (Schedule, (
        "id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "dtstart",
        "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday",
        "byyearday", "description", "opens_at", "closes_at", "schedule_link", "attending_type", "notes",
    )),
    "funding.csv": (None, ("id", "organization_id", "service_id", "source")),
    "service_areas.csv": (ServiceArea, (
        "id", "service_id", "name", "description", "extent", "extent_type", "uri",
    )),
    "required_documents.csv": (RequiredDocument, ("id", "service_id", "document", "uri")),
    "languages.csv": (Language, ("id", "service_id", "location_id", "phone_id", "name", "code", "note")),
    "accessibility.csv": (Accessibility, ("id", "location_id", "description", "details", "url")),
    "taxonomy_terms.csv": (TaxonomyTerm, (
        "id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri",
    )),
    "metadata.csv": (None, (
        "id", "resource_id", "resource_type", "last_action_date", "last_action_type", "field_name",
        "previous_value", "replacement_value", "updated_by",
    )),
    "meta_table_descriptions.csv": (None, ("id", "name", "language", "character_set")),
    "cost_options.csv": (CostOption, (
        "id", "service_id", "valid_from", "valid_to", "option", "currency", "amount", "amount_description",
    )),
    "organization_identifiers.csv": (OrganizationIdentifier, (
        "id", "organization_id", "identifier_scheme", "identifier_type", "identifier",
    )),
    "taxonomies.csv": (Taxonomy, ("id", "name", "description", "uri", "version")),
}  # fmt: skip

JSON_FILES = ("services.json", "organizations.json", "taxonomies.json", "taxonomy_terms.json")


def _ordered(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.order_by("id")


def feed_build(lang: str) -> dict[str, list[dict[str, Any]]]:
    """The JSON feed in ``lang``: file name → array of HSDS objects, each array in id order."""
    terms = _ordered(TaxonomyTerm.objects.select_related("taxonomy_detail"))
    return {
        "services.json": [
            serialise.service_full(service, lang)
            for service in serialise.services_for_export(_ordered(Service.objects.all()))
        ],
        "organizations.json": [
            serialise.organization_full(organization, lang)
            for organization in serialise.organizations_for_export(_ordered(Organization.objects.all()))
        ],
        "taxonomies.json": [
            serialise.taxonomy_dict(taxonomy, lang) for taxonomy in _ordered(Taxonomy.objects.all())
        ],
        "taxonomy_terms.json": [serialise.taxonomy_term_dict(term, lang) for term in terms],
    }


def _csv_value(value: Any) -> str:
    return "" if value is None else str(value)


def csv_rows(file_name: str, lang: str) -> list[dict[str, str]]:
    """The rows of one CSV table in ``lang`` (id order), every column present."""
    model, columns = CSV_TABLES[file_name]
    if model is None:
        return []
    rows = []
    for record in _ordered(model._default_manager.all()):
        values = serialise.fields_of(record, lang)
        rows.append({column: _csv_value(values.get(column, "")) for column in columns})
    return rows


_FIELD_TYPES: tuple[tuple[type[models.Field[Any, Any]], str], ...] = (
    (models.DateTimeField, "datetime"),
    (models.DateField, "date"),
    (models.TimeField, "time"),
    (models.IntegerField, "integer"),
    (models.FloatField, "number"),
    (models.DecimalField, "number"),
)


def _column_type(model: type[Model] | None, column: str) -> str:
    if model is None:
        return "string"
    try:
        field = model._meta.get_field(serialise.model_attribute(model, column).removesuffix("_id"))
    except Exception:
        return "string"
    for field_class, kind in _FIELD_TYPES:
        if isinstance(field, field_class):
            return kind
    return "string"


def datapackage(lang: str) -> dict[str, Any]:
    """The Frictionless tabular data package that describes the CSV files."""
    return {
        "name": f"acollida-hsds-{lang}",
        "profile": "tabular-data-package",
        "title": "acollida service directory (Open Referral HSDS 3.1)",
        "language": lang,
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            {
                "name": file_name.removesuffix(".csv"),
                "path": file_name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": column, "type": _column_type(model, column)} for column in columns],
                    "primaryKey": "id",
                },
            }
            for file_name, (model, columns) in CSV_TABLES.items()
        ],
    }


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def export_write(*, lang: str, out: Path) -> dict[str, int]:
    """Write the feed in ``lang`` into the folder ``out`` (created if needed); file → records."""
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for file_name, objects in feed_build(lang).items():
        _write_json(out / file_name, objects)
        counts[file_name] = len(objects)
    for file_name, (_model, columns) in CSV_TABLES.items():
        rows = csv_rows(file_name, lang)
        with (out / file_name).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns))
            writer.writeheader()
            writer.writerows(rows)
        counts[file_name] = len(rows)
    _write_json(out / "datapackage.json", datapackage(lang))
    return counts

"""Directory records as HSDS 3.1 objects in one language.

Every text comes through ``services.text_for`` (the translation in ``lang``, or the source text when
there is none), so each language is one feed with the same ids. Empty values are left out rather
than sent as ``""`` or ``null`` (HSDS types them as strings, numbers or UUIDs, never null).
Our extensions (district, free of charge, demo flag, keywords) are not HSDS fields and are not sent.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Model, Prefetch, QuerySet

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
    Unit,
)
from acollida.directory.services import text_for

# The HSDS one-to-one fields of each object, in the order of the standard's schemas and CSV files.
FIELDS: dict[type[Model], tuple[str, ...]] = {
    Organization: (
        "id", "name", "alternate_name", "description", "email", "website", "tax_status", "tax_id",
        "year_incorporated", "legal_status", "logo", "uri", "parent_organization_id",
    ),
    Program: ("id", "organization_id", "name", "alternate_name", "description"),
    Service: (
        "id", "organization_id", "program_id", "name", "alternate_name", "description", "url", "email",
        "status", "interpretation_services", "application_process", "fees_description", "wait_time",
        "accreditations", "eligibility_description", "minimum_age", "maximum_age", "assured_date",
        "assurer_email", "licenses", "alert", "last_modified",
    ),
    ServiceUrl: ("id", "label", "url", "organization_id", "service_id"),
    Location: (
        "id", "location_type", "url", "organization_id", "name", "alternate_name", "description",
        "transportation", "latitude", "longitude", "external_identifier", "external_identifier_type",
    ),
    Address: (
        "id", "location_id", "attention", "address_1", "address_2", "city", "region", "state_province",
        "postal_code", "country", "address_type",
    ),
    ServiceAtLocation: ("id", "service_id", "location_id", "description"),
    ServiceArea: (
        "id", "service_id", "service_at_location_id", "name", "description", "extent", "extent_type", "uri",
    ),
    Schedule: (
        "id", "service_id", "location_id", "service_at_location_id", "valid_from", "valid_to", "dtstart",
        "timezone", "until", "count", "wkst", "freq", "interval", "byday", "byweekno", "bymonthday",
        "byyearday", "description", "opens_at", "closes_at", "schedule_link", "attending_type", "notes",
    ),
    Contact: (
        "id", "organization_id", "service_id", "service_at_location_id", "location_id", "name", "title",
        "department", "email",
    ),
    Phone: (
        "id", "location_id", "service_id", "organization_id", "contact_id", "service_at_location_id",
        "number", "extension", "type", "description",
    ),
    Language: ("id", "service_id", "location_id", "phone_id", "name", "code", "note"),
    Accessibility: ("id", "location_id", "description", "details", "url"),
    Unit: ("id", "name", "scheme", "identifier", "uri"),
    ServiceCapacity: ("id", "service_id", "unit_id", "available", "maximum", "description", "updated"),
    RequiredDocument: ("id", "service_id", "document", "uri"),
    CostOption: (
        "id", "service_id", "valid_from", "valid_to", "option", "currency", "amount", "amount_description",
    ),
    OrganizationIdentifier: ("id", "organization_id", "identifier_scheme", "identifier_type", "identifier"),
    Attribute: ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value", "label"),
    Taxonomy: ("id", "name", "description", "uri", "version"),
    TaxonomyTerm: (
        "id", "code", "name", "description", "parent_id", "taxonomy", "language", "taxonomy_id", "term_uri",
    ),
}  # fmt: skip

# HSDS names that are not the model attribute's name.
ATTRIBUTE_NAMES: dict[tuple[type[Model], str], str] = {
    (TaxonomyTerm, "taxonomy_id"): "taxonomy_detail_id",
}


def model_attribute(model: type[Model], name: str) -> str:
    return ATTRIBUTE_NAMES.get((model, name), name)


def plain_value(value: Any) -> Any:
    """A model value as JSON: UUIDs as strings, dates ISO 8601, decimals as numbers; '' for none."""
    if value is None:
        return ""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def fields_of(obj: Model, lang: str, names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """The HSDS one-to-one fields of ``obj`` in ``lang``, empty ones left out."""
    model = type(obj)
    translatable = obj.TRANSLATABLE_FIELDS if isinstance(obj, Translatable) else ()
    result: dict[str, Any] = {}
    for name in names or FIELDS[model]:
        if name in translatable:
            assert isinstance(obj, Translatable)
            value: Any = text_for(obj, name, lang)[0]
        else:
            value = plain_value(getattr(obj, model_attribute(model, name)))
        if value != "":
            result[name] = value
    return result


# --- nested objects -------------------------------------------------------------------------


def _each(manager: Any) -> list[Any]:
    """The related records in id order, so every export of the same data is the same text."""
    return sorted(manager.all(), key=lambda record: str(record.pk))


def taxonomy_dict(taxonomy: Taxonomy, lang: str) -> dict[str, Any]:
    return fields_of(taxonomy, lang)


def taxonomy_term_dict(term: TaxonomyTerm, lang: str, *, with_taxonomy: bool = False) -> dict[str, Any]:
    result = fields_of(term, lang)
    if with_taxonomy and term.taxonomy_detail is not None:
        result["taxonomy_detail"] = taxonomy_dict(term.taxonomy_detail, lang)
    return result


def attributes_of(owner: Model, lang: str) -> list[dict[str, Any]]:
    attributes = _each(owner.attributes)  # type: ignore[attr-defined]
    return [
        {**fields_of(attribute, lang), "taxonomy_term": taxonomy_term_dict(attribute.taxonomy_term, lang)}
        for attribute in attributes
    ]


def _languages(owner: Model, lang: str) -> list[dict[str, Any]]:
    return [fields_of(language, lang) for language in _each(owner.languages)]  # type: ignore[attr-defined]


def phone_dict(phone: Phone, lang: str) -> dict[str, Any]:
    return {**fields_of(phone, lang), "languages": _languages(phone, lang)}


def _phones(owner: Model, lang: str) -> list[dict[str, Any]]:
    return [phone_dict(phone, lang) for phone in _each(owner.phones)]  # type: ignore[attr-defined]


def contact_dict(contact: Contact, lang: str) -> dict[str, Any]:
    return {**fields_of(contact, lang), "phones": _phones(contact, lang)}


def _contacts(owner: Model, lang: str) -> list[dict[str, Any]]:
    return [contact_dict(contact, lang) for contact in _each(owner.contacts)]  # type: ignore[attr-defined]


def _schedules(owner: Model, lang: str) -> list[dict[str, Any]]:
    return [fields_of(schedule, lang) for schedule in _each(owner.schedules)]  # type: ignore[attr-defined]


def _service_areas(owner: Model, lang: str) -> list[dict[str, Any]]:
    return [fields_of(area, lang) for area in _each(owner.service_areas)]  # type: ignore[attr-defined]


def location_dict(location: Location, lang: str) -> dict[str, Any]:
    """A location with its addresses, languages, contacts, accessibility, phones and hours."""
    return {
        **fields_of(location, lang),
        "languages": _languages(location, lang),
        "addresses": [fields_of(address, lang) for address in _each(location.addresses)],
        "contacts": _contacts(location, lang),
        "accessibility": [fields_of(item, lang) for item in _each(location.accessibility)],
        "phones": _phones(location, lang),
        "schedules": _schedules(location, lang),
        "attributes": attributes_of(location, lang),
    }


def service_at_location_dict(sal: ServiceAtLocation, lang: str) -> dict[str, Any]:
    """A service-at-location as it sits inside a full service (the location nested in full)."""
    return {
        **fields_of(sal, lang),
        "service_areas": _service_areas(sal, lang),
        "contacts": _contacts(sal, lang),
        "phones": _phones(sal, lang),
        "schedules": _schedules(sal, lang),
        "location": location_dict(sal.location, lang),
        "attributes": attributes_of(sal, lang),
    }


def organization_brief(organization: Organization, lang: str) -> dict[str, Any]:
    """``compiled/organization_list.json``: the one-to-one fields."""
    return fields_of(organization, lang)


def program_dict(program: Program, lang: str) -> dict[str, Any]:
    return fields_of(program, lang)


def service_brief(service: Service, lang: str) -> dict[str, Any]:
    """``compiled/service_list.json``: one-to-one fields, the organization and the programme."""
    result = fields_of(service, lang)
    result["organization"] = organization_brief(service.organization, lang)
    if service.program is not None:
        result["program"] = program_dict(service.program, lang)
    return result


def capacity_dict(capacity: ServiceCapacity, lang: str) -> dict[str, Any]:
    return {**fields_of(capacity, lang), "unit": fields_of(capacity.unit, lang)}


def service_full(service: Service, lang: str) -> dict[str, Any]:
    """``compiled/service.json``: the service with everything that hangs from it."""
    result = service_brief(service, lang)
    result.update(
        {
            "additional_urls": [fields_of(url, lang) for url in _each(service.additional_urls)],
            "phones": _phones(service, lang),
            "schedules": _schedules(service, lang),
            "service_areas": _service_areas(service, lang),
            "service_at_locations": [
                service_at_location_dict(sal, lang) for sal in _each(service.service_at_locations)
            ],
            "languages": _languages(service, lang),
            "cost_options": [fields_of(option, lang) for option in _each(service.cost_options)],
            "required_documents": [
                fields_of(document, lang) for document in _each(service.required_documents)
            ],
            "contacts": _contacts(service, lang),
            "capacities": [capacity_dict(capacity, lang) for capacity in _each(service.capacities)],
            "attributes": attributes_of(service, lang),
        }
    )
    return result


def organization_full(organization: Organization, lang: str) -> dict[str, Any]:
    """``compiled/organization.json``: the organisation, its places, programmes and services (brief)."""
    return {
        **fields_of(organization, lang),
        "additional_websites": [fields_of(url, lang) for url in _each(organization.additional_urls)],
        "contacts": _contacts(organization, lang),
        "phones": _phones(organization, lang),
        "locations": [location_dict(location, lang) for location in _each(organization.locations)],
        "programs": [program_dict(program, lang) for program in _each(organization.programs)],
        "organization_identifiers": [fields_of(item, lang) for item in _each(organization.identifiers)],
        "attributes": attributes_of(organization, lang),
        "services": [fields_of(service, lang) for service in _each(organization.services)],
    }


def service_at_location_brief(sal: ServiceAtLocation, lang: str) -> dict[str, Any]:
    """``compiled/service_at_location_list.json``: with the location and service one-to-one fields."""
    return {
        **fields_of(sal, lang),
        "location": fields_of(sal.location, lang),
        "service": service_brief(sal.service, lang),
    }


def service_at_location_full(sal: ServiceAtLocation, lang: str) -> dict[str, Any]:
    """``compiled/service_at_location.json``."""
    return {**service_at_location_dict(sal, lang), "service": service_brief(sal.service, lang)}


# --- querysets that fetch what the serialisers read, in a fixed number of queries ------------

_LOCATION_PARTS = (
    "languages",
    "addresses",
    "contacts__phones__languages",
    "accessibility",
    "phones__languages",
    "schedules",
    "attributes__taxonomy_term",
)


def location_prefetches(prefix: str) -> list[str]:
    """The lookups that fetch what ``location_dict`` reads, for locations under ``prefix``."""
    return [f"{prefix}__{part}" for part in _LOCATION_PARTS]


def services_for_export(queryset: QuerySet[Service] | None = None) -> QuerySet[Service]:
    """Services with every related record ``service_full`` reads."""
    queryset = Service.objects.all() if queryset is None else queryset
    return queryset.select_related("organization", "program").prefetch_related(
        "additional_urls",
        "phones__languages",
        "schedules",
        "service_areas",
        Prefetch(
            "service_at_locations",
            ServiceAtLocation.objects.select_related("location").order_by("location__name", "id"),
        ),
        "service_at_locations__service_areas",
        "service_at_locations__contacts__phones__languages",
        "service_at_locations__phones__languages",
        "service_at_locations__schedules",
        "service_at_locations__attributes__taxonomy_term",
        *location_prefetches("service_at_locations__location"),
        "languages",
        "cost_options",
        "required_documents",
        "contacts__phones__languages",
        Prefetch("capacities", ServiceCapacity.objects.select_related("unit")),
        "attributes__taxonomy_term",
    )


def organizations_for_export(queryset: QuerySet[Organization] | None = None) -> QuerySet[Organization]:
    """Organisations with every related record ``organization_full`` reads."""
    queryset = Organization.objects.all() if queryset is None else queryset
    return queryset.prefetch_related(
        "additional_urls",
        "contacts__phones__languages",
        "phones__languages",
        "locations",
        *location_prefetches("locations"),
        "programs",
        "identifiers",
        "attributes__taxonomy_term",
        "services",
    )

"""Demo directory: the newcomer needs taxonomy and the Valencia services of DOMAIN.md, in the six
languages, marked as demo content. Safe to repeat: records keep stable ids and are rewritten."""

from __future__ import annotations

import uuid
from datetime import time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from acollida.core.models import Organisation
from acollida.directory import demo_content as content
from acollida.directory.models import (
    Address,
    Attribute,
    Frequency,
    Language,
    Location,
    Organization,
    Phone,
    PhoneType,
    Program,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCapacity,
    Translatable,
    Unit,
    Weekday,
)
from acollida.directory.services import service_search_refresh
from acollida.directory.taxonomy_seed import NAMESPACE, taxonomy_load, term_by_code

LANGUAGE_NAMES = {
    "ca": "Valencian",
    "es": "Spanish",
    "en": "English",
    "fr": "French",
    "ar": "Arabic",
    "uk": "Ukrainian",
}
PUBLIC_BODIES = {"cai", "interculturalitat", "ajuntament", "dg-igualtat", "sanitat"}


def demo_id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"demo:{kind}:{key}")


def _put(obj: Translatable, field: str, texts: content.T) -> None:
    """Write ``texts`` as ``field``: the source language in the column, the rest as reviewed translations."""
    setattr(obj, field, texts[obj.source_language])
    translations = dict(obj.translations or {})
    translations[field] = {lang: text for lang, text in texts.items() if lang != obj.source_language}
    obj.translations = translations
    obj.translation_status = {lang: "reviewed" for lang in texts if lang != obj.source_language}


def _with_demo_note(texts: content.T) -> content.T:
    return {lang: f"{text}\n\n{content.DEMO_NOTE[lang]}" for lang, text in texts.items()}


def _save(obj: Any) -> Any:
    obj.full_clean()
    obj.save()
    return obj


def _organizations() -> dict[str, Organization]:
    linked = {org.slug: org for org in Organisation.objects.all()}
    result: dict[str, Organization] = {}
    for key, (slug, name, kind) in content.ORGANIZATIONS.items():
        organization = Organization.objects.filter(pk=demo_id("organization", key)).first() or Organization(
            id=demo_id("organization", key)
        )
        organization.source_language = "ca" if key in PUBLIC_BODIES else "es"
        organization.organisation = linked.get(slug) if slug else None
        organization.email = f"info@{key}.example.org"
        organization.translations = {}
        _put(organization, "name", dict.fromkeys(LANGUAGE_NAMES, name))  # a proper name in every language
        _put(organization, "description", _with_demo_note(content.ORG_KIND_DESCRIPTION[kind]))
        result[key] = _save(organization)
    return result


def _programs(organizations: dict[str, Organization]) -> dict[str, Program]:
    result: dict[str, Program] = {}
    for key, (org_key, name, description) in content.PROGRAMS.items():
        program = Program.objects.filter(pk=demo_id("program", key)).first() or Program(
            id=demo_id("program", key)
        )
        program.organization = organizations[org_key]
        program.source_language = organizations[org_key].source_language
        program.translations = {}
        _put(program, "name", name)
        _put(program, "description", description)
        result[key] = _save(program)
    return result


def _locations(organizations: dict[str, Organization]) -> dict[str, Location]:
    result: dict[str, Location] = {}
    for key, (org_key, names, street, postcode, district, lat, lon) in content.LOCATIONS.items():
        location = Location.objects.filter(pk=demo_id("location", key)).first() or Location(
            id=demo_id("location", key)
        )
        location.organization = organizations[org_key]
        location.source_language = organizations[org_key].source_language
        location.district, location.latitude, location.longitude = district, lat, lon
        location.translations = {}
        _put(location, "name", names)
        _save(location)
        location.addresses.all().delete()
        _save(Address(location=location, address_1=street, postal_code=postcode, city="València"))
        result[key] = location
    return result


def _hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _children(
    service: Service, spec: dict[str, Any], locations: dict[str, Location], units: dict[str, Unit]
) -> None:
    for related in (
        service.schedules,
        service.languages,
        service.phones,
        service.required_documents,
        service.capacities,
        service.attributes,
        service.service_at_locations,
    ):
        related.all().delete()
    source = service.source_language
    for location_key in spec["locations"]:
        _save(ServiceAtLocation(service=service, location=locations[location_key], source_language=source))
    for byday, opens, closes in spec["hours"]:
        _save(
            Schedule(
                service=service,
                source_language=source,
                freq=Frequency.WEEKLY,
                wkst=Weekday.MO,
                interval=1,
                byday=byday,
                opens_at=_hhmm(opens),
                closes_at=_hhmm(closes),
                timezone=1.0,
            )
        )
    for code in spec["languages"]:
        _save(Language(service=service, code=code, name=LANGUAGE_NAMES[code], source_language=source))
    if spec["phone"]:
        _save(Phone(service=service, number=spec["phone"], type=PhoneType.VOICE, source_language=source))
    for document_key in spec["documents"]:
        document = RequiredDocument(service=service, source_language=source)
        _put(document, "document", content.DOCUMENTS[document_key])
        _save(document)
    if spec["capacity"]:
        unit_code, available, maximum = spec["capacity"]
        capacity = ServiceCapacity(
            service=service,
            unit=units[unit_code],
            available=available,
            maximum=maximum,
            updated=timezone.now(),
            source_language=source,
        )
        _save(capacity)
    terms = term_by_code()
    for code in spec["terms"]:
        _save(Attribute(service=service, taxonomy_term=terms[code], link_type="need"))


@transaction.atomic
def demo_services_load() -> int:
    """Create or rewrite the demo organisations, places and services; returns the service count."""
    taxonomy_load()
    organizations = _organizations()
    programs = _programs(organizations)
    locations = _locations(organizations)
    units = {unit.identifier: unit for unit in Unit.objects.all()}
    today = timezone.localdate()
    for index, spec in enumerate(content.SERVICES):
        organization = organizations[spec["org"]]
        service = Service.objects.filter(pk=demo_id("service", spec["key"])).first() or Service(
            id=demo_id("service", spec["key"])
        )
        service.organization = organization
        service.program = programs.get(spec["program"]) if spec["program"] else None
        service.source_language = organization.source_language
        service.status = spec["status"]
        service.is_demo = True
        service.is_free = spec["free"]
        service.email = f"{spec['key']}@example.org"
        service.minimum_age, service.maximum_age = spec["min_age"], spec["max_age"]
        # A few entries are left unverified for a long while, so the stale flag has something to show.
        days = 200 + index * 7 if index % 9 == 4 else (index * 11) % 120
        service.assured_date = today - timedelta(days=days)
        service.assurer_email = f"info@{spec['org']}.example.org"
        service.translations = {}
        _put(service, "name", spec["name"])
        _put(service, "description", _with_demo_note(spec["description"]))
        _put(service, "eligibility_description", content.ELIGIBILITY[spec["eligibility"]])
        _put(service, "application_process", content.APPLY[spec["apply"]])
        _put(service, "interpretation_services", content.INTERPRETATION)
        _put(service, "fees_description", spec["fees"] or content.FREE)
        if spec["alert"]:
            _put(service, "alert", spec["alert"])
        else:
            service.alert = ""
        _save(service)
        _children(service, spec, locations, units)
        service_search_refresh(service=service)
    return len(content.SERVICES)


def load_demo(stdout: Any) -> None:
    """Called by ``acollida demo`` and ``acollida directory load-demo``."""
    count = demo_services_load()
    stdout.write(f"Directory: {count} demo services in {len(LANGUAGE_NAMES)} languages.")

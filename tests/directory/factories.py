"""Small builders for directory records, written through the models the services read."""

from __future__ import annotations

from datetime import time

from acollida.core.models import Organisation
from acollida.directory.models import (
    Address,
    Attribute,
    District,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)


def make_organization(organisation: Organisation | None = None, name: str = "CEAR-PV") -> Organization:
    return Organization.objects.create(
        organisation=organisation, name=name, description="Ajuda a persones refugiades", source_language="ca"
    )


def make_service(organization: Organization, name: str = "Assessorament jurídic", **extra: object) -> Service:
    defaults: dict[str, object] = {
        "description": "Assessorament sobre asil i estrangeria",
        "source_language": "ca",
    }
    defaults.update(extra)
    return Service.objects.create(organization=organization, name=name, **defaults)


def place_service(service: Service, district: str = District.CIUTAT_VELLA) -> ServiceAtLocation:
    location = Location.objects.create(
        organization=service.organization, name="Oficina central", district=district, source_language="ca"
    )
    Address.objects.create(location=location, address_1="Carrer de la Pau 10", postal_code="46002")
    Schedule.objects.create(
        service=service,
        freq="WEEKLY",
        byday="MO,WE",
        opens_at=time(9),
        closes_at=time(14),
        source_language="ca",
    )
    Language.objects.create(service=service, code="ar", name="Arabic")
    return ServiceAtLocation.objects.create(service=service, location=location)


def tag_service(service: Service, code: str = "legal", name: str = "Legal advice") -> TaxonomyTerm:
    term, _created = TaxonomyTerm.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "description": name,
            "source_language": "en",
            "translations": {"name": {"ar": "مساعدة قانونية", "es": "Asesoría jurídica"}},
            "keywords": {"es": ["abogado", "asilo"], "uk": ["юрист"]},
        },
    )
    Attribute.objects.create(taxonomy_term=term, service=service)
    return term

"""One person with a row in every model that holds personal data, built through the real services
where they exist (the rights tests read it back, erase it and pseudonymise it)."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from acollida.agenda.models import Appointment, AppointmentRequest
from acollida.agenda.services import ticket_issue
from acollida.cases import services as case_services
from acollida.cases.models import (
    Case,
    CaseDocument,
    CaseImport,
    CasePathway,
    CasePathwayStep,
    CaseTransfer,
    Consent,
    LegalHold,
    PathwayTemplate,
    Referral,
)
from acollida.core.models import Office
from acollida.people import services as people_services
from acollida.people.import_services import person_import_create
from acollida.people.imports import read_table
from acollida.people.models import (
    DuplicateCandidate,
    Household,
    HouseholdMember,
    Person,
    PersonPhoto,
)
from acollida.people.review import merge
from acollida.people.services_access import access_request_grant
from tests.conftest import Network

GIVEN = "Maryamuna"
FAMILY = "Haddadiyya"
NATIVE = "مريمونة"
PHONE = "+34 611 222 333"
EMAIL = "maryamuna.h@example.net"
DOCUMENT = "X1234567Z"
SECRET_NOTE = "asthma diagnosed at La Fe"
# Strings that must not survive erasure or pseudonymisation anywhere.
TRACES = (GIVEN, FAMILY, NATIVE, PHONE, EMAIL, DOCUMENT, SECRET_NOTE, "Maryamouna", "Y7654321K")


@dataclass
class Seeded:
    person: Person
    case: Case
    storage_name: str


def _register(network: Network, *, given: str, family: str, document: str, language: str = "ar") -> Person:
    return people_services.person_register(
        actor=network.users["caseworker"],
        organisation=network.cai,
        data=people_services.PersonData(
            given_name=given,
            family_name=family,
            native_name=NATIVE,
            preferred_name=given[:4] + "na",
            sex="F",
            gender="woman",
            date_of_birth=date(1991, 7, 3),
            phone=PHONE,
            email=EMAIL,
            address="Carrer de la Pau 7, 3a",
            district="Ciutat Vella",
            nationalities=["SY"],
            languages=[(language, "native", True)],
            other_names=["Maryamouna"],
            documents=[("passport", document, "SY", None)],
            vulnerabilities=["pregnancy"],
        ),
        candidates_seen=0,
    )


def _seed_housing(network: Network, *, case: Any) -> None:
    """A waiting list entry for her case, a placement with an absence, an optimizer match."""
    from acollida.housing import models as housing

    caseworker = network.users["caseworker"]
    shelter = housing.Accommodation.objects.create(
        kind="reception_shelter", operator=network.cai, name="Shelter"
    )
    unit = housing.Unit.objects.create(accommodation=shelter, name="Room 1")
    place = housing.Place.objects.create(unit=unit, label="Bed 1")
    entry = housing.WaitingListEntry.objects.create(
        case=case,
        organisation=network.cai,
        size=1,
        beds_needed=1,
        notes=f"{GIVEN} prefers a ground floor",
        created_by=caseworker,
    )
    placement = housing.Placement.objects.create(entry=entry, unit=unit, reserved_by=caseworker)
    placement.places.add(place)
    housing.Absence.objects.create(
        placement=placement,
        from_on=timezone.localdate(),
        reason=f"{GIVEN} in hospital",
        recorded_by=caseworker,
    )
    run = housing.OptimizerRun.objects.create(created_by=caseworker)
    housing.OptimizerMatch.objects.create(run=run, entry=entry, unit=unit, explanation={"name": GIVEN})


def _seed_emergency(network: Network, *, person: Any, case: Any) -> None:
    """Her arrival on the quay (which became her person and case) and the link to a companion."""
    from acollida.emergency import models as emergency

    operation = emergency.Operation.objects.create(
        slug="aquarius", name="Aquarius", starts_at=timezone.now(), declared_by=network.users["coordinator"]
    )
    arrival = emergency.Arrival.objects.create(
        operation=operation,
        wristband="A-001",
        name_as_said=f"{GIVEN} {FAMILY}",
        trafficking_signs=f"{GIVEN} was asked for a debt",
        person=person,
        case=case,
    )
    companion = emergency.Arrival.objects.create(operation=operation, wristband="A-002")
    emergency.ArrivalLink.objects.create(from_arrival=arrival, to_arrival=companion, relation="family")


def seed_person(network: Network, *, language: str = "ar", close_case: bool = True) -> Seeded:
    """Maryamuna Haddadiyya, held by the CAI, with a row in every registered model."""
    caseworker = network.users["caseworker"]
    coordinator = network.users["coordinator"]
    person = _register(network, given=GIVEN, family=FAMILY, document=DOCUMENT, language=language)
    # A second record of her, merged into the first: the same human being.
    twin = _register(network, given="Maryamouna", family=FAMILY, document="Y7654321K", language=language)
    a, b = sorted((person.pk, twin.pk))
    candidate = DuplicateCandidate.objects.create(
        person_a_id=a, person_b_id=b, score=0.97, decision="match", explanation={"name": GIVEN}
    )
    merge(actor=coordinator, candidate=candidate, survivor=person)
    person.refresh_from_db()

    PersonPhoto.objects.create(
        person=person,
        image=base64.b64encode(b"\xff\xd8jpeg").decode(),
        consent_method="spoken",
        uploaded_by=caseworker,
    )
    household = Household.objects.create(organisation=network.cai, name=f"{FAMILY} family")
    HouseholdMember.objects.create(household=household, person=person, relationship="head")
    imported = person_import_create(
        owner=caseworker,
        organisation=network.cai,
        file_name="people.csv",
        table=read_table(b"given_name,family_name\nX,Y\n"),
    )
    imported.persons.add(person)
    request = people_services.access_request_create(
        actor=network.users["ngo_caseworker"], person=person, reason=f"follow-up of {GIVEN}"
    )
    access_request_grant(
        actor=caseworker,
        request=request,
        basis="consent",
        basis_note=f"{GIVEN} agreed on the phone {PHONE}",
        expires_on=timezone.localdate() + timedelta(days=30),
    )

    case = case_services.case_open(actor=caseworker, organisation=network.cai, person=person)
    need = case_services.need_add(actor=caseworker, case=case, area="health", description=f"{GIVEN}: inhaler")
    case_services.timeline_add(
        actor=caseworker, case=case, kind="note", text=SECRET_NOTE, is_special_category=True
    )
    case_services.timeline_add(
        actor=caseworker, case=case, kind="service", service_type="legal_advice", text=f"Met {GIVEN} {FAMILY}"
    )
    case_services.goal_add(actor=caseworker, case=case, description=f"{GIVEN} gets a GP", need=need)
    template = PathwayTemplate.objects.create(code="nie", name="NIE")
    pathway = CasePathway.objects.create(case=case, template=template, name="NIE", created_by=caseworker)
    CasePathwayStep.objects.create(pathway=pathway, order=1, name="Appointment", note=f"call {PHONE}")
    storage_name = default_storage.save("cases/rights-test.bin", ContentFile(b"encrypted bytes"))
    CaseDocument.objects.create(
        case=case,
        kind="identity",
        title=f"Passport of {GIVEN}",
        file_name=f"{FAMILY}_passport.pdf",
        content_type="application/pdf",
        size=15,
        sha256="0" * 64,
        storage_name=storage_name,
        uploaded_by=caseworker,
    )
    consent = Consent.objects.create(
        person=person,
        case=case,
        purposes=["referral"],
        method="spoken",
        note=f"{GIVEN} said yes",
        recorded_by=caseworker,
    )
    Referral.objects.create(
        case=case,
        from_organisation=network.cai,
        to_organisation=network.cear,
        service="legal advice",
        purpose=f"asylum interview of {GIVEN}",
        consent=consent,
        expires_on=timezone.localdate() + timedelta(days=30),
        sent_by=caseworker,
    )
    CaseTransfer.objects.create(
        case=case,
        from_organisation=network.cai,
        to_organisation=network.cai,
        reason=f"{FAMILY} moved district",
        transferred_by=caseworker,
    )
    LegalHold.objects.create(
        person=person,
        reason="subsidy audit 2025",
        placed_by=coordinator,
        lifted_at=timezone.now(),
        lifted_by=coordinator,
    )
    case_import = CaseImport.objects.create(owner=caseworker, organisation=network.cai)
    case_import.cases.add(case)

    office = Office.objects.create(organisation=network.cai, name="CAI", street="Carrer Azzati 6")
    starts = timezone.now() + timedelta(days=2)
    appointment = Appointment.objects.create(
        office=office,
        service_type="legal_advice",
        person=person,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=30),
        notes=f"{GIVEN} brings {DOCUMENT}",
        created_by=caseworker,
    )
    AppointmentRequest.objects.create(
        office=office,
        name=f"{GIVEN} {FAMILY}",
        language="ar",
        contact=PHONE,
        need="asylum",
        consent_text_version="1",
        status="booked",
        appointment=appointment,
    )
    ticket_issue(actor=caseworker, office=office, service_type="legal_advice", person=person)
    _seed_housing(network, case=case)
    _seed_emergency(network, person=person, case=case)
    if close_case:
        case = case_services.case_close(
            actor=caseworker, case=case, outcome="independent_living", drop_open_goals=True
        )
    return Seeded(person=person, case=case, storage_name=storage_name)


def traces_left(needles: tuple[str, ...] = TRACES) -> list[tuple[str, str, Any]]:
    """Every text or JSON value in every table (through the ORM, so encrypted columns decrypt)
    that contains one of ``needles``: ``(model, field, value)``."""
    from django.apps import apps
    from django.db import models

    found = []
    lowered = [needle.lower() for needle in needles]
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not names:
            continue
        for row in model._default_manager.values_list(*names):
            for name, value in zip(names, row, strict=True):
                text = str(value).lower() if value is not None else ""
                if any(needle in text for needle in lowered):
                    found.append((model._meta.label, name, value))
    return found

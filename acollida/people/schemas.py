"""The people API's request and response bodies, and how records become them.

Redaction happens here and only here: a person the caller may not open is described by initials,
birth year and holding organisation, never by names, documents or contact details.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from acollida.core.api import MAX_LIMIT, MAX_OFFSET, NO_NUL
from acollida.people.models import (
    AccessGrant,
    AccessRequest,
    DatePrecision,
    DuplicateCandidate,
    Household,
    HouseholdMember,
    IdentityDocument,
    Merge,
    Person,
    PersonName,
    PersonPhoto,
    Sex,
    SpokenLanguage,
    Vulnerability,
)
from acollida.people.selectors import REASONS

# Strings without NUL characters (PostgreSQL refuses them), bounded like the columns they fill.
OtherName = Annotated[str, StringConstraints(min_length=1, max_length=250, pattern=NO_NUL)]
CountryCode = Annotated[str, StringConstraints(min_length=2, max_length=2, pattern=NO_NUL)]


# --- Out ---------------------------------------------------------------------------------------


class OrganisationRef(Schema):
    id: int
    name: str


class PersonListItem(Schema):
    id: int
    organisation_id: int
    given_name: str
    family_name: str
    native_name: str
    preferred_name: str
    sex: Sex
    date_of_birth: str | None = Field(
        None, description="As precisely as it is known: YYYY-MM-DD, YYYY-MM or YYYY."
    )
    date_of_birth_precision: DatePrecision
    is_protected: bool
    merged_into_id: int | None
    updated_at: datetime


class OtherNameOut(Schema):
    name: str
    kind: PersonName.Kind


class LanguageOut(Schema):
    language: str
    level: SpokenLanguage.Level
    needs_interpreter: bool


class DocumentOut(Schema):
    id: int
    kind: IdentityDocument.Kind
    number: str
    issuing_country: str
    expires_on: date | None


class HouseholdPlaceOut(Schema):
    household_id: int
    household: str
    relationship: HouseholdMember.Relationship
    joined_on: date
    left_on: date | None


class PersonOut(PersonListItem):
    gender: str
    other_names: list[OtherNameOut]
    nationalities: list[str]
    languages: list[LanguageOut]
    phone: str
    email: str
    address: str
    district: str
    documents: list[DocumentOut]
    vulnerabilities: list[str]
    households: list[HouseholdPlaceOut]
    has_photo: bool = Field(
        ..., description="A photo is kept, with the person's consent (served by the web page only)."
    )
    creation_reason: str
    created_at: datetime


class PersonPage(Schema):
    count: int
    items: list[PersonListItem]


class PairPersonOut(Schema):
    """A person the caller may find but perhaps not open: redacted (``id`` null, only initials,
    birth year and holding organisation) unless ``visible``. One side of a possible duplicate."""

    visible: bool
    organisation: OrganisationRef
    initials: str
    birth_year: int | None
    id: int | None = None
    given_name: str | None = None
    family_name: str | None = None
    date_of_birth: str | None = None


class CandidateOut(PairPersonOut):
    """A search result, with its score and why it matches."""

    score: float
    reasons: list[str]
    native_name: str | None = None
    date_of_birth_precision: DatePrecision | None = None


class HouseholdMemberOut(Schema):
    person_id: int
    given_name: str
    family_name: str
    relationship: HouseholdMember.Relationship
    joined_on: date
    left_on: date | None


class HouseholdOut(Schema):
    id: int
    organisation_id: int
    name: str
    created_at: datetime
    members: list[HouseholdMemberOut]


class HouseholdPage(Schema):
    count: int
    items: list[HouseholdOut]


class ExplanationLine(Schema):
    comparison: str
    level: str
    weight: float
    text: str


class DuplicateOut(Schema):
    id: int
    score: float
    decision: str
    status: DuplicateCandidate.Status
    found_at: datetime
    person_a: PairPersonOut
    person_b: PairPersonOut
    explanation: list[ExplanationLine]


class DuplicatePage(Schema):
    count: int
    items: list[DuplicateOut]


class MergeOut(Schema):
    id: int
    survivor_id: int
    merged_id: int
    candidate_id: int | None
    merged_at: datetime
    undone_at: datetime | None
    moved: dict[str, int] = Field(..., description="How many names, documents… were moved.")


# --- In ----------------------------------------------------------------------------------------


class Paging(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class PersonFilter(Paging):
    organisation_id: int | None = Field(None, ge=1)
    updated_since: datetime | None = None


class SearchFilter(Schema):
    q: str = Field(
        ...,
        max_length=200,
        pattern=NO_NUL,
        description="A name in any spelling or script, a birth year, a document or a phone.",
    )
    limit: int = Field(10, ge=1, le=50)


class LanguageIn(Schema):
    language: str = Field(..., min_length=2, max_length=3, pattern=NO_NUL, description="ISO 639 code.")
    level: SpokenLanguage.Level = SpokenLanguage.Level.NATIVE
    needs_interpreter: bool = False


class DocumentIn(Schema):
    kind: IdentityDocument.Kind
    number: str = Field(..., min_length=1, max_length=40, pattern=NO_NUL)
    issuing_country: str = Field("", max_length=2, pattern=NO_NUL, description="ISO 3166 code.")
    expires_on: date | None = None


ORGANISATION_ID = Field(
    None, ge=1, description="The holding organisation; may be left out when you act for one only."
)


class PersonIn(Schema):
    search_query: str = Field(
        ...,
        max_length=200,
        pattern=NO_NUL,
        description="What was searched before registering; if it finds candidates, give a reason.",
    )
    reason: str = Field("", max_length=500, pattern=NO_NUL)
    organisation_id: int | None = ORGANISATION_ID
    given_name: str = Field("", max_length=150, pattern=NO_NUL)
    family_name: str = Field("", max_length=150, pattern=NO_NUL)
    native_name: str = Field("", max_length=200, pattern=NO_NUL)
    preferred_name: str = Field("", max_length=150, pattern=NO_NUL)
    other_names: list[OtherName] = Field([], max_length=20)
    sex: Sex = Sex.UNKNOWN
    gender: str = Field("", max_length=100, pattern=NO_NUL)
    date_of_birth: str = Field("", max_length=10, pattern=NO_NUL, description="YYYY-MM-DD, YYYY-MM or YYYY.")
    date_of_birth_estimated: bool = Field(False, description="The year is an estimate (year only).")
    nationalities: list[CountryCode] = Field([], max_length=10)
    languages: list[LanguageIn] = Field([], max_length=10)
    phone: str = Field("", max_length=30, pattern=NO_NUL)
    email: str = Field("", max_length=254, pattern=NO_NUL)
    address: str = Field("", max_length=250, pattern=NO_NUL)
    district: str = Field("", max_length=100, pattern=NO_NUL)
    documents: list[DocumentIn] = Field([], max_length=10)
    vulnerabilities: list[Vulnerability] = Field([], max_length=len(Vulnerability.values))
    is_protected: bool = False


class HouseholdIn(Schema):
    name: str = Field(..., min_length=1, max_length=150, pattern=NO_NUL)
    organisation_id: int | None = ORGANISATION_ID


class HouseholdMemberIn(Schema):
    person_id: int
    action: Literal["join", "leave"] = "join"
    relationship: HouseholdMember.Relationship | None = Field(None, description="Required to join.")
    on: date | None = Field(None, description="The day of joining or leaving; today when left out.")


class MergeIn(Schema):
    survivor_id: int = Field(..., description="The record to keep: one of the pair.")


# --- Building the answers ----------------------------------------------------------------------


def date_of_birth_text(person: Person) -> str | None:
    """The date as precisely as it is known: a year-only date is never shown as 1 January."""
    dob = person.date_of_birth
    if dob is None:
        return None
    if person.date_of_birth_precision in {DatePrecision.YEAR, DatePrecision.ESTIMATED}:
        return f"{dob.year:04d}"
    if person.date_of_birth_precision == DatePrecision.MONTH:
        return f"{dob.year:04d}-{dob.month:02d}"
    return dob.isoformat()


def initials(person: Person) -> str:
    parts = [person.given_name, person.family_name]
    return " ".join(f"{part[0]}." for part in parts if part) or "—"


def person_item(person: Person) -> PersonListItem:
    return PersonListItem(
        id=person.pk,
        organisation_id=person.organisation_id,
        given_name=person.given_name,
        family_name=person.family_name,
        native_name=person.native_name,
        preferred_name=person.preferred_name,
        sex=Sex(person.sex),
        date_of_birth=date_of_birth_text(person),
        date_of_birth_precision=DatePrecision(person.date_of_birth_precision),
        is_protected=person.is_protected,
        merged_into_id=person.merged_into_id,
        updated_at=person.updated_at,
    )


def person_out(person: Person) -> PersonOut:
    places = person.household_memberships.select_related("household").order_by("joined_on", "pk")
    return PersonOut(
        **person_item(person).model_dump(),
        gender=person.gender,
        other_names=[OtherNameOut(name=n.name, kind=PersonName.Kind(n.kind)) for n in person.names.all()],
        nationalities=[n.country for n in person.nationalities.all()],
        languages=[
            LanguageOut(
                language=lang.language,
                level=SpokenLanguage.Level(lang.level),
                needs_interpreter=lang.needs_interpreter,
            )
            for lang in person.languages.all()
        ],
        phone=person.phone,
        email=person.email,
        address=person.address,
        district=person.district,
        documents=[
            DocumentOut(
                id=d.pk,
                kind=IdentityDocument.Kind(d.kind),
                number=d.number,
                issuing_country=d.issuing_country,
                expires_on=d.expires_on,
            )
            for d in person.documents.order_by("pk")
        ],
        vulnerabilities=person.vulnerability_codes(),
        has_photo=PersonPhoto.objects.filter(person=person).exists(),
        households=[
            HouseholdPlaceOut(
                household_id=p.household_id,
                household=p.household.name,
                relationship=HouseholdMember.Relationship(p.relationship),
                joined_on=p.joined_on,
                left_on=p.left_on,
            )
            for p in places
        ],
        creation_reason=person.creation_reason,
        created_at=person.created_at,
    )


def organisation_ref(person: Person) -> OrganisationRef:
    return OrganisationRef(id=person.organisation_id, name=person.organisation.display_name)


def pair_person(person: Person, *, visible: bool) -> PairPersonOut:
    redacted = PairPersonOut(
        visible=False,
        organisation=organisation_ref(person),
        initials=initials(person),
        birth_year=person.birth_year,
    )
    if not visible:
        return redacted
    return redacted.model_copy(
        update={
            "visible": True,
            "id": person.pk,
            "given_name": person.given_name,
            "family_name": person.family_name,
            "date_of_birth": date_of_birth_text(person),
        }
    )


def explanation_lines(candidate: DuplicateCandidate) -> list[ExplanationLine]:
    levels: dict[str, str] = candidate.explanation.get("levels", {})
    weights: dict[str, float] = candidate.explanation.get("weights", {})
    return [
        ExplanationLine(
            comparison=comparison,
            level=level,
            weight=round(float(weights.get(comparison, 0.0)), 3),
            text=str(REASONS.get((comparison, level), "")),
        )
        for comparison, level in levels.items()
    ]


def household_out(household: Household, members: list[HouseholdMember]) -> HouseholdOut:
    return HouseholdOut(
        id=household.pk,
        organisation_id=household.organisation_id,
        name=household.name,
        created_at=household.created_at,
        members=[
            HouseholdMemberOut(
                person_id=m.person_id,
                given_name=m.person.given_name,
                family_name=m.person.family_name,
                relationship=HouseholdMember.Relationship(m.relationship),
                joined_on=m.joined_on,
                left_on=m.left_on,
            )
            for m in members
        ],
    )


def merge_out(record: Merge) -> MergeOut:
    return MergeOut(
        id=record.pk,
        survivor_id=record.survivor_id,
        merged_id=record.merged_id,
        candidate_id=record.candidate_id,
        merged_at=record.merged_at,
        undone_at=record.undone_at,
        moved={label: len(ids) for label, ids in record.moved.items()},
    )


# --- Sharing: access requests and grants -------------------------------------------------------


class AccessGrantOut(Schema):
    id: int
    basis: AccessGrant.Basis
    basis_note: str
    expires_on: date
    granted_at: datetime
    revoked_at: datetime | None
    active: bool


class AccessRequestOut(Schema):
    """A request to open a person held elsewhere. ``incoming``: yours to decide (the person in
    full); ``outgoing``: made by you (the person redacted until access is granted)."""

    id: int
    direction: Literal["incoming", "outgoing"]
    status: AccessRequest.Status
    person: PairPersonOut
    requesting_organisation: OrganisationRef
    reason: str
    created_at: datetime
    decided_at: datetime | None
    decision_note: str = Field(..., description="Why the request was refused (empty otherwise).")
    grant: AccessGrantOut | None


class AccessRequestPage(Schema):
    count: int
    items: list[AccessRequestOut]


class AccessRequestFilter(Paging):
    direction: Literal["incoming", "outgoing"] | None = Field(None, description="Both when left out.")
    status: AccessRequest.Status | None = None


class AccessGrantIn(Schema):
    basis: AccessGrant.Basis
    basis_note: str = Field(
        ...,
        min_length=1,
        max_length=1000,
        pattern=NO_NUL,
        description="How the basis was established; for consent: who gave it, when and how.",
    )
    expires_on: date = Field(..., description="The last day of access: after today, one year ahead at most.")


class AccessRefuseIn(Schema):
    reason: str = Field(
        ..., min_length=1, max_length=1000, pattern=NO_NUL, description="Shown to the requester."
    )


def access_request_out(request: AccessRequest, *, incoming: bool, visible: bool) -> AccessRequestOut:
    grant: AccessGrant | None = getattr(request, "grant", None)
    return AccessRequestOut(
        id=request.pk,
        direction="incoming" if incoming else "outgoing",
        status=AccessRequest.Status(request.status),
        person=pair_person(request.person, visible=visible),
        requesting_organisation=OrganisationRef(
            id=request.requesting_organisation_id, name=request.requesting_organisation.display_name
        ),
        reason=request.reason,
        created_at=request.created_at,
        decided_at=request.decided_at,
        decision_note=request.decision_note,
        grant=AccessGrantOut(
            id=grant.pk,
            basis=AccessGrant.Basis(grant.basis),
            basis_note=grant.basis_note,
            expires_on=grant.expires_on,
            granted_at=grant.granted_at,
            revoked_at=grant.revoked_at,
            active=grant.is_active(),
        )
        if grant is not None
        else None,
    )

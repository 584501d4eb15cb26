"""Workflows that write people records: registration, search keys, documents, households, merges."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acollida.core import crypto, policy
from acollida.core.models import Organisation, User
from acollida.core.policy import Perm
from acollida.people.keys import name_keys, phone_digits, trigram_keys, year_keys
from acollida.people.models import (
    DatePrecision,
    IdentityDocument,
    Nationality,
    Person,
    PersonKey,
    PersonName,
    SpokenLanguage,
)


def document_hash(number: str) -> str:
    return crypto.identifier_hash(number, kind="document")


def phone_hash(phone: str) -> str:
    return crypto.identifier_hash(phone_digits(phone), kind="phone")


def _years(person: Person) -> list[int]:
    if person.date_of_birth is None:
        return []
    year = person.date_of_birth.year
    if person.date_of_birth_precision in {DatePrecision.YEAR, DatePrecision.ESTIMATED}:
        return [year - 1, year, year + 1]
    return [year]


def person_keys(person: Person) -> set[str]:
    names = [person.given_name, person.family_name, person.native_name, person.preferred_name]
    aliases = [n.name for n in person.names.all()]
    names += aliases
    keys = name_keys(names) | year_keys(names, _years(person))
    keys |= trigram_keys([f"{person.given_name} {person.family_name}", person.native_name, *aliases])
    keys |= {f"d:{doc.number_hash}" for doc in person.documents.all()}
    if phone_digits(person.phone):
        keys.add(f"p:{phone_hash(person.phone)}")
    return keys


def person_keys_refresh(*, person: Person) -> None:
    """Bring the person's search keys in step with their names, dates, documents and phone."""
    wanted = person_keys(person)
    existing = set(PersonKey.objects.filter(person=person).values_list("key", flat=True))
    PersonKey.objects.filter(person=person, key__in=existing - wanted).delete()
    PersonKey.objects.bulk_create([PersonKey(person=person, key=key) for key in wanted - existing])


@dataclass
class PersonData:
    """What registration records about a person (the form's cleaned data, typed)."""

    given_name: str = ""
    family_name: str = ""
    native_name: str = ""
    preferred_name: str = ""
    sex: str = "U"
    gender: str = ""
    date_of_birth: date | None = None
    date_of_birth_precision: str = DatePrecision.EXACT
    phone: str = ""
    email: str = ""
    address: str = ""
    district: str = ""
    nationalities: list[str] = field(default_factory=list)
    languages: list[tuple[str, str, bool]] = field(default_factory=list)
    other_names: list[str] = field(default_factory=list)
    documents: list[tuple[str, str, str, date | None]] = field(default_factory=list)
    vulnerabilities: list[str] = field(default_factory=list)
    is_protected: bool = False


@transaction.atomic
def person_register(
    *,
    actor: User,
    organisation: Organisation,
    data: PersonData,
    candidates_seen: int,
    reason: str = "",
) -> Person:
    """Register a newcomer held by ``organisation``.

    The forced search step comes first: when the search showed candidates, a reason for creating
    a new record anyway is required and kept with the record.
    """
    if not policy.can(actor, Perm.EDIT_PERSONS, organisation):
        raise PermissionDenied
    if candidates_seen and not reason.strip():
        raise ValidationError(
            {"reason": _("The search found possible matches. Say why this is a different person.")}
        )
    if not (data.given_name or data.family_name or data.native_name):
        raise ValidationError({"family_name": _("Enter at least one name.")})
    person = Person(
        organisation=organisation,
        given_name=data.given_name.strip(),
        family_name=data.family_name.strip(),
        native_name=data.native_name.strip(),
        preferred_name=data.preferred_name.strip(),
        sex=data.sex,
        gender=data.gender.strip(),
        date_of_birth=data.date_of_birth,
        date_of_birth_precision=data.date_of_birth_precision,
        phone=data.phone,
        email=data.email,
        address=data.address,
        district=data.district,
        vulnerabilities=",".join(sorted(set(data.vulnerabilities))),
        is_protected=data.is_protected,
        creation_reason=reason.strip() if candidates_seen else "",
        created_by=actor,
    )
    person.full_clean()
    person.save()
    if data.is_protected:
        person.protected_staff.add(actor)
    Nationality.objects.bulk_create(
        [Nationality(person=person, country=c) for c in dict.fromkeys(data.nationalities)]
    )
    SpokenLanguage.objects.bulk_create(
        [SpokenLanguage(person=person, language=code, level=level, needs_interpreter=interp)
         for code, level, interp in data.languages]
    )  # fmt: skip
    PersonName.objects.bulk_create([PersonName(person=person, name=n) for n in data.other_names if n.strip()])
    for kind, number, country, expires in data.documents:
        document_add(
            actor=actor, person=person, kind=kind, number=number, issuing_country=country, expires_on=expires
        )
    person_keys_refresh(person=person)
    return person


def document_add(
    *,
    actor: User,
    person: Person,
    kind: str,
    number: str,
    issuing_country: str = "",
    expires_on: date | None = None,
) -> IdentityDocument:
    """Record an identity document; the number is encrypted and filed under its keyed hash."""
    if not policy.can(actor, Perm.EDIT_PERSONS, person.organisation_id):
        raise PermissionDenied
    if not crypto.normalise_identifier(number):
        raise ValidationError({"number": _("Enter the document number.")})
    document = IdentityDocument(
        person=person,
        kind=kind,
        number=number.strip(),
        number_hash=document_hash(number),
        issuing_country=issuing_country,
        expires_on=expires_on,
    )
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def persons_bulk_load(
    *, organisation_ids: list[int], people: list[Any], created_by: User | None = None, batch: int = 2000
) -> int:
    """Load synthetic or imported people fast (bulk inserts), spreading them over organisations.

    ``people`` are ``acollida.people.synthetic.Person`` records (or anything with the same fields).
    Keys are computed in bulk as ``person_keys`` would. Returns how many were created.
    """
    from acollida.people.linkage import PartialDate

    created = 0
    for start in range(0, len(people), batch):
        chunk = people[start : start + batch]
        persons: list[Person] = []
        for index, source in enumerate(chunk):
            dob = PartialDate.parse(source.date_of_birth)
            precision = DatePrecision.EXACT
            day = None
            if dob is not None:
                precision = (
                    DatePrecision.EXACT
                    if dob.day
                    else DatePrecision.MONTH
                    if dob.month
                    else DatePrecision.YEAR
                )
                day = date(dob.year, dob.month or 1, dob.day or 1)
            persons.append(
                Person(
                    organisation_id=organisation_ids[(start + index) % len(organisation_ids)],
                    given_name=source.given_name,
                    family_name=source.family_name,
                    sex=source.sex or "U",
                    date_of_birth=day,
                    date_of_birth_precision=precision,
                    phone=source.phone,
                    address=source.address,
                    created_by=created_by,
                )
            )
        Person.objects.bulk_create(persons)
        if not persons[0].pk:  # backends that do not return ids (none of ours, but be safe)
            raise RuntimeError("bulk_create did not return primary keys")
        Nationality.objects.bulk_create(
            [
                Nationality(person=p, country=s.nationality)
                for p, s in zip(persons, chunk, strict=True)
                if s.nationality
            ]
        )
        documents = [
            IdentityDocument(
                person=p,
                kind=IdentityDocument.Kind.NIE
                if s.document_number[:1] in "XYZ"
                else IdentityDocument.Kind.PASSPORT,
                number=s.document_number,
                number_hash=document_hash(s.document_number),
            )
            for p, s in zip(persons, chunk, strict=True)
            if s.document_number
        ]
        IdentityDocument.objects.bulk_create(documents)
        docs_by_person: dict[int, list[str]] = {}
        for document in documents:
            docs_by_person.setdefault(document.person_id, []).append(document.number_hash)
        keys: list[PersonKey] = []
        for person in persons:
            names = [person.given_name, person.family_name]
            wanted = name_keys(names) | year_keys(names, _years(person))
            wanted |= trigram_keys([f"{person.given_name} {person.family_name}"])
            wanted |= {f"d:{digest}" for digest in docs_by_person.get(person.pk, [])}
            if phone_digits(person.phone):
                wanted.add(f"p:{phone_hash(person.phone)}")
            keys.extend(PersonKey(person=person, key=key) for key in wanted)
        PersonKey.objects.bulk_create(keys, batch_size=5000)
        created += len(persons)
    return created


def access_request_create(*, actor: User, person: Person, reason: str) -> Any:
    """Ask the holding organisation for access to a person found redacted in a search."""
    from acollida.people.models import AccessRequest

    if not reason.strip():
        raise ValidationError({"reason": _("Say why you need to see this record.")})
    acting = policy.acting_organisation(actor, Perm.VIEW_PERSONS)
    if acting is None or person.is_protected:
        raise PermissionDenied
    request, _created = AccessRequest.objects.get_or_create(
        person=person,
        requesting_organisation=acting,
        status=AccessRequest.Status.OPEN,
        defaults={"requested_by": actor, "reason": reason.strip()},
    )
    return request

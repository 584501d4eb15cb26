"""Rectification (GDPR art. 16): correcting a person's record after registration.

Every change requires the right to record persons at the holding organisation and the record open
to the actor; a merged record is refused (correct the one it was merged into). Each change keeps
the search keys in step and goes to the change log (django-auditlog), with the optional reason
for the correction in the log entry's ``additional_data``. Protection is decided by the holding
organisation's coordinators.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date
from typing import Any

from auditlog.context import auditlog_value, set_extra_data
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acollida.core import policy
from acollida.core.models import Membership, User
from acollida.core.policy import Perm
from acollida.people import households
from acollida.people.models import (
    DatePrecision,
    Household,
    HouseholdMember,
    IdentityDocument,
    Nationality,
    Person,
    PersonName,
    SpokenLanguage,
    Vulnerability,
)
from acollida.people.reference import is_country, is_language, parse_phone
from acollida.people.services import document_hash, person_keys_refresh

NOTE_MAX = 500

# The core fields ``person_update`` may change; the rest have their own workflows.
TEXT_FIELDS = (
    "given_name",
    "family_name",
    "native_name",
    "preferred_name",
    "gender",
    "email",
    "address",
    "district",
)
EDITABLE_FIELDS = frozenset(
    {*TEXT_FIELDS, "sex", "date_of_birth", "date_of_birth_precision", "phone", "vulnerabilities"}
)

MERGED_MESSAGE = gettext_lazy("This record was merged into another one. Correct that one instead.")


def person_editable_by(user: Any, person: Person) -> bool:
    """May ``user`` correct ``person``: the record is open to them and they record persons at its
    holder. A merged record is not editable by anyone."""
    return (
        person.merged_into_id is None
        and policy.can(user, Perm.EDIT_PERSONS, person.organisation_id)
        and Person.objects.visible_to(user).filter(pk=person.pk).exists()
    )


def person_protection_editable_by(user: Any, person: Person) -> bool:
    """Protection and named staff are decided by the coordinators of the holding organisation."""
    return person_editable_by(user, person) and policy.can(user, Perm.COORDINATE, person.organisation_id)


def _require_editable(actor: User, person: Person) -> None:
    if not policy.can(actor, Perm.EDIT_PERSONS, person.organisation_id):
        raise PermissionDenied
    if not Person.objects.visible_to(actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    if person.merged_into_id is not None:
        raise ValidationError(MERGED_MESSAGE)


@contextlib.contextmanager
def rectification(actor: User, note: str) -> Iterator[None]:
    """Every change-log entry written inside carries the actor and the reason for the correction.

    The request's own audit context (actor, address) is kept and restored afterwards, so later
    writes in the same request are still attributed.
    """
    try:
        previous: dict[str, Any] | None = auditlog_value.get()
    except LookupError:
        previous = None
    context = {key: value for key, value in (previous or {}).items() if key != "signal_duid"}
    if context.get("actor") is None:
        context["actor"] = actor
    note = note.strip()[:NOTE_MAX]
    context["additional_data"] = {"rectification": True, **({"note": note} if note else {})}
    try:
        with set_extra_data(context_data=context):
            yield
    finally:
        if previous is not None:
            auditlog_value.set(previous)


def _check_names(person: Person) -> None:
    if not (person.given_name or person.family_name or person.native_name):
        raise ValidationError({"family_name": _("Enter at least one name.")})


@transaction.atomic
def person_update(*, actor: User, person: Person, note: str = "", **fields: Any) -> list[str]:
    """Correct the person's core fields; returns the names of the fields that changed.

    ``vulnerabilities`` is a list of codes; ``phone`` is normalised to international format.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"person_update() cannot change {sorted(unknown)}")
    _require_editable(actor, person)
    values = dict(fields)
    for name in TEXT_FIELDS:
        if name in values:
            values[name] = (values[name] or "").strip()
    if values.get("phone"):
        try:
            values["phone"] = parse_phone(values["phone"])
        except ValueError:
            raise ValidationError(
                {"phone": _("This phone number is not valid. Include the country code if it is not Spanish.")}
            ) from None
    if "vulnerabilities" in values:
        codes = set(values["vulnerabilities"])
        if codes - set(Vulnerability.values):
            raise ValidationError({"vulnerabilities": _("Choose vulnerabilities from the list.")})
        values["vulnerabilities"] = ",".join(sorted(codes))
    if values.get("date_of_birth") is None and "date_of_birth" in values:
        values.setdefault("date_of_birth_precision", DatePrecision.EXACT)
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(person, name, values[name])
    _check_names(person)
    person.full_clean()
    with rectification(actor, note):
        person.save()
    person_keys_refresh(person=person)
    return changed


def protection_staff_candidates(person: Person) -> Any:
    """Who may be named to see a protected person: active staff of the holding organisation whose
    role reads persons."""
    roles = [role for role, perms in policy.ROLE_PERMISSIONS.items() if Perm.VIEW_PERSONS in perms]
    members = Membership.objects.active().filter(organisation_id=person.organisation_id, role__in=roles)
    return User.objects.filter(pk__in=members.values("user_id")).order_by("username")


@transaction.atomic
def person_protection_set(
    *, actor: User, person: Person, is_protected: bool, staff: list[User], note: str = ""
) -> None:
    """Protect a person (only the named staff see them; nobody else finds them) or lift it.

    Coordinators of the holding organisation decide. A protected person needs at least one named
    member of staff; lifting protection clears the names. The named staff changes are logged.
    """
    _require_editable(actor, person)
    if not policy.can(actor, Perm.COORDINATE, person.organisation_id):
        raise PermissionDenied
    wanted = {user.pk for user in staff} if is_protected else set()
    allowed = set(protection_staff_candidates(person).values_list("pk", flat=True))
    if wanted - allowed:
        raise ValidationError({"staff": _("Name only staff of the organisation holding the record.")})
    if is_protected and not wanted:
        raise ValidationError({"staff": _("Name at least one member of staff who may see this person.")})
    current = set(person.protected_staff.values_list("pk", flat=True))
    with rectification(actor, note):
        if person.is_protected != is_protected:
            person.is_protected = is_protected
            person.full_clean()
            person.save(update_fields=["is_protected", "updated_at"])
        added, removed = wanted - current, current - wanted
        if added:
            person.protected_staff.add(*added)
            LogEntry.objects.log_m2m_changes(
                User.objects.filter(pk__in=added), person, "add", "protected_staff"
            )
        if removed:
            person.protected_staff.remove(*removed)
            LogEntry.objects.log_m2m_changes(
                User.objects.filter(pk__in=removed), person, "delete", "protected_staff"
            )


# --- Other names, nationalities, languages, identity documents ---------------------------------


def _save(actor: User, instance: Any, note: str) -> None:
    instance.full_clean()
    with rectification(actor, note):
        instance.save()
    person_keys_refresh(person=instance.person)


def _remove(actor: User, instance: Any, note: str) -> None:
    person = instance.person
    _require_editable(actor, person)
    with rectification(actor, note):
        instance.delete()
    person_keys_refresh(person=person)


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the name.")})
    return name


@transaction.atomic
def person_name_add(*, actor: User, person: Person, name: str, kind: str, note: str = "") -> PersonName:
    """Record another spelling, an alias or a former name to search the person by."""
    _require_editable(actor, person)
    other = PersonName(person=person, name=_check_name(name), kind=kind)
    _save(actor, other, note)
    return other


@transaction.atomic
def person_name_update(
    *, actor: User, other_name: PersonName, name: str, kind: str, note: str = ""
) -> PersonName:
    """Correct another name of the person."""
    _require_editable(actor, other_name.person)
    other_name.name, other_name.kind = _check_name(name), kind
    _save(actor, other_name, note)
    return other_name


@transaction.atomic
def person_name_remove(*, actor: User, other_name: PersonName, note: str = "") -> None:
    """Remove another name: the person is no longer found by it."""
    _remove(actor, other_name, note)


def _check_country(person: Person, country: str, exclude: int | None = None) -> None:
    if not is_country(country):
        raise ValidationError({"country": _("Choose a country from the list.")})
    existing = Nationality.objects.filter(person=person, country=country)
    if exclude is not None:
        existing = existing.exclude(pk=exclude)
    if existing.exists():
        raise ValidationError({"country": _("This nationality is already recorded.")})


@transaction.atomic
def person_nationality_add(*, actor: User, person: Person, country: str, note: str = "") -> Nationality:
    """Record a nationality (ISO 3166 code, XX for stateless)."""
    _require_editable(actor, person)
    _check_country(person, country)
    nationality = Nationality(person=person, country=country)
    _save(actor, nationality, note)
    return nationality


@transaction.atomic
def person_nationality_update(
    *, actor: User, nationality: Nationality, country: str, note: str = ""
) -> Nationality:
    """Correct a nationality recorded wrongly."""
    _require_editable(actor, nationality.person)
    _check_country(nationality.person, country, exclude=nationality.pk)
    nationality.country = country
    _save(actor, nationality, note)
    return nationality


@transaction.atomic
def person_nationality_remove(*, actor: User, nationality: Nationality, note: str = "") -> None:
    """Remove a nationality recorded wrongly."""
    _remove(actor, nationality, note)


def _check_language(person: Person, language: str, exclude: int | None = None) -> None:
    if not is_language(language):
        raise ValidationError({"language": _("Choose a language from the list.")})
    existing = SpokenLanguage.objects.filter(person=person, language=language)
    if exclude is not None:
        existing = existing.exclude(pk=exclude)
    if existing.exists():
        raise ValidationError({"language": _("This language is already recorded.")})


@transaction.atomic
def person_language_add(
    *, actor: User, person: Person, language: str, level: str, needs_interpreter: bool, note: str = ""
) -> SpokenLanguage:
    """Record a language the person speaks, how well, and whether an interpreter is needed."""
    _require_editable(actor, person)
    _check_language(person, language)
    spoken = SpokenLanguage(
        person=person, language=language, level=level, needs_interpreter=needs_interpreter
    )
    _save(actor, spoken, note)
    return spoken


@transaction.atomic
def person_language_update(
    *,
    actor: User,
    spoken_language: SpokenLanguage,
    language: str,
    level: str,
    needs_interpreter: bool,
    note: str = "",
) -> SpokenLanguage:
    """Correct a spoken language, its level or the need for an interpreter."""
    _require_editable(actor, spoken_language.person)
    _check_language(spoken_language.person, language, exclude=spoken_language.pk)
    spoken_language.language, spoken_language.level = language, level
    spoken_language.needs_interpreter = needs_interpreter
    _save(actor, spoken_language, note)
    return spoken_language


@transaction.atomic
def person_language_remove(*, actor: User, spoken_language: SpokenLanguage, note: str = "") -> None:
    """Remove a language recorded wrongly."""
    _remove(actor, spoken_language, note)


def _document_fields(number: str, issuing_country: str) -> str:
    if not number.strip():
        raise ValidationError({"number": _("Enter the document number.")})
    if issuing_country and not is_country(issuing_country):
        raise ValidationError({"issuing_country": _("Choose a country from the list.")})
    return number.strip()


@transaction.atomic
def person_document_add(
    *,
    actor: User,
    person: Person,
    kind: str,
    number: str,
    issuing_country: str = "",
    expires_on: date | None = None,
    note: str = "",
) -> IdentityDocument:
    """Record an identity document; the number is encrypted and filed under its keyed hash."""
    _require_editable(actor, person)
    number = _document_fields(number, issuing_country)
    document = IdentityDocument(
        person=person,
        kind=kind,
        number=number,
        number_hash=document_hash(number),
        issuing_country=issuing_country,
        expires_on=expires_on,
    )
    _save(actor, document, note)
    return document


@transaction.atomic
def person_document_correct(
    *,
    actor: User,
    document: IdentityDocument,
    kind: str,
    number: str,
    issuing_country: str = "",
    expires_on: date | None = None,
    note: str = "",
) -> IdentityDocument:
    """Correct a document: a new number is filed under its new hash and the old one no longer finds
    the person."""
    _require_editable(actor, document.person)
    number = _document_fields(number, issuing_country)
    document.kind, document.number, document.number_hash = kind, number, document_hash(number)
    document.issuing_country, document.expires_on = issuing_country, expires_on
    _save(actor, document, note)
    return document


@transaction.atomic
def person_document_remove(*, actor: User, document: IdentityDocument, note: str = "") -> None:
    """Remove a document recorded by mistake; its number no longer finds the person."""
    _remove(actor, document, note)


# --- Households from the person page ------------------------------------------------------------


@transaction.atomic
def household_start(
    *, actor: User, person: Person, name: str, relationship: str, joined_on: date | None = None
) -> Household:
    """Open a household held by the person's organisation, with the person as its first member."""
    _require_editable(actor, person)
    household = households.household_create(actor=actor, organisation=person.organisation, name=name)
    households.household_member_join(
        actor=actor,
        household=household,
        person=person,
        relationship=relationship,
        joined_on=joined_on or timezone.localdate(),
    )
    return household


def household_member_editable_by(user: Any, member: HouseholdMember) -> bool:
    """May ``user`` record that this member left: they record persons at the household's holder
    and may correct the person."""
    return policy.can(user, Perm.EDIT_PERSONS, member.household.organisation_id) and person_editable_by(
        user, member.person
    )

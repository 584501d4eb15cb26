"""The access policy: the one place that decides who may see or do what.

Views and API endpoints never filter by hand. They ask ``can(user, perm)`` / ``require(...)`` and
read through ``visible_to`` querysets that call the functions below. A new capability adds its
permission here, grants it to roles in ``ROLE_PERMISSIONS``, and adds its URLs to the access-matrix
test (``tests/core/test_access_matrix.py``).

Rules (DESIGN.md §Data protection): deny by default; a user acts only for the organisations they are
an active member of (an API token narrows that further); managing staff and auditing reach an
organisation's sections below it; the platform admin runs the instance but reads no personal data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from acollida.core.models import Membership, Organisation, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from acollida.core.models import User

    AnyUser = User | AnonymousUser


class Perm(StrEnum):
    USE_APP = "use_app"
    VIEW_NETWORK = "view_network"
    MANAGE_STAFF = "manage_staff"
    MANAGE_ORGANISATIONS = "manage_organisations"
    VIEW_AUDIT = "view_audit"
    USE_API = "use_api"
    VIEW_PERSONS = "view_persons"
    EDIT_PERSONS = "edit_persons"
    COORDINATE = "coordinate"
    VIEW_AGGREGATES = "view_aggregates"
    MANAGE_COUNCIL = "manage_council"
    INTERPRET = "interpret"
    ADMIN_SITE = "admin_site"
    MANAGE_DIRECTORY = "manage_directory"
    MANAGE_HOUSING = "manage_housing"


PERM_DESCRIPTIONS: dict[Perm, Promise] = {
    Perm.USE_APP: _("Use acollida for your organisation"),
    Perm.VIEW_NETWORK: _("See the organisations and offices of the network"),
    Perm.MANAGE_STAFF: _("Invite, deactivate and change the roles of your organisation's staff"),
    Perm.MANAGE_ORGANISATIONS: _("Create and edit organisations and offices"),
    Perm.VIEW_AUDIT: _("See who viewed or changed personal data, and the audit log"),
    Perm.USE_API: _("Use the API with personal tokens"),
    Perm.VIEW_PERSONS: _("Find people and read their files"),
    Perm.EDIT_PERSONS: _("Register people and record their matters"),
    Perm.COORDINATE: _("Coordinate places, waiting lists and referrals"),
    Perm.VIEW_AGGREGATES: _("See aggregate statistics (never individual records)"),
    Perm.MANAGE_COUNCIL: _("Run the Local Council: seats, meetings and votes"),
    Perm.INTERPRET: _("Support conversations as an interpreter"),
    Perm.ADMIN_SITE: _("Administer the platform (technical settings)"),
    Perm.MANAGE_DIRECTORY: _("Keep your organisation's services in the public directory up to date"),
    Perm.MANAGE_HOUSING: _("Keep your organisation's places up to date and check households in and out"),
}

_BASE = frozenset({Perm.USE_APP, Perm.VIEW_NETWORK})

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.CASEWORKER: _BASE | {Perm.USE_API, Perm.VIEW_PERSONS, Perm.EDIT_PERSONS, Perm.MANAGE_HOUSING},
    Role.COORDINATOR: _BASE
    | {
        Perm.USE_API,
        Perm.VIEW_PERSONS,
        Perm.EDIT_PERSONS,
        Perm.COORDINATE,
        Perm.VIEW_AGGREGATES,
        Perm.MANAGE_DIRECTORY,
        Perm.MANAGE_HOUSING,
    },
    Role.ORG_ADMIN: _BASE | {Perm.USE_API, Perm.MANAGE_STAFF, Perm.MANAGE_DIRECTORY},
    Role.DPO: _BASE | {Perm.USE_API, Perm.VIEW_AUDIT, Perm.VIEW_AGGREGATES},
    Role.COUNCIL_SECRETARY: _BASE | {Perm.MANAGE_COUNCIL},
    Role.RESEARCHER: _BASE | {Perm.USE_API, Perm.VIEW_AGGREGATES},
    Role.VOLUNTEER: _BASE,
    Role.INTERPRETER: _BASE | {Perm.INTERPRET},
    Role.PLATFORM_ADMIN: _BASE
    | {Perm.USE_API, Perm.MANAGE_STAFF, Perm.MANAGE_ORGANISATIONS, Perm.ADMIN_SITE},
}

# Permissions that, held through a platform-admin membership, reach every organisation.
PLATFORM_WIDE = frozenset({Perm.MANAGE_STAFF, Perm.MANAGE_ORGANISATIONS, Perm.ADMIN_SITE})
# Permissions that reach an organisation's sections (children, grandchildren…).
REACHES_SECTIONS = frozenset(
    {Perm.MANAGE_STAFF, Perm.VIEW_AUDIT, Perm.VIEW_AGGREGATES, Perm.MANAGE_DIRECTORY}
)


def memberships_of(user: AnyUser) -> list[Membership]:
    """The active memberships a user acts through, narrowed to an API token's organisations."""
    if not user.is_authenticated or not user.is_active:
        return []
    cache = getattr(user, "_acollida_memberships", None)
    if cache is not None:
        return list(cache)
    qs = Membership.objects.active().filter(user=user).select_related("organisation")
    scope = getattr(user, "token_organisation_ids", None)
    if scope is not None:
        qs = qs.filter(organisation_id__in=scope)
    result = list(qs)
    setattr(user, "_acollida_memberships", result)  # noqa: B010 (a per-request cache on the user object)
    return result


def forget(user: AnyUser) -> None:
    """Drop the per-request cache after a user's memberships change."""
    if hasattr(user, "_acollida_memberships"):
        del user._acollida_memberships


def permissions_of(user: AnyUser) -> frozenset[Perm]:
    perms: set[Perm] = set()
    for membership in memberships_of(user):
        perms |= ROLE_PERMISSIONS.get(membership.role, frozenset())
    return frozenset(perms)


def can(user: AnyUser, perm: Perm, organisation: Organisation | int | None = None) -> bool:
    """May ``user`` exercise ``perm`` (at ``organisation`` when given)?"""
    if organisation is None:
        return perm in permissions_of(user)
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    return org_id in organisation_ids_with(user, perm)


def require(user: AnyUser, perm: Perm, organisation: Organisation | int | None = None) -> None:
    if not can(user, perm, organisation):
        raise PermissionDenied


def _descendants(org_ids: Iterable[int]) -> set[int]:
    found = set(org_ids)
    frontier = set(found)
    while frontier:
        children = (
            set(Organisation.objects.filter(parent_id__in=frontier).values_list("id", flat=True)) - found
        )
        found |= children
        frontier = children
    return found


def organisation_ids_with(user: AnyUser, perm: Perm) -> set[int]:
    """The organisations where ``user`` holds ``perm``."""
    direct: set[int] = set()
    for membership in memberships_of(user):
        perms = ROLE_PERMISSIONS.get(membership.role, frozenset())
        if perm not in perms:
            continue
        if membership.role == Role.PLATFORM_ADMIN and perm in PLATFORM_WIDE:
            return set(Organisation.objects.values_list("id", flat=True))
        direct.add(membership.organisation_id)
    return _descendants(direct) if perm in REACHES_SECTIONS else direct


def acting_organisation(
    user: AnyUser, perm: Perm, record_organisation_id: int | None = None
) -> Organisation | None:
    """The organisation on whose behalf ``user`` exercises ``perm`` (for the read log)."""
    members = [m for m in memberships_of(user) if perm in ROLE_PERMISSIONS.get(m.role, frozenset())]
    if record_organisation_id is not None:
        for membership in members:
            if membership.organisation_id == record_organisation_id:
                return membership.organisation
    return members[0].organisation if members else None


def roles_of(user: AnyUser) -> list[tuple[Organisation, str]]:
    return [(m.organisation, m.role) for m in memberships_of(user)]


# --- visible_to: the querysets every view and endpoint reads through ---------------------------


def organisations_visible_to(user: AnyUser, qs: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """The network directory is shared with every member of staff; inactive ones only with managers."""
    if not can(user, Perm.VIEW_NETWORK):
        return qs.none()
    managed = organisation_ids_with(user, Perm.MANAGE_ORGANISATIONS)
    return qs.filter(Q(is_active=True) | Q(id__in=managed))


def memberships_visible_to(user: AnyUser, qs: QuerySet[Membership]) -> QuerySet[Membership]:
    """Staff lists are private to the organisation: managers see theirs, everyone sees their own."""
    if not user.is_authenticated:
        return qs.none()
    managed = organisation_ids_with(user, Perm.MANAGE_STAFF)
    own = [m.pk for m in memberships_of(user)]
    return qs.filter(Q(organisation_id__in=managed) | Q(pk__in=own))


def staff_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Users whose staff record the user may open: members of organisations they manage."""
    managed = organisation_ids_with(user, Perm.MANAGE_STAFF)
    if not managed:
        return qs.none()
    return qs.filter(memberships__organisation_id__in=managed).distinct()


def read_logs_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """A DPO audits reads made by their organisations' staff and reads of their organisations' records."""
    audited = organisation_ids_with(user, Perm.VIEW_AUDIT)
    if not audited:
        return qs.none()
    return qs.filter(Q(organisation_id__in=audited) | Q(record_organisation_id__in=audited))


def audited_organisation_ids(user: AnyUser) -> set[int]:
    return organisation_ids_with(user, Perm.VIEW_AUDIT)


# --- Data-subject rights: export, erasure, legal holds (acollida/cases/erasure.py) -------------


def may_exercise_rights(user: AnyUser, person: Any) -> bool:
    """Export and erasure of a person: the data-protection officer of the holding organisation
    (or of an organisation above it). The export holds every case, protected ones included, so
    nobody who reads only part of the file makes it."""
    return can(user, Perm.VIEW_AUDIT, person.organisation_id)


def rights_persons_for(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Persons whose export and erasure the user handles."""
    return qs.filter(organisation_id__in=organisation_ids_with(user, Perm.VIEW_AUDIT))


def erasure_records_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Erasure and pseudonymisation records (no personal data) of the organisations one audits."""
    return qs.filter(organisation_id__in=organisation_ids_with(user, Perm.VIEW_AUDIT))


def may_manage_legal_holds(user: AnyUser, person: Any) -> bool:
    """Legal holds are placed and lifted by that officer, or by the holder's coordinators who may
    open the person."""
    if may_exercise_rights(user, person):
        return True
    return (
        can(user, Perm.COORDINATE, person.organisation_id)
        and persons_visible_to(user, type(person)._default_manager.filter(pk=person.pk)).exists()
    )


def tokens_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """API tokens are personal: nobody else sees them, not even an admin."""
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(user_id=user.pk)


def _granted_persons(qs: QuerySet[Any], organisation_ids: set[int]) -> QuerySet[Any]:
    """Ids of persons with an active sharing grant (not revoked, not expired) to one of
    ``organisation_ids``, as a subquery. Reached through the ``grants`` relation of the person
    model, so this module imports no people model."""
    grant_model = qs.model._meta.get_field("grants").related_model
    return grant_model._default_manager.filter(
        organisation_id__in=organisation_ids,
        revoked_at__isnull=True,
        expires_on__gte=timezone.localdate(),
    ).values("person_id")


def _referred_persons(qs: QuerySet[Any], organisation_ids: set[int]) -> QuerySet[Any]:
    """Ids of persons whose case is referred to one of ``organisation_ids`` by an active referral
    (``active_referrals``) that shares the "identity" section, as a subquery."""
    case_model = qs.model._meta.get_field("cases").related_model
    referral_model = case_model._meta.get_field("referrals").related_model
    return (
        active_referrals(referral_model._default_manager.all(), organisation_ids)
        .filter(sections__icontains='"identity"', case__person__isnull=False)
        .values("case__person_id")
    )


def _person_reachable(qs: QuerySet[Any], holders: set[int], via: str = "") -> Q:
    """Held by one of ``holders``, or shared with one of them by an active grant or by an active
    referral of their case that shares their identity. Neither ever opens a protected person:
    their record stays with their named staff at the holder.

    ``via`` (e.g. ``"person"``) states the condition on rows that point to the person through that
    foreign key, so that a case is checked against its own person (one row) rather than against
    the set of every person the user may open."""
    prefix, pk = (f"{via}__", f"{via}_id") if via else ("", "pk")
    return (
        Q(**{f"{prefix}organisation_id__in": holders})
        | Q(**{f"{prefix}is_protected": False, f"{pk}__in": _granted_persons(qs, holders)})
        | Q(**{f"{prefix}is_protected": False, f"{pk}__in": _referred_persons(qs, holders)})
    )


def persons_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Persons a user may open: held by an organisation where they read persons, or shared with
    one by an active sharing grant (``AccessGrant``: not revoked, ``expires_on`` today or later)
    or by an active referral of their case that shares the "identity" section; a protected person
    only to their named staff, and never through a grant or a referral."""
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not holders:
        return qs.none()
    return qs.filter(
        _person_reachable(qs, holders) & (Q(is_protected=False) | Q(protected_staff=user.pk))
    ).distinct()


def persons_searchable_by(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Persons that may appear in a user's search, redacted when held elsewhere. A protected person
    appears only to their named staff; nobody without the right to read persons searches at all."""
    if not can(user, Perm.VIEW_PERSONS):
        return qs.none()
    return qs.filter(Q(is_protected=False) | Q(protected_staff=user.pk)).distinct()


def person_access(user: AnyUser, persons: QuerySet[Any]) -> dict[int, str]:
    """For each person in ``persons``: ``"full"`` if the user may open the record (as
    ``persons_visible_to`` decides: held, or shared by an active grant), ``"redacted"`` if it may
    only appear in their search, absent otherwise. One query."""
    if not can(user, Perm.VIEW_PERSONS):
        return {}
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    full = Case(
        When(_person_reachable(persons, holders), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    rows = persons_searchable_by(user, persons).annotate(full=full).values_list("pk", "full")
    return {pk: "full" if is_full else "redacted" for pk, is_full in rows}


def households_visible_to(user: AnyUser, qs: QuerySet[Any], persons: QuerySet[Any]) -> QuerySet[Any]:
    """Households (``qs``) with at least one member, present or past, among the ``persons`` the user
    may open (held or shared by an active grant), and the empty households of organisations where
    the user reads persons. A household whose only members are people the user may not open stays
    hidden: its name alone is often a family name."""
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not holders:
        return qs.none()
    visible_persons = persons_visible_to(user, persons).values("pk")
    return qs.filter(
        Q(members__person__in=visible_persons) | Q(organisation_id__in=holders, members__isnull=True)
    ).distinct()


def access_requests_incoming_for(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Access requests the user may decide: about persons held where they record persons and whom
    they may open (a protected person's only by their named staff)."""
    editors = organisation_ids_with(user, Perm.EDIT_PERSONS)
    if not editors:
        return qs.none()
    return qs.filter(
        Q(person__organisation_id__in=editors)
        & (Q(person__is_protected=False) | Q(person__protected_staff=user.pk))
    ).distinct()


def access_requests_outgoing_for(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """The access requests the user made themselves, while they still read persons."""
    if not can(user, Perm.VIEW_PERSONS):
        return qs.none()
    return qs.filter(requested_by_id=user.pk)


def access_grants_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Sharing grants the holder side sees (and, with the right to record persons, revokes): on
    persons held where the user reads persons and whom they may open."""
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not holders:
        return qs.none()
    return qs.filter(
        Q(person__organisation_id__in=holders)
        & (Q(person__is_protected=False) | Q(person__protected_staff=user.pk))
    ).distinct()


# --- Cases --------------------------------------------------------------------------------------


def held_cases_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Cases a user may open as staff of the holding organisation, by sensitivity:

    * normal: members of the holding organisation who read persons;
    * restricted: the responsible caseworker, the named staff and the holding organisation's
      coordinators;
    * protected: the named staff only (coordinators too only when named).

    A case is never more visible than whom it is about: the person must be one the user may open
    (``persons_visible_to``, so a protected person makes the case protected in effect), and a
    household case is hidden when a member is a protected person the user is not named for.
    """
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not holders:
        return qs.none()
    return qs.filter(_held_case_q(user, qs.model, holders))


def _held_case_q(user: AnyUser, model: Any, holders: set[int]) -> Q:
    """The condition of ``held_cases_visible_to``, to combine with others in one filter."""
    coordinated = organisation_ids_with(user, Perm.COORDINATE)
    named = model.protected_staff.through.objects.filter(user_id=user.pk).values(
        model._meta.model_name + "_id"
    )
    Person = model._meta.get_field("person").related_model
    named_persons = Person.protected_staff.through.objects.filter(user_id=user.pk).values("person_id")
    # persons_visible_to's condition, on the case's own person.
    visible_person = _person_reachable(Person.objects.all(), holders, via="person") & (
        Q(person__is_protected=False) | Q(person_id__in=named_persons)
    )
    hidden_members = Person.objects.filter(is_protected=True).exclude(protected_staff=user.pk).values("pk")
    by_sensitivity = (
        Q(sensitivity="normal")
        | Q(sensitivity="restricted")
        & (Q(responsible_id=user.pk) | Q(pk__in=named) | Q(organisation_id__in=coordinated))
        | Q(sensitivity="protected", pk__in=named)
    )
    household_case = Q(person__isnull=True, household__isnull=False)
    about_visible = visible_person | (household_case & ~Q(household__members__person__in=hidden_members))
    return Q(organisation_id__in=holders) & by_sensitivity & about_visible


def active_referrals(qs: QuerySet[Any], organisation_ids: Iterable[int]) -> QuerySet[Any]:
    """Referrals (``qs``) through which one of ``organisation_ids`` sees a case now: accepted, not
    ended (withdrawn by the sender, or its consent withdrawn), not past ``expires_on``, and resting
    on a consent that still stands (not withdrawn, not expired) or on a logged override."""
    today = timezone.localdate()
    consent_stands = Q(consent__isnull=True) | (
        Q(consent__withdrawn_at__isnull=True)
        & (Q(consent__expires_on__isnull=True) | Q(consent__expires_on__gte=today))
    )
    return qs.filter(
        consent_stands,
        to_organisation_id__in=list(organisation_ids),
        status="accepted",
        ended_at__isnull=True,
        expires_on__gte=today,
    )


def _referred_cases(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Ids of cases referred to an organisation where the user reads persons, by an active
    referral, as a subquery."""
    referral_model = qs.model._meta.get_field("referrals").related_model
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    return active_referrals(referral_model._default_manager.all(), holders).values("case_id")


def cases_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Cases a user may open: held (``held_cases_visible_to``: within the holding organisation and
    the case's sensitivity), or referred to an organisation where the user reads persons by an
    active referral (``active_referrals``: accepted, unexpired, not ended, its consent standing).

    A referred case shows the receiver only the sections shared (``case_sections_for``); a
    referral that is only sent opens its summary page, never the case. A protected case reaches a
    receiver only through a referral its named staff sent with a recorded reason, and its
    location never travels (``Case.hides_location``).
    """
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not holders:
        return qs.none()
    return qs.filter(_held_case_q(user, qs.model, holders) | Q(pk__in=_referred_cases(user, qs)))


CASE_SECTIONS = frozenset({"identity", "needs", "plan", "timeline", "documents", "pathways"})


def cases_showing_identity(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Of the cases (``qs``), those the user may open with whom they are about: held, or referred
    by an active referral that shares the "identity" section (``case_sections_for``, in SQL for
    lists)."""
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not holders:
        return qs.none()
    referral_model = qs.model._meta.get_field("referrals").related_model
    identity = (
        active_referrals(referral_model._default_manager.all(), holders)
        .filter(sections__icontains='"identity"')
        .values("case_id")
    )
    return qs.filter(_held_case_q(user, qs.model, holders) | Q(pk__in=identity))


def case_sections_for(user: AnyUser, case: Any) -> set[str]:
    """The sections of ``case`` the user may read: all of them for staff of the holder who may open
    it; for a receiver, those its active referrals share; none otherwise."""
    return set(case_access(user, case).sections)


@dataclass(frozen=True)
class CaseAccess:
    """What one user may read of one case, decided once (``case_access``). A page that shows
    several sections of a case hands this to each of them (``case_pathways_for`` and the other
    ``case_*_for`` below) instead of checking the case again in every section's query."""

    case_id: int
    held: bool  # opened as staff of the holder (``held_cases_visible_to``)
    sections: frozenset[str]  # ``case_sections_for``
    reader_organisations: frozenset[int]  # where the user reads persons (a receiver's side)


def case_access(user: AnyUser, case: Any) -> CaseAccess:
    """The user's access to ``case``: held (every section), or the sections its active referrals
    to the user's organisations share, or nothing. One query for the holder's staff, two for others."""
    model = type(case)
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    held = bool(holders) and held_cases_visible_to(user, model._default_manager.filter(pk=case.pk)).exists()
    shared: set[str] = set(CASE_SECTIONS) if held else set()
    if holders and not held:
        referral_model = model._meta.get_field("referrals").related_model
        for sections in active_referrals(
            referral_model._default_manager.filter(case_id=case.pk), holders
        ).values_list("sections", flat=True):
            shared |= set(sections or []) & CASE_SECTIONS
    return CaseAccess(
        case_id=case.pk, held=held, sections=frozenset(shared), reader_organisations=frozenset(holders)
    )


def case_pathways_for(access: CaseAccess, qs: QuerySet[Any]) -> QuerySet[Any]:
    """``case_pathways_visible_to`` for the one case ``access`` was decided for: all its pathways
    when the pathways section is open to the user (held, or shared by a referral), none otherwise."""
    if "pathways" not in access.sections:
        return qs.none()
    return qs.filter(case_id=access.case_id)


def case_documents_for(access: CaseAccess, qs: QuerySet[Any]) -> QuerySet[Any]:
    """``case_documents_visible_to`` for the one case ``access`` was decided for: all of them for
    the holder's staff; those not special category when a referral shares the documents section."""
    if access.held:
        return qs.filter(case_id=access.case_id)
    if "documents" in access.sections:
        return qs.filter(case_id=access.case_id, is_special_category=False)
    return qs.none()


def case_referrals_for(access: CaseAccess, qs: QuerySet[Any]) -> QuerySet[Any]:
    """``referrals_visible_to`` for the one case ``access`` was decided for: all its referrals for
    the holder's staff; for others, those sent to an organisation where they read persons."""
    if access.held:
        return qs.filter(case_id=access.case_id)
    if not access.reader_organisations:
        return qs.none()
    return qs.filter(case_id=access.case_id, to_organisation_id__in=access.reader_organisations)


def case_consents_for(access: CaseAccess, qs: QuerySet[Any]) -> QuerySet[Any]:
    """``consents_visible_to`` for the one case ``access`` was decided for: the holder's staff see
    its consents; a receiver sees none."""
    return qs.filter(case_id=access.case_id) if access.held else qs.none()


def referrals_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Referrals a user may follow: those of cases they may open as holder staff (the sender's
    side), and those sent to an organisation where they read persons (the receiver's side; a
    referral only sent, declined or ended shows its summary there, never the case)."""
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not holders:
        return qs.none()
    case_model = qs.model._meta.get_field("case").related_model
    held = held_cases_visible_to(user, case_model._default_manager.all()).values("pk")
    return qs.filter(Q(case_id__in=held) | Q(to_organisation_id__in=holders))


def consents_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Consents the holder side sees: on cases the user may open as holder staff, or, recorded on
    no case, of persons held where the user reads persons and whom they may open. A receiver of a
    referral sees none (the referral says on what it rests)."""
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not holders:
        return qs.none()
    case_model = qs.model._meta.get_field("case").related_model
    person_model = qs.model._meta.get_field("person").related_model
    held = held_cases_visible_to(user, case_model._default_manager.all()).values("pk")
    persons = persons_visible_to(user, person_model._default_manager.filter(organisation_id__in=holders))
    return qs.filter(Q(case_id__in=held) | Q(case__isnull=True, person_id__in=persons.values("pk")))


# --- Agenda: appointments, slots, the walk-in queue, calendar feeds ---------------------------


def agenda_organisation_ids(user: AnyUser) -> set[int]:
    """Organisations whose offices' agenda a user keeps: where they read persons, and the sections
    below (a city caseworker reaches the CAI's offices)."""
    readers = organisation_ids_with(user, Perm.VIEW_PERSONS)
    return _descendants(readers) if readers else set()


def agenda_offices_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Offices whose agenda and queue a user may open."""
    return qs.filter(organisation_id__in=agenda_organisation_ids(user))


def slot_publisher_organisation_ids(user: AnyUser) -> set[int]:
    """Coordinators publish slots at their organisations' offices and the sections below."""
    coordinated = organisation_ids_with(user, Perm.COORDINATE)
    return _descendants(coordinated) if coordinated else set()


def slots_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.filter(office__organisation_id__in=agenda_organisation_ids(user))


def appointments_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Appointments at offices of organisations where the user reads persons (or above them), and
    those the user interprets at. A protected person's appointments reach only their named staff."""
    if not user.is_authenticated:
        return qs.none()
    cond = Q(office__organisation_id__in=agenda_organisation_ids(user))
    if can(user, Perm.INTERPRET):
        cond |= Q(interpreter_id=user.pk)
    return qs.filter(cond & (Q(person__is_protected=False) | Q(person__protected_staff=user.pk))).distinct()


def interprets_only(user: AnyUser, appointment: Any) -> bool:
    """True when the user sees ``appointment`` only as its interpreter: first name, language, time
    and office, never the person's file."""
    return appointment.office.organisation_id not in agenda_organisation_ids(user)


def tickets_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Walk-in tickets: staff who read persons at the office's organisation."""
    return qs.filter(office__organisation_id__in=organisation_ids_with(user, Perm.VIEW_PERSONS))


def queue_offices_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Offices whose walk-in queue and waiting-room display a user may run."""
    return qs.filter(organisation_id__in=organisation_ids_with(user, Perm.VIEW_PERSONS))


def may_keep_calendar(user: AnyUser) -> bool:
    """Who may subscribe to their own appointments: staff who see people, and interpreters."""
    return can(user, Perm.VIEW_PERSONS) or can(user, Perm.INTERPRET)


def calendar_feeds_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Calendar feeds are personal: nobody else sees them."""
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(user_id=user.pk)


# --- Pathways: templates coordinators edit, and the pathways of cases --------------------------


def pathway_templates_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Network-wide templates, and those of the organisations where the user reads persons or
    coordinates."""
    organisations = organisation_ids_with(user, Perm.VIEW_PERSONS) | organisation_ids_with(
        user, Perm.COORDINATE
    )
    if not organisations:
        return qs.none()
    return qs.filter(Q(organisation__isnull=True) | Q(organisation_id__in=organisations))


def may_edit_pathway_template(user: AnyUser, template: Any) -> bool:
    """An organisation's templates are edited by its coordinators. Network-wide ones are changed
    only by ``acollida cases load-pathways``: coordinators copy them into their organisation."""
    return template.organisation_id is not None and can(user, Perm.COORDINATE, template.organisation_id)


def case_pathways_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """A case's pathways: seen by the holder's staff who may open the case
    (``held_cases_visible_to``) and by the receiver of an active referral that shares the
    "pathways" section."""
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not holders:
        return qs.none()
    case_model = qs.model._meta.get_field("case").related_model
    referral_model = case_model._meta.get_field("referrals").related_model
    held = held_cases_visible_to(user, case_model._default_manager.all()).values("pk")
    shared = (
        active_referrals(referral_model._default_manager.all(), holders)
        .filter(sections__icontains='"pathways"')
        .values("case_id")
    )
    return qs.filter(Q(case_id__in=held) | Q(case_id__in=shared))


# --- Case documents and the templates of documents the office issues ---------------------------


def case_documents_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Documents of cases the user may open as staff of the holder (``held_cases_visible_to``);
    for a receiver of an active referral that shares the "documents" section, those that are not
    special category (health, legal status, violence stay with the holder)."""
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not holders:
        return qs.none()
    case_model = qs.model._meta.get_field("case").related_model
    referral_model = case_model._meta.get_field("referrals").related_model
    held = held_cases_visible_to(user, case_model._default_manager.all()).values("pk")
    shared = (
        active_referrals(referral_model._default_manager.all(), holders)
        .filter(sections__icontains='"documents"')
        .values("case_id")
    )
    return qs.filter(Q(case_id__in=held) | Q(is_special_category=False, case_id__in=shared))


def document_templates_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Network-wide templates, and those of the organisations where the user reads persons or
    coordinates."""
    organisations = organisation_ids_with(user, Perm.VIEW_PERSONS) | organisation_ids_with(
        user, Perm.COORDINATE
    )
    if not organisations:
        return qs.none()
    return qs.filter(Q(organisation__isnull=True) | Q(organisation_id__in=organisations))


def may_edit_document_template(user: AnyUser, template: Any) -> bool:
    """An organisation's templates are edited by its coordinators. Network-wide ones are changed
    only by ``acollida cases load-document-templates``: coordinators copy them first."""
    return template.organisation_id is not None and can(user, Perm.COORDINATE, template.organisation_id)


# --- Public directory: who keeps which services (acollida/directory) ---------------------------


def directory_organisation_ids(user: AnyUser) -> set[int]:
    """Network organisations whose directory entries ``user`` keeps (their sections included)."""
    return organisation_ids_with(user, Perm.MANAGE_DIRECTORY)


def directory_organizations_managed_by(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Directory organizations linked to a network organisation the user keeps the entries of."""
    return qs.filter(organisation_id__in=directory_organisation_ids(user))


def directory_services_managed_by(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Services the user may edit, verify and translate: those of the organizations above."""
    return qs.filter(organization__organisation_id__in=directory_organisation_ids(user))


def directory_locations_managed_by(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Locations of the organizations the user keeps (a location serves several services)."""
    return qs.filter(organization__organisation_id__in=directory_organisation_ids(user))


# --- Housing: the network's places, the waiting list and placements (acollida/housing) ----------
#
# * Each organisation manages its own accommodations. Holders of ``MANAGE_HOUSING`` at the
#   operator (its caseworkers and coordinators) see its accommodations with their addresses,
#   change the status of places, and check households in and out, record absences and moves.
#   Creating and editing accommodations, units and places, and importing them, is for the
#   operator's coordinators (``MANAGE_HOUSING`` and ``COORDINATE`` there).
# * Coordinators (``COORDINATE`` anywhere) see the vacancies of the whole network and reserve
#   places for waiting households; the address of an accommodation with a protected address is
#   never shown outside its operator (``accommodation_address_visible``).
# * A waiting list entry is opened in full with its case (``cases_visible_to``), or, without a
#   case, with its person or household (``persons_visible_to``). Coordinators see every waiting
#   entry network-wide in a reduced form (size, needs, priority; no names, no locations), except
#   those of protected cases and protected persons, which stay with their named staff.
# * Placements are seen by whoever may open their entry and by the operator's housing staff
#   (who see the household's name only when they may open the entry).


def housing_operator_ids(user: AnyUser) -> set[int]:
    """Organisations whose accommodations ``user`` keeps up to date (``MANAGE_HOUSING``)."""
    return organisation_ids_with(user, Perm.MANAGE_HOUSING)


def housing_manager_ids(user: AnyUser) -> set[int]:
    """Organisations whose accommodations, units and places ``user`` may create and edit."""
    return housing_operator_ids(user) & organisation_ids_with(user, Perm.COORDINATE)


def sees_network_vacancies(user: AnyUser) -> bool:
    """Coordinators see the free places of the whole network."""
    return can(user, Perm.COORDINATE)


def accommodations_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Every accommodation for coordinators; the own organisation's for its housing staff."""
    if sees_network_vacancies(user):
        return qs
    return qs.filter(operator_id__in=housing_operator_ids(user))


def accommodations_operated_by(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Accommodations whose places ``user`` updates and whose households they check in and out."""
    return qs.filter(operator_id__in=housing_operator_ids(user))


def accommodations_managed_by(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Accommodations whose details, units and places ``user`` may create and edit."""
    return qs.filter(operator_id__in=housing_manager_ids(user))


def accommodation_address_visible(user: AnyUser, accommodation: Any) -> bool:
    """A protected address is shown only to the operator's housing staff."""
    return not accommodation.is_protected_address or accommodation.operator_id in housing_operator_ids(user)


def units_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    if sees_network_vacancies(user):
        return qs
    return qs.filter(accommodation__operator_id__in=housing_operator_ids(user))


def places_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    if sees_network_vacancies(user):
        return qs
    return qs.filter(unit__accommodation__operator_id__in=housing_operator_ids(user))


def waiting_entries_openable_by(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Entries ``user`` may open in full (names, notes, locations): with their case
    (``cases_visible_to``), or, for an entry without a case, with its person or household."""
    holders = organisation_ids_with(user, Perm.VIEW_PERSONS)
    if not holders:
        return qs.none()
    entry_model = qs.model
    case_model = entry_model._meta.get_field("case").related_model
    person_model = entry_model._meta.get_field("person").related_model
    cases = cases_visible_to(user, case_model._default_manager.all()).values("pk")
    persons = persons_visible_to(user, person_model._default_manager.all()).values("pk")
    hidden = person_model._default_manager.filter(is_protected=True).exclude(protected_staff=user.pk)
    without_case = Q(case__isnull=True, organisation_id__in=holders) & (
        Q(person_id__in=persons)
        | Q(person__isnull=True, household__organisation_id__in=holders)
        & ~Q(household__members__person__in=hidden.values("pk"))
    )
    return qs.filter(Q(case_id__in=cases) | without_case).distinct()


def waiting_entries_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Entries ``user`` sees at all: those they may open, and for coordinators every entry in a
    reduced form (``waiting_entries_openable_by`` says which rows show names), except entries of
    protected cases or protected persons they may not open."""
    openable = waiting_entries_openable_by(user, qs.model._default_manager.all()).values("pk")
    if not sees_network_vacancies(user):
        return qs.filter(pk__in=openable)
    protected = (
        Q(case__sensitivity="protected")
        | Q(person__is_protected=True)
        | Q(case__person__is_protected=True)
        | Q(household__members__person__is_protected=True)
        | Q(case__household__members__person__is_protected=True)
    )
    hidden = qs.model._default_manager.filter(protected).values("pk")
    return qs.filter(Q(pk__in=openable) | ~Q(pk__in=hidden))


def may_add_to_waiting_list(user: AnyUser, case: Any) -> bool:
    """Staff who record on a case (``EDIT_PERSONS`` at its holder) and may open it."""
    return can(user, Perm.EDIT_PERSONS, case.organisation_id) and (
        cases_visible_to(user, type(case)._default_manager.filter(pk=case.pk)).exists()
    )


def may_edit_waiting_entry(user: AnyUser, entry: Any) -> bool:
    """The entry's needs and status are changed by its organisation's staff who may open it."""
    return can(user, Perm.EDIT_PERSONS, entry.organisation_id) and (
        waiting_entries_openable_by(user, type(entry)._default_manager.filter(pk=entry.pk)).exists()
    )


def may_reserve(user: AnyUser, entry: Any, unit: Any) -> bool:
    """Coordinators reserve places anywhere in the network for an entry they see; the operator's
    housing staff reserve their own places for an entry they may open."""
    model = type(entry)
    if sees_network_vacancies(user):
        return waiting_entries_visible_to(user, model._default_manager.filter(pk=entry.pk)).exists()
    return unit.accommodation.operator_id in housing_operator_ids(user) and (
        waiting_entries_openable_by(user, model._default_manager.filter(pk=entry.pk)).exists()
    )


def placements_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Placements of entries the user may open, or in units of an accommodation they operate;
    coordinators see the placements of every entry they see."""
    entry_model = qs.model._meta.get_field("entry").related_model
    entries = waiting_entries_visible_to(user, entry_model._default_manager.all())
    cond = Q(unit__accommodation__operator_id__in=housing_operator_ids(user)) | Q(
        entry_id__in=waiting_entries_openable_by(user, entry_model._default_manager.all()).values("pk")
    )
    if sees_network_vacancies(user):
        cond |= Q(entry_id__in=entries.values("pk"))
    return qs.filter(cond)


def may_operate_placement(user: AnyUser, placement: Any) -> bool:
    """Check-in, absences, moves, check-out: the operator's housing staff, and the coordinators
    who reserved across the network may cancel what they reserved."""
    return placement.unit.accommodation.operator_id in housing_operator_ids(user)


# --- council: the council secretary runs the bodies, seats, members and mandates -------------
# The council is the city's: whoever holds manage_council (the council secretary) keeps every body.
# Public pages (composition, members with consent) are read through their own public selectors.


def council_bodies_managed_by(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Bodies (with their seats, categories and mandates) the user keeps."""
    return qs if can(user, Perm.MANAGE_COUNCIL) else qs.none()


def council_members_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Members' full records (contact e-mail, declarations) for those who run the council."""
    return qs if can(user, Perm.MANAGE_COUNCIL) else qs.none()


def council_organisations_managed_by(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs if can(user, Perm.MANAGE_COUNCIL) else qs.none()


# --- Emergency operations (``acollida.emergency``) ------------------------------------------------
#
# * Coordinators (``COORDINATE`` anywhere) see and declare every operation: mass arrivals are
#   network-wide. Staff of a lead organisation see its operations.
# * Quick registration and triage are done by staff with ``EDIT_PERSONS`` at a lead organisation,
#   and by coordinators; a closed operation is archived and read-only.
# * Arrivals of unaccompanied minors get the strictest protection: only coordinators see them
#   (they route them to child protection); the desk that registered one does not see it again.


def may_manage_operations(user: AnyUser) -> bool:
    """Coordinators declare, edit and close operations and their sites."""
    return can(user, Perm.COORDINATE)


def operations_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    if can(user, Perm.COORDINATE):
        return qs
    staff_of = organisation_ids_with(user, Perm.VIEW_PERSONS) | organisation_ids_with(user, Perm.EDIT_PERSONS)
    if not staff_of:
        return qs.none()
    return qs.filter(pk__in=qs.model.objects.filter(lead_organisations__in=staff_of).values("pk"))


def may_register_arrivals(user: AnyUser, operation: Any) -> bool:
    """Quick registration and triage on an operation that is not closed."""
    if operation.is_closed:
        return False
    if can(user, Perm.COORDINATE):
        return True
    leads = set(operation.lead_organisations.values_list("pk", flat=True))
    return bool(leads & organisation_ids_with(user, Perm.EDIT_PERSONS))


def arrivals_visible_to(user: AnyUser, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Arrivals of the operations ``user`` sees; unaccompanied minors only for coordinators."""
    from acollida.emergency.models import Operation

    if can(user, Perm.COORDINATE):
        return qs
    operations = operations_visible_to(user, Operation.objects.all())
    return qs.filter(operation__in=operations.values("pk"), unaccompanied_minor=False)


def may_convert_arrival(user: AnyUser, arrival: Any) -> bool:
    """Making a full person and case needs ``EDIT_PERSONS`` somewhere to hold them."""
    return can(user, Perm.EDIT_PERSONS) and may_see_arrival(user, arrival)


def may_see_arrival(user: AnyUser, arrival: Any) -> bool:
    from acollida.emergency.models import Arrival

    return arrivals_visible_to(user, Arrival.objects.filter(pk=arrival.pk)).exists()

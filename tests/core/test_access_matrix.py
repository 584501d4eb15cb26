"""Every URL of the project × every persona: who is let in and who is turned away.

The expected outcomes are written down from the access policy (``acollida/core/policy.py`` and
DESIGN.md §Data protection), not copied from what the code happens to do. A URL pattern that has no
row here fails ``test_every_url_pattern_has_a_row``: adding a page means deciding who may open it.

Outcomes:

* ``OK``: 2xx, or a redirect that stays in the area (not to the login or 2FA pages);
* ``DENIED``: 403 or 404 (the API answers with its error shape);
* ``LOGIN``: anonymous pages redirect to the login page;
* ``UNAUTH``: the API answers 401 to a request without credentials;
* ``ADMIN_OUT``: the Django admin turns away everyone but platform admins (to its login, which
  sends a signed-in member of staff home);
* ``NOT_ALLOWED``: 405, the method is not accepted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from acollida.core.models import ApiToken, Membership, Organisation, Role, User
from acollida.core.policy import ROLE_PERMISSIONS, Perm
from tests.conftest import Network, build_network, login


class Out(StrEnum):
    OK = "ok"
    DENIED = "denied"
    LOGIN = "login"
    UNAUTH = "unauth"
    ADMIN_OUT = "admin_out"
    NOT_ALLOWED = "not_allowed"


STAFF_ROLES = (
    "caseworker",
    "ngo_caseworker",
    "coordinator",
    "org_admin",
    "ngo_admin",
    "dpo",
    "council_secretary",
    "researcher",
    "volunteer",
    "interpreter",
    "platform_admin",
)
ROLES = (*STAFF_ROLES, "outsider", "anonymous")

# The personas' role in the network (tests/conftest.py), to check the sets below against the policy.
PERSONA_ROLE = {
    "caseworker": Role.CASEWORKER,
    "ngo_caseworker": Role.CASEWORKER,
    "coordinator": Role.COORDINATOR,
    "org_admin": Role.ORG_ADMIN,
    "ngo_admin": Role.ORG_ADMIN,
    "dpo": Role.DPO,
    "council_secretary": Role.COUNCIL_SECRETARY,
    "researcher": Role.RESEARCHER,
    "volunteer": Role.VOLUNTEER,
    "interpreter": Role.INTERPRETER,
    "platform_admin": Role.PLATFORM_ADMIN,
}

# Who holds what, written out by hand (``test_role_sets_match_the_policy`` keeps them honest).
MEMBERS = frozenset(STAFF_ROLES)  # use_app, view_network: every active member of staff
API_USERS = MEMBERS - {"council_secretary", "volunteer", "interpreter"}
STAFF_MANAGERS = frozenset({"org_admin", "ngo_admin", "platform_admin"})
AUDITORS = frozenset({"dpo"})
PERSON_READERS = frozenset({"caseworker", "ngo_caseworker", "coordinator"})  # view and edit persons
# Readers of persons in the CAI, who hold the CAI person below (the NGO caseworker does not).
CAI_PERSON_READERS = frozenset({"caseworker", "coordinator"})
COORDINATORS = frozenset({"coordinator"})  # coordinate: the duplicate queue and merges
# Keepers of their organisation's places (manage_housing): caseworkers and coordinators.
HOUSING_STAFF = frozenset({"caseworker", "ngo_caseworker", "coordinator"})
# Keepers of directory entries (manage_directory): coordinators and organisation admins.
DIRECTORY_MANAGERS = frozenset({"coordinator", "org_admin", "ngo_admin"})
# Those who keep the CAI's entries: its coordinator, and the city's admin (the CAI is its section).
CAI_DIRECTORY_MANAGERS = frozenset({"coordinator", "org_admin"})
PLATFORM_ADMINS = frozenset({"platform_admin"})
# Managers of the city (org_admin) or of everything (platform_admin): reach the CAI section's staff.
CITY_STAFF_MANAGERS = frozenset({"org_admin", "platform_admin"})
AUTHENTICATED = frozenset({*STAFF_ROLES, "outsider"})


def page(allowed: frozenset[str], denied: Out = Out.DENIED) -> dict[str, Out]:
    """A staff page: ``allowed`` roles get in, other staff are refused, anonymous goes to login."""
    result = {role: (Out.OK if role in allowed else denied) for role in AUTHENTICATED}
    result["anonymous"] = Out.LOGIN
    return result


def endpoint(allowed: frozenset[str]) -> dict[str, Out]:
    """An API endpoint: like a page, but anonymous gets 401."""
    result = {role: (Out.OK if role in allowed else Out.DENIED) for role in AUTHENTICATED}
    result["anonymous"] = Out.UNAUTH
    return result


def everyone(outcome: Out) -> dict[str, Out]:
    return dict.fromkeys(ROLES, outcome)


def admin(allowed: Out = Out.OK) -> dict[str, Out]:
    """The Django admin: platform admins only; ``allowed`` is what a platform admin gets."""
    result = dict.fromkeys(ROLES, Out.ADMIN_OUT)
    result["platform_admin"] = allowed
    return result


def not_allowed_for_staff(anonymous: Out) -> dict[str, Out]:
    result = everyone(Out.NOT_ALLOWED)
    result["anonymous"] = anonymous
    return result


Args = Callable[[Network, User | None], dict[str, Any]]


def no_args(network: Network, user: User | None) -> dict[str, Any]:
    return {}


def cai_caseworker(network: Network, user: User | None) -> dict[str, Any]:
    """A member of staff of the CAI, a section of the city."""
    return {"user_id": network.users["caseworker"].pk}


def cai_caseworker_membership(network: Network, user: User | None) -> dict[str, Any]:
    membership = Membership.objects.get(user=network.users["caseworker"], organisation=network.cai)
    return {"membership_id": membership.pk}


def _token(owner: User) -> ApiToken:
    raw, lookup, digest = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=owner,
        name="matrix",
        lookup=lookup,
        token_hash=digest,
        expires_at=timezone.now() + timedelta(days=30),
    )
    token.organisations.set([m.organisation_id for m in owner.memberships.all()])
    return token


def own_token(network: Network, user: User | None) -> dict[str, Any]:
    """A token of the requesting user (anonymous: somebody's)."""
    return {"token_id": _token(user or network.users["caseworker"]).pk}


def others_token(network: Network, user: User | None) -> dict[str, Any]:
    """A token of another member of staff: tokens are personal, even admins do not reach them."""
    owner = network.users["ngo_caseworker" if user == network.users["caseworker"] else "caseworker"]
    return {"token_id": _token(owner).pk}


def invitation(network: Network, user: User | None) -> dict[str, Any]:
    invited = User.objects.create_user(username="invited", email="invited@example.org")
    invited.set_unusable_password()
    invited.save()
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(invited.pk)),
        "token": default_token_generator.make_token(invited),
    }


def city_slug(network: Network, user: User | None) -> dict[str, Any]:
    return {"slug": network.city.slug}


def city_id(network: Network, user: User | None) -> dict[str, Any]:
    return {"organisation_id": network.city.pk}


def staff_record(network: Network, user: User | None) -> dict[str, Any]:
    return {"record_type": "staff", "record_id": str(network.users["caseworker"].pk)}


def _cai_person(protected: bool = False) -> int:
    from acollida.people.models import Person

    person = Person.objects.create(
        organisation=Organisation.objects.get(slug="cai"),
        given_name="Amina",
        family_name="Diallo",
        is_protected=protected,
    )
    return person.pk


def cai_person(network: Network, user: User | None) -> dict[str, Any]:
    """A person held by the CAI."""
    return {"person_id": _cai_person()}


def _cai_pair() -> Any:
    from acollida.people.models import DuplicateCandidate

    a, b = sorted((_cai_person(), _cai_person()))
    return DuplicateCandidate.objects.create(person_a_id=a, person_b_id=b, score=0.99, decision="match")


def cai_pair(network: Network, user: User | None) -> dict[str, Any]:
    """A pair of CAI persons waiting in the duplicate queue."""
    return {"candidate_id": _cai_pair().pk}


def cai_merge(network: Network, user: User | None) -> dict[str, Any]:
    """A merge of two CAI persons, made by the CAI's coordinator."""
    from acollida.people.review import merge

    candidate = _cai_pair()
    survivor = candidate.person_a
    return {"merge_id": merge(actor=network.users["coordinator"], candidate=candidate, survivor=survivor).pk}


def caseworker_import(network: Network, user: User | None) -> dict[str, Any]:
    """A spreadsheet uploaded by the CAI caseworker, waiting for its preview: theirs alone."""
    from acollida.people.import_services import person_import_create
    from acollida.people.imports import read_table, suggest_mapping

    table = read_table(b"given_name,family_name,date_of_birth\nAwa,Diallo,1995\n")
    created = person_import_create(
        owner=network.users["caseworker"], organisation=network.cai, file_name="people.csv", table=table
    )
    created.mapping = suggest_mapping(table.headers)
    created.save(update_fields=["mapping"])
    return {"import_id": created.pk}


def _cai_household() -> Any:
    from acollida.people.models import Household, HouseholdMember

    household = Household.objects.create(organisation=Organisation.objects.get(slug="cai"), name="Diallo")
    HouseholdMember.objects.create(household=household, person_id=_cai_person(), relationship="head")
    return household


def cai_household(network: Network, user: User | None) -> dict[str, Any]:
    """A household of one CAI person."""
    return {"household_id": _cai_household().pk}


def cai_household_member(network: Network, user: User | None) -> dict[str, Any]:
    """The present place of the CAI person in their household."""
    household = _cai_household()
    return {"household_id": household.pk, "member_id": household.members.get().pk}


def cai_person_document(network: Network, user: User | None) -> dict[str, Any]:
    """An identity document of a CAI person, to correct or remove."""
    from acollida.people.models import IdentityDocument

    person_id = _cai_person()
    document = IdentityDocument.objects.create(
        person_id=person_id, kind="passport", number="P1234567", number_hash="x" * 64
    )
    return {"person_id": person_id, "kind": "documents", "item_id": document.pk}


def cai_person_names(network: Network, user: User | None) -> dict[str, Any]:
    return {"person_id": _cai_person(), "kind": "names"}


def protected_cai_person_names(network: Network, user: User | None) -> dict[str, Any]:
    return {"person_id": _cai_person(protected=True), "kind": "names"}


def _latest_pair() -> Any:
    from acollida.people.models import DuplicateCandidate

    return DuplicateCandidate.objects.latest("pk")


def api_cai_pair(network: Network, user: User | None) -> dict[str, Any]:
    return {"candidate_id": _cai_pair().pk}


def api_cai_merge(network: Network, user: User | None) -> dict[str, Any]:
    return cai_merge(network, user)


def cai_hold(network: Network, user: User | None) -> dict[str, Any]:
    """An active legal hold on a CAI person."""
    from acollida.cases.models import LegalHold

    person_id = _cai_person()
    hold = LegalHold.objects.create(person_id=person_id, reason="court case", placed_by=network.users["dpo"])
    return {"hold_id": hold.pk}


def protected_cai_person(network: Network, user: User | None) -> dict[str, Any]:
    """A protected person held by the CAI with no named staff: nobody sees them."""
    return {"person_id": _cai_person(protected=True)}


def _cear_request() -> Any:
    """CEAR's caseworker asks the CAI to open the record of a CAI person."""
    from acollida.people.models import Person
    from acollida.people.services import access_request_create

    return access_request_create(
        actor=User.objects.get(username="ngo_caseworker"),
        person=Person.objects.get(pk=_cai_person()),
        reason="follow-up of a referral",
    )


def cear_request(network: Network, user: User | None) -> dict[str, Any]:
    """An open access request from CEAR for a CAI person: the CAI decides."""
    return {"request_id": _cear_request().pk}


def cear_grant(network: Network, user: User | None) -> dict[str, Any]:
    """An active grant of a CAI person's record to CEAR: the CAI revokes it."""
    from acollida.people.services_access import access_request_grant

    grant = access_request_grant(
        actor=network.users["caseworker"],
        request=_cear_request(),
        basis="consent",
        basis_note="spoken consent",
        expires_on=timezone.localdate() + timedelta(days=30),
    )
    return {"grant_id": grant.pk}


def grant_data(network: Network, user: User | None) -> dict[str, Any]:
    end = timezone.localdate() + timedelta(days=30)
    return {"basis": "consent", "basis_note": "spoken consent", "expires_on": end.isoformat()}


def _jpeg() -> bytes:
    from io import BytesIO

    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (60, 80), (120, 90, 60)).save(out, format="JPEG")
    return out.getvalue()


def cai_person_with_photo(network: Network, user: User | None) -> dict[str, Any]:
    """A CAI person whose photo was taken with their consent."""
    from acollida.people.models import Person
    from acollida.people.services_photo import photo_set

    person = Person.objects.get(pk=_cai_person())
    photo_set(actor=network.users["caseworker"], person=person, data=_jpeg(), consent_method="spoken")
    return {"person_id": person.pk}


def protected_cai_person_with_photo(network: Network, user: User | None) -> dict[str, Any]:
    """A protected CAI person with a photo and no named staff: nobody sees them, nor the photo."""
    from acollida.people.models import Person
    from acollida.people.services_photo import photo_set

    person = Person.objects.get(pk=_cai_person(protected=True))
    person.protected_staff.add(network.users["caseworker"])
    photo_set(actor=network.users["caseworker"], person=person, data=_jpeg(), consent_method="spoken")
    person.protected_staff.remove(network.users["caseworker"])
    return {"person_id": person.pk}


def photo_upload_data(network: Network, user: User | None) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    image = SimpleUploadedFile("photo.jpg", _jpeg(), content_type="image/jpeg")
    return {"image": image, "consent": "on", "consent_method": "spoken"}


def _cai_office() -> Any:
    from acollida.core.models import Office

    office, _created = Office.objects.get_or_create(
        organisation=Organisation.objects.get(slug="cai"),
        name="CAI entry point",
        defaults={"street": "Azzati 6"},
    )
    return office


def cai_office(network: Network, user: User | None) -> dict[str, Any]:
    """An office of the CAI."""
    return {"office_id": _cai_office().pk}


def _cai_appointment(network: Network, interpreter: bool = False) -> Any:
    """A booking tomorrow at the CAI office, of a CAI person who needs a Wolof interpreter."""
    from acollida.agenda import services as agenda
    from acollida.agenda.models import Appointment, ServiceType
    from acollida.people.models import SpokenLanguage

    person_id = _cai_person()
    SpokenLanguage.objects.create(person_id=person_id, language="wo", needs_interpreter=True)
    start = timezone.now() + timedelta(days=1)
    appointment = Appointment.objects.create(
        office=_cai_office(),
        service_type=ServiceType.LEGAL_ADVICE,
        person_id=person_id,
        starts_at=start,
        ends_at=start + timedelta(minutes=45),
        interpreter_language="wo",
    )
    if interpreter:
        agenda.interpreter_assign(
            actor=network.users["caseworker"],
            appointment=appointment,
            interpreter=network.users["interpreter"],
        )
    return appointment


def cai_appointment(network: Network, user: User | None) -> dict[str, Any]:
    return {"appointment_id": _cai_appointment(network).pk}


def interpreted_cai_appointment(network: Network, user: User | None) -> dict[str, Any]:
    """A CAI appointment with the (CEAR) interpreter assigned: they see it, reduced to what they need."""
    return {"appointment_id": _cai_appointment(network, interpreter=True).pk}


def _cai_directory_service(network: Network) -> Any:
    """A directory service of the CAI (its directory organization is linked to the CAI)."""
    from acollida.directory.models import Organization, Service

    organization = Organization.objects.create(organisation=network.cai, name="CAI", description="CAI")
    return Service.objects.create(organization=organization, name="Primera acollida", source_language="ca")


def cai_directory_service(network: Network, user: User | None) -> dict[str, Any]:
    return {"service_id": _cai_directory_service(network).pk}


def cai_directory_service_kind(network: Network, user: User | None) -> dict[str, Any]:
    return {"service_id": _cai_directory_service(network).pk, "kind": "documents"}


def cai_directory_service_lang(network: Network, user: User | None) -> dict[str, Any]:
    return {"service_id": _cai_directory_service(network).pk, "lang": "en"}


def cai_directory_place(network: Network, user: User | None) -> dict[str, Any]:
    """A place of the CAI's directory organization, where its service is delivered."""
    from acollida.directory.models import Location, ServiceAtLocation

    service = _cai_directory_service(network)
    location = Location.objects.create(organization=service.organization, name="CAI")
    ServiceAtLocation.objects.create(service=service, location=location)
    return {"service_id": service.pk, "location_id": location.pk}


def hsds_service(network: Network, user: User | None) -> dict[str, Any]:
    return {"object_id": _cai_directory_service(network).pk}


def hsds_organization(network: Network, user: User | None) -> dict[str, Any]:
    return {"object_id": _cai_directory_service(network).organization_id}


def hsds_service_at_location(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.directory.models import Location, ServiceAtLocation

    service = _cai_directory_service(network)
    location = Location.objects.create(organization=service.organization, name="CAI")
    return {"object_id": ServiceAtLocation.objects.create(service=service, location=location).pk}


def _hsds_term() -> Any:
    from acollida.directory.models import Taxonomy, TaxonomyTerm

    taxonomy = Taxonomy.objects.create(name="Needs", description="Newcomer needs")
    return TaxonomyTerm.objects.create(
        taxonomy_detail=taxonomy, code="legal", name="Legal advice", description="Legal advice"
    )


def hsds_taxonomy(network: Network, user: User | None) -> dict[str, Any]:
    return {"object_id": _hsds_term().taxonomy_detail_id}


def hsds_taxonomy_term(network: Network, user: User | None) -> dict[str, Any]:
    return {"object_id": _hsds_term().pk}


def public_request_service(network: Network, user: User | None) -> dict[str, Any]:
    """A directory service, with the CAI office that takes appointment requests from its page."""
    _cai_office()
    return {"service_id": _cai_directory_service(network).pk}


def _cai_appointment_request() -> int:
    from acollida.directory.services_public import appointment_request_create

    return appointment_request_create(
        office=_cai_office(),
        directory_service=None,
        service_type="legal_advice",
        name="Amina Diallo",
        language="fr",
        contact="+34 612 34 56 78",
        need="",
        preferred_times="",
        consent_text_version="2026-11",
    ).pk


def cai_appointment_request(network: Network, user: User | None) -> dict[str, Any]:
    """A request sent from the public directory to the CAI's office."""
    return {"request_id": _cai_appointment_request()}


def cai_appointment_request_person(network: Network, user: User | None) -> dict[str, Any]:
    return {"request_id": _cai_appointment_request(), "person_id": _cai_person()}


def cai_ticket(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.agenda import services as agenda

    ticket = agenda.ticket_issue(
        actor=network.users["caseworker"], office=_cai_office(), service_type="other"
    )
    return {"ticket_id": ticket.pk}


def _feed_of(owner: User) -> tuple[Any, str]:
    from acollida.agenda.models import CalendarFeed

    raw, digest = CalendarFeed.new_secret()
    return CalendarFeed.objects.create(user=owner, token_hash=digest), raw


def own_feed(network: Network, user: User | None) -> dict[str, Any]:
    """A calendar feed of the requesting user (anonymous: somebody's)."""
    return {"feed_id": _feed_of(user or network.users["caseworker"])[0].pk}


def others_feed(network: Network, user: User | None) -> dict[str, Any]:
    owner = network.users["ngo_caseworker" if user == network.users["caseworker"] else "caseworker"]
    return {"feed_id": _feed_of(owner)[0].pk}


def valid_feed_token(network: Network, user: User | None) -> dict[str, Any]:
    return {"token": _feed_of(network.users["caseworker"])[1]}


def appointment_data(network: Network, user: User | None) -> dict[str, Any]:
    """A CAI person booked at the CAI office tomorrow at a free time."""
    start = timezone.now() + timedelta(days=1)
    return {
        "person_id": _cai_person(),
        "office_id": _cai_office().pk,
        "service_type": "legal_advice",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(minutes=30)).isoformat(),
    }


def wrong_feed_token(network: Network, user: User | None) -> dict[str, Any]:
    _feed_of(network.users["caseworker"])
    return {"token": "not-the-secret"}


def _cai_case(network: Network, sensitivity: str = "normal") -> Any:
    """A case of a CAI person, opened by the CAI caseworker (responsible; named on a protected one)."""
    from acollida.cases.services import case_open
    from acollida.people.models import Person

    person = Person.objects.get(pk=_cai_person())
    return case_open(
        actor=network.users["caseworker"], organisation=network.cai, person=person, sensitivity=sensitivity
    )


def cai_case(network: Network, user: User | None) -> dict[str, Any]:
    return {"case_id": _cai_case(network).pk}


def caseworker_case_import(network: Network, user: User | None) -> dict[str, Any]:
    """A spreadsheet of open cases uploaded by the CAI caseworker, mapped: theirs alone."""
    from acollida.cases.import_services import case_import_create, case_import_map
    from acollida.cases.imports import read_table, suggest_mapping

    table = read_table(f"person_id,needs\n{_cai_person()},housing\n".encode())
    created = case_import_create(
        owner=network.users["caseworker"], organisation=network.cai, file_name="cases.csv", table=table
    )
    case_import_map(case_import=created, mapping=suggest_mapping(table.headers))
    return {"import_id": created.pk}


def protected_cai_case(network: Network, user: User | None) -> dict[str, Any]:
    """A protected CAI case: only its named staff (the caseworker) open it, not the coordinator."""
    return {"case_id": _cai_case(network, "protected").pk}


def own_person_case(network: Network, user: User | None) -> dict[str, Any]:
    """A case for a person held where the requester registers people (the CAI for anyone else)."""
    from acollida.people.models import Person

    membership = user.memberships.first() if user is not None else None
    holder = membership.organisation if membership is not None else network.cai
    return {"person_id": Person.objects.create(organisation=holder, family_name="Haddad").pk}


def held_cai_case(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.cases.services import case_hold

    case = _cai_case(network)
    case_hold(actor=network.users["caseworker"], case=case)
    return {"case_id": case.pk}


def cai_case_need(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.cases.services import need_add

    case = _cai_case(network)
    need = need_add(actor=network.users["caseworker"], case=case, area="housing")
    return {"case_id": case.pk, "need_id": need.pk}


def cai_case_goal(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.cases.services import goal_add

    case = _cai_case(network)
    goal = goal_add(actor=network.users["caseworker"], case=case, description="Padrón")
    return {"case_id": case.pk, "goal_id": goal.pk}


def _cai_consent(network: Network, case: Any) -> Any:
    from acollida.cases.services_referrals import consent_record

    return consent_record(
        actor=network.users["caseworker"], case=case, purposes=["referral"], method="spoken"
    )


def _cai_referral(network: Network, accept: bool = False) -> Any:
    """A CAI case referred to CEAR on the person's consent: waiting for CEAR's answer, or accepted."""
    from acollida.cases.services_referrals import referral_accept, referral_send

    case = _cai_case(network)
    referral = referral_send(
        actor=network.users["caseworker"],
        case=case,
        to_organisation=network.cear,
        service="Legal advice",
        purpose="Asylum interview",
        sections=["needs"],
        expires_on=timezone.localdate() + timedelta(days=30),
        consent=_cai_consent(network, case),
    )
    if accept:
        referral_accept(actor=network.users["ngo_caseworker"], referral=referral)
    return referral


def cai_referral(network: Network, user: User | None) -> dict[str, Any]:
    return {"referral_id": _cai_referral(network).pk}


def accepted_cai_referral(network: Network, user: User | None) -> dict[str, Any]:
    return {"referral_id": _cai_referral(network, accept=True).pk}


def cai_case_consent(network: Network, user: User | None) -> dict[str, Any]:
    case = _cai_case(network)
    return {"case_id": case.pk, "consent_id": _cai_consent(network, case).pk}


def cai_consent(network: Network, user: User | None) -> dict[str, Any]:
    return {"consent_id": _cai_consent(network, _cai_case(network)).pk}


def referral_data(network: Network, user: User | None) -> dict[str, Any]:
    """A referral of the CAI case just opened, on a consent recorded by its caseworker."""
    from acollida.cases.models import Case

    case = Case.objects.order_by("-pk").first()
    return {
        "to_organisation_id": network.cear.pk,
        "service": "Housing",
        "purpose": "Shelter place",
        "sections": ["needs"],
        "expires_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "consent_id": _cai_consent(network, case).pk,
    }


def _pathway_templates(network: Network) -> tuple[Any, Any]:
    """A network-wide template and a CAI template, each with one step."""
    from acollida.cases.models import PathwayStepTemplate, PathwayTemplate
    from acollida.cases.services_pathways import template_create, template_step_add

    shared = PathwayTemplate.objects.create(code="padron", name="Padrón")
    PathwayStepTemplate.objects.create(template=shared, order=1, name="Register", deadline_anchor="start")
    own = template_create(
        actor=network.users["coordinator"], organisation=network.cai, code="cai", name="CAI"
    )
    template_step_add(
        actor=network.users["coordinator"], template=own, name="Register", deadline_anchor="start"
    )
    return shared, own


def network_pathway_template(network: Network, user: User | None) -> dict[str, Any]:
    return {"template_id": _pathway_templates(network)[0].pk}


def cai_pathway_template(network: Network, user: User | None) -> dict[str, Any]:
    return {"template_id": _pathway_templates(network)[1].pk}


def cai_pathway_template_step(network: Network, user: User | None) -> dict[str, Any]:
    own = _pathway_templates(network)[1]
    return {"template_id": own.pk, "step_id": own.steps.get().pk}


def _cai_case_pathway(network: Network) -> Any:
    from acollida.cases.services_pathways import pathway_start

    template = _pathway_templates(network)[0]
    return pathway_start(actor=network.users["caseworker"], case=_cai_case(network), template=template)


def cai_case_pathway(network: Network, user: User | None) -> dict[str, Any]:
    pathway = _cai_case_pathway(network)
    return {"case_id": pathway.case_id, "pathway_id": pathway.pk}


def cai_case_pathway_step(network: Network, user: User | None) -> dict[str, Any]:
    pathway = _cai_case_pathway(network)
    return {"case_id": pathway.case_id, "step_id": pathway.steps.get().pk}


def cai_case_document(network: Network, user: User | None) -> dict[str, Any]:
    """A PDF uploaded to a CAI case (stored encrypted under MEDIA_ROOT)."""
    from acollida.cases.services_documents import document_upload
    from acollida.core.pdf import PdfDocument

    case = _cai_case(network)
    document = document_upload(
        actor=network.users["caseworker"],
        case=case,
        data=PdfDocument(title="Padró", language="ca").output(),
        file_name="padro.pdf",
        kind="legal",
        title="Padró",
    )
    return {"case_id": case.pk, "document_id": document.pk}


def document_upload_data(network: Network, user: User | None) -> dict[str, Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from acollida.core.pdf import PdfDocument

    pdf = PdfDocument(title="Padró", language="ca").output()
    return {"file": SimpleUploadedFile("padro.pdf", pdf, "application/pdf"), "kind": "legal"}


def _document_template(organisation: Organisation | None) -> Any:
    from acollida.cases.models import DocumentTemplate

    return DocumentTemplate.objects.create(
        organisation=organisation,
        code="attendance",
        language="ca",
        name="Certificat",
        body="{{ person.name }}",
    )


def cai_document_template(network: Network, user: User | None) -> dict[str, Any]:
    return {"template_id": _document_template(network.cai).pk}


def network_document_template(network: Network, user: User | None) -> dict[str, Any]:
    """A template shared by the whole network: coordinators read and copy it, nobody edits it here."""
    return {"template_id": _document_template(None).pk}


Data = Callable[[Network, User | None], dict[str, Any]]


def invite_data(network: Network, user: User | None) -> dict[str, Any]:
    """Invite into the first organisation the requester belongs to (the city for anonymous)."""
    membership = user.memberships.first() if user is not None else None
    organisation = membership.organisation if membership is not None else network.city
    return {
        "username": "newcomer-worker",
        "email": "new@example.org",
        "organisation": organisation.pk,
        "role": Role.CASEWORKER,
    }


def token_data(network: Network, user: User | None) -> dict[str, Any]:
    organisations = [m.organisation_id for m in user.memberships.all()] if user is not None else []
    return {"name": "script", "days": 30, "organisations": organisations}


@dataclass(frozen=True)
class Row:
    """One request to one URL pattern and what each role gets."""

    key: str  # the URL name (namespaced) or, for unnamed admin patterns, the route
    expect: dict[str, Out]
    method: str = "get"
    args: Args = no_args
    data: Data | None = None
    note: str = ""
    url: str = ""  # a literal path, for patterns that cannot be reversed by name
    lands: str = ""  # where an allowed redirect must go, when it is not simply "not the login page"

    @property
    def id(self) -> str:
        return "-".join(part for part in [self.key, self.method, self.note] if part)


# --- Housing fixtures: a CAI shelter with a unit of two places, and a CAI case on the waiting list.


def _cai_unit(network: Network) -> Any:
    from acollida.housing import services as housing

    shelter = housing.accommodation_save(
        actor=network.users["coordinator"],
        operator=network.cai,
        data={"kind": "reception_shelter", "name": "Casa CAI", "district": "extramurs"},
    )
    unit = housing.unit_save(actor=network.users["coordinator"], accommodation=shelter, name="Room 1")
    housing.places_add(actor=network.users["coordinator"], unit=unit, count=2)
    return unit


def _emergency_operation(network: Network) -> Any:
    from acollida.emergency import services as emergency

    return emergency.operation_declare(
        actor=network.users["coordinator"],
        data={"slug": "aquarius", "name": "Aquarius", "kind": "ship", "starts_at": timezone.now()},
        lead_organisations=[network.cai],
    )


def emergency_operation(network: Network, user: User | None) -> dict[str, Any]:
    return {"slug": _emergency_operation(network).slug}


def emergency_arrival(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.emergency import services as emergency

    arrival = emergency.arrival_register(
        actor=network.users["caseworker"],
        operation=_emergency_operation(network),
        data=emergency.ArrivalData(wristband="W1", name_as_said="Amina Diallo"),
    )
    return {"pk": arrival.pk}


def emergency_minor(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.emergency import services as emergency

    arrival = emergency.arrival_register(
        actor=network.users["caseworker"],
        operation=_emergency_operation(network),
        data=emergency.ArrivalData(wristband="W2", unaccompanied_minor=True),
    )
    return {"pk": arrival.pk}


def _cai_entry(network: Network) -> Any:
    from acollida.housing import services as housing

    return housing.waiting_entry_add(
        actor=network.users["caseworker"], case=_cai_case(network), data={"size": 1, "beds_needed": 1}
    )


def _cai_placement(network: Network, *, checked_in: bool = False) -> Any:
    from acollida.housing import services as housing

    placement = housing.placement_reserve(
        actor=network.users["coordinator"], entry=_cai_entry(network), unit=_cai_unit(network)
    )
    if checked_in:
        placement = housing.placement_check_in(actor=network.users["caseworker"], placement=placement)
    return placement


def cai_accommodation(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _cai_unit(network).accommodation_id}


def cai_housing_unit(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _cai_unit(network).pk}


def cai_housing_place(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _cai_unit(network).places.first().pk}


def cai_housing_case(network: Network, user: User | None) -> dict[str, Any]:
    return {"case_pk": _cai_case(network).pk}


def cai_waiting_entry(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _cai_entry(network).pk}


def cai_reserved_placement(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _cai_placement(network).pk}


def cai_staying_placement(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _cai_placement(network, checked_in=True).pk}


# --- Placement optimizer fixtures: a run by the CAI coordinator proposing a CAI room to a CAI case.


def _cai_optimizer_run(network: Network) -> Any:
    from acollida.housing import services as housing
    from acollida.housing.services_optimizer import optimizer_run

    coordinator = network.users["coordinator"]
    shelter = housing.accommodation_save(
        actor=coordinator, operator=network.cai, data={"kind": "reception_shelter", "name": "Casa Optima"}
    )
    unit = housing.unit_save(actor=coordinator, accommodation=shelter, name="Room 1")
    housing.places_add(actor=coordinator, unit=unit, count=1)
    housing.waiting_entry_add(
        actor=network.users["caseworker"], case=_cai_case(network), data={"size": 1, "beds_needed": 1}
    )
    return optimizer_run(actor=coordinator, time_limit=2)


def cai_optimizer_run(network: Network, user: User | None) -> dict[str, Any]:
    return {"run_id": _cai_optimizer_run(network).pk}


def cai_optimizer_match(network: Network, user: User | None) -> dict[str, Any]:
    run = _cai_optimizer_run(network)
    return {"run_id": run.pk, "match_id": run.matches.get().pk}


# --- Council public pages fixtures: a body, a held meeting and an open plan section.


def _council_body() -> Any:
    from acollida.council.models import Body

    return Body.objects.get_or_create(slug="matrix-council", defaults={"name": "Matrix council"})[0]


def council_body_slug(network: Network, user: User | None) -> dict[str, Any]:
    return {"slug": _council_body().slug}


def council_held_meeting(network: Network, user: User | None) -> dict[str, Any]:
    from django.utils import timezone

    from acollida.council.models import Meeting, MeetingStatus

    meeting = Meeting.objects.create(
        body=_council_body(), title="Plenary", starts_at=timezone.now(), status=MeetingStatus.HELD
    )
    return {"pk": meeting.pk}


def _council_section() -> Any:
    from acollida.council.models import PlanProcess, PlanSection

    process = PlanProcess.objects.get_or_create(
        slug="matrix-plan", defaults={"body": _council_body(), "title": "Plan"}
    )[0]
    return PlanSection.objects.get_or_create(
        process=process, order=1, defaults={"title": "One", "text": "Text"}
    )[0]


def council_plan_slug(network: Network, user: User | None) -> dict[str, Any]:
    return {"slug": _council_section().process.slug}


def council_plan_section(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _council_section().pk}


def council_api_meeting(network: Network, user: User | None) -> dict[str, Any]:
    return {"meeting_id": council_held_meeting(network, user)["pk"]}


def council_advice(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.council import services_advice

    advice = services_advice.advice_adopt(
        body=_council_body(), title="Advice", text="x", addressee="Registry"
    )
    return {"pk": advice.pk}


def council_plan(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _council_section().process.pk}


def council_proposal(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.council import services_advice
    from acollida.council.models import CouncilOrganisation

    association = CouncilOrganisation.objects.create(name="Matrix association", kind="association")
    proposal = services_advice.proposal_submit(
        body=_council_body(), title="Proposal", text="x", organisation=association
    )
    return {"pk": proposal.pk}


def council_pending_comment(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.council import services_advice

    comment = services_advice.plan_comment_submit(section=_council_section(), text="A comment", language="ca")
    return {"pk": comment.pk}


# --- Council meetings fixtures: a small council with a convened meeting, its roll call open, a vote
# and draft minutes; and a meeting whose minutes are approved.


def _council_meeting(network: Network) -> Any:
    from acollida.council import services_meetings
    from tests.council.test_meetings import convened, small_council

    meeting = convened(network, small_council(slug="matrix-meetings"))
    services_meetings.roll_call_open(actor=network.users["council_secretary"], meeting=meeting)
    return meeting


def council_meeting_body(network: Network, user: User | None) -> dict[str, Any]:
    return {"slug": _council_meeting(network).body.slug}


def council_meeting(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _council_meeting(network).pk}


def council_attendance(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _council_meeting(network).attendances.order_by("seat__number").first().pk}


def council_access_need(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.council import services_meetings

    meeting = _council_meeting(network)
    member = services_meetings.members_of(meeting.body, meeting.starts_at.date())[0]
    need = services_meetings.access_need_request(
        actor=network.users["council_secretary"], meeting=meeting, member=member, kind="travel"
    )
    return {"pk": need.pk}


def council_vote(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.council import services_meetings

    vote = services_meetings.vote_open(
        actor=network.users["council_secretary"], meeting=_council_meeting(network), question="Adopt?"
    )
    return {"pk": vote.pk}


def council_minutes(network: Network, user: User | None) -> dict[str, Any]:
    from acollida.council import services_meetings

    minutes = services_meetings.minutes_draft(
        actor=network.users["council_secretary"], meeting=_council_meeting(network), text="Draft"
    )
    return {"pk": minutes.pk}


def council_approved_minutes_meeting(network: Network, user: User | None) -> dict[str, Any]:
    from datetime import timedelta

    from acollida.council import services_meetings as s

    secretary = network.users["council_secretary"]
    meeting = _council_meeting(network)
    later = s.meeting_create(
        actor=secretary, body=meeting.body, title="Next", starts_at=meeting.starts_at + timedelta(days=30)
    )
    s.agenda_item_add(actor=secretary, meeting=later, title="Minutes")
    s.meeting_convene(actor=secretary, meeting=later)
    later.refresh_from_db()
    minutes = s.minutes_draft(actor=secretary, meeting=meeting, text="Approved text")
    s.minutes_circulate(actor=secretary, minutes=minutes)
    s.minutes_approve(actor=secretary, minutes=minutes, at_meeting=later)
    return {"pk": meeting.pk}


# --- Council staff screens fixtures: a seat of the matrix council, held by a member of an organisation.
COUNCIL_SECRETARIES = frozenset({"council_secretary"})  # manage_council


def _council_mandate() -> Any:
    import datetime as dt

    from acollida.council import services as council

    body = _council_body()
    category = council.category_save(
        body=body, code="ngos", name="NGOs", has_vote=True, target_share_min=None, target_share_max=None
    )
    organisation = council.organisation_save(values={"name": "Matrix NGO", "kind": "ngo"})
    seat = council.seats_add(body=body, category=category, count=1, nominated_by=organisation)[0]
    member = council.member_save(values={"name": "Matrix member", "organisation": organisation})
    return council.mandate_assign(seat=seat, member=member, role="titular", starts_on=dt.date(2024, 1, 1))


def council_seat(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _council_mandate().seat_id}


def council_mandate(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _council_mandate().pk}


def council_member(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _council_mandate().member_id}


def council_organisation(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _council_mandate().member.organisation_id}


# --- Emergency volunteers and rota fixtures: an approved interpreter (the interpreter persona's
# record), an operation with a shift at the quay, and the interpreter assigned to it.


def _emergency_rota(network: Network) -> Any:
    import datetime as dt

    from acollida.emergency import rota, services_rota
    from acollida.emergency import services as emergency

    coordinator = network.users["coordinator"]
    now = timezone.now()
    operation = emergency.operation_declare(
        actor=coordinator,
        data={
            "slug": "matrix-rota",
            "name": "Matrix rota",
            "kind": "ship",
            "starts_at": now,
            "status": "active",
        },
        lead_organisations=[network.cai],
    )
    site = emergency.site_create(actor=coordinator, operation=operation, name="Quay", kind="port_reception")
    shift = services_rota.shift_create(
        actor=coordinator,
        site=site,
        starts_at=now + dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(hours=5),
        language_needs={"ar": 1},
    )
    volunteer = services_rota.volunteer_self_register(
        name="Matrix interpreter",
        email="matrix-interpreter@example.org",
        phone="",
        organisation=network.cear,
        languages=[{"code": "ar", "level": "native"}],
        skills=["interpreting"],
        windows=[[now.isoformat(), (now + dt.timedelta(days=2)).isoformat()]],
    )
    volunteer.user = network.users["interpreter"]
    volunteer.save()
    services_rota.volunteer_decide(actor=coordinator, volunteer=volunteer, approve=True)
    services_rota.rota_confirm(
        actor=coordinator, operation=operation, slots=[rota.Slot(volunteer.pk, shift.pk, "ar")]
    )
    return operation, volunteer, shift.assignments.get()


def emergency_rota_operation(network: Network, user: User | None) -> dict[str, Any]:
    return {"slug": _emergency_rota(network)[0].slug}


def emergency_volunteer(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _emergency_rota(network)[1].pk}


def emergency_volunteer_approve(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _emergency_rota(network)[1].pk, "decision": "approve"}


def emergency_assignment_in(network: Network, user: User | None) -> dict[str, Any]:
    return {"pk": _emergency_rota(network)[2].pk, "action": "in"}


ROWS: list[Row] = [
    # Public: the health check, the language switch, the landing and sign-in pages.
    Row("healthz", everyone(Out.OK)),
    Row("healthz", everyone(Out.NOT_ALLOWED), method="post"),
    Row("set_language", everyone(Out.NOT_ALLOWED)),
    Row("set_language", everyone(Out.OK), method="post", data=lambda n, u: {"language": "es", "next": "/"}),
    Row("core:landing", everyone(Out.OK)),
    Row("core:login", everyone(Out.OK)),
    Row(
        "core:login",
        everyone(Out.OK),
        method="post",
        data=lambda n, u: {"username": "nobody", "password": "wrong password"},
    ),
    Row("core:password_set", everyone(Out.OK), args=invitation),
    # Signing out and the second factor: any signed-in user, about themselves.
    Row("core:logout", not_allowed_for_staff(Out.LOGIN)),
    Row("core:logout", page(AUTHENTICATED), method="post", lands="/accounts/login/"),
    Row("core:otp_setup", page(AUTHENTICATED)),
    Row("core:otp_setup", page(AUTHENTICATED), method="post", data=lambda n, u: {"token": "000000"}),
    Row("core:otp_verify", page(AUTHENTICATED)),
    Row("core:otp_verify", page(AUTHENTICATED), method="post", data=lambda n, u: {"token": "000000"}),
    Row("core:recovery_codes", page(AUTHENTICATED)),
    Row(
        "core:recovery_codes",
        page(AUTHENTICATED),
        method="post",
        lands="/accounts/2fa/recovery-codes/",
    ),
    Row("core:password_change", page(AUTHENTICATED)),
    Row("core:password_change", page(AUTHENTICATED), method="post", data=lambda n, u: {}),
    # One's own pages.
    Row("core:home", page(MEMBERS)),
    Row("core:profile", page(AUTHENTICATED)),
    Row(
        "core:profile",
        page(AUTHENTICATED),
        method="post",
        data=lambda n, u: {"preferred_language": "es"},
    ),
    Row("core:tokens", page(API_USERS)),
    Row("core:tokens", page(API_USERS), method="post", data=token_data),
    Row("core:token_revoke", not_allowed_for_staff(Out.LOGIN), args=own_token),
    Row("core:token_revoke", page(AUTHENTICATED), method="post", args=own_token, note="own"),
    Row("core:token_revoke", page(frozenset()), method="post", args=others_token, note="others"),
    # The network directory: every member of staff.
    Row("core:network", page(MEMBERS)),
    Row("core:organisation_detail", page(MEMBERS), args=city_slug),
    # Staff management: organisation admins over their organisation and its sections.
    Row("core:staff_list", page(STAFF_MANAGERS)),
    Row("core:staff_invite", page(STAFF_MANAGERS)),
    Row("core:staff_invite", page(STAFF_MANAGERS), method="post", data=invite_data),
    Row("core:staff_detail", page(CITY_STAFF_MANAGERS), args=cai_caseworker),
    Row("core:staff_set_active", page(CITY_STAFF_MANAGERS), args=cai_caseworker),
    Row(
        "core:staff_set_active",
        page(CITY_STAFF_MANAGERS),
        method="post",
        args=cai_caseworker,
        data=lambda n, u: {"active": "0"},
    ),
    Row("core:membership_update", not_allowed_for_staff(Out.LOGIN), args=cai_caseworker_membership),
    Row(
        "core:membership_update",
        page(CITY_STAFF_MANAGERS),
        method="post",
        args=cai_caseworker_membership,
        data=lambda n, u: {"action": "role", "role": Role.COORDINATOR},
    ),
    # The read log and change log: data-protection officers.
    Row("core:audit_reads", page(AUDITORS)),
    Row("core:audit_changes", page(AUDITORS)),
    Row("core:audit_record", page(AUDITORS), args=staff_record),
    # Data-subject rights: export and erasure by the holder's data-protection officer; legal holds
    # also by the holder's coordinators who may open the person (policy.may_manage_legal_holds).
    Row("core:rights_index", page(AUDITORS)),
    Row("core:rights_person", page(AUDITORS), args=cai_person),
    Row("core:rights_export_json", page(AUDITORS), args=cai_person),
    Row("core:rights_export_pdf", page(AUDITORS), args=cai_person),
    Row("core:rights_erase", page(AUDITORS), args=cai_person),
    Row("core:rights_erase", page(AUDITORS), method="post", args=cai_person, data=lambda n, u: {}),
    Row("core:legal_hold_place", page(AUDITORS | COORDINATORS), args=cai_person),
    Row(
        "core:legal_hold_place",
        page(AUDITORS | COORDINATORS),
        method="post",
        args=cai_person,
        data=lambda n, u: {},
    ),
    Row("core:legal_hold_place", page(AUDITORS), args=protected_cai_person, note="protected"),
    Row("core:legal_hold_lift", page(AUDITORS | COORDINATORS), args=cai_hold),
    Row("core:legal_hold_lift", page(AUDITORS | COORDINATORS), method="post", args=cai_hold),
    # People: those who read and record persons, within the organisations holding them.
    Row("people:search", page(PERSON_READERS)),
    Row("people:register", page(PERSON_READERS)),
    Row("people:register", page(PERSON_READERS), method="post", data=lambda n, u: {}),
    Row("people:detail", page(CAI_PERSON_READERS), args=cai_person),
    Row("people:detail", page(frozenset()), args=protected_cai_person, note="protected"),
    # The photo: served to those who open the record, changed by those who record its matters.
    Row("people:photo", page(CAI_PERSON_READERS), args=cai_person_with_photo),
    Row("people:photo", page(frozenset()), args=protected_cai_person_with_photo, note="protected"),
    Row("people:photo", not_allowed_for_staff(Out.LOGIN), method="post", args=cai_person_with_photo),
    Row("people:photo_upload", page(CAI_PERSON_READERS), args=cai_person),
    Row(
        "people:photo_upload",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_person,
        data=photo_upload_data,
    ),
    Row("people:photo_upload", page(frozenset()), args=protected_cai_person, note="protected"),
    Row("people:photo_delete", page(CAI_PERSON_READERS), args=cai_person_with_photo),
    Row(
        "people:photo_delete",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_person_with_photo,
        data=lambda n, u: {},
    ),
    Row("people:access_request", not_allowed_for_staff(Out.LOGIN), args=cai_person),
    Row(
        "people:access_request",
        page(PERSON_READERS),
        method="post",
        args=cai_person,
        data=lambda n, u: {"reason": "follow-up of a referral", "q": "Diallo"},
    ),
    Row(
        "people:access_request",
        page(frozenset()),
        method="post",
        args=protected_cai_person,
        data=lambda n, u: {"reason": "follow-up of a referral", "q": "Diallo"},
        note="protected",
    ),
    # Sharing: everyone who reads persons has requests (their own); the holder decides and revokes.
    Row("people:access_requests", page(PERSON_READERS)),
    Row("people:access_request_decide", page(CAI_PERSON_READERS), args=cear_request),
    Row(
        "people:access_request_decide",
        page(CAI_PERSON_READERS),
        method="post",
        args=cear_request,
        data=lambda n, u: {"action": "refuse", "reason": "no consent"},
    ),
    Row("people:access_grant_revoke", page(CAI_PERSON_READERS), args=cear_grant),
    Row("people:access_grant_revoke", page(CAI_PERSON_READERS), method="post", args=cear_grant),
    # Importing people from a spreadsheet: those who register people; an import is its uploader's.
    Row("people:import_upload", page(PERSON_READERS)),
    Row("people:import_upload", page(PERSON_READERS), method="post", data=lambda n, u: {}),
    Row("people:import_mapping", page(frozenset({"caseworker"})), args=caseworker_import),
    Row("people:import_preview", page(frozenset({"caseworker"})), args=caseworker_import),
    Row("people:import_confirm", not_allowed_for_staff(Out.LOGIN), args=caseworker_import),
    Row(
        "people:import_confirm",
        page(frozenset({"caseworker"})),
        method="post",
        args=caseworker_import,
        data=lambda n, u: {},
    ),
    # The duplicate review queue and merges: coordinators, at the organisations they coordinate.
    Row("people:duplicates", page(COORDINATORS)),
    Row("people:duplicate_detail", page(COORDINATORS), args=cai_pair),
    Row("people:duplicate_decide", not_allowed_for_staff(Out.LOGIN), args=cai_pair),
    Row(
        "people:duplicate_decide",
        page(COORDINATORS),
        method="post",
        args=cai_pair,
        data=lambda n, u: {"decision": "not_same"},
    ),
    Row("people:merges", page(COORDINATORS)),
    Row("people:merge_undo", page(COORDINATORS), args=cai_merge),
    Row("people:merge_undo", page(COORDINATORS), method="post", args=cai_merge),
    # Rectification: those who record persons at the holding organisation; protection: its coordinators.
    Row("people:edit", page(CAI_PERSON_READERS), args=cai_person),
    Row("people:edit", page(CAI_PERSON_READERS), method="post", args=cai_person, data=lambda n, u: {}),
    Row("people:edit", page(frozenset()), args=protected_cai_person, note="protected"),
    Row(
        "people:edit",
        page(frozenset()),
        method="post",
        args=protected_cai_person,
        data=lambda n, u: {"family_name": "Changed"},
        note="protected",
    ),
    Row("people:edit_protection", page(COORDINATORS), args=cai_person),
    Row("people:edit_protection", page(COORDINATORS), method="post", args=cai_person, data=lambda n, u: {}),
    Row("people:edit_item_add", page(CAI_PERSON_READERS), args=cai_person_names),
    Row(
        "people:edit_item_add",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_person_names,
        data=lambda n, u: {"name": "Aminata", "kind": "spelling"},
    ),
    Row("people:edit_item_add", page(frozenset()), args=protected_cai_person_names, note="protected"),
    Row("people:edit_item_change", page(CAI_PERSON_READERS), args=cai_person_document),
    Row(
        "people:edit_item_change",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_person_document,
        data=lambda n, u: {"kind": "passport", "number": "P7654321"},
    ),
    Row("people:edit_item_remove", page(CAI_PERSON_READERS), args=cai_person_document),
    Row("people:edit_item_remove", page(CAI_PERSON_READERS), method="post", args=cai_person_document),
    # Households: those who open a member's record see it; those who record persons at its holder change it.
    Row("people:household_detail", page(CAI_PERSON_READERS), args=cai_household),
    Row("people:household_detail", not_allowed_for_staff(Out.LOGIN), method="post", args=cai_household),
    Row("people:household_create", page(CAI_PERSON_READERS), args=cai_person),
    Row(
        "people:household_create",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_person,
        data=lambda n, u: {"name": "Diallo", "relationship": "head", "joined_on": "2025-01-01"},
    ),
    Row("people:household_add_member", page(CAI_PERSON_READERS), args=cai_household),
    Row(
        "people:household_add_member",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_household,
        data=lambda n, u: {"person_id": _cai_person(), "relationship": "child", "joined_on": "2025-01-01"},
    ),
    Row("people:household_member_leave", page(CAI_PERSON_READERS), args=cai_household_member),
    Row(
        "people:household_member_leave",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_household_member,
        data=lambda n, u: {"left_on": timezone.localdate().isoformat()},
    ),
    # The API. Its schema and docs are for signed-in members of staff who passed 2FA.
    Row("api:openapi-json", page(MEMBERS)),
    Row("api:openapi-view", page(MEMBERS)),
    Row("api:api-root", everyone(Out.DENIED)),
    Row("api:me", endpoint(AUTHENTICATED)),
    Row("api:me", not_allowed_for_staff(Out.NOT_ALLOWED), method="post"),
    Row("api:organisation_list", endpoint(MEMBERS)),
    Row("api:organisation_detail", endpoint(MEMBERS), args=city_id),
    Row("api:staff_list", endpoint(STAFF_MANAGERS)),
    Row("api:staff_detail", endpoint(CITY_STAFF_MANAGERS), args=cai_caseworker),
    Row("api:token_list", endpoint(AUTHENTICATED)),
    Row("api:token_revoke", not_allowed_for_staff(Out.NOT_ALLOWED), args=own_token),
    Row("api:token_revoke", endpoint(AUTHENTICATED), method="post", args=own_token, note="own"),
    Row("api:token_revoke", endpoint(frozenset()), method="post", args=others_token, note="others"),
    Row("api:read_log", endpoint(AUDITORS)),
    # People: those who read and register persons, within the policy's organisation boundaries.
    Row("api:person_list", endpoint(PERSON_READERS)),
    Row(
        "api:person_create",
        endpoint(PERSON_READERS),
        method="post",
        data=lambda n, u: {"search_query": "Zzyzx Newcomer", "family_name": "Newcomer"},
    ),
    Row("api:person_search", endpoint(PERSON_READERS), data=lambda n, u: {"q": "Diallo"}),
    Row("api:person_detail", endpoint(CAI_PERSON_READERS), args=cai_person),
    Row("api:person_detail", endpoint(frozenset()), args=protected_cai_person, note="protected"),
    Row("api:household_list", endpoint(PERSON_READERS)),
    Row(
        "api:household_create", endpoint(PERSON_READERS), method="post", data=lambda n, u: {"name": "Haddad"}
    ),
    Row("api:household_detail", endpoint(CAI_PERSON_READERS), args=cai_household),
    Row(
        "api:household_member_change",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cai_household,
        data=lambda n, u: {"person_id": _cai_person(), "relationship": "child"},
    ),
    Row("api:duplicate_list", endpoint(COORDINATORS)),
    Row("api:duplicate_not_same", endpoint(COORDINATORS), method="post", args=api_cai_pair),
    Row(
        "api:duplicate_merge",
        endpoint(COORDINATORS),
        method="post",
        args=api_cai_pair,
        data=lambda n, u: {"survivor_id": _latest_pair().person_a_id},
    ),
    Row("api:merge_undo", endpoint(COORDINATORS), method="post", args=api_cai_merge),
    # Sharing: requests (incoming and one's own) for readers of persons; the holder decides.
    Row("api:access_request_list", endpoint(PERSON_READERS)),
    Row(
        "api:access_request_grant",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cear_request,
        data=grant_data,
    ),
    Row(
        "api:access_request_refuse",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cear_request,
        data=lambda n, u: {"reason": "no consent"},
    ),
    # Cases: those who read persons, within the holding organisation and the case's sensitivity.
    Row("cases:mine", page(PERSON_READERS)),
    Row("cases:team", page(COORDINATORS)),
    Row("cases:open", page(CAI_PERSON_READERS), args=cai_person),
    Row(
        "cases:open",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_person,
        data=lambda n, u: {"sensitivity": "normal"},
    ),
    Row("cases:detail", page(CAI_PERSON_READERS), args=cai_case),
    Row("cases:detail", page(frozenset({"caseworker"})), args=protected_cai_case, note="protected"),
    Row(
        "cases:detail",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_case,
        data=lambda n, u: {"form": "entry", "entry-kind": "note", "entry-text": "Called"},
    ),
    Row("cases:need_edit", page(CAI_PERSON_READERS), args=cai_case_need),
    Row(
        "cases:need_edit",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_case_need,
        data=lambda n, u: {"priority": "high", "status": "in_progress", "description": ""},
    ),
    Row("cases:goal_edit", page(CAI_PERSON_READERS), args=cai_case_goal),
    Row(
        "cases:goal_edit",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_case_goal,
        data=lambda n, u: {"description": "Padrón", "status": "achieved"},
    ),
    Row("cases:close", page(CAI_PERSON_READERS), args=cai_case),
    Row(
        "cases:close",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_case,
        data=lambda n, u: {"outcome": "moved"},
    ),
    Row("cases:hold", not_allowed_for_staff(Out.LOGIN), args=cai_case),
    Row("cases:hold", page(CAI_PERSON_READERS), method="post", args=cai_case),
    Row("cases:reopen", not_allowed_for_staff(Out.LOGIN), args=held_cai_case),
    Row("cases:reopen", page(CAI_PERSON_READERS), method="post", args=held_cai_case),
    Row("cases:assign", page(COORDINATORS), args=cai_case),
    Row(
        "cases:assign",
        page(COORDINATORS),
        method="post",
        args=cai_case,
        data=lambda n, u: {"responsible": n.users["coordinator"].pk},
    ),
    Row("cases:sensitivity", page(CAI_PERSON_READERS), args=cai_case),
    Row(
        "cases:sensitivity",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_case,
        data=lambda n, u: {"sensitivity": "restricted"},
    ),
    # Referrals: the holder's staff refer and follow; the receiver's staff answer; consent and
    # transfers are the holder's (transfers its coordinators'). Nobody else sees a referral.
    Row("cases:referrals", page(PERSON_READERS)),
    Row("cases:referral_detail", page(PERSON_READERS), args=cai_referral),
    Row(
        "cases:referral_detail",
        page(frozenset({"ngo_caseworker"})),
        method="post",
        args=cai_referral,
        data=lambda n, u: {"action": "accept"},
    ),
    Row("cases:referral_withdraw", page(CAI_PERSON_READERS), args=cai_referral),
    Row("cases:referral_withdraw", page(CAI_PERSON_READERS), method="post", args=cai_referral),
    Row("cases:referral_create", page(CAI_PERSON_READERS), args=cai_case),
    Row(
        "cases:referral_create", page(CAI_PERSON_READERS), method="post", args=cai_case, data=lambda n, u: {}
    ),
    Row("cases:transfer", page(COORDINATORS), args=cai_case),
    Row("cases:transfer", page(COORDINATORS), method="post", args=cai_case, data=lambda n, u: {}),
    Row("cases:consent_create", page(CAI_PERSON_READERS), args=cai_case),
    Row("cases:consent_create", page(CAI_PERSON_READERS), method="post", args=cai_case, data=lambda n, u: {}),
    Row("cases:consent_withdraw", page(CAI_PERSON_READERS), args=cai_case_consent),
    Row("cases:consent_withdraw", page(CAI_PERSON_READERS), method="post", args=cai_case_consent),
    # Importing open cases from a spreadsheet: those who record matters; an import is its uploader's.
    Row("cases:import_upload", page(PERSON_READERS)),
    Row("cases:import_upload", page(PERSON_READERS), method="post", data=lambda n, u: {}),
    Row("cases:import_mapping", page(frozenset({"caseworker"})), args=caseworker_case_import),
    Row("cases:import_preview", page(frozenset({"caseworker"})), args=caseworker_case_import),
    Row("cases:import_confirm", not_allowed_for_staff(Out.LOGIN), args=caseworker_case_import),
    Row(
        "cases:import_confirm",
        page(frozenset({"caseworker"})),
        method="post",
        args=caseworker_case_import,
        data=lambda n, u: {},
    ),
    # Case documents: the holder's readers of persons; templates of issued documents: coordinators.
    Row("cases:documents", page(CAI_PERSON_READERS), args=cai_case),
    Row("cases:document_upload", page(CAI_PERSON_READERS), args=cai_case),
    Row(
        "cases:document_upload",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_case,
        data=lambda n, u: {"kind": "other"},
    ),
    Row("cases:document_issue", page(CAI_PERSON_READERS), args=cai_case),
    Row("cases:document_issue", page(CAI_PERSON_READERS), method="post", args=cai_case, data=lambda n, u: {}),
    Row("cases:document_download", page(CAI_PERSON_READERS), args=cai_case_document),
    Row("cases:document_delete", page(CAI_PERSON_READERS), args=cai_case_document),
    Row("cases:document_delete", page(CAI_PERSON_READERS), method="post", args=cai_case_document),
    Row("cases:document_templates", page(COORDINATORS)),
    Row("cases:document_template_create", page(COORDINATORS)),
    Row("cases:document_template_create", page(COORDINATORS), method="post", data=lambda n, u: {}),
    Row("cases:document_template_edit", page(COORDINATORS), args=cai_document_template),
    Row(
        "cases:document_template_edit",
        page(COORDINATORS),
        method="post",
        args=cai_document_template,
        data=lambda n, u: {"name": "Certificat", "body": "{{ case.reference }}", "is_active": "on"},
    ),
    Row("cases:document_template_edit", page(COORDINATORS), args=network_document_template, note="network"),
    Row(
        "cases:document_template_edit",
        page(frozenset()),
        method="post",
        args=network_document_template,
        data=lambda n, u: {"name": "Certificat", "body": "x"},
        note="network",
    ),
    Row("cases:document_template_copy", not_allowed_for_staff(Out.LOGIN), args=network_document_template),
    Row("cases:document_template_copy", page(COORDINATORS), method="post", args=network_document_template),
    Row("api:case_list", endpoint(PERSON_READERS)),
    Row("api:case_create", endpoint(PERSON_READERS), method="post", data=own_person_case),
    Row("api:case_detail", endpoint(CAI_PERSON_READERS), args=cai_case),
    Row("api:case_detail", endpoint(frozenset({"caseworker"})), args=protected_cai_case, note="protected"),
    Row(
        "api:case_need_create",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cai_case,
        data=lambda n, u: {"area": "housing"},
    ),
    Row(
        "api:case_timeline_create",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cai_case,
        data=lambda n, u: {"kind": "note", "text": "Called"},
    ),
    Row(
        "api:case_goal_create",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cai_case,
        data=lambda n, u: {"description": "Padrón"},
    ),
    Row("api:referral_list", endpoint(PERSON_READERS)),
    Row("api:referral_detail", endpoint(PERSON_READERS), args=cai_referral),
    Row("api:case_referral_list", endpoint(CAI_PERSON_READERS), args=cai_case),
    Row(
        "api:case_referral_create",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cai_case,
        data=referral_data,
    ),
    Row("api:referral_accept", endpoint(frozenset({"ngo_caseworker"})), method="post", args=cai_referral),
    Row(
        "api:referral_decline",
        endpoint(frozenset({"ngo_caseworker"})),
        method="post",
        args=cai_referral,
        data=lambda n, u: {"reason": "No places"},
    ),
    Row(
        "api:referral_outcome",
        endpoint(frozenset({"ngo_caseworker"})),
        method="post",
        args=accepted_cai_referral,
        data=lambda n, u: {"outcome": "Interview prepared"},
    ),
    Row("api:referral_withdraw", endpoint(CAI_PERSON_READERS), method="post", args=cai_referral),
    Row("api:case_consent_list", endpoint(CAI_PERSON_READERS), args=cai_case),
    Row(
        "api:case_consent_create",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cai_case,
        data=lambda n, u: {"purposes": ["referral"], "method": "spoken"},
    ),
    Row("api:consent_withdraw", endpoint(CAI_PERSON_READERS), method="post", args=cai_consent),
    Row("api:case_document_list", endpoint(CAI_PERSON_READERS), args=cai_case),
    Row(
        "api:case_document_upload",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cai_case,
        data=document_upload_data,
    ),
    Row("api:case_document_content", endpoint(CAI_PERSON_READERS), args=cai_case_document),
    # Pathways: those who record matters at the holder work a case's pathways; those who read
    # persons see their deadlines and the templates; an organisation's coordinators edit its own
    # templates (the network's change only with the shipped ones, and are copied).
    Row("cases:pathway_start", page(CAI_PERSON_READERS), args=cai_case),
    Row("cases:pathway_start", page(CAI_PERSON_READERS), method="post", args=cai_case, data=lambda n, u: {}),
    Row("cases:pathway_step", page(CAI_PERSON_READERS), args=cai_case_pathway_step),
    Row(
        "cases:pathway_step",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_case_pathway_step,
        data=lambda n, u: {"action": "done"},
    ),
    Row("cases:pathway_expiry", page(CAI_PERSON_READERS), args=cai_case_pathway),
    Row("cases:pathway_expiry", page(CAI_PERSON_READERS), method="post", args=cai_case_pathway),
    Row("cases:pathway_complete", not_allowed_for_staff(Out.LOGIN), args=cai_case_pathway),
    Row("cases:pathway_complete", page(CAI_PERSON_READERS), method="post", args=cai_case_pathway),
    Row("cases:pathway_abandon", page(CAI_PERSON_READERS), args=cai_case_pathway),
    Row("cases:pathway_abandon", page(CAI_PERSON_READERS), method="post", args=cai_case_pathway),
    Row("cases:deadlines", page(PERSON_READERS)),
    Row("cases:pathway_templates", page(PERSON_READERS)),
    Row("cases:pathway_template_new", page(COORDINATORS)),
    Row("cases:pathway_template_new", page(COORDINATORS), method="post", data=lambda n, u: {}),
    Row("cases:pathway_template", page(PERSON_READERS), args=network_pathway_template, note="network"),
    Row("cases:pathway_template", page(CAI_PERSON_READERS), args=cai_pathway_template, note="cai"),
    Row(
        "cases:pathway_template",
        page(frozenset()),
        method="post",
        args=network_pathway_template,
        data=lambda n, u: {"name": "Changed"},
        note="network",
    ),
    Row(
        "cases:pathway_template",
        page(COORDINATORS),
        method="post",
        args=cai_pathway_template,
        data=lambda n, u: {"name": "Changed"},
        note="cai",
    ),
    Row("cases:pathway_template_copy", not_allowed_for_staff(Out.LOGIN), args=network_pathway_template),
    Row(
        "cases:pathway_template_copy",
        page(COORDINATORS),
        method="post",
        args=network_pathway_template,
        data=lambda n, u: {"organisation": n.cai.pk},
    ),
    Row("cases:pathway_template_step_add", page(COORDINATORS), args=cai_pathway_template),
    Row(
        "cases:pathway_template_step_add",
        page(COORDINATORS),
        method="post",
        args=cai_pathway_template,
        data=lambda n, u: {},
    ),
    Row("cases:pathway_template_step", page(COORDINATORS), args=cai_pathway_template_step),
    Row(
        "cases:pathway_template_step",
        page(COORDINATORS),
        method="post",
        args=cai_pathway_template_step,
        data=lambda n, u: {},
    ),
    Row("cases:pathway_template_step_move", not_allowed_for_staff(Out.LOGIN), args=cai_pathway_template_step),
    Row(
        "cases:pathway_template_step_move", page(COORDINATORS), method="post", args=cai_pathway_template_step
    ),
    Row("cases:pathway_template_step_remove", page(COORDINATORS), args=cai_pathway_template_step),
    Row(
        "cases:pathway_template_step_remove",
        page(COORDINATORS),
        method="post",
        args=cai_pathway_template_step,
    ),
    Row("api:case_pathway_list", endpoint(CAI_PERSON_READERS), args=cai_case),
    Row(
        "api:case_pathway_create",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cai_case,
        data=lambda n, u: {"template_id": _pathway_templates(n)[0].pk},
    ),
    Row(
        "api:case_pathway_step_complete",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cai_case_pathway_step,
        data=lambda n, u: {"note": "Registered"},
    ),
    Row("api:deadline_list", endpoint(PERSON_READERS)),
    # Agenda: those who read persons keep the agenda of their organisations' offices (and the
    # sections below); an appointment's interpreter sees it reduced; calendar feeds are personal.
    Row("agenda:day", page(PERSON_READERS)),
    Row("agenda:book", page(CAI_PERSON_READERS), args=cai_person),
    Row("agenda:book", page(CAI_PERSON_READERS), method="post", args=cai_person, data=lambda n, u: {}),
    Row("agenda:appointment", page(CAI_PERSON_READERS), args=cai_appointment),
    Row(
        "agenda:appointment",
        page(CAI_PERSON_READERS | {"interpreter"}),
        args=interpreted_cai_appointment,
        note="interpreter",
    ),
    Row("agenda:cancel", page(CAI_PERSON_READERS), args=cai_appointment),
    Row(
        "agenda:cancel",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_appointment,
        data=lambda n, u: {"reason": "ill"},
    ),
    Row("agenda:cancel", page(CAI_PERSON_READERS), args=interpreted_cai_appointment, note="interpreter"),
    Row("agenda:reschedule", page(CAI_PERSON_READERS), args=cai_appointment),
    Row(
        "agenda:reschedule",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_appointment,
        data=lambda n, u: {},
    ),
    Row("agenda:mark", not_allowed_for_staff(Out.LOGIN), args=cai_appointment),
    Row(
        "agenda:mark",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_appointment,
        data=lambda n, u: {"status": "attended"},
    ),
    Row("agenda:interpreter_assign", not_allowed_for_staff(Out.LOGIN), args=cai_appointment),
    Row(
        "agenda:interpreter_assign",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_appointment,
        data=lambda n, u: {"interpreter": n.users["interpreter"].pk},
    ),
    Row("agenda:slots", page(COORDINATORS)),
    Row("agenda:slots", page(COORDINATORS), method="post", data=lambda n, u: {}),
    Row("agenda:interpreters_needed", page(PERSON_READERS)),
    Row("agenda:queue", page(PERSON_READERS)),
    Row("agenda:queue", page(CAI_PERSON_READERS), data=lambda n, u: {"office": _cai_office().pk}, note="cai"),
    Row("agenda:ticket_issue", not_allowed_for_staff(Out.LOGIN), args=cai_office),
    Row(
        "agenda:ticket_issue",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_office,
        data=lambda n, u: {"service_type": "other"},
    ),
    Row(
        "agenda:ticket_call",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_office,
        data=lambda n, u: {"desk": "3"},
    ),
    Row(
        "agenda:ticket_finish",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_ticket,
        data=lambda n, u: {"action": "left"},
    ),
    Row("agenda:display", page(CAI_PERSON_READERS), args=cai_office),
    Row("agenda:feeds", page(PERSON_READERS | {"interpreter"})),
    Row("agenda:feeds", page(PERSON_READERS | {"interpreter"}), method="post"),
    Row("agenda:feed_revoke", page(AUTHENTICATED), args=own_feed, note="own"),
    Row("agenda:feed_revoke", page(AUTHENTICATED), method="post", args=own_feed, note="own"),
    Row("agenda:feed_revoke", page(frozenset()), method="post", args=others_feed, note="others"),
    # Appointment requests from the public directory: the agenda keepers of the office they reach.
    Row("agenda:requests", page(PERSON_READERS)),
    Row("agenda:request", page(CAI_PERSON_READERS), args=cai_appointment_request),
    Row("agenda:request_book", page(CAI_PERSON_READERS), args=cai_appointment_request_person),
    Row(
        "agenda:request_book",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_appointment_request_person,
        data=lambda n, u: {},
    ),
    Row("agenda:request_close", page(CAI_PERSON_READERS), args=cai_appointment_request),
    Row(
        "agenda:request_close",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_appointment_request,
        data=lambda n, u: {"note": "duplicate"},
    ),
    # The calendar feed itself: no sign-in (calendar apps cannot), the secret address is the key.
    Row("agenda_ical", everyone(Out.OK), args=valid_feed_token),
    Row("agenda_ical", everyone(Out.DENIED), args=wrong_feed_token, note="wrong-token"),
    Row("api:appointment_list", endpoint(PERSON_READERS)),
    Row("api:appointment_create", endpoint(CAI_PERSON_READERS), method="post", data=appointment_data),
    Row(
        "api:appointment_cancel",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=cai_appointment,
        data=lambda n, u: {"reason": "ill"},
    ),
    # --- directory: editing the services of one's organisation ---------------------------------
    Row("directory_manage:services", page(DIRECTORY_MANAGERS)),
    Row("directory_manage:service_create", page(DIRECTORY_MANAGERS)),
    Row("directory_manage:service_create", page(DIRECTORY_MANAGERS), method="post", data=lambda n, u: {}),
    Row("directory_manage:missing", page(DIRECTORY_MANAGERS), data=lambda n, u: {"lang": "ar"}),
    Row("directory_manage:guide", page(DIRECTORY_MANAGERS)),
    Row("directory_manage:service_edit", page(CAI_DIRECTORY_MANAGERS), args=cai_directory_service),
    Row(
        "directory_manage:service_edit",
        page(CAI_DIRECTORY_MANAGERS),
        method="post",
        args=cai_directory_service,
        data=lambda n, u: {},
    ),
    Row("directory_manage:service_verify", page(CAI_DIRECTORY_MANAGERS), args=cai_directory_service),
    Row(
        "directory_manage:service_verify",
        page(CAI_DIRECTORY_MANAGERS),
        method="post",
        args=cai_directory_service,
        lands="/directory/manage/",
    ),
    Row("directory_manage:service_hours", page(CAI_DIRECTORY_MANAGERS), args=cai_directory_service),
    Row(
        "directory_manage:service_hours",
        page(CAI_DIRECTORY_MANAGERS),
        method="post",
        args=cai_directory_service,
        data=lambda n, u: {"MO_1_opens": "09:00", "MO_1_closes": "14:00"},
    ),
    Row("directory_manage:service_locations", page(CAI_DIRECTORY_MANAGERS), args=cai_directory_service),
    Row(
        "directory_manage:service_locations",
        page(CAI_DIRECTORY_MANAGERS),
        method="post",
        args=cai_directory_service,
        data=lambda n, u: {},
    ),
    Row("directory_manage:place_edit", page(CAI_DIRECTORY_MANAGERS), args=cai_directory_place),
    Row(
        "directory_manage:place_edit",
        page(CAI_DIRECTORY_MANAGERS),
        method="post",
        args=cai_directory_place,
        data=lambda n, u: {},
    ),
    Row("directory_manage:service_details", page(CAI_DIRECTORY_MANAGERS), args=cai_directory_service_kind),
    Row(
        "directory_manage:service_details",
        page(CAI_DIRECTORY_MANAGERS),
        method="post",
        args=cai_directory_service_kind,
        data=lambda n, u: {},
    ),
    Row("directory_manage:service_translations", page(CAI_DIRECTORY_MANAGERS), args=cai_directory_service),
    Row("directory_manage:service_translate", page(CAI_DIRECTORY_MANAGERS), args=cai_directory_service_lang),
    Row(
        "directory_manage:service_translate",
        page(CAI_DIRECTORY_MANAGERS),
        method="post",
        args=cai_directory_service_lang,
        data=lambda n, u: {"status": "draft"},
    ),
    # --- directory: the public pages, on the public list (no account needed) -------------------
    Row("directory:home", everyone(Out.OK)),
    Row("directory:home", everyone(Out.NOT_ALLOWED), method="post"),
    Row("directory:search", everyone(Out.OK), data=lambda n, u: {"q": "primera", "open": "today"}),
    Row("directory:service", everyone(Out.OK), args=cai_directory_service),
    Row("directory:service_sheet", everyone(Out.OK), args=cai_directory_service),
    Row("directory:request", everyone(Out.OK), args=public_request_service),
    Row(
        "directory:request",
        everyone(Out.OK),
        method="post",
        args=public_request_service,
        data=lambda n, u: {},
    ),
    Row("directory:request_sent", everyone(Out.OK), args=cai_directory_service),
    Row("directory:emergency", everyone(Out.OK)),
    Row("directory:offline", everyone(Out.OK)),
    Row("directory:manifest", everyone(Out.OK)),
    Row("directory:service_worker", everyone(Out.OK)),
    # --- council: the public pages, on the public list ------------------------------------------
    Row("council_public:index", everyone(Out.OK)),
    Row("council_public:index", everyone(Out.NOT_ALLOWED), method="post"),
    Row("council_public:composition", everyone(Out.OK), args=council_body_slug),
    Row("council_public:members", everyone(Out.OK), args=council_body_slug),
    Row("council_public:meetings", everyone(Out.OK), args=council_body_slug),
    Row("council_public:accountability", everyone(Out.OK), args=council_body_slug),
    Row("council_public:proposal_submit", everyone(Out.OK), args=council_body_slug),
    Row(
        "council_public:proposal_submit",
        everyone(Out.OK),
        method="post",
        args=council_body_slug,
        data=lambda n, u: {
            "name": "A",
            "email": "a@example.org",
            "title": "T",
            "text": "x",
            "language": "ca",
        },
    ),
    Row("council_public:meeting", everyone(Out.OK), args=council_held_meeting),
    Row("council_public:plan", everyone(Out.OK), args=council_plan_slug),
    Row("council_public:plan_comment", everyone(Out.OK), args=council_plan_section),
    Row(
        "council_public:plan_comment",
        everyone(Out.OK),
        method="post",
        args=council_plan_section,
        data=lambda n, u: {"website": "http://spam.example"},
    ),
    # --- council API: staff only; members for whoever runs the council ---------------------------
    Row("api:council_body_list", endpoint(MEMBERS)),
    Row("api:council_seat_list", endpoint(MEMBERS), args=council_body_slug),
    Row("api:council_member_list", endpoint(frozenset({"council_secretary"}))),
    Row("api:council_meeting_list", endpoint(MEMBERS), args=council_body_slug),
    Row("api:council_vote_list", endpoint(MEMBERS), args=council_api_meeting),
    Row("api:council_advice_list", endpoint(MEMBERS), args=council_body_slug),
    # --- council advice: the secretary's screens ------------------------------------------------
    Row("council_advice:advice_list", page(frozenset({"council_secretary"})), args=council_body_slug),
    Row("council_advice:advice_answer", page(frozenset({"council_secretary"})), args=council_advice),
    Row(
        "council_advice:advice_answer",
        page(frozenset({"council_secretary"})),
        method="post",
        args=council_advice,
        data=lambda n, u: {"status": "accepted", "answer_text": "Yes."},
    ),
    Row("council_advice:proposal_list", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row("council_advice:proposal_create", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row(
        "council_advice:proposal_create",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_body_slug,
        data=lambda n, u: {"title": "T", "text": "x"},
    ),
    Row("council_advice:proposal_debated", not_allowed_for_staff(Out.LOGIN), args=council_proposal),
    Row("council_advice:proposal_debated", page(COUNCIL_SECRETARIES), method="post", args=council_proposal),
    Row("council_advice:proposal_adopt", page(COUNCIL_SECRETARIES), args=council_proposal),
    Row(
        "council_advice:proposal_adopt",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_proposal,
        data=lambda n, u: {"addressee": "Registry"},
    ),
    Row("council_advice:proposal_reject", page(COUNCIL_SECRETARIES), args=council_proposal),
    Row(
        "council_advice:proposal_reject",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_proposal,
        data=lambda n, u: {"reason": "Out of scope."},
    ),
    Row("council_advice:plan_list", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row("council_advice:plan_create", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row(
        "council_advice:plan_create",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_body_slug,
        data=lambda n, u: {"title": "Plan", "slug": "matrix-new-plan"},
    ),
    Row("council_advice:plan_detail", page(COUNCIL_SECRETARIES), args=council_plan),
    Row("council_advice:plan_edit", page(COUNCIL_SECRETARIES), args=council_plan),
    Row(
        "council_advice:plan_edit",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_plan,
        data=lambda n, u: {"title": "Plan", "slug": "matrix-plan"},
    ),
    Row("council_advice:plan_status", page(COUNCIL_SECRETARIES), args=council_plan),
    Row(
        "council_advice:plan_status",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_plan,
        data=lambda n, u: {"status": "closed"},
    ),
    Row("council_advice:plan_section_create", page(COUNCIL_SECRETARIES), args=council_plan),
    Row(
        "council_advice:plan_section_create",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_plan,
        data=lambda n, u: {"title": "S", "text": "x"},
    ),
    Row("council_advice:plan_section_edit", page(COUNCIL_SECRETARIES), args=council_plan_section),
    Row(
        "council_advice:plan_section_edit",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_plan_section,
        data=lambda n, u: {"title": "S", "text": "x"},
    ),
    Row("council_advice:plan_section_move", not_allowed_for_staff(Out.LOGIN), args=council_plan_section),
    Row(
        "council_advice:plan_section_move",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_plan_section,
        data=lambda n, u: {"direction": "up"},
    ),
    Row("council_advice:moderation", page(frozenset({"council_secretary"}))),
    Row("council_advice:comment_moderate", not_allowed_for_staff(Out.LOGIN), args=council_pending_comment),
    Row(
        "council_advice:comment_moderate",
        page(frozenset({"council_secretary"})),
        method="post",
        args=council_pending_comment,
        data=lambda n, u: {"decision": "publish"},
    ),
    # --- council meetings: the secretary's screens; the feeds and approved minutes are public ----
    Row("council:meetings", page(COUNCIL_SECRETARIES), args=council_meeting_body),
    Row(
        "council:meetings",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_meeting_body,
        data=lambda n, u: {"title": "Extra", "starts_at": "2030-01-01 18:00"},
    ),
    Row("council:meeting_detail", page(COUNCIL_SECRETARIES), args=council_meeting),
    Row(
        "council:meeting_agenda_add",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_meeting,
        data=lambda n, u: {"title": "Item", "kind": "debate"},
    ),
    Row(
        "council:meeting_document_add",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_meeting,
        data=lambda n, u: {"title": "Easy read", "language": "es", "text": "Summary"},
    ),
    Row("council:meeting_convene", page(COUNCIL_SECRETARIES), args=council_meeting),
    Row("council:meeting_convene", page(COUNCIL_SECRETARIES), method="post", args=council_meeting),
    Row(
        "council:meeting_access_need_add",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_meeting,
        data=lambda n, u: {"member": "0", "kind": "childcare"},
    ),
    Row(
        "council:access_need_advance",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_access_need,
        data=lambda n, u: {"status": "done"},
    ),
    Row("council:meeting_roll_call", page(COUNCIL_SECRETARIES), args=council_meeting),
    Row(
        "council:meeting_roll_call",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_meeting,
        data=lambda n, u: {"call": "second"},
    ),
    Row(
        "council:attendance_mark",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_attendance,
        data=lambda n, u: {"role": "titular"},
    ),
    Row("council:attendance_turn", page(COUNCIL_SECRETARIES), method="post", args=council_attendance),
    Row(
        "council:vote_create",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_meeting,
        data=lambda n, u: {"question": "Adopt?", "kind": "opinion"},
    ),
    Row("council:vote_detail", page(COUNCIL_SECRETARIES), args=council_vote),
    Row(
        "council:ballot_cast",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_vote,
        data=lambda n, u: {"seat": "0", "choice": "yes"},
    ),
    Row("council:vote_close", page(COUNCIL_SECRETARIES), args=council_vote),
    Row("council:vote_close", page(COUNCIL_SECRETARIES), method="post", args=council_vote),
    Row(
        "council:dissent_add",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_vote,
        data=lambda n, u: {"text": "We disagree."},
    ),
    Row("council:minutes", page(COUNCIL_SECRETARIES), args=council_meeting),
    Row(
        "council:minutes",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_meeting,
        data=lambda n, u: {"text": "Draft"},
    ),
    Row(
        "council:minutes_action",
        page(COUNCIL_SECRETARIES),
        method="post",
        args=council_minutes,
        data=lambda n, u: {"action": "circulate"},
    ),
    Row("council:public_minutes", everyone(Out.OK), args=council_approved_minutes_meeting),
    Row("council:public_minutes", everyone(Out.NOT_ALLOWED), method="post", args=council_meeting),
    Row("council:meetings_ical", everyone(Out.OK), args=council_meeting_body),
    Row("council:meetings_rss", everyone(Out.OK), args=council_meeting_body),
    # --- directory: the HSDS open-data API, on the public list (read-only, any origin) ----------
    Row("hsds:root", everyone(Out.OK)),
    Row("hsds:services", everyone(Out.OK), data=lambda n, u: {"lang": "ar", "per_page": 5}),
    Row("hsds:services", everyone(Out.NOT_ALLOWED), method="post"),
    Row("hsds:service", everyone(Out.OK), args=hsds_service),
    Row("hsds:service", everyone(Out.NOT_ALLOWED), method="post", args=hsds_service),
    Row("hsds:organizations", everyone(Out.OK)),
    Row("hsds:organization", everyone(Out.OK), args=hsds_organization),
    Row("hsds:service_at_locations", everyone(Out.OK)),
    Row("hsds:service_at_location", everyone(Out.OK), args=hsds_service_at_location),
    Row("hsds:taxonomies", everyone(Out.OK)),
    Row("hsds:taxonomy", everyone(Out.OK), args=hsds_taxonomy),
    Row("hsds:taxonomy_terms", everyone(Out.OK)),
    Row("hsds:taxonomy_term", everyone(Out.OK), args=hsds_taxonomy_term),
    # --- housing: places of the network, each organisation's accommodations, the waiting list ----
    Row("housing:vacancies", page(COORDINATORS)),
    Row("housing:accommodations", page(HOUSING_STAFF)),
    Row("housing:accommodation_create", page(COORDINATORS)),
    Row("housing:accommodation_create", page(COORDINATORS), method="post", data=lambda n, u: {}),
    Row("housing:import", page(COORDINATORS)),
    Row("housing:import", page(COORDINATORS), method="post", data=lambda n, u: {}),
    Row("housing:accommodation_detail", page(CAI_PERSON_READERS), args=cai_accommodation),
    Row("housing:accommodation_edit", page(COORDINATORS), args=cai_accommodation),
    Row(
        "housing:accommodation_edit",
        page(COORDINATORS),
        method="post",
        args=cai_accommodation,
        data=lambda n, u: {},
    ),
    Row(
        "housing:unit_add",
        page(COORDINATORS),
        method="post",
        args=cai_accommodation,
        data=lambda n, u: {"name": "Room 9", "kind": "room", "rooms": 1, "places": 1},
    ),
    Row(
        "housing:places_add",
        page(COORDINATORS),
        method="post",
        args=cai_housing_unit,
        data=lambda n, u: {"count": 1, "kind": "bed"},
    ),
    Row("housing:place_status", page(CAI_PERSON_READERS), args=cai_housing_place),
    Row(
        "housing:place_status",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_housing_place,
        data=lambda n, u: {"status": "out_of_service", "reason": "leak"},
    ),
    Row("housing:waiting_list", page(PERSON_READERS)),
    Row("housing:priority_rules", page(PERSON_READERS)),
    Row("housing:priority_rules", page(COORDINATORS), method="post", data=lambda n, u: {}),
    Row("housing:entry_add", page(CAI_PERSON_READERS), args=cai_housing_case),
    Row(
        "housing:entry_add",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_housing_case,
        data=lambda n, u: {},
    ),
    Row("housing:entry_detail", page(CAI_PERSON_READERS), args=cai_waiting_entry),
    Row("housing:entry_edit", page(CAI_PERSON_READERS), args=cai_waiting_entry),
    Row(
        "housing:entry_edit",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_waiting_entry,
        data=lambda n, u: {},
    ),
    Row("housing:entry_withdraw", page(CAI_PERSON_READERS), args=cai_waiting_entry),
    Row(
        "housing:entry_withdraw",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_waiting_entry,
        data=lambda n, u: {"reason": "found a flat"},
    ),
    Row("housing:reserve", page(CAI_PERSON_READERS), args=cai_waiting_entry),
    Row(
        "housing:reserve",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_waiting_entry,
        data=lambda n, u: {},
    ),
    Row("housing:placement_detail", page(CAI_PERSON_READERS), args=cai_reserved_placement),
    Row("housing:placement_check_in", page(CAI_PERSON_READERS), args=cai_reserved_placement),
    Row(
        "housing:placement_check_in",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_reserved_placement,
        data=lambda n, u: {"on": timezone.localdate().isoformat()},
    ),
    Row("housing:placement_cancel", page(CAI_PERSON_READERS), args=cai_reserved_placement),
    Row(
        "housing:placement_cancel",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_reserved_placement,
        data=lambda n, u: {"reason": "declined"},
    ),
    Row("housing:placement_check_out", page(CAI_PERSON_READERS), args=cai_staying_placement),
    Row(
        "housing:placement_check_out",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_staying_placement,
        data=lambda n, u: {"on": timezone.localdate().isoformat(), "exit_destination": "independent"},
    ),
    Row("housing:placement_absence", page(CAI_PERSON_READERS), args=cai_staying_placement),
    Row(
        "housing:placement_absence",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_staying_placement,
        data=lambda n, u: {"from_on": timezone.localdate().isoformat()},
    ),
    Row("housing:placement_move", page(CAI_PERSON_READERS), args=cai_staying_placement),
    Row(
        "housing:placement_move",
        page(CAI_PERSON_READERS),
        method="post",
        args=cai_staying_placement,
        data=lambda n, u: {},
    ),
    Row("housing:statistics", page(HOUSING_STAFF)),
    Row("housing:occupancy_export", page(HOUSING_STAFF), data=lambda n, u: {"format": "xlsx"}),
    Row("api:housing_accommodation_list", endpoint(HOUSING_STAFF)),
    Row(
        "api:housing_accommodation_detail",
        endpoint(CAI_PERSON_READERS),
        args=lambda n, u: {"accommodation_id": cai_accommodation(n, u)["pk"]},
    ),
    Row(
        "api:housing_unit_list",
        endpoint(CAI_PERSON_READERS),
        args=lambda n, u: {"accommodation_id": cai_accommodation(n, u)["pk"]},
    ),
    Row("api:housing_vacancy_list", endpoint(COORDINATORS)),
    Row("api:housing_waiting_list", endpoint(PERSON_READERS)),
    Row("api:housing_placement_list", endpoint(HOUSING_STAFF)),
    Row(
        "api:housing_placement_reserve",
        endpoint(CAI_PERSON_READERS),
        method="post",
        data=lambda n, u: {"entry_id": _cai_entry(n).pk, "unit_id": _cai_unit(n).pk},
    ),
    Row(
        "api:housing_place_status",
        endpoint(CAI_PERSON_READERS),
        method="post",
        args=lambda n, u: {"place_id": cai_housing_place(n, u)["pk"]},
        data=lambda n, u: {"status": "out_of_service", "reason": "leak"},
    ),
    # --- housing: the placement optimizer, for coordinators --------------------------------------
    Row("housing:optimizer", page(COORDINATORS)),
    Row("housing:optimizer_run", not_allowed_for_staff(Out.LOGIN)),
    Row("housing:optimizer_run", page(COORDINATORS), method="post", data=lambda n, u: {"time_limit": 1}),
    Row("housing:optimizer_detail", page(COORDINATORS), args=cai_optimizer_run),
    Row("housing:optimizer_decide", not_allowed_for_staff(Out.LOGIN), args=cai_optimizer_match),
    Row(
        "housing:optimizer_decide",
        page(COORDINATORS),
        method="post",
        args=cai_optimizer_match,
        data=lambda n, u: {"decision": "lock"},
    ),
    Row("housing:optimizer_accept", not_allowed_for_staff(Out.LOGIN), args=cai_optimizer_match),
    Row("housing:optimizer_accept", page(COORDINATORS), method="post", args=cai_optimizer_match),
    Row("housing:optimizer_accept_all", page(COORDINATORS), args=cai_optimizer_run),
    Row("housing:optimizer_accept_all", page(COORDINATORS), method="post", args=cai_optimizer_run),
    Row(
        "api:optimizer_run_create", endpoint(COORDINATORS), method="post", data=lambda n, u: {"time_limit": 1}
    ),
    Row("api:optimizer_run_detail", endpoint(COORDINATORS), args=cai_optimizer_run),
    Row(
        "api:optimizer_match_decide",
        endpoint(COORDINATORS),
        method="post",
        args=cai_optimizer_match,
        data=lambda n, u: {"decision": "lock"},
    ),
    # --- council staff screens: the council secretary keeps bodies, seats, members and mandates ---
    Row("council:bodies", page(COUNCIL_SECRETARIES)),
    Row("council:body_create", page(COUNCIL_SECRETARIES)),
    Row("council:body_create", page(COUNCIL_SECRETARIES), method="post", data=lambda n, u: {}),
    Row("council:body_detail", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row("council:body_edit", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row(
        "council:body_edit",
        page(COUNCIL_SECRETARIES),
        args=council_body_slug,
        method="post",
        data=lambda n, u: {},
    ),
    Row("council:body_merge", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row(
        "council:body_merge",
        page(COUNCIL_SECRETARIES),
        args=council_body_slug,
        method="post",
        data=lambda n, u: {},
    ),
    Row("council:body_dissolve", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row(
        "council:body_dissolve",
        page(COUNCIL_SECRETARIES),
        args=council_body_slug,
        method="post",
        data=lambda n, u: {},
    ),
    Row("council:category_save", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row(
        "council:category_save",
        page(COUNCIL_SECRETARIES),
        args=council_body_slug,
        method="post",
        data=lambda n, u: {},
    ),
    Row("council:seats_add", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row(
        "council:seats_add",
        page(COUNCIL_SECRETARIES),
        args=council_body_slug,
        method="post",
        data=lambda n, u: {},
    ),
    Row("council:vacancies", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row("council:composition", page(COUNCIL_SECRETARIES), args=council_body_slug),
    Row("council:organisations", page(COUNCIL_SECRETARIES)),
    Row("council:organisation_create", page(COUNCIL_SECRETARIES)),
    Row("council:organisation_create", page(COUNCIL_SECRETARIES), method="post", data=lambda n, u: {}),
    Row("council:organisation_edit", page(COUNCIL_SECRETARIES), args=council_organisation),
    Row(
        "council:organisation_edit",
        page(COUNCIL_SECRETARIES),
        args=council_organisation,
        method="post",
        data=lambda n, u: {},
    ),
    Row("council:members", page(COUNCIL_SECRETARIES)),
    Row("council:member_create", page(COUNCIL_SECRETARIES)),
    Row("council:member_create", page(COUNCIL_SECRETARIES), method="post", data=lambda n, u: {}),
    Row("council:member_detail", page(COUNCIL_SECRETARIES), args=council_member),
    Row("council:member_edit", page(COUNCIL_SECRETARIES), args=council_member),
    Row(
        "council:member_edit",
        page(COUNCIL_SECRETARIES),
        args=council_member,
        method="post",
        data=lambda n, u: {},
    ),
    Row("council:declaration_add", page(COUNCIL_SECRETARIES), args=council_member),
    Row(
        "council:declaration_add",
        page(COUNCIL_SECRETARIES),
        args=council_member,
        method="post",
        data=lambda n, u: {},
    ),
    Row("council:mandate_assign", page(COUNCIL_SECRETARIES), args=council_seat),
    Row(
        "council:mandate_assign",
        page(COUNCIL_SECRETARIES),
        args=council_seat,
        method="post",
        data=lambda n, u: {},
    ),
    Row("council:mandate_end", page(COUNCIL_SECRETARIES), args=council_mandate),
    Row(
        "council:mandate_end",
        page(COUNCIL_SECRETARIES),
        args=council_mandate,
        method="post",
        data=lambda n, u: {},
    ),
    # --- emergency: operations (coordinators declare; lead organisations' staff register) -------
    Row("emergency:operations", page(PERSON_READERS)),
    Row("emergency:operation_declare", page(COORDINATORS)),
    Row("emergency:operation_declare", page(COORDINATORS), method="post", data=lambda n, u: {}),
    Row("emergency:board", page(CAI_PERSON_READERS), args=emergency_operation),
    Row("emergency:operation_edit", page(COORDINATORS), args=emergency_operation),
    Row(
        "emergency:operation_edit",
        page(COORDINATORS),
        args=emergency_operation,
        method="post",
        data=lambda n, u: {},
    ),
    Row("emergency:operation_close", page(COORDINATORS), args=emergency_operation),
    Row(
        "emergency:operation_close",
        page(COORDINATORS),
        args=emergency_operation,
        method="post",
        data=lambda n, u: {},
    ),
    Row("emergency:site_add", page(COORDINATORS), args=emergency_operation),
    Row(
        "emergency:site_add",
        page(COORDINATORS),
        args=emergency_operation,
        method="post",
        data=lambda n, u: {},
    ),
    Row("emergency:register", page(CAI_PERSON_READERS), args=emergency_operation),
    Row(
        "emergency:register",
        page(CAI_PERSON_READERS),
        args=emergency_operation,
        method="post",
        data=lambda n, u: {},
    ),
    Row("emergency:arrivals", page(CAI_PERSON_READERS), args=emergency_operation),
    Row("emergency:import_manifest", page(CAI_PERSON_READERS), args=emergency_operation),
    Row(
        "emergency:import_manifest",
        page(CAI_PERSON_READERS),
        args=emergency_operation,
        method="post",
        data=lambda n, u: {},
    ),
    Row("emergency:arrival_triage", page(CAI_PERSON_READERS), args=emergency_arrival),
    Row(
        "emergency:arrival_triage",
        page(CAI_PERSON_READERS),
        args=emergency_arrival,
        method="post",
        data=lambda n, u: {},
    ),
    # An unaccompanied minor's arrival: coordinators only, not even the desk that registered it.
    Row("emergency:arrival_triage", page(COORDINATORS), args=emergency_minor, note="minor"),
    Row("emergency:arrival_convert", page(CAI_PERSON_READERS), args=emergency_arrival),
    Row(
        "emergency:arrival_convert",
        page(CAI_PERSON_READERS),
        args=emergency_arrival,
        method="post",
        data=lambda n, u: {},
    ),
    # Emergency places: coordinators plan and accept the placement into the network's capacity.
    Row("emergency:placement", page(COORDINATORS), args=emergency_operation),
    Row("emergency:placement_accept", not_allowed_for_staff(Out.LOGIN), args=emergency_operation),
    Row(
        "emergency:placement_accept",
        page(COORDINATORS),
        args=emergency_operation,
        method="post",
        data=lambda n, u: {},
    ),
    # --- emergency: volunteers and interpreters (public self-registration, the registry) ----------
    Row("emergency:volunteer_register", everyone(Out.OK)),
    Row("emergency:volunteer_register", everyone(Out.OK), method="post", data=lambda n, u: {}),
    Row("emergency:volunteer_registered", everyone(Out.OK)),
    Row("emergency:volunteers", page(COORDINATORS)),
    Row("emergency:volunteer_edit", page(COORDINATORS), args=emergency_volunteer),
    Row(
        "emergency:volunteer_edit",
        page(COORDINATORS),
        args=emergency_volunteer,
        method="post",
        data=lambda n, u: {},
    ),
    Row("emergency:volunteer_decide", page(COORDINATORS), args=emergency_volunteer_approve),
    Row("emergency:volunteer_decide", page(COORDINATORS), args=emergency_volunteer_approve, method="post"),
    # --- emergency: the shift rota (coordinators), my shifts and check-in (the volunteer or a coordinator)
    Row("emergency:rota", page(COORDINATORS), args=emergency_rota_operation),
    Row("emergency:rota_plan", page(COORDINATORS), args=emergency_rota_operation, method="post"),
    Row("emergency:rota_add", page(COORDINATORS), args=emergency_rota_operation, method="post"),
    Row("emergency:rota_remove", page(COORDINATORS), args=emergency_rota_operation, method="post"),
    Row("emergency:rota_confirm", page(COORDINATORS), args=emergency_rota_operation, method="post"),
    Row("emergency:shift_create", page(COORDINATORS), args=emergency_rota_operation, method="post"),
    Row("emergency:my_shifts", page(MEMBERS)),
    Row(
        "emergency:shift_check",
        page(frozenset({"coordinator", "interpreter"})),
        args=emergency_assignment_in,
        method="post",
    ),
]

# --- The Django admin -------------------------------------------------------------------------
# Every model registered in the admin, and the pattern families Django makes for each. A model
# registered without being listed here makes ``test_every_url_pattern_has_a_row`` fail.
ADMIN_MODELS = (
    "auth/group",
    "axes/accessattempt",
    "axes/accesslog",
    "axes/accessfailurelog",
    "auditlog/logentry",
    "core/organisation",
    "core/user",
    "core/apitoken",
    "core/readlog",
)
ADMIN_FAMILIES = (
    "",
    "add/",
    "<path:object_id>/history/",
    "<path:object_id>/delete/",
    "<path:object_id>/change/",
    "<path:object_id>/",
)
ADMIN_EXTRA_ROUTES = (
    "admin/core/user/<id>/password/",
    "admin/^(?P<app_label>auth|axes|auditlog|core)/$",
    "admin/(?P<url>.*)$",
)
ADMIN_NAMED = (
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:autocomplete",
    "admin:jsi18n",
    "admin:view_on_site",
)


def _admin_org(family: str) -> Callable[[Network], str]:
    def build(network: Network) -> str:
        return "/admin/core/organisation/" + family.replace("<path:object_id>", str(network.city.pk))

    return build


# One representative request per admin pattern family (on organisations, the admin's own model).
ADMIN_ROWS: list[Row] = [
    Row("admin:index", admin()),
    Row("admin:login", {**everyone(Out.OK), "anonymous": Out.LOGIN}),
    Row("admin:logout", admin(Out.NOT_ALLOWED)),
    Row("admin:password_change", admin()),
    Row("admin:password_change_done", admin()),
    Row("admin:autocomplete", admin(Out.DENIED), note="no-field"),
    Row("admin:jsi18n", admin()),
    Row("admin:view_on_site", admin(Out.DENIED), note="no-public-page"),
    Row("admin:app_list", admin(), url="/admin/core/"),
    Row("admin:catch_all", admin(Out.DENIED), url="/admin/nothing-here/"),
    *[Row(f"admin:organisation:{family or 'changelist'}", admin(), url=family) for family in ADMIN_FAMILIES],
    Row("admin:user_password", admin(), url="user-password"),
    # Second-factor secrets are not in the admin at all (core/admin.py): their old address is gone.
    Row("admin:totp_config", admin(Out.DENIED), url="totp-config"),
    # Tokens are personal and the logs are for the data-protection officer (policy.py): the platform
    # admin runs the instance but does not read them.
    Row("admin:core_apitoken_changelist", admin(Out.DENIED)),
    Row("admin:core_readlog_changelist", admin(Out.DENIED)),
    Row("admin:auditlog_logentry_changelist", admin(Out.DENIED)),
]


def _admin_path(row: Row, network: Network) -> str:
    if row.key.startswith("admin:organisation:"):
        return _admin_org(row.url)(network)
    if row.url == "user-password":
        return f"/admin/core/user/{network.users['caseworker'].pk}/password/"
    if row.url == "totp-config":
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device = TOTPDevice.objects.create(user=network.users["caseworker"], name="phone")
        return f"/admin/otp_totp/totpdevice/{device.pk}/config/"
    if row.key == "admin:view_on_site":
        from django.contrib.contenttypes.models import ContentType

        from acollida.core.models import Organisation

        ct = ContentType.objects.get_for_model(Organisation)
        return reverse("admin:view_on_site", args=[ct.pk, network.city.pk])
    return row.url or reverse(row.key)


ALL_ROWS = ROWS + ADMIN_ROWS


# --- Walking the resolver ---------------------------------------------------------------------


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    """``(route, namespaced name or "")`` for every pattern, resolvers included recursively."""
    for item in resolver.url_patterns:
        if isinstance(item, URLResolver):
            inner = namespace + (f"{item.namespace}:" if item.namespace else "")
            # i18n_patterns' prefix depends on the active language; the routes below it do not.
            route = "" if item.pattern.__class__.__name__ == "LocalePrefixPattern" else str(item.pattern)
            yield from _walk(item, prefix + route, inner)
        else:
            assert isinstance(item, URLPattern)
            yield prefix + str(item.pattern), (namespace + item.name) if item.name else ""


def _covered_keys() -> set[str]:
    keys = {row.key for row in ROWS}
    keys |= set(ADMIN_NAMED)
    keys |= {f"admin/{model}/{family}" for model in ADMIN_MODELS for family in ADMIN_FAMILIES}
    keys |= set(ADMIN_EXTRA_ROUTES)
    return keys


def _pattern_key(route: str, name: str) -> str:
    """Our patterns go by name; the admin's model patterns by route (some have no name)."""
    if route.startswith("admin/"):
        return name if name in ADMIN_NAMED else route
    return name or route


def test_every_url_pattern_has_a_row() -> None:
    covered = _covered_keys()
    missing = [
        f"{route} (name {name or '-'})"
        for route, name in _walk(get_resolver())
        if _pattern_key(route, name) not in covered
    ]
    assert not missing, "URL patterns without a row in the access matrix: " + ", ".join(missing)


def test_every_row_names_a_real_pattern() -> None:
    """A row for a pattern that no longer exists is a stale promise: remove it."""
    real = {_pattern_key(route, name) for route, name in _walk(get_resolver())}
    real |= {name for _route, name in _walk(get_resolver()) if name}
    stale = sorted({row.key for row in ROWS} - real)
    assert not stale, f"rows for URL names that do not exist: {stale}"


def test_every_row_covers_every_role() -> None:
    for row in ALL_ROWS:
        assert set(row.expect) == set(ROLES), f"{row.id} does not say what every role gets"


@pytest.mark.parametrize(
    ("perm", "holders"),
    [
        (Perm.USE_APP, MEMBERS),
        (Perm.VIEW_NETWORK, MEMBERS),
        (Perm.USE_API, API_USERS),
        (Perm.MANAGE_STAFF, STAFF_MANAGERS),
        (Perm.VIEW_AUDIT, AUDITORS),
        (Perm.VIEW_PERSONS, PERSON_READERS),
        (Perm.EDIT_PERSONS, PERSON_READERS),
        (Perm.ADMIN_SITE, PLATFORM_ADMINS),
        (Perm.MANAGE_DIRECTORY, DIRECTORY_MANAGERS),
        (Perm.MANAGE_HOUSING, HOUSING_STAFF),
    ],
)
def test_role_sets_match_the_policy(perm: Perm, holders: frozenset[str]) -> None:
    """The hand-written sets above and ``ROLE_PERMISSIONS`` must agree; a change to either is reviewed."""
    granted = {persona for persona, role in PERSONA_ROLE.items() if perm in ROLE_PERMISSIONS[role]}
    assert granted == holders


# --- The matrix -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix_network(django_db_setup: None, django_db_blocker: Any) -> Iterator[Network]:
    """The persona network, built once for the module; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_network()
        transaction.set_rollback(True)


@pytest.fixture
def network(matrix_network: Network, db: None) -> Network:
    for user in matrix_network.users.values():
        user.refresh_from_db()
    return matrix_network


def _login_path(location: str) -> bool:
    return "/accounts/login/" in location


def _assert_outcome(row: Row, role: str, path: str, response: Any) -> None:
    status = response.status_code
    location = response.get("Location", "")
    expected = row.expect[role]
    where = f"{row.method.upper()} {path} as {role}: expected {expected}, got {status} {location}"
    if expected == Out.OK:
        assert 200 <= status < 400, where
        if 300 <= status < 400 and row.lands:
            assert row.lands in location, where
        elif 300 <= status < 400:
            assert not _login_path(location), where
            assert "/accounts/2fa/" not in location, where
            assert not location.startswith("/admin/login/") or path.startswith("/admin/login/"), where
    elif expected == Out.DENIED:
        assert status in {403, 404}, where
        if path.startswith("/api/"):
            body = response.json()
            assert body["error"]["code"] in {"forbidden", "not_found"}, where
    elif expected == Out.LOGIN:
        assert status == 302, where
        assert _login_path(location), where
    elif expected == Out.UNAUTH:
        assert status == 401, where
        assert response.json()["error"]["code"] == "not_authenticated", where
    elif expected == Out.ADMIN_OUT:
        assert status == 302, where
        if role == "anonymous":
            assert _login_path(location) or location.startswith("/admin/login/"), where
        else:
            assert location.startswith("/admin/login/") or location == "/admin/", where
    elif expected == Out.NOT_ALLOWED:
        assert status == 405, where
    else:  # pragma: no cover
        raise AssertionError(expected)


def _request(client: Client, row: Row, path: str, network: Network, user: User | None) -> Any:
    data = row.data(network, user) if row.data else {}
    if row.method == "get":
        return client.get(path, data)
    # An API upload (a file among the data) goes as multipart, like a page's form.
    if row.key.startswith("api:") and data and not any(hasattr(v, "read") for v in data.values()):
        return client.post(path, json.dumps(data), content_type="application/json")
    return client.post(path, data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_access(row: Row, role: str, network: Network, client: Client) -> None:
    user = network.users.get(role)
    if user is not None:
        login(client, user)
    path = row.url or reverse(row.key, kwargs=row.args(network, user) or None)
    _assert_outcome(row, role, path, _request(client, row, path, network, user))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ADMIN_ROWS, ids=[row.id for row in ADMIN_ROWS])
def test_admin_access(row: Row, role: str, network: Network, client: Client) -> None:
    user = network.users.get(role)
    if user is not None:
        login(client, user)
    path = _admin_path(row, network)
    response = _request(client, row, path, network, user)
    _assert_outcome(row, role, path, response)
    if row.expect[role] == Out.ADMIN_OUT:
        # The admin's login page sends a signed-in member of staff home, anyone else to sign in.
        location = response["Location"]
        for _hop in range(3):
            if not location.startswith("/admin/"):
                break
            location = client.get(location)["Location"]
        if user is None:
            assert _login_path(location)
        else:
            assert location == reverse("core:home")

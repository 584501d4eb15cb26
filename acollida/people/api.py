"""People API: persons, households, the search before registering, and the duplicate review queue.

Every endpoint goes through the access policy (``visible_to`` querysets, ``policy.require``) and
every person it shows is written to the read log, with the purpose stated in ``X-Purpose``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from acollida.api.errors import error_response
from acollida.core import audit, policy
from acollida.core.models import Organisation, ReadLog
from acollida.core.policy import Perm
from acollida.people import households, review, selectors, selectors_access, services, services_access
from acollida.people.linkage import PartialDate
from acollida.people.models import AccessRequest, DatePrecision, DuplicateCandidate, Household, Merge, Person
from acollida.people.reference import is_country, is_language, parse_phone
from acollida.people.schemas import (
    AccessGrantIn,
    AccessRefuseIn,
    AccessRequestFilter,
    AccessRequestOut,
    AccessRequestPage,
    CandidateOut,
    DuplicateOut,
    DuplicatePage,
    HouseholdIn,
    HouseholdMemberIn,
    HouseholdOut,
    HouseholdPage,
    MergeIn,
    MergeOut,
    Paging,
    PersonFilter,
    PersonIn,
    PersonOut,
    PersonPage,
    SearchFilter,
    access_request_out,
    date_of_birth_text,
    explanation_lines,
    household_out,
    initials,
    merge_out,
    organisation_ref,
    pair_person,
    person_item,
    person_out,
)

router = Router(tags=["people"])


def _purpose(request: HttpRequest, default: str) -> str:
    """The purpose the caller states in ``X-Purpose`` for the read log (NUL cannot be stored)."""
    stated = request.headers.get("X-Purpose", "").replace("\x00", "").strip()[:200]
    return stated or default


def _log_persons(request: HttpRequest, persons: list[Person], default_purpose: str) -> None:
    audit.read_records(
        request,
        user=request.user,
        record_type="person",
        records=[(p.pk, p.organisation_id) for p in persons],
        purpose=_purpose(request, default_purpose),
        channel=ReadLog.Channel.API,
    )


def _acting_for(request: HttpRequest, organisation_id: int | None) -> Organisation:
    """The organisation a new record is held by: the one named, or the only one the caller
    registers for. Naming one where the caller may not register is refused (403)."""
    allowed = Organisation.objects.filter(
        pk__in=policy.organisation_ids_with(request.user, Perm.EDIT_PERSONS), is_active=True
    )
    if organisation_id is None:
        if allowed.count() != 1:
            raise ValidationError({"organisation_id": _("Choose the organisation that holds the record.")})
        return allowed.get()
    organisation = allowed.filter(pk=organisation_id).first()
    if organisation is None:
        policy.require(request.user, Perm.EDIT_PERSONS, organisation_id)
        raise ValidationError({"organisation_id": _("This organisation is no longer active.")})
    return organisation


def _since(value: datetime) -> datetime:
    """An aware moment in UTC; moments beyond what a datetime holds are clamped, not a crash."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC) if value.year < 2 else datetime.max.replace(tzinfo=UTC)


# --- Persons -----------------------------------------------------------------------------------


@router.get("/persons", response=PersonPage, summary="Persons you may open (each read is logged)")
def person_list(request: HttpRequest, filters: Query[PersonFilter]) -> PersonPage:
    policy.require(request.user, Perm.VIEW_PERSONS)
    qs = Person.objects.visible_to(request.user)
    if filters.organisation_id is not None:
        qs = qs.filter(organisation_id=filters.organisation_id)
    if filters.updated_since is not None:
        qs = qs.filter(updated_at__gte=_since(filters.updated_since))
    persons = list(qs[filters.offset : filters.offset + filters.limit])
    _log_persons(request, persons, _("case work"))
    return PersonPage(count=qs.count(), items=[person_item(p) for p in persons])


@router.get(
    "/persons/search",
    response=list[CandidateOut],
    summary="Is this person already known? Ranked candidates with why each matches",
)
def person_search(request: HttpRequest, filters: Query[SearchFilter]) -> list[CandidateOut]:
    """People held by other organisations come back redacted: initials, birth year and holder."""
    policy.require(request.user, Perm.VIEW_PERSONS)
    results = selectors.person_search(user=request.user, text=filters.q, limit=filters.limit)
    _log_persons(request, [c.person for c in results if c.visible], _("search before registration"))
    answers = []
    for candidate in results:
        person = candidate.person
        answer = CandidateOut(
            visible=candidate.visible,
            score=round(candidate.weight, 3),
            reasons=[str(reason) for reason in candidate.reasons],
            organisation=organisation_ref(person),
            initials=initials(person),
            birth_year=person.birth_year,
        )
        if candidate.visible:
            answer = answer.model_copy(
                update={
                    "id": person.pk,
                    "given_name": person.given_name,
                    "family_name": person.family_name,
                    "native_name": person.native_name,
                    "date_of_birth": date_of_birth_text(person),
                    "date_of_birth_precision": DatePrecision(person.date_of_birth_precision),
                }
            )
        answers.append(answer)
    return answers


@router.get("/persons/{person_id}", response=PersonOut, summary="One person's record (the read is logged)")
def person_detail(request: HttpRequest, person_id: int) -> PersonOut:
    policy.require(request.user, Perm.VIEW_PERSONS)
    person = selectors.person_get_for_user(user=request.user, person_id=person_id)
    if person is None:
        raise Http404
    _log_persons(request, [person], _("case work"))
    return person_out(person)


def _birth(payload: PersonIn, errors: dict[str, list[str]]) -> tuple[date | None, str]:
    try:
        parsed = PartialDate.parse(payload.date_of_birth)
        if parsed is None:
            return None, DatePrecision.EXACT
        value = date(parsed.year, parsed.month or 1, parsed.day or 1)
    except ValueError:
        errors["date_of_birth"] = [
            _("Write the date as YYYY-MM-DD, YYYY-MM or YYYY (for example 1990-03-07 or 1990).")
        ]
        return None, DatePrecision.EXACT
    if value > timezone.localdate() or value.year < 1900:
        errors["date_of_birth"] = [_("This date of birth is not possible.")]
    precision = (
        DatePrecision.EXACT if parsed.day else DatePrecision.MONTH if parsed.month else DatePrecision.YEAR
    )
    if payload.date_of_birth_estimated:
        if precision != DatePrecision.YEAR:
            errors["date_of_birth"] = [_("An estimated date of birth is only a year.")]
        precision = DatePrecision.ESTIMATED
    return value, precision


def _phone(text: str, errors: dict[str, list[str]]) -> str:
    """Validated and written in international format, as the registration form does."""
    text = text.strip()
    if not text:
        return ""
    try:
        return parse_phone(text)
    except ValueError:
        errors["phone"] = [
            _("This phone number is not valid. Include the country code if it is not Spanish.")
        ]
        return ""


def _person_data(payload: PersonIn, errors: dict[str, list[str]]) -> services.PersonData:
    """The body checked field by field; problems are added to ``errors``, to be reported at once."""
    dob, precision = _birth(payload, errors)
    phone = _phone(payload.phone, errors)
    nationalities = [code.upper() for code in payload.nationalities]
    if not all(is_country(code) for code in nationalities):
        errors["nationalities"] = [_("Use ISO 3166 country codes (XX for stateless).")]
    languages: dict[str, tuple[str, str, bool]] = {}
    for spoken in payload.languages:
        code = spoken.language.lower()
        if not is_language(code):
            errors["languages"] = [_("Use ISO 639 language codes.")]
        languages.setdefault(code, (code, spoken.level, spoken.needs_interpreter))
    documents = []
    for document in payload.documents:
        country = document.issuing_country.upper()
        if country and not is_country(country):
            errors["documents"] = [_("Use ISO 3166 country codes (XX for stateless).")]
        documents.append((str(document.kind), document.number, country, document.expires_on))
    if not (payload.given_name.strip() or payload.family_name.strip() or payload.native_name.strip()):
        errors["family_name"] = [_("Enter at least one name.")]
    return services.PersonData(
        given_name=payload.given_name,
        family_name=payload.family_name,
        native_name=payload.native_name,
        preferred_name=payload.preferred_name,
        sex=payload.sex,
        gender=payload.gender,
        date_of_birth=dob,
        date_of_birth_precision=precision,
        phone=phone,
        email=payload.email.strip(),
        address=payload.address.strip(),
        district=payload.district.strip(),
        nationalities=nationalities,
        languages=list(languages.values()),
        other_names=[name.strip() for name in payload.other_names if name.strip()],
        documents=documents,
        vulnerabilities=[str(code) for code in payload.vulnerabilities],
        is_protected=payload.is_protected,
    )


@router.post(
    "/persons",
    response={201: PersonOut},
    summary="Register a newcomer, after searching: candidates found need a reason",
)
def person_create(request: HttpRequest, payload: PersonIn) -> Status[PersonOut]:
    """The search is run again here on ``search_query``; no search, no registration."""
    policy.require(request.user, Perm.EDIT_PERSONS)
    organisation = _acting_for(request, payload.organisation_id)
    errors: dict[str, list[str]] = {}
    data = _person_data(payload, errors)
    query = payload.search_query.strip()
    if not query:
        errors["search_query"] = [_("Search for the person first: they may already be known.")]
    candidates = selectors.person_search(user=request.user, text=query) if query else []
    if candidates and not payload.reason.strip():
        errors["reason"] = [_("The search found possible matches. Say why this is a different person.")]
    if errors:
        raise ValidationError(errors)
    person = services.person_register(
        actor=request.user,  # type: ignore[arg-type]
        organisation=organisation,
        data=data,
        candidates_seen=len(candidates),
        reason=payload.reason,
    )
    _log_persons(request, [person], _("registration"))
    return Status(201, person_out(person))


# --- Households --------------------------------------------------------------------------------


def _household_answer(request: HttpRequest, household: Household) -> HouseholdOut:
    members = list(households.household_members_visible_to(request.user, household))
    _log_persons(request, [m.person for m in members], _("case work"))
    return household_out(household, members)


def _household_for(request: HttpRequest, household_id: int) -> Household:
    household = households.households_visible_to(request.user).filter(pk=household_id).first()
    if household is None:
        raise Http404
    return household


@router.get("/households", response=HouseholdPage, summary="Households of persons you may open")
def household_list(request: HttpRequest, filters: Query[Paging]) -> HouseholdPage:
    policy.require(request.user, Perm.VIEW_PERSONS)
    qs = households.households_visible_to(request.user).order_by("name", "pk")
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return HouseholdPage(count=qs.count(), items=[_household_answer(request, h) for h in page])


@router.get(
    "/households/{household_id}", response=HouseholdOut, summary="One household, its present and past members"
)
def household_detail(request: HttpRequest, household_id: int) -> HouseholdOut:
    policy.require(request.user, Perm.VIEW_PERSONS)
    return _household_answer(request, _household_for(request, household_id))


@router.post("/households", response={201: HouseholdOut}, summary="Open a household")
def household_create(request: HttpRequest, payload: HouseholdIn) -> Status[HouseholdOut]:
    policy.require(request.user, Perm.EDIT_PERSONS)
    organisation = _acting_for(request, payload.organisation_id)
    household = households.household_create(
        actor=request.user,  # type: ignore[arg-type]
        organisation=organisation,
        name=payload.name,
    )
    return Status(201, household_out(household, []))


@router.post(
    "/households/{household_id}/members",
    response=HouseholdOut,
    summary="A person joins or leaves a household (leaving keeps the history)",
)
def household_member_change(
    request: HttpRequest, household_id: int, payload: HouseholdMemberIn
) -> HouseholdOut:
    policy.require(request.user, Perm.EDIT_PERSONS)
    household = _household_for(request, household_id)
    person = selectors.person_get_for_user(user=request.user, person_id=payload.person_id)
    if person is None:
        raise ValidationError({"person_id": _("No person you may open has this number.")})
    if payload.action == "leave":
        households.household_member_leave(
            actor=request.user,  # type: ignore[arg-type]
            household=household,
            person=person,
            left_on=payload.on,
        )
    else:
        if payload.relationship is None:
            raise ValidationError({"relationship": _("Say how this person is related to the household.")})
        households.household_member_join(
            actor=request.user,  # type: ignore[arg-type]
            household=household,
            person=person,
            relationship=payload.relationship,
            joined_on=payload.on,
        )
    return _household_answer(request, household)


# --- Duplicates --------------------------------------------------------------------------------


def _pairs_reachable(request: HttpRequest) -> QuerySet[DuplicateCandidate]:
    """Pairs, decided or not, that the caller coordinates at least one side of; pairs with a
    protected person are never shown, as in the review queue."""
    coordinated = policy.organisation_ids_with(request.user, Perm.COORDINATE)
    return (
        DuplicateCandidate.objects.filter(
            Q(person_a__organisation_id__in=coordinated) | Q(person_b__organisation_id__in=coordinated)
        )
        .exclude(Q(person_a__is_protected=True) | Q(person_b__is_protected=True))
        .select_related("person_a__organisation", "person_b__organisation")
    )


def _duplicates_answer(request: HttpRequest, pairs: list[DuplicateCandidate]) -> list[DuplicateOut]:
    """Each side in full when the caller may open it (and logged), redacted otherwise."""
    persons = {p.pk: p for pair in pairs for p in (pair.person_a, pair.person_b)}
    visible = set(Person.objects.visible_to(request.user).filter(pk__in=persons).values_list("pk", flat=True))
    _log_persons(request, [persons[pk] for pk in sorted(visible)], _("duplicate review"))
    return [
        DuplicateOut(
            id=pair.pk,
            score=pair.score,
            decision=pair.decision,
            status=DuplicateCandidate.Status(pair.status),
            found_at=pair.found_at,
            person_a=pair_person(pair.person_a, visible=pair.person_a_id in visible),
            person_b=pair_person(pair.person_b, visible=pair.person_b_id in visible),
            explanation=explanation_lines(pair),
        )
        for pair in pairs
    ]


def _open_pair(request: HttpRequest, candidate_id: int) -> DuplicateCandidate | HttpResponse:
    policy.require(request.user, Perm.COORDINATE)
    pair = _pairs_reachable(request).filter(pk=candidate_id).first()
    if pair is None:
        raise Http404
    if pair.status != DuplicateCandidate.Status.OPEN:
        return error_response(409, _("This pair has already been decided."))
    return pair


@router.get("/duplicates", response=DuplicatePage, summary="Your review queue of possible duplicates")
def duplicate_list(request: HttpRequest, filters: Query[Paging]) -> DuplicatePage:
    policy.require(request.user, Perm.COORDINATE)
    qs = review.candidates_for(request.user)
    pairs = list(qs[filters.offset : filters.offset + filters.limit])
    return DuplicatePage(count=qs.count(), items=_duplicates_answer(request, pairs))


@router.post(
    "/duplicates/{candidate_id}/not-same",
    response=DuplicateOut,
    summary="Not the same person: the pair is never proposed again",
)
def duplicate_not_same(request: HttpRequest, candidate_id: int) -> DuplicateOut | HttpResponse:
    pair = _open_pair(request, candidate_id)
    if isinstance(pair, HttpResponse):
        return pair
    review.mark_not_same(actor=request.user, candidate=pair)  # type: ignore[arg-type]
    return _duplicates_answer(request, [pair])[0]


@router.post(
    "/duplicates/{candidate_id}/merge",
    response=MergeOut,
    summary="Merge the pair into the record to keep (it can be undone)",
)
def duplicate_merge(request: HttpRequest, candidate_id: int, payload: MergeIn) -> MergeOut | HttpResponse:
    pair = _open_pair(request, candidate_id)
    if isinstance(pair, HttpResponse):
        return pair
    sides = {pair.person_a_id: pair.person_a, pair.person_b_id: pair.person_b}
    survivor = sides.get(payload.survivor_id)
    if survivor is None:
        raise ValidationError({"survivor_id": _("Choose one of the two records to keep.")})
    try:
        record = review.merge(actor=request.user, candidate=pair, survivor=survivor)  # type: ignore[arg-type]
    except ValidationError as exc:
        return error_response(409, " ".join(exc.messages))
    return merge_out(record)


@router.post("/merges/{merge_id}/undo", response=MergeOut, summary="Undo a merge: everything moved goes back")
def merge_undo(request: HttpRequest, merge_id: int) -> MergeOut | HttpResponse:
    policy.require(request.user, Perm.COORDINATE)
    coordinated = policy.organisation_ids_with(request.user, Perm.COORDINATE)
    record = (
        Merge.objects.filter(
            Q(survivor__organisation_id__in=coordinated) | Q(merged__organisation_id__in=coordinated)
        )
        .exclude(Q(survivor__is_protected=True) | Q(merged__is_protected=True))
        .select_related("survivor", "merged")
        .filter(pk=merge_id)
        .first()
    )
    if record is None:
        raise Http404
    if record.undone_at is not None:
        return error_response(409, _("This merge has already been undone."))
    return merge_out(review.merge_undo(actor=request.user, merge_record=record))  # type: ignore[arg-type]


# --- Sharing: access requests ------------------------------------------------------------------


def _access_answer(request: HttpRequest, requests: list[AccessRequest]) -> list[AccessRequestOut]:
    """Each request with its person in full when the caller may open them (and logged), redacted
    otherwise: the requester sees initials until access is granted."""
    ids = [r.pk for r in requests]
    incoming = selectors_access.incoming_ids(user=request.user, ids=ids)
    access = policy.person_access(request.user, Person.objects.filter(pk__in={r.person_id for r in requests}))
    persons = {r.person_id: r.person for r in requests if access.get(r.person_id) == "full"}
    _log_persons(request, list(persons.values()), _("access requests"))
    return [
        access_request_out(r, incoming=r.pk in incoming, visible=r.person_id in persons) for r in requests
    ]


def _open_request(request: HttpRequest, request_id: int) -> AccessRequest | HttpResponse:
    """A request the caller may decide on, still waiting (409 once decided)."""
    policy.require(request.user, Perm.EDIT_PERSONS)
    found = selectors_access.access_request_incoming_get(user=request.user, request_id=request_id)
    if found is None:
        raise Http404
    if found.status != AccessRequest.Status.OPEN:
        return error_response(409, _("This request has already been decided."))
    return found


@router.get(
    "/access-requests",
    response=AccessRequestPage,
    summary="Access requests for you to decide, and those you made, waiting ones first",
)
def access_request_list(request: HttpRequest, filters: Query[AccessRequestFilter]) -> AccessRequestPage:
    policy.require(request.user, Perm.VIEW_PERSONS)
    qs = selectors_access.access_requests_for(
        user=request.user, direction=filters.direction, status=filters.status or ""
    )
    page = list(qs[filters.offset : filters.offset + filters.limit])
    return AccessRequestPage(count=qs.count(), items=_access_answer(request, page))


@router.post(
    "/access-requests/{request_id}/grant",
    response=AccessRequestOut,
    summary="Grant access: the requesting organisation opens the record until the end date",
)
def access_request_grant(
    request: HttpRequest, request_id: int, payload: AccessGrantIn
) -> AccessRequestOut | HttpResponse:
    found = _open_request(request, request_id)
    if isinstance(found, HttpResponse):
        return found
    services_access.access_request_grant(
        actor=request.user,  # type: ignore[arg-type]
        request=found,
        basis=payload.basis,
        basis_note=payload.basis_note,
        expires_on=payload.expires_on,
    )
    found.refresh_from_db()
    return _access_answer(request, [found])[0]


@router.post(
    "/access-requests/{request_id}/refuse",
    response=AccessRequestOut,
    summary="Refuse access, with a reason the requester reads",
)
def access_request_refuse(
    request: HttpRequest, request_id: int, payload: AccessRefuseIn
) -> AccessRequestOut | HttpResponse:
    found = _open_request(request, request_id)
    if isinstance(found, HttpResponse):
        return found
    services_access.access_request_refuse(
        actor=request.user,  # type: ignore[arg-type]
        request=found,
        reason=payload.reason,
    )
    found.refresh_from_db()
    return _access_answer(request, [found])[0]

"""Housing API: accommodations, units, vacancies, the waiting list and placements.

Everything goes through the access policy. A protected address is ``null`` outside its operator.
Waiting list entries a user may not open come without a name and without locations (size, needs
and priority only); every entry listed with a name is written to the read log, with the purpose
stated in ``X-Purpose``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from acollida.core import audit, policy
from acollida.core.api import MAX_LIMIT, MAX_OFFSET, NO_NUL
from acollida.core.models import ReadLog, User
from acollida.core.policy import Perm
from acollida.housing import selectors, services
from acollida.housing.models import Accommodation, Place, Placement, Unit, WaitingListEntry

router = Router(tags=["housing"])


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorDetail


ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class Paging(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class AccommodationOut(Schema):
    id: int
    name: str
    kind: str
    operator_id: int
    programme_id: int | None
    district: str
    address: str | None = Field(description="null when the address is protected and you are not its operator")
    lat: float | None
    lon: float | None
    is_protected_address: bool
    women_only: bool
    men_only: bool
    families_only: bool
    minors_only: bool
    lgbti_safe: bool
    pets_allowed: bool
    step_free: bool
    adapted_bathroom: bool
    languages: list[str]
    distance_school_m: int | None
    distance_health_m: int | None
    distance_entry_point_m: int | None
    is_active: bool


class AccommodationPage(Schema):
    count: int
    items: list[AccommodationOut]


class PlaceOut(Schema):
    id: int
    label: str
    kind: str
    accessible: bool
    status: str
    out_of_service_reason: str
    expected_back_on: date | None


class UnitOut(Schema):
    id: int
    accommodation_id: int
    name: str
    kind: str
    rooms: int
    free: int
    total: int
    places: list[PlaceOut]


class UnitPage(Schema):
    count: int
    items: list[UnitOut]


class VacancyFilter(Paging):
    district: str = Field("", max_length=32, pattern=NO_NUL)
    kind: str = Field("", max_length=20, pattern=NO_NUL)
    min_free: int = Field(1, ge=1, le=100)


class EntryOut(Schema):
    id: int
    organisation_id: int
    openable: bool = Field(
        description="false: a reduced entry of another organisation (no name, no locations)"
    )
    name: str | None
    case_id: int | None
    size: int
    beds_needed: int
    rooms_needed: int
    composition: dict[str, Any]
    step_free: bool
    adapted_bathroom: bool
    women_only: bool
    men_only: bool
    minors_only: bool
    lgbti_safe: bool
    pets: bool
    preferred_districts: list[str]
    languages: list[str]
    school: list[float] | None
    work: list[float] | None
    medical: list[float] | None
    entered_on: date
    status: str
    priority: float
    priority_parts: dict[str, Any]


class EntryPage(Schema):
    count: int
    items: list[EntryOut]


class EntryFilter(Paging):
    status: str = Field("waiting", max_length=10, pattern=NO_NUL)
    sort: str = Field("-priority", max_length=12, pattern=NO_NUL)


class PlacementOut(Schema):
    id: int
    entry_id: int
    unit_id: int
    place_ids: list[int]
    status: str
    reserved_at: datetime
    check_in_on: date | None
    planned_check_out_on: date | None
    check_out_on: date | None
    exit_destination: str
    moved_from_id: int | None


class PlacementPage(Schema):
    count: int
    items: list[PlacementOut]


class ReserveIn(Schema):
    entry_id: int = Field(..., ge=1)
    unit_id: int = Field(..., ge=1)
    planned_check_out_on: date | None = None


class PlaceStatusIn(Schema):
    status: str = Field(..., max_length=16, pattern=NO_NUL)
    reason: str = Field("", max_length=200, pattern=NO_NUL)
    expected_back_on: date | None = None


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _accommodation_out(user: User, a: Accommodation) -> AccommodationOut:
    shown = policy.accommodation_address_visible(user, a)
    return AccommodationOut(
        id=a.pk,
        name=a.name,
        kind=a.kind,
        operator_id=a.operator_id,
        programme_id=a.programme_id,
        district=a.district,
        address=a.address if shown else None,
        lat=a.lat if shown else None,
        lon=a.lon if shown else None,
        is_protected_address=a.is_protected_address,
        women_only=a.women_only,
        men_only=a.men_only,
        families_only=a.families_only,
        minors_only=a.minors_only,
        lgbti_safe=a.lgbti_safe,
        pets_allowed=a.pets_allowed,
        step_free=a.step_free,
        adapted_bathroom=a.adapted_bathroom,
        languages=list(a.languages or []),
        distance_school_m=a.distance_school_m,
        distance_health_m=a.distance_health_m,
        distance_entry_point_m=a.distance_entry_point_m,
        is_active=a.is_active,
    )


def _unit_out(unit: Unit) -> UnitOut:
    places = list(unit.places.all())
    return UnitOut(
        id=unit.pk,
        accommodation_id=unit.accommodation_id,
        name=unit.name,
        kind=unit.kind,
        rooms=unit.rooms,
        free=sum(1 for p in places if p.status == "free"),
        total=len(places),
        places=[
            PlaceOut(
                id=p.pk,
                label=p.label,
                kind=p.kind,
                accessible=p.accessible,
                status=p.status,
                out_of_service_reason=p.out_of_service_reason,
                expected_back_on=p.expected_back_on,
            )
            for p in places
        ],
    )


def _point(lat: float | None, lon: float | None, shown: bool) -> list[float] | None:
    return [lat, lon] if shown and lat is not None and lon is not None else None


def _entry_out(entry: WaitingListEntry, openable: bool) -> EntryOut:
    return EntryOut(
        id=entry.pk,
        organisation_id=entry.organisation_id,
        openable=openable,
        name=selectors.entry_label(entry, openable=True) if openable else None,
        case_id=entry.case_id if openable else None,
        size=entry.size,
        beds_needed=entry.beds_needed,
        rooms_needed=entry.rooms_needed,
        composition=entry.composition or {},
        step_free=entry.step_free,
        adapted_bathroom=entry.adapted_bathroom,
        women_only=entry.women_only,
        men_only=entry.men_only,
        minors_only=entry.minors_only,
        lgbti_safe=entry.lgbti_safe,
        pets=entry.pets,
        preferred_districts=list(entry.preferred_districts or []),
        languages=list(entry.languages or []),
        school=_point(entry.school_lat, entry.school_lon, openable),
        work=_point(entry.work_lat, entry.work_lon, openable),
        medical=_point(entry.medical_lat, entry.medical_lon, openable),
        entered_on=entry.entered_on,
        status=entry.status,
        priority=float(entry.priority),
        priority_parts=entry.priority_parts or {},
    )


def _placement_out(p: Placement) -> PlacementOut:
    return PlacementOut(
        id=p.pk,
        entry_id=p.entry_id,
        unit_id=p.unit_id,
        place_ids=sorted(place.pk for place in p.places.all()),
        status=p.status,
        reserved_at=p.reserved_at,
        check_in_on=p.check_in_on,
        planned_check_out_on=p.planned_check_out_on,
        check_out_on=p.check_out_on,
        exit_destination=p.exit_destination,
        moved_from_id=p.moved_from_id,
    )


def _log(request: HttpRequest, entries: list[WaitingListEntry], default_purpose: str) -> None:
    stated = request.headers.get("X-Purpose", "").replace("\x00", "").strip()[:200]
    audit.read_records(
        request,
        user=request.user,
        record_type="waiting_list_entry",
        records=[(e.pk, e.organisation_id) for e in entries],
        purpose=stated or default_purpose,
        channel=ReadLog.Channel.API,
    )


def _require_housing(user: User) -> None:
    if not (policy.sees_network_vacancies(user) or policy.housing_operator_ids(user)):
        raise PermissionDenied


@router.get(
    "/housing/accommodations",
    response={200: AccommodationPage, **ERRORS},
    summary="Accommodations: the whole network for coordinators, your organisation's otherwise",
)
def housing_accommodation_list(request: HttpRequest, paging: Query[Paging]) -> AccommodationPage:
    user = _user(request)
    _require_housing(user)
    qs = policy.accommodations_visible_to(user, Accommodation.objects.all()).order_by("name", "pk")
    items = list(qs[paging.offset : paging.offset + paging.limit])
    return AccommodationPage(count=qs.count(), items=[_accommodation_out(user, a) for a in items])


@router.get(
    "/housing/accommodations/{accommodation_id}",
    response={200: AccommodationOut, **ERRORS},
    summary="One accommodation",
)
def housing_accommodation_detail(request: HttpRequest, accommodation_id: int) -> AccommodationOut:
    user = _user(request)
    _require_housing(user)
    accommodation = policy.accommodations_visible_to(user, Accommodation.objects.all()).filter(
        pk=accommodation_id
    )
    found = accommodation.first()
    if found is None:
        raise Http404
    return _accommodation_out(user, found)


@router.get(
    "/housing/accommodations/{accommodation_id}/units",
    response={200: UnitPage, **ERRORS},
    summary="An accommodation's units with their places and statuses",
)
def housing_unit_list(request: HttpRequest, accommodation_id: int, paging: Query[Paging]) -> UnitPage:
    user = _user(request)
    _require_housing(user)
    if not policy.accommodations_visible_to(user, Accommodation.objects.filter(pk=accommodation_id)).exists():
        raise Http404
    qs = policy.units_visible_to(user, Unit.objects.filter(accommodation_id=accommodation_id)).order_by(
        "name", "pk"
    )
    items = list(qs.prefetch_related("places")[paging.offset : paging.offset + paging.limit])
    return UnitPage(count=qs.count(), items=[_unit_out(u) for u in items])


@router.get(
    "/housing/vacancies",
    response={200: UnitPage, **ERRORS},
    summary="Units with free places across the network (coordinators)",
)
def housing_vacancy_list(request: HttpRequest, filters: Query[VacancyFilter]) -> UnitPage:
    user = _user(request)
    policy.require(user, Perm.COORDINATE)
    qs = selectors.vacancies(
        user,
        selectors.VacancyFilters(district=filters.district, kind=filters.kind, min_free=filters.min_free),
    )
    items = list(qs.prefetch_related("places")[filters.offset : filters.offset + filters.limit])
    return UnitPage(count=qs.count(), items=[_unit_out(u) for u in items])


@router.get(
    "/housing/waiting-list",
    response={200: EntryPage, **ERRORS},
    summary="The waiting list (entries you may not open come without name or locations; "
    "each named entry is logged)",
)
def housing_waiting_list(request: HttpRequest, filters: Query[EntryFilter]) -> EntryPage:
    user = _user(request)
    if not (policy.can(user, Perm.VIEW_PERSONS) or policy.sees_network_vacancies(user)):
        raise PermissionDenied
    qs = selectors.waiting_list(user, status=filters.status, sort=filters.sort)
    items = list(qs[filters.offset : filters.offset + filters.limit])
    openable = selectors.openable_entry_ids(
        user, WaitingListEntry.objects.filter(pk__in=[e.pk for e in items])
    )
    _log(request, [e for e in items if e.pk in openable], _("housing waiting list"))
    return EntryPage(count=qs.count(), items=[_entry_out(e, e.pk in openable) for e in items])


@router.get(
    "/housing/placements",
    response={200: PlacementPage, **ERRORS},
    summary="Placements you may see: of entries you may open, or in your accommodations",
)
def housing_placement_list(request: HttpRequest, paging: Query[Paging]) -> PlacementPage:
    user = _user(request)
    _require_housing(user)
    qs = policy.placements_visible_to(user, Placement.objects.all()).order_by("-reserved_at", "pk")
    items = list(qs.prefetch_related("places")[paging.offset : paging.offset + paging.limit])
    return PlacementPage(count=qs.count(), items=[_placement_out(p) for p in items])


@router.post(
    "/housing/placements",
    response={201: PlacementOut, **ERRORS},
    summary="Reserve places in a unit for a waiting household",
)
def housing_placement_reserve(request: HttpRequest, payload: ReserveIn) -> Status[PlacementOut]:
    user = _user(request)
    entry = (
        policy.waiting_entries_visible_to(user, WaitingListEntry.objects.all())
        .filter(pk=payload.entry_id)
        .first()
    )
    unit = (
        policy.units_visible_to(user, Unit.objects.select_related("accommodation"))
        .filter(pk=payload.unit_id)
        .first()
    )
    if entry is None or unit is None:
        raise Http404
    if not policy.may_reserve(user, entry, unit):
        raise PermissionDenied
    placement = services.placement_reserve(
        actor=user, entry=entry, unit=unit, planned_check_out_on=payload.planned_check_out_on
    )
    return Status(201, _placement_out(placement))


@router.post(
    "/housing/places/{place_id}/status",
    response={200: PlaceOut, **ERRORS},
    summary="Take a free place out of service (with a reason) or bring it back",
)
def housing_place_status(request: HttpRequest, place_id: int, payload: PlaceStatusIn) -> PlaceOut:
    user = _user(request)
    place = (
        Place.objects.filter(
            unit__accommodation__in=policy.accommodations_operated_by(user, Accommodation.objects.all())
        )
        .filter(pk=place_id)
        .first()
    )
    if place is None:
        raise Http404
    place = services.place_set_status(
        actor=user,
        place=place,
        status=payload.status,
        reason=payload.reason,
        expected_back_on=payload.expected_back_on,
    )
    return PlaceOut(
        id=place.pk,
        label=place.label,
        kind=place.kind,
        accessible=place.accessible,
        status=place.status,
        out_of_service_reason=place.out_of_service_reason,
        expected_back_on=place.expected_back_on,
    )

"""Core API: who am I, the network's organisations and offices, staff, tokens, the read log."""

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from acollida.core import audit, policy, selectors, services
from acollida.core.models import ApiToken, Membership, Organisation, OrganisationKind, ReadLog, Role
from acollida.core.policy import Perm

router = Router()

# Text in query parameters: PostgreSQL refuses NUL characters, so they are refused here with a 422.
NO_NUL = r"^[^\x00]*$"

# Upper bounds on paging: unbounded integers overflow the database's and answer 500.
MAX_LIMIT = 200
MAX_OFFSET = 10_000_000


class BoundedLimitOffset(LimitOffsetPagination):
    """Ninja's limit/offset paging, with an upper bound on both."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)


class MembershipOut(Schema):
    organisation_id: int
    organisation: str
    role: str


class MeOut(Schema):
    id: int
    username: str
    name: str
    preferred_language: str
    memberships: list[MembershipOut]
    permissions: list[str]


class OfficeOut(Schema):
    id: int
    name: str
    street: str
    postcode: str
    city: str
    district: str
    phone: str
    email: str
    opening_hours: str


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    slug: str
    kind: OrganisationKind
    parent_id: int | None
    website: str
    email: str
    phone: str


class OrganisationDetailOut(OrganisationOut):
    description: str
    offices: list[OfficeOut]

    @staticmethod
    def resolve_offices(obj: Organisation) -> list[OfficeOut]:
        return list(obj.offices.all())  # type: ignore[arg-type]


class OrganisationFilter(Schema):
    q: str = Field("", max_length=100, pattern=NO_NUL)
    kind: OrganisationKind | None = None


class StaffMembershipOut(Schema):
    id: int
    organisation_id: int
    role: Role
    is_active: bool


class StaffOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    email: str
    is_active: bool
    memberships: list[StaffMembershipOut]


class StaffListItem(Schema):
    membership_id: int = Field(..., alias="pk")
    user_id: int
    username: str = Field(..., alias="user.username")
    name: str
    organisation_id: int
    role: Role
    is_active: bool

    @staticmethod
    def resolve_name(obj: Membership) -> str:
        return str(obj.user)

    @staticmethod
    def resolve_is_active(obj: Membership) -> bool:
        return obj.is_active and obj.user.is_active


class StaffFilter(Schema):
    q: str = Field("", max_length=100, pattern=NO_NUL)
    role: Role | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class StaffPage(Schema):
    count: int
    items: list[StaffListItem]


class TokenOut(Schema):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
    organisation_ids: list[int]


class ReadLogOut(Schema):
    id: int
    at: datetime
    user: str = Field(..., alias="user.username")
    organisation_id: int | None
    record_type: str
    record_id: str
    record_organisation_id: int | None
    channel: str
    purpose: str


class ReadLogFilter(Schema):
    user: str = Field("", max_length=150, pattern=NO_NUL)
    record_type: str = Field("", max_length=60, pattern=NO_NUL)
    record_id: str = Field("", max_length=64, pattern=NO_NUL)
    date_from: date | None = None
    date_to: date | None = None


def _purpose(request: HttpRequest) -> str:
    """The purpose the caller states in ``X-Purpose`` for the read log (NUL cannot be stored)."""
    stated = request.headers.get("X-Purpose", "").replace("\x00", "").strip()[:200]
    return stated or _("staff administration")


@router.get("/me", response=MeOut, tags=["core"], summary="The calling user")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        id=int(user.pk or 0),
        username=user.get_username(),
        name=str(user),
        preferred_language=getattr(user, "preferred_language", ""),
        memberships=[
            MembershipOut(organisation_id=m.organisation_id, organisation=m.organisation.name, role=m.role)
            for m in policy.memberships_of(user)
        ],
        permissions=sorted(p.value for p in policy.permissions_of(user)),
    )


@router.get("/organisations", response=list[OrganisationOut], tags=["core"])
@paginate(BoundedLimitOffset)
def organisation_list(request: HttpRequest, filters: Query[OrganisationFilter]):  # type: ignore[no-untyped-def]
    policy.require(request.user, Perm.VIEW_NETWORK)
    return selectors.organisation_list(user=request.user, q=filters.q, kind=filters.kind or "")


@router.get("/organisations/{organisation_id}", response=OrganisationDetailOut, tags=["core"])
def organisation_detail(request: HttpRequest, organisation_id: int) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user), pk=organisation_id)


@router.get("/staff", response=StaffPage, tags=["core"], summary="Staff of the organisations you manage")
def staff_list(request: HttpRequest, filters: Query[StaffFilter]) -> dict[str, object]:
    policy.require(request.user, Perm.MANAGE_STAFF)
    qs = selectors.membership_list(user=request.user, q=filters.q, role=filters.role or "", status="all")
    items = list(qs[filters.offset : filters.offset + filters.limit])
    audit.read_records(
        request,
        user=request.user,
        record_type="staff",
        records=[(m.user_id, m.organisation_id) for m in items],
        purpose=_purpose(request),
        channel=ReadLog.Channel.API,
        perm=Perm.MANAGE_STAFF,
    )
    return {"count": qs.count(), "items": items}


@router.get(
    "/staff/{user_id}", response=StaffOut, tags=["core"], summary="One member of staff (read is logged)"
)
def staff_detail(request: HttpRequest, user_id: int) -> StaffOut:
    staff = selectors.staff_get(user=request.user, user_id=user_id)
    if staff is None:
        from django.http import Http404

        raise Http404
    audit.read_record(
        request,
        user=request.user,
        record_type="staff",
        record_id=staff.pk,
        record_organisation_id=selectors.staff_holding_organisation_id(user=request.user, staff=staff),
        purpose=_purpose(request),
        channel=ReadLog.Channel.API,
        perm=Perm.MANAGE_STAFF,
    )
    return StaffOut(
        id=staff.pk,
        username=staff.username,
        first_name=staff.first_name,
        last_name=staff.last_name,
        email=staff.email,
        is_active=staff.is_active,
        memberships=[
            StaffMembershipOut(
                id=m.pk, organisation_id=m.organisation_id, role=Role(m.role), is_active=m.is_active
            )
            for m in selectors.staff_memberships(user=request.user, staff=staff)
        ],
    )


def _token_out(token: ApiToken) -> TokenOut:
    return TokenOut(
        id=token.pk,
        name=token.name,
        created_at=token.created_at,
        expires_at=token.expires_at,
        revoked_at=token.revoked_at,
        last_used_at=token.last_used_at,
        organisation_ids=sorted(o.pk for o in token.organisations.all()),
    )


@router.get("/tokens", response=list[TokenOut], tags=["core"], summary="Your own API tokens")
def token_list(request: HttpRequest) -> list[TokenOut]:
    return [
        _token_out(t) for t in ApiToken.objects.visible_to(request.user).prefetch_related("organisations")
    ]


@router.post(
    "/tokens/{token_id}/revoke", response=TokenOut, tags=["core"], summary="Revoke one of your tokens"
)
def token_revoke(request: HttpRequest, token_id: int) -> TokenOut:
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=token_id)
    return _token_out(services.token_revoke(user=request.user, token=token))  # type: ignore[arg-type]


@router.get("/audit/reads", response=list[ReadLogOut], tags=["audit"], summary="The read log (DPO)")
@paginate(BoundedLimitOffset)
def read_log(request: HttpRequest, filters: Query[ReadLogFilter]):  # type: ignore[no-untyped-def]
    policy.require(request.user, Perm.VIEW_AUDIT)
    return selectors.read_log_list(
        user=request.user,
        username=filters.user,
        record_type=filters.record_type,
        record_id=filters.record_id,
        date_from=filters.date_from,
        date_to=filters.date_to,
    )

"""Directory reads for the editing screens and the stale-service reminders."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from acollida.core import policy
from acollida.core.models import Membership, User
from acollida.core.policy import Perm
from acollida.directory.models import (
    Location,
    Organization,
    Service,
    ServiceStatus,
    TaxonomyTerm,
    directory_languages,
)
from acollida.directory.services import missing_fields, service_translatables, service_translation_status

SERVICE_SORTS = {
    "name": ("name",),
    "-name": ("-name",),
    "verified": ("assured_date", "name"),
    "-verified": ("-assured_date", "name"),
    "status": ("status", "name"),
    "organization": ("organization__name", "name"),
}


def stale_days() -> int:
    return int(getattr(settings, "ACOLLIDA_DIRECTORY_STALE_DAYS", 180))


def stale_cutoff(days: int | None = None) -> date:
    """Services last verified before this date (or never) are stale."""
    return timezone.localdate() - timedelta(days=stale_days() if days is None else days)


def stale_q(days: int | None = None) -> Q:
    return Q(assured_date__isnull=True) | Q(assured_date__lt=stale_cutoff(days))


def is_stale(service: Service, cutoff: date | None = None) -> bool:
    cutoff = cutoff or stale_cutoff()
    return service.assured_date is None or service.assured_date < cutoff


def managed_organizations(user: Any) -> QuerySet[Organization]:
    return policy.directory_organizations_managed_by(user, Organization.objects.all())


def managed_services(
    user: Any,
    *,
    status: str = "",
    stale: bool = False,
    organization_id: UUID | None = None,
    query: str = "",
    sort: str = "name",
) -> QuerySet[Service]:
    """The services the user keeps, filtered and sorted for the list."""
    qs = policy.directory_services_managed_by(user, Service.objects.select_related("organization"))
    if status:
        qs = qs.filter(status=status)
    if stale:
        qs = qs.filter(stale_q())
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(alternate_name__icontains=query))
    return qs.order_by(*SERVICE_SORTS.get(sort, SERVICE_SORTS["name"]))


def managed_service(user: Any, service_id: UUID) -> Service:
    """One service the user keeps, or 404 (another organisation's service is not there for them)."""
    qs = policy.directory_services_managed_by(user, Service.objects.select_related("organization"))
    return get_object_or_404(qs, pk=service_id)


def managed_location(user: Any, organization: Organization, location_id: UUID) -> Location:
    """A place of ``organization`` that the user keeps, or 404."""
    qs = policy.directory_locations_managed_by(user, Location.objects.filter(organization=organization))
    return get_object_or_404(qs.prefetch_related("addresses"), pk=location_id)


def needs_terms() -> QuerySet[TaxonomyTerm]:
    """The newcomer needs a service can be filed under (the seeded taxonomy's terms)."""
    return TaxonomyTerm.objects.order_by("position", "name")


@dataclass(frozen=True)
class MissingRow:
    service: Service
    status: str
    missing: int


def missing_translations(user: Any, lang: str) -> list[MissingRow]:
    """The user's services not yet reviewed in ``lang``, most fields missing first."""
    rows: list[MissingRow] = []
    services = managed_services(user).prefetch_related(
        "schedules",
        "required_documents",
        "cost_options",
        "capacities",
        "phones",
        "contacts",
        "languages",
        "additional_urls",
        "service_areas",
        "service_at_locations__schedules",
        "service_at_locations__location__accessibility",
    )
    for service in services:
        status = service_translation_status(service, lang)
        if status == "reviewed":
            continue
        count = sum(len(missing_fields(record, lang)) for record in service_translatables(service))
        rows.append(MissingRow(service=service, status=status, missing=count))
    rows.sort(key=lambda row: (-row.missing, row.service.name))
    return rows


def translation_overview(service: Service) -> list[tuple[str, str]]:
    """``(language, status)`` for every directory language of one service."""
    return [(lang, service_translation_status(service, lang)) for lang in directory_languages()]


def stale_services_by_keeper(days: int | None = None) -> dict[User, list[Service]]:
    """Member of staff → the stale services they keep: people who manage the directory entries of
    the service's network organisation there (not through a parent), with an e-mail address."""
    services = (
        Service.objects.filter(stale_q(days), organization__organisation__isnull=False)
        .exclude(status=ServiceStatus.DEFUNCT)
        .select_related("organization")
        .order_by("assured_date", "name")
    )
    by_org: dict[int, list[Service]] = {}
    for service in services:
        org_id = service.organization.organisation_id
        if org_id is not None:
            by_org.setdefault(org_id, []).append(service)
    result: dict[User, list[Service]] = {}
    if not by_org:
        return result
    keepers = [role for role, perms in policy.ROLE_PERMISSIONS.items() if Perm.MANAGE_DIRECTORY in perms]
    memberships = (
        Membership.objects.active()
        .filter(organisation_id__in=by_org, role__in=keepers)
        .exclude(user__email="")
        .select_related("user")
        .order_by("user__username")
    )
    for membership in memberships:
        listed = result.setdefault(membership.user, [])
        listed += [service for service in by_org[membership.organisation_id] if service not in listed]
    return result

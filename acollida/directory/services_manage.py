"""Directory writes made by the staff who keep their organisation's services up to date.

Each service saves the records, then refreshes the service's search rows, in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acollida.directory.models import (
    Accessibility,
    Address,
    Attribute,
    Frequency,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
    Translatable,
    Weekday,
)
from acollida.directory.services import service_search_refresh, translations_save

# A day's opening periods: [(opens, closes), ...] for MO..SU.
WeeklyHours = Mapping[str, list[tuple[time, time]]]


@transaction.atomic
def service_save(
    *,
    service: Service,
    terms: Iterable[TaxonomyTerm] | None = None,
) -> Service:
    """Create or update a service (fields already set on it) and file it under ``terms``."""
    service.full_clean()
    service.save()
    if terms is not None:
        wanted = {term.pk: term for term in terms}
        existing = {a.taxonomy_term_id: a for a in Attribute.objects.filter(service=service)}
        for term_id, attribute in existing.items():
            if term_id not in wanted:
                attribute.delete()
        for term_id, term in wanted.items():
            if term_id not in existing:
                attribute = Attribute(taxonomy_term=term, service=service, link_type="need")
                attribute.full_clean()
                attribute.save()
    service_search_refresh(service=service)
    return service


@transaction.atomic
def service_verify(*, service: Service, email: str) -> Service:
    """Mark a service as verified today (HSDS ``assured_date``) by the member of staff."""
    service.assured_date = timezone.localdate()
    service.assurer_email = email
    service.full_clean()
    service.save(update_fields=["assured_date", "assurer_email", "last_modified"])
    return service


def weekly_hours_of(service: Service) -> dict[str, list[tuple[time, time]]]:
    """The service's weekly opening periods per weekday, read from its WEEKLY schedule rows."""
    hours: dict[str, list[tuple[time, time]]] = {day: [] for day in Weekday.values}
    for schedule in service.schedules.filter(freq=Frequency.WEEKLY).order_by("opens_at"):
        if schedule.opens_at is None or schedule.closes_at is None:
            continue
        for day in filter(None, (part.strip()[-2:] for part in schedule.byday.split(","))):
            if day in hours:
                hours[day].append((schedule.opens_at, schedule.closes_at))
    for periods in hours.values():
        periods.sort()
    return hours


@transaction.atomic
def weekly_hours_save(*, service: Service, hours: WeeklyHours) -> list[Schedule]:
    """Write weekly opening hours as HSDS rows: one WEEKLY row per opening period, listing the
    days it applies to (``byday=MO,TU,WE``). Rows whose period survives keep their id and texts."""
    for day, periods in hours.items():
        ordered = sorted(periods)
        for (opens, closes), following in zip(ordered, ordered[1:], strict=False):
            if closes <= opens:
                raise ValidationError(_("On %(day)s a period closes before it opens.") % {"day": day})
            if following[0] < closes:
                raise ValidationError(_("On %(day)s two periods overlap.") % {"day": day})
        if ordered and ordered[-1][1] <= ordered[-1][0]:
            raise ValidationError(_("On %(day)s a period closes before it opens.") % {"day": day})
    groups: dict[tuple[time, time], list[str]] = {}
    for day in Weekday.values:
        for period in hours.get(day, []):
            groups.setdefault(period, []).append(day)
    existing = {
        (row.opens_at, row.closes_at): row
        for row in service.schedules.filter(freq=Frequency.WEEKLY, service_at_location__isnull=True)
    }
    saved: list[Schedule] = []
    for (opens, closes), days in sorted(groups.items()):
        row = existing.pop((opens, closes), None) or Schedule(
            service=service, source_language=service.source_language
        )
        row.freq, row.wkst, row.interval = Frequency.WEEKLY, Weekday.MO, 1
        row.byday, row.opens_at, row.closes_at = ",".join(days), opens, closes
        row.timezone = _utc_offset_hours()
        row.full_clean()
        row.save()
        saved.append(row)
    for row in existing.values():
        row.delete()
    service_search_refresh(service=service)
    return saved


def _utc_offset_hours() -> float:
    offset = timezone.localtime().utcoffset()
    return offset.total_seconds() / 3600 if offset is not None else 0.0


@transaction.atomic
def service_locations_set(*, service: Service, locations: Iterable[Location]) -> None:
    """Deliver the service at exactly ``locations`` (keeping existing links and their texts)."""
    wanted = {location.pk for location in locations}
    for sal in ServiceAtLocation.objects.filter(service=service):
        if sal.location_id not in wanted:
            sal.delete()
        else:
            wanted.discard(sal.location_id)
    for location_id in wanted:
        sal = ServiceAtLocation(
            service=service, location_id=location_id, source_language=service.source_language
        )
        sal.full_clean()
        sal.save()
    service_search_refresh(service=service)


@transaction.atomic
def location_create(
    *,
    organization: Organization,
    source_language: str,
    location: Mapping[str, Any],
    address: Mapping[str, Any],
    accessibility: str = "",
) -> Location:
    """A new physical place of the organization, with its address (and accessibility notes)."""
    place = Location(organization=organization, source_language=source_language, **location)
    place.full_clean()
    place.save()
    street = Address(location=place, **address)
    street.full_clean()
    street.save()
    if accessibility:
        access = Accessibility(location=place, description=accessibility, source_language=source_language)
        access.full_clean()
        access.save()
    return place


@transaction.atomic
def location_update(*, location: Location, address: Address | None) -> Location:
    """Save a place and its address, then refresh the search of every service delivered there."""
    location.full_clean()
    location.save()
    if address is not None:
        address.location = location
        address.full_clean()
        address.save()
    for sal in ServiceAtLocation.objects.filter(location=location).select_related("service"):
        service_search_refresh(service=sal.service)
    return location


@transaction.atomic
def service_children_saved(*, service: Service, formset: Any) -> None:
    """Save a validated formset of one kind of the service's records, then refresh the search."""
    instances = formset.save(commit=False)
    for obj in formset.deleted_objects:
        obj.delete()
    for instance in instances:
        if isinstance(instance, Translatable) and instance._state.adding:
            instance.source_language = service.source_language
        instance.full_clean()
        instance.save()
    service_search_refresh(service=service)


@transaction.atomic
def service_translation_save(
    *,
    service: Service,
    lang: str,
    texts: Mapping[Translatable, Mapping[str, str]],
    status: str,
) -> None:
    """Write one language of the service and everything on its page, with its review status."""
    for record, fields in texts.items():
        translations_save(obj=record, lang=lang, texts=fields, status=status)
    service_search_refresh(service=service)

"""The directory feed: free places of the network, aggregated per directory service.

For each directory service linked from one or more accommodations (``Accommodation.
directory_service``), a ``ServiceCapacity`` row in the unit "places" says how many places are free
now and how many are in service. Only counts travel: no address, no accommodation name, so a
protected address is never revealed through the public directory.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from acollida.directory.models import Service, ServiceCapacity, Unit
from acollida.housing.models import Place, PlaceStatus

UNIT_SCHEME = "acollida"
UNIT_IDENTIFIER = "housing-places"


def places_unit() -> Unit:
    unit = Unit.objects.filter(scheme=UNIT_SCHEME, identifier=UNIT_IDENTIFIER).first()
    if unit is None:
        unit = Unit.objects.create(name="places", scheme=UNIT_SCHEME, identifier=UNIT_IDENTIFIER)
    return unit


@transaction.atomic
def sync_capacity() -> int:
    """Write the free places into the directory's capacity rows; returns how many were written."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    places = Place.objects.filter(
        unit__is_active=True,
        unit__accommodation__is_active=True,
        unit__accommodation__directory_service__isnull=False,
    ).values_list("unit__accommodation__directory_service", "status")
    for service_id, status in places:
        key = str(service_id)
        if status != PlaceStatus.OUT_OF_SERVICE:
            counts[key][1] += 1
        if status == PlaceStatus.FREE:
            counts[key][0] += 1
    services = set(Service.objects.filter(pk__in=list(counts)).values_list("pk", flat=True))
    unit = places_unit()
    now = timezone.now()
    written = 0
    for service_id in services:
        available, maximum = counts[str(service_id)]
        capacity = ServiceCapacity.objects.filter(service_id=service_id, unit=unit).first()
        capacity = capacity or ServiceCapacity(service_id=service_id, unit=unit)
        capacity.available, capacity.maximum, capacity.updated = available, maximum, now
        capacity.description = ""
        capacity.full_clean()
        capacity.save()
        written += 1
    return written

"""The demo network: several organisations' accommodations, protected addresses among them."""

from __future__ import annotations

import io

import pytest

from acollida.core.models import Organisation, OrganisationKind
from acollida.housing.demo import load_demo
from acollida.housing.models import Accommodation, Place, Unit

pytestmark = pytest.mark.django_db

SLUGS = ("cai", "cear-pv", "accem", "creu-roja", "caritas", "sjm", "valencia-acull")


def test_the_demo_builds_a_network_across_organisations_once() -> None:
    for slug in SLUGS:
        Organisation.objects.create(name=slug, slug=slug, kind=OrganisationKind.NGO)
    load_demo(io.StringIO())
    load_demo(io.StringIO())
    assert Accommodation.objects.values("operator").distinct().count() == len(SLUGS)
    assert 30 <= Unit.objects.count() <= 45
    assert 120 <= Place.objects.count() <= 170
    assert Accommodation.objects.filter(is_protected_address=True).exists()
    assert Accommodation.objects.filter(kind="host_family").exists()
    assert Accommodation.objects.filter(kind="emergency").exists()

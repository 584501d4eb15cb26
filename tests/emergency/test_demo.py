"""``acollida demo`` rehearses an Aquarius day: operation, capacity, rota and a manifest to import."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from acollida.core.models import User
from acollida.core.spreadsheets import read_table
from acollida.emergency import demo
from acollida.emergency.imports import COLUMNS, manifest_import
from acollida.emergency.models import Arrival, Operation, Shift, Site, Volunteer
from acollida.housing.models import Accommodation, AccommodationKind, Place


def _run_demo() -> str:
    out = StringIO()
    call_command("demo", "--quiet-logins", "--force", stdout=out)
    return out.getvalue()


@pytest.fixture
def output(db: None, settings: Any, tmp_path: Path) -> str:
    settings.VAR_DIR = tmp_path
    return _run_demo()


def _counts() -> dict[str, int]:
    return {
        "operations": Operation.objects.filter(slug=demo.SLUG).count(),
        "sites": Site.objects.count(),
        "volunteers": Volunteer.objects.count(),
        "shifts": Shift.objects.count(),
        "accommodations": Accommodation.objects.filter(kind=AccommodationKind.EMERGENCY).count(),
        "places": Place.objects.count(),
    }


def test_running_the_demo_twice_updates_in_place(output: str) -> None:
    before = _counts()
    _run_demo()
    assert _counts() == before
    assert before["operations"] == 1


def test_the_demo_operation_is_planned_for_tomorrow_with_its_leads_and_sites(output: str) -> None:
    operation = Operation.objects.get(slug=demo.SLUG)
    assert operation.status == Operation.Status.PLANNED
    assert operation.kind == Operation.Kind.SHIP
    assert operation.starts_at == demo.start_of_operation()
    assert operation.expected_arrivals == demo.ARRIVALS
    assert {"ar", "fr", "en", "ti", "am", "bm"} <= set(operation.expected_languages)
    assert set(operation.lead_organisations.values_list("slug", flat=True)) == {"cai", "creu-roja"}
    kinds = sorted(operation.sites.values_list("kind", flat=True))
    assert kinds == sorted(["port_reception", "triage", "shelter", "shelter"])


def test_the_rota_has_approved_interpreters_and_two_days_of_shifts_with_language_needs(output: str) -> None:
    operation = Operation.objects.get(slug=demo.SLUG)
    volunteers = Volunteer.objects.filter(email__startswith="aquarius.", status=Volunteer.Status.APPROVED)
    assert volunteers.count() == demo.INTERPRETERS + demo.HELPERS
    assert all(len(v.availability["windows"]) == 2 for v in volunteers)
    shifts = list(Shift.objects.filter(operation=operation))
    assert len(shifts) == 12
    assert all(shift.language_needs.get("ar", 0) >= 1 for shift in shifts)


def test_the_manifest_imports_cleanly_into_the_demo_operation(output: str, settings: Any) -> None:
    path = Path(settings.VAR_DIR) / "demo" / "aquarius-manifest.csv"
    assert str(path) in output
    table = read_table(path.read_bytes())
    assert tuple(table.headers) == COLUMNS
    operation = Operation.objects.get(slug=demo.SLUG)
    coordinator = User.objects.get(username=demo.COORDINATOR)
    result = manifest_import(actor=coordinator, operation=operation, table=table)
    assert (result.created, result.updated) == (629, 0)
    assert Arrival.objects.filter(operation=operation, unaccompanied_minor=True).exists()


def test_emergency_capacity_covers_the_arrivals_and_the_minors_apart(output: str) -> None:
    emergency = Place.objects.filter(
        unit__accommodation__kind=AccommodationKind.EMERGENCY,
        unit__accommodation__name__in=[
            "Centre de protecció de menors El Saler (emergència)",
            "Hotel Marítim, plantes 2–4 (emergència)",
            "Pavelló Font de Sant Lluís (emergència)",
            "Places de reserva CEAR (emergència)",
        ],
    )
    assert emergency.count() >= demo.ARRIVALS
    minors = sum(1 for p in demo.drill.population(demo.ARRIVALS, seed=demo.SEED) if p.unaccompanied_minor)
    assert emergency.filter(unit__accommodation__minors_only=True).count() >= minors

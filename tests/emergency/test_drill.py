"""The drill: a small fictitious operation end to end, its checks, its JSON and its clean-up."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from acollida.emergency import drill
from acollida.emergency.models import Arrival, Operation

FIELDS = {
    "stages_seconds",
    "total_seconds",
    "people",
    "placed_share",
    "language_hours_covered_share",
    "families_split",
    "minors_outside_child_protection",
}
STAGES = {"registration_import", "registration_desks", "triage", "rota", "capacity", "placement", "total"}


@pytest.fixture(scope="module")
def figures(django_db_setup: None, django_db_blocker: object) -> dict[str, object]:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        return drill.run(people=80, seed=3)


def test_population_has_about_one_in_ten_unaccompanied_minors() -> None:
    crowd = drill.population(2000, seed=1)
    share = sum(p.unaccompanied_minor for p in crowd) / len(crowd)
    assert 0.07 < share < 0.13


def test_population_families_share_a_group_and_a_nationality() -> None:
    crowd = drill.population(300, seed=2)
    groups: dict[str, set[str]] = {}
    for p in crowd:
        if p.group_id:
            groups.setdefault(p.group_id, set()).add(p.nationality)
    assert groups and all(len(n) == 1 for n in groups.values())


def test_drill_never_splits_a_family(figures: dict[str, object]) -> None:
    assert figures["families_split"] == 0


def test_drill_places_minors_only_in_child_protection(figures: dict[str, object]) -> None:
    assert figures["minors_outside_child_protection"] == 0


def test_drill_places_everyone_when_capacity_suffices(figures: dict[str, object]) -> None:
    assert figures["placed_share"] == 1.0


def test_drill_reports_every_stage(figures: dict[str, object]) -> None:
    stages = figures["stages_seconds"]
    assert isinstance(stages, dict)
    assert set(stages) >= STAGES


@pytest.mark.django_db
def test_drill_leaves_nothing_behind(figures: dict[str, object]) -> None:
    assert not Operation.objects.filter(slug=figures["operation"]).exists()


@pytest.mark.django_db
def test_drill_keep_keeps_the_operation() -> None:
    figures = drill.run(people=12, keep=True)
    assert Arrival.objects.filter(operation__slug=figures["operation"]).count() == 12


@pytest.mark.django_db
def test_command_prints_one_json_with_the_fields() -> None:
    out = StringIO()
    call_command("emergency", "drill", "--people", "10", "--json", stdout=out)
    assert set(json.loads(out.getvalue())) >= FIELDS

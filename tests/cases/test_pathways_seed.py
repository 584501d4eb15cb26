"""The shipped pathway templates: loaded by code, idempotently, each with steps."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from acollida.cases.models import PathwayStepTemplate, PathwayTemplate
from acollida.cases.pathway_seed import PATHWAYS
from acollida.cases.services_pathways import pathway_templates_load
from tests.conftest import Network

pytestmark = pytest.mark.django_db

REQUIRED = {
    "padron",
    "padron-renewal",
    "health-card",
    "nie-tie",
    "international-protection",
    "asylum-card-renewal",
    "arraigo-social",
    "arraigo-sociolaboral",
    "arraigo-socioformativo",
    "arraigo-familiar",
    "arraigo-second-chance",
    "housing-adequacy",
    "nationality-residence",
    "family-reunification",
}


def test_the_seed_covers_the_procedures_of_the_issue() -> None:
    assert {seed.code for seed in PATHWAYS} >= REQUIRED


def test_loading_creates_network_templates_each_with_steps() -> None:
    counts = pathway_templates_load(language="en")
    assert counts["created"] == len(PATHWAYS)
    templates = PathwayTemplate.objects.filter(organisation__isnull=True)
    assert templates.count() == len(PATHWAYS)
    for template in templates:
        assert template.steps.exists(), template.code
        assert template.legal_basis, template.code


def test_loading_twice_changes_nothing() -> None:
    pathway_templates_load(language="en")
    steps = PathwayStepTemplate.objects.count()
    counts = pathway_templates_load(language="en")
    assert counts == {"created": 0, "updated": 0, "unchanged": len(PATHWAYS)}
    assert PathwayTemplate.objects.count() == len(PATHWAYS)
    assert PathwayStepTemplate.objects.count() == steps


def test_loading_restores_a_changed_network_template() -> None:
    pathway_templates_load(language="en")
    template = PathwayTemplate.objects.get(code="padron", organisation__isnull=True)
    template.steps.filter(order=1).update(deadline_days=99)
    template.steps.filter(order=3).delete()
    counts = pathway_templates_load(language="en")
    assert counts["updated"] == 1
    assert template.steps.get(order=1).deadline_days == 7
    assert template.steps.count() == 3


def test_the_command_reports_what_it_did() -> None:
    out = StringIO()
    call_command("cases", "load-pathways", "--language", "en", stdout=out)
    assert f"{len(PATHWAYS)} created" in out.getvalue()


def test_the_demo_loads_the_templates_and_starts_pathways_on_demo_cases(network: Network) -> None:
    from acollida.cases.demo import load_demo_cases
    from acollida.cases.models import CasePathway
    from tests.cases.conftest import register

    for _index in range(12):
        register(network)
    load_demo_cases(count=12)
    assert PathwayTemplate.objects.filter(organisation__isnull=True).count() == len(PATHWAYS)
    pathway = CasePathway.objects.first()
    assert pathway is not None
    assert pathway.steps.count() == pathway.template.steps.count()
    assert pathway.steps.filter(status="pending").exists()

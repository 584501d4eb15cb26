"""``acollida cases apply-retention``: the dry run changes nothing; the run pseudonymises."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from acollida.cases.models import Case, ErasureRecord
from acollida.people.models import Person
from tests.conftest import Network
from tests.core.rights_seed import seed_person, traces_left


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def _close_long_ago(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=1827))


def test_retention_dry_run_changes_nothing(network: Network) -> None:
    seeded = seed_person(network)
    _close_long_ago(seeded.case)
    out = io.StringIO()
    before = traces_left()
    call_command("cases", "apply-retention", "--dry-run", stdout=out)
    assert "1" in out.getvalue()
    assert traces_left() == before
    assert Person.objects.get(pk=seeded.person.pk).pseudonymised_at is None
    assert not ErasureRecord.objects.exists()


def test_retention_command_pseudonymises(network: Network) -> None:
    seeded = seed_person(network)
    _close_long_ago(seeded.case)
    call_command("cases", "apply-retention", stdout=io.StringIO())
    assert Person.objects.get(pk=seeded.person.pk).given_name == "Persona"
    assert ErasureRecord.objects.get().kind == "retention"

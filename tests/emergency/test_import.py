from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from acollida.emergency.imports import ManifestError, manifest_import
from acollida.emergency.models import Arrival, ArrivalLink
from tests.conftest import Network
from tests.emergency.helpers import declare, manifest, table

GOOD = "W1,Amina,Diallo,F,24,GN,fr;ff,G1,no,yes,no"
FAMILY = "W2,Ibrahima,Diallo,M,6,GN,fr,G1,no,no,no"


def test_manifest_creates_arrivals_with_languages_and_flags(network: Network) -> None:
    operation = declare(network)
    result = manifest_import(actor=None, operation=operation, table=table(GOOD, FAMILY))
    assert (result.created, result.updated) == (2, 0)
    amina = Arrival.objects.get(wristband="W1")
    assert amina.name_as_said == "Amina Diallo"
    assert amina.languages == ["ff", "fr"]
    assert amina.pregnant and not amina.medical_urgent
    assert ArrivalLink.objects.filter(from_arrival__wristband="W2", to_arrival=amina).exists()


def test_one_bad_row_imports_nothing_and_names_row_and_column(network: Network) -> None:
    operation = declare(network)
    with pytest.raises(ManifestError) as caught:
        manifest_import(
            actor=None, operation=operation, table=table(GOOD, "W2,Ibrahima,Diallo,M,6,GN,fr,G1,maybe,no,no")
        )
    assert [(error.row, error.column) for error in caught.value.errors] == [(3, "unaccompanied_minor")]
    assert not Arrival.objects.exists()


def test_blank_wristband_is_refused_but_other_blanks_are_allowed(network: Network) -> None:
    operation = declare(network)
    with pytest.raises(ManifestError) as caught:
        manifest_import(actor=None, operation=operation, table=table("W1,,,,,,,,,,", ",Ali,,,,,,,,,"))
    assert [(error.row, error.column) for error in caught.value.errors] == [(3, "wristband")]


def test_bad_language_code_names_the_languages_column(network: Network) -> None:
    operation = declare(network)
    with pytest.raises(ManifestError) as caught:
        manifest_import(actor=None, operation=operation, table=table("W1,,,,,,arabic,,,,"))
    assert caught.value.errors[0].column == "languages"


def test_reimport_updates_the_same_wristbands_instead_of_duplicating(network: Network) -> None:
    operation = declare(network)
    manifest_import(actor=None, operation=operation, table=table(GOOD, FAMILY))
    result = manifest_import(
        actor=None, operation=operation, table=table(GOOD.replace(",24,", ",25,"), FAMILY)
    )
    assert (result.created, result.updated) == (0, 2)
    assert Arrival.objects.count() == 2
    assert Arrival.objects.get(wristband="W1").age_estimate == 25
    assert ArrivalLink.objects.count() == 1


def test_command_imports_a_manifest_file(network: Network, tmp_path) -> None:  # type: ignore[no-untyped-def]
    declare(network)
    path = tmp_path / "manifest.csv"
    path.write_bytes(manifest(GOOD, FAMILY))
    call_command("emergency", "import-manifest", "--operation", "aquarius", str(path))
    assert Arrival.objects.count() == 2


def test_command_names_the_failing_row_and_imports_nothing(network: Network, tmp_path) -> None:  # type: ignore[no-untyped-def]
    declare(network)
    path = tmp_path / "manifest.csv"
    path.write_bytes(manifest(GOOD, "W2,,,,200,,,,,,"))
    with pytest.raises(CommandError, match="Row 3.*age_estimate"):
        call_command("emergency", "import-manifest", "--operation", "aquarius", str(path))
    assert not Arrival.objects.exists()

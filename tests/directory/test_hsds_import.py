"""The HSDS import: all or nothing, a report naming each error, ids kept, texts in the feed language."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from acollida.directory.hsds.export import JSON_FILES, export_write, feed_build
from acollida.directory.hsds.importer import feed_import
from acollida.directory.models import (
    Location,
    Organization,
    Service,
    ServiceSearchText,
    Taxonomy,
    TaxonomyTerm,
    Unit,
)
from acollida.directory.services import text_for
from tests.conftest import Network
from tests.directory import hsds_demo

pytestmark = pytest.mark.django_db

# The network and the demo directory, built once for the module (see tests/directory/hsds_demo.py).
hsds_demo_db = hsds_demo.hsds_demo_db
network = hsds_demo.network
demo = hsds_demo.demo


def _empty_directory() -> None:
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    TaxonomyTerm.objects.all().delete()
    Taxonomy.objects.all().delete()
    Unit.objects.all().delete()


def _read(folder: Path, name: str) -> Any:
    return json.loads((folder / name).read_text(encoding="utf-8"))


def _write(folder: Path, name: str, data: Any) -> None:
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_export_import_into_an_empty_directory_then_export_gives_the_same_feed(
    demo: int, tmp_path: Path
) -> None:
    export_write(lang="ar", out=tmp_path)
    _empty_directory()
    assert not Service.objects.exists()

    report = feed_import(folder=tmp_path, lang="ar")

    assert report.ok, report.lines()
    again = feed_build("ar")
    for name in JSON_FILES:
        assert again[name] == _read(tmp_path, name), name


def test_imported_services_are_found_by_the_public_search(demo: int, tmp_path: Path) -> None:
    export_write(lang="es", out=tmp_path)
    _empty_directory()
    feed_import(folder=tmp_path, lang="es")
    assert ServiceSearchText.objects.filter(language="es").count() == demo


def test_one_invalid_object_imports_nothing_and_the_report_names_it(demo: int, tmp_path: Path) -> None:
    export_write(lang="ca", out=tmp_path)
    services = _read(tmp_path, "services.json")
    services[0]["name"] = "Renamed by the feed"
    services[3]["colour"] = "blue"  # not an HSDS field
    _write(tmp_path, "services.json", services)
    before = Service.objects.get(pk=services[0]["id"]).name

    report = feed_import(folder=tmp_path, lang="ca")

    assert not report.ok
    [error] = report.errors
    where = (error.file, error.index, error.object_id, error.path)
    assert where == ("services.json", 3, services[3]["id"], "$")
    assert "colour" in error.message
    assert Service.objects.get(pk=services[0]["id"]).name == before
    assert "services.json[3]" in report.lines()[1]


def test_a_nested_error_is_reported_with_its_path(demo: int, tmp_path: Path) -> None:
    export_write(lang="ca", out=tmp_path)
    services = _read(tmp_path, "services.json")
    services[1]["schedules"][0]["freq"] = "DAILY"
    _write(tmp_path, "services.json", services)

    report = feed_import(folder=tmp_path, lang="ca")

    assert [error.path for error in report.errors] == ["$.schedules[0].freq"]


def test_a_link_to_an_unknown_organization_imports_nothing(demo: int, tmp_path: Path) -> None:
    export_write(lang="ca", out=tmp_path)
    services = _read(tmp_path, "services.json")
    stranger = "0b6f7a1e-1d0c-4c8a-9f00-3f2b8c1d2e4f"
    services[2]["organization_id"] = stranger
    del services[2]["organization"]
    _write(tmp_path, "services.json", services)
    count = Service.objects.count()

    report = feed_import(folder=tmp_path, lang="ca")

    assert [(error.index, error.path) for error in report.errors] == [(2, "$.organization_id")]
    assert stranger in report.errors[0].message
    assert Service.objects.count() == count


def test_a_model_check_failing_while_writing_rolls_back_everything(demo: int, tmp_path: Path) -> None:
    export_write(lang="ca", out=tmp_path)
    services = _read(tmp_path, "services.json")
    services[0]["name"] = "Renamed by the feed"
    services[4]["minimum_age"], services[4]["maximum_age"] = 30, 18
    _write(tmp_path, "services.json", services)

    report = feed_import(folder=tmp_path, lang="ca")

    assert [(error.file, error.index) for error in report.errors] == [("services.json", 4)]
    assert "maximum_age" in report.errors[0].path
    assert not Service.objects.filter(name="Renamed by the feed").exists()


def test_a_missing_file_is_reported(tmp_path: Path, network: Network) -> None:
    _write(tmp_path, "services.json", [])
    report = feed_import(folder=tmp_path, lang="ca")
    assert [error.file for error in report.errors] == ["organizations.json"]


def test_a_file_that_is_not_json_is_reported(tmp_path: Path, network: Network) -> None:
    _write(tmp_path, "organizations.json", [])
    (tmp_path / "services.json").write_text("[{", encoding="utf-8")
    report = feed_import(folder=tmp_path, lang="ca")
    assert [error.file for error in report.errors] == ["services.json"]


def test_a_feed_in_another_language_becomes_draft_translations_with_the_same_ids(
    demo: int, tmp_path: Path
) -> None:
    service = Service.objects.get(name="Primera acollida i informació")
    export_write(lang="fr", out=tmp_path)
    services = _read(tmp_path, "services.json")
    entry = next(item for item in services if item["id"] == str(service.pk))
    entry["name"] = "Premier accueil (révisé)"
    _write(tmp_path, "services.json", services)

    report = feed_import(folder=tmp_path, lang="fr")

    assert report.ok, report.lines()
    service.refresh_from_db()
    assert service.name == "Primera acollida i informació"  # the source text is untouched
    assert text_for(service, "name", "fr") == ("Premier accueil (révisé)", "fr", "draft")
    assert Service.objects.count() == len(services)


def test_import_command_prints_the_report_and_fails_on_errors(demo: int, tmp_path: Path) -> None:
    export_write(lang="ca", out=tmp_path)
    organizations = _read(tmp_path, "organizations.json")
    organizations[0]["id"] = "not-a-uuid"
    _write(tmp_path, "organizations.json", organizations)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("directory", "import-hsds", str(tmp_path), "--lang", "ca", stdout=out)
    assert "organizations.json[0]" in out.getvalue()


def test_import_command_reports_what_it_loaded(demo: int, tmp_path: Path) -> None:
    export_write(lang="ca", out=tmp_path)
    out = StringIO()
    call_command("directory", "import-hsds", str(tmp_path), "--lang", "ca", stdout=out)
    assert "updated" in out.getvalue()


def test_an_impossible_date_is_reported_not_a_crash(demo: int, tmp_path: Path) -> None:
    export_write(lang="ca", out=tmp_path)
    services = _read(tmp_path, "services.json")
    services[5]["assured_date"] = "2025-13-45"
    _write(tmp_path, "services.json", services)

    report = feed_import(folder=tmp_path, lang="ca")

    assert [(error.index, error.path.rsplit(".", 1)[-1]) for error in report.errors] == [(5, "assured_date")]


def test_a_term_whose_parent_is_nowhere_imports_nothing(demo: int, tmp_path: Path) -> None:
    export_write(lang="ca", out=tmp_path)
    terms = _read(tmp_path, "taxonomy_terms.json")
    terms[0]["parent_id"] = "0b6f7a1e-1d0c-4c8a-9f00-3f2b8c1d2e4f"
    _write(tmp_path, "taxonomy_terms.json", terms)

    report = feed_import(folder=tmp_path, lang="ca")

    assert [(error.file, error.path) for error in report.errors] == [("taxonomy_terms.json", "$.parent_id")]

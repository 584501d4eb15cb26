"""The HSDS export: the demo directory in every language validates against the strict official
schemas, with the same ids in each language, and the CSV package has the standard's columns."""

from __future__ import annotations

import csv
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from acollida.directory.hsds import strict
from acollida.directory.hsds.export import CSV_TABLES, export_write, feed_build
from acollida.directory.models import Service, directory_languages
from tests.conftest import Network
from tests.directory import hsds_demo

pytestmark = pytest.mark.django_db

# The network and the demo directory, built once for the module (see tests/directory/hsds_demo.py).
hsds_demo_db = hsds_demo.hsds_demo_db
network = hsds_demo.network
demo = hsds_demo.demo

# The standard's tabular example (examples/tabular.json), kept with the tests so they run anywhere.
TABULAR_EXAMPLE = Path(__file__).with_name("data") / "tabular.json"
FEED_SCHEMAS = {
    "services.json": "service",
    "organizations.json": "organization",
    "taxonomies.json": "taxonomy",
    "taxonomy_terms.json": "taxonomy_term",
}


def _errors(feed: dict[str, list[dict[str, Any]]]) -> list[str]:
    found = []
    for file_name, schema in FEED_SCHEMAS.items():
        for index, document in enumerate(feed[file_name]):
            found += [
                f"{file_name}[{index}] {e.path}: {e.message}" for e in strict.validate(schema, document)
            ]
    return found


def test_demo_feed_validates_strictly_in_every_language(demo: int) -> None:
    for lang in directory_languages():
        feed = feed_build(lang)
        assert len(feed["services.json"]) == demo
        assert feed["organizations.json"]
        assert _errors(feed) == [], lang


def test_feed_has_the_same_ids_in_every_language(demo: int) -> None:
    def ids(lang: str) -> list[str]:
        feed = feed_build(lang)
        return [obj["id"] for name in FEED_SCHEMAS for obj in feed[name]]

    catalan = ids("ca")
    assert catalan
    for lang in directory_languages():
        assert ids(lang) == catalan


def test_feed_texts_are_in_the_language_asked(demo: int) -> None:
    service = Service.objects.get(name="Primera acollida i informació")
    arabic = next(obj for obj in feed_build("ar")["services.json"] if obj["id"] == str(service.pk))
    assert "محتوى تجريبي" in arabic["description"]
    assert arabic["name"] != service.name


def test_export_command_writes_the_json_arrays_and_the_csv_package(demo: int, tmp_path: Path) -> None:
    out = StringIO()
    call_command("directory", "export-hsds", "--lang", "uk", "--out", str(tmp_path), stdout=out)
    services = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    organizations = json.loads((tmp_path / "organizations.json").read_text(encoding="utf-8"))
    assert len(services) == demo
    assert (
        _errors(
            {
                "services.json": services,
                "organizations.json": organizations,
                "taxonomies.json": [],
                "taxonomy_terms.json": [],
            }
        )
        == []
    )
    with (tmp_path / "services.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == demo
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert {resource["path"] for resource in package["resources"]} == set(CSV_TABLES)
    assert "services.json" in out.getvalue()


def test_export_command_refuses_a_language_the_directory_does_not_keep(tmp_path: Path) -> None:
    with pytest.raises(CommandError):
        call_command("directory", "export-hsds", "--lang", "xx", "--out", str(tmp_path))
    assert not (tmp_path / "services.json").exists()


def test_csv_headers_are_the_standards_columns(network: Network, tmp_path: Path) -> None:
    """Every CSV of the example tabular package, with its columns in the same order."""
    example = json.loads((TABULAR_EXAMPLE).read_text(encoding="utf-8"))
    export_write(lang="es", out=tmp_path)
    assert set(CSV_TABLES) == set(example)
    for file_name, rows in example.items():
        with (tmp_path / file_name).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == list(rows[0]), file_name


def test_datapackage_types_numbers_and_dates(network: Network) -> None:
    from acollida.directory.hsds.export import datapackage

    resources = {resource["name"]: resource for resource in datapackage("ca")["resources"]}
    services = {field["name"]: field["type"] for field in resources["services"]["schema"]["fields"]}
    assert services["minimum_age"] == "integer"
    assert services["assured_date"] == "date"
    assert services["last_modified"] == "datetime"
    assert services["name"] == "string"

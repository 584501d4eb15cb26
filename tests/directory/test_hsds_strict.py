"""The strict schemas: the official HSDS 3.1 ones, with additional properties forbidden everywhere."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from acollida.directory.hsds import strict

STANDARD = Path(__file__).resolve().parents[3] / "shared" / "standards" / "hsds-3.1"
needs_standard = pytest.mark.skipif(not STANDARD.is_dir(), reason="the HSDS standard is not checked out")


@needs_standard
@pytest.mark.parametrize("name", strict.COMPILED)
def test_vendored_compiled_schemas_are_the_official_ones(name: str) -> None:
    official = (STANDARD / "schema" / "compiled" / f"{name}.json").read_bytes()
    with gzip.open(strict.SCHEMA_DIR / f"{name}.json.gz") as handle:
        assert handle.read() == official


@needs_standard
@pytest.mark.parametrize("name", strict.MODULAR)
def test_vendored_modular_schemas_are_the_official_ones(name: str) -> None:
    official = (STANDARD / "schema" / f"{name}.json").read_bytes()
    assert (strict.SCHEMA_DIR / f"{name}.json").read_bytes() == official


def _object_schemas(schema: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(schema, dict):
        if isinstance(schema.get("properties"), dict):
            found.append(schema)
        for value in schema.values():
            found += _object_schemas(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _object_schemas(value)
    return found


@pytest.mark.parametrize("name", [*strict.COMPILED, "taxonomy", "taxonomy_term"])
def test_every_object_schema_forbids_additional_properties(name: str) -> None:
    objects = _object_schemas(strict.strict_schema(name))
    assert objects
    assert all(schema["additionalProperties"] is False for schema in objects)


@pytest.mark.parametrize(
    ("schema", "example"),
    [
        ("service", "service_full.json"),
        ("organization", "organization_full.json"),
        ("service_at_location", "service_at_location_full.json"),
        ("taxonomy_term", "taxonomy_term.json"),
    ],
)
def test_the_standards_own_examples_validate(schema: str, example: str) -> None:
    # The standard's examples, kept with the tests (tests/directory/data) so they run anywhere.
    document = json.loads((Path(__file__).with_name("data") / example).read_text(encoding="utf-8"))
    assert strict.validate(schema, document) == []


def _minimal_service() -> dict[str, Any]:
    return {
        "id": "ac148810-d857-441c-9679-408f346de14b",
        "name": "Legal advice",
        "status": "active",
        "phones": [{"id": "30951f94-7b24-11ef-ba1b-a79405d4dcaa", "number": "963 00 00 00"}],
    }


def test_a_minimal_service_validates() -> None:
    assert strict.validate("service", _minimal_service()) == []


def test_an_unknown_field_deep_inside_is_an_error_with_its_path() -> None:
    document = _minimal_service()
    document["phones"][0]["district"] = "ciutat-vella"
    [error] = strict.validate("service", document)
    assert error.path == "$.phones[0]"
    assert "district" in error.message


def test_a_field_of_the_wrong_type_is_an_error() -> None:
    document = _minimal_service()
    document["minimum_age"] = "eighteen"
    assert [error.path for error in strict.validate("service", document)] == ["$.minimum_age"]


def test_an_id_that_is_not_a_uuid_is_an_error() -> None:
    document = _minimal_service()
    document["id"] = "service-1"
    assert [error.path for error in strict.validate("service", document)] == ["$.id"]


def test_the_taxonomy_term_schema_inlines_its_taxonomy() -> None:
    term = {
        "id": "ac148810-d857-441c-9679-408f346de14b",
        "name": "Housing",
        "description": "Housing and shelter",
        "taxonomy_detail": {
            "id": "30951f94-7b24-11ef-ba1b-a79405d4dcaa",
            "name": "Needs",
            "description": "Newcomer needs",
            "colour": "blue",
        },
    }
    [error] = strict.validate("taxonomy_term", term)
    assert error.path == "$.taxonomy_detail"

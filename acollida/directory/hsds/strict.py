"""Strict HSDS 3.1 validation: the official schemas with additional properties forbidden everywhere.

The same check as the standard's own (``compiletojsonschema --set-additional-properties-false-everywhere``
then ``check-jsonschema``), done in Python on the vendored schemas in ``schema/``: every object
schema that lists ``properties`` gets ``additionalProperties: false``, so a field HSDS does not
define (a typo, an extension) is an error, not silently accepted.
"""

from __future__ import annotations

import copy
import gzip
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

# Objects with a compiled (self-contained) schema, and the small ones that $ref each other.
COMPILED = (
    "service",
    "organization",
    "service_at_location",
    "service_list",
    "organization_list",
    "service_at_location_list",
)
MODULAR = ("taxonomy", "taxonomy_term", "metadata")


@dataclass(frozen=True)
class SchemaError:
    """One place where a document breaks the schema: a JSON path inside the object and why."""

    path: str
    message: str


def forbid_additional_properties(schema: Any) -> Any:
    """A copy of ``schema`` where every object schema with ``properties`` forbids any other key."""
    if isinstance(schema, list):
        return [forbid_additional_properties(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {key: forbid_additional_properties(value) for key, value in schema.items()}
    if isinstance(schema.get("properties"), dict):
        result["additionalProperties"] = False
    return result


def _load(name: str) -> Any:
    if name in COMPILED:
        with gzip.open(SCHEMA_DIR / f"{name}.json.gz", "rt", encoding="utf-8") as handle:
            return json.load(handle)
    if name in MODULAR:
        return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    raise KeyError(name)


def _inline_refs(schema: Any, seen: tuple[str, ...] = ()) -> Any:
    """Replace the modular schemas' relative ``$ref: "other.json"`` with the other schema itself."""
    if isinstance(schema, list):
        return [_inline_refs(item, seen) for item in schema]
    if not isinstance(schema, dict):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.endswith(".json"):
        name = ref.removesuffix(".json")
        if name in seen:  # pragma: no cover - the HSDS modular schemas do not loop
            raise ValueError(f"circular $ref to {ref}")
        target = copy.deepcopy(_load(name))
        target.pop("$id", None)
        target.pop("$schema", None)
        merged = {**target, **{key: value for key, value in schema.items() if key != "$ref"}}
        return _inline_refs(merged, (*seen, name))
    return {key: _inline_refs(value, seen) for key, value in schema.items()}


@cache
def strict_schema(name: str) -> dict[str, Any]:
    """The official schema ``name`` (e.g. ``service``), self-contained, additional properties forbidden."""
    schema = _inline_refs(_load(name), (name,))
    schema.pop("$id", None)
    schema.pop("$schema", None)
    result: dict[str, Any] = forbid_additional_properties(schema)
    return result


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(strict_schema(name), format_checker=FormatChecker())


def _json_path(parts: Any) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def validate(name: str, document: Any) -> list[SchemaError]:
    """Every error of ``document`` against the strict schema ``name``, in document order."""
    errors = sorted(_validator(name).iter_errors(document), key=lambda error: list(map(str, error.path)))
    return [SchemaError(path=_json_path(error.absolute_path), message=error.message) for error in errors]

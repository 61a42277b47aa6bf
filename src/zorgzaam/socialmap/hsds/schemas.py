"""The official HSDS 3.0 JSON schemas (Open Referral, CC BY-SA 4.0), shipped with the package.

``compiled/*.json`` of the specification are stored gzipped in ``schema/``; taxonomy and
taxonomy_term have no compiled form and use the per-table schemas with a local registry.

Each validator is built once per process. A record is first checked by the compiled Rust
validator (``jsonschema_rs``, about 17 times faster); only a record it does not pass is
checked again by ``jsonschema``, whose verdict and messages are the ones reported. The Rust
validator checks formats at least as strictly (``uri``, ``date-time`` and a full e-mail
syntax, which ``jsonschema`` leaves unchecked here), so a record it passes ``jsonschema`` passes
too, and the fallback keeps the verdict of ``jsonschema`` for everything else.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent / "schema"

#: Compiled schemas by name (``service``, ``service_list``, ``tabular`` ...).
COMPILED = (
    "service",
    "service_list",
    "organization",
    "organization_list",
    "service_at_location",
    "service_at_location_list",
    "tabular",
)
TABLE_SCHEMAS = ("taxonomy", "taxonomy_term", "metadata")


@cache
def schema(name: str) -> dict:
    if name in COMPILED:
        with gzip.open(SCHEMA_DIR / f"{name}.json.gz", "rt", encoding="utf-8") as fh:
            return json.load(fh)
    if name in TABLE_SCHEMAS:
        return json.loads((SCHEMA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    raise KeyError(f"No HSDS schema named {name!r}.")


@cache
def _registry() -> Registry:
    return Registry().with_resources(
        (f"{name}.json", Resource.from_contents(schema(name), default_specification=DRAFT202012))
        for name in TABLE_SCHEMAS
    )


def _row_schema(table: str) -> dict:
    row_schema = dict(schema("tabular")["properties"][table]["items"])
    # A CSV row holds only the table's own columns; nested arrays are other files.
    row_schema["properties"] = {
        k: v
        for k, v in row_schema["properties"].items()
        if v.get("type") not in ("array", "object") and "$ref" not in v
    }
    return row_schema


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for an object schema (``service``) or a table row (``tabular:phone``)."""
    if name.startswith("tabular:"):
        row_schema = _row_schema(name.split(":", 1)[1])
        return Draft202012Validator(row_schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return Draft202012Validator(
        schema(name), registry=_registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def fast_validator(name: str):
    """The same schema compiled by ``jsonschema_rs``, or None where it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - it is in the lock file
        return None
    if name.startswith("tabular:"):
        return jsonschema_rs.Draft202012Validator(
            _row_schema(name.split(":", 1)[1]), validate_formats=True
        )
    registry = jsonschema_rs.Registry([(f"{n}.json", schema(n)) for n in TABLE_SCHEMAS])
    return jsonschema_rs.Draft202012Validator(
        schema(name), validate_formats=True, registry=registry
    )


def errors(name: str, instance) -> list[tuple[str, str]]:
    """(json-pointer, message) for every schema violation, deepest first."""
    fast = fast_validator(name)
    if fast is not None and fast.is_valid(instance):
        return []
    found = []
    for error in validator(name).iter_errors(instance):
        pointer = "/" + "/".join(str(p) for p in error.absolute_path)
        message = error.message
        if len(message) > 200:
            message = message[:197] + "..."
        found.append((pointer, message))
    return found


def tabular_columns(table: str) -> list[str]:
    """The official CSV column order of a table."""
    props = schema("tabular")["properties"][table]["items"]["properties"]
    return [k for k, v in props.items() if v.get("type") not in ("array", "object")]

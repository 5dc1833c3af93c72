"""Check requests against lemlist's published OpenAPI, copied into tests/data, strictly:
an object schema that lists properties takes no other (the spec does not say so itself),
required fields, enums and types hold, and query parameters are declared ones."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SPEC_PATH = Path(__file__).parent.parent / "data" / "lemlist-v2.openapi.json"


@cache
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def operation(method: str, path: str) -> tuple[str, dict[str, Any]]:
    """The spec's path template and operation for an actual request path."""
    for template, item in spec()["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return template, item[method.lower()]
    raise AssertionError(f"{method} {path} is not an operation of lemlist's OpenAPI")


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    strict = {key: _strict(value) for key, value in node.items() if key != "example"}
    if strict.get("type") == "object" and "properties" in strict:
        strict.setdefault("additionalProperties", False)
    return strict


def check_request(method: str, path: str, query: dict[str, str], body: Any) -> None:
    template, op = operation(method, path)
    what = f"{method} {template}"
    params = {
        p["name"]: p
        for p in [*spec()["paths"][template].get("parameters", []), *op.get("parameters", [])]
        if p.get("in") == "query"
    }
    for name, value in query.items():
        assert name in params, f"{what}: query parameter {name!r} is not declared"
        schema = params[name].get("schema", {})
        typed: Any = int(value) if schema.get("type") == "integer" else value
        errors = list(jsonschema.Draft4Validator(_strict(schema)).iter_errors(typed))
        assert not errors, f"{what}: query {name}={value!r}: {errors[0].message}"
    declared = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    if body is None:
        required = op.get("requestBody", {}).get("required", False)
        assert not required, f"{what}: sent no body where one is required"
        return
    assert "schema" in declared, f"{what}: sent a body where the spec takes none"
    errors = sorted(
        jsonschema.Draft4Validator(_strict(declared["schema"])).iter_errors(body), key=str
    )
    assert not errors, (
        f"{what}: body breaks lemlist's OpenAPI: {errors[0].message} at "
        f"{list(errors[0].absolute_path)}"
    )

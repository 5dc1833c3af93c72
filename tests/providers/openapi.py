"""Check JSON bodies against the Supaglue OpenAPI bundle copied into tests/data."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

SPEC_PATH = Path(__file__).parent.parent / "data" / "supaglue-engagement-v2.openapi.json"


@cache
def spec() -> dict[str, Any]:
    """The bundle with OpenAPI 3.0's ``nullable`` turned into JSON Schema types."""
    converted: dict[str, Any] = _nullable(json.loads(SPEC_PATH.read_text(encoding="utf-8")))
    return converted


def _nullable(node: Any) -> Any:
    if isinstance(node, list):
        return [_nullable(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _nullable(value) for key, value in node.items()}
    if converted.pop("nullable", False) and "type" in converted:
        converted["type"] = [converted["type"], "null"]
    return converted


def operation(method: str, path: str) -> tuple[str, dict[str, Any]]:
    """The spec's path template and operation for an actual request path."""
    for template, item in spec()["paths"].items():
        pattern = "^" + re.sub(r"\{[^}]+\}", "[^/]+", template) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return template, item[method.lower()]
    raise AssertionError(f"{method} {path} is not an operation of the Supaglue spec")


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        target: Any = spec()
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _check(schema: dict[str, Any], body: Any, what: str, *, strict: bool = False) -> None:
    """``body`` against ``schema``; ``strict`` also refuses properties the spec does not
    declare. Supaglue's validator strips those silently (removeAdditional), so a client
    sending one would see its value dropped: requests are checked strictly."""
    components = spec()["components"]
    wrapped = {
        "allOf": [_closed(schema) if strict else schema],
        "components": _closed(components) if strict else components,
    }
    errors = sorted(jsonschema.Draft4Validator(wrapped).iter_errors(body), key=str)
    assert not errors, (
        f"{what} breaks the Supaglue spec: {errors[0].message} at {list(errors[0].absolute_path)}"
    )


def check_request(method: str, path: str, body: Any) -> None:
    template, op = operation(method, path)
    request_body = op.get("requestBody")
    if request_body is None:
        assert body is None, f"{method} {template} takes no body"
        return
    schema = _resolve(request_body)["content"]["application/json"]["schema"]
    _check(schema, body, f"request {method} {template}", strict=True)


def _closed(node: Any) -> Any:
    """Every object schema that lists its properties and says nothing of others closed to
    others (the spec has no allOf, so closing each object cannot clash with another)."""
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    closed = {key: _closed(value) for key, value in node.items()}
    if "properties" in closed and "additionalProperties" not in closed:
        closed["additionalProperties"] = False
    return closed


def check_response(method: str, path: str, status: int, body: Any) -> None:
    template, op = operation(method, path)
    responses = op["responses"]
    if str(status) not in responses:
        # The bundle documents only 200 for the step PATCH, yet Supaglue's code answers
        # Salesloft with 400 (docs/providers/supaglue.md §2); any undocumented error must still use
        # the common error envelope.
        assert status >= 400, f"{method} {template} does not document status {status}"
        envelope = {
            "type": "object",
            "properties": {"errors": {"$ref": "#/components/schemas/errors"}},
            "required": ["errors"],
        }
        _check(envelope, body, f"error {status} of {method} {template}")
        return
    content = _resolve(responses[str(status)]).get("content")
    if content is not None:
        _check(
            content["application/json"]["schema"], body, f"response {status} of {method} {template}"
        )

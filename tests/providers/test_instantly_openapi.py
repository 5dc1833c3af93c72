"""Every request seqsync sends to the Instantly emulator conforms to Instantly's published
OpenAPI (tests/data/instantly-v2.openapi.json, see tests/data/README.md), strictly: the
operation exists, every query parameter is declared and of its type, and the body
validates against the operation's request schema with no property a schema does not
declare (each object schema is closed), every required field present, every enum and
pattern kept. Headers are not checked against it: the spec declares no header parameter
(only the Bearer scheme), and the one other header seqsync sends, ``x-as-workspace`` for
a sub-workspace, is documented beside it (docs/providers/instantly.md §1); the requests
made in a sub-workspace are checked like the others."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from seqsync.providers.instantly.kind import INSTANTLY
from seqsync.sandbox.instantly.workspaces import SUB_WORKSPACES
from seqsync.sandbox.recorder import ENV_VAR as RECORD_VAR
from seqsync.sandbox.recorder import RecordedRequest, read_recording
from seqsync.sandbox.worlds import ENV_VAR as WORLD_VAR
from tests.conftest import RunCli

SPEC_PATH = Path(__file__).parent.parent / "data" / "instantly-v2.openapi.json"
PREFIX = "/api/v2"  # the connection's base URL ends in it; the spec's paths start with it
CONNECTION = "outbound"


@cache
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    return loaded


def closed(schema: Any) -> Any:
    """``schema`` with every object schema that declares properties closed to others."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    done = {key: closed(value) for key, value in schema.items()}
    if "properties" in done and "additionalProperties" not in done:
        done["additionalProperties"] = False
    return done


def operation(method: str, path: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The spec's operation for an actual request, and its path parameters."""
    for template, item in spec()["paths"].items():
        names = re.findall(r"\{(\w+)\}", template)
        pattern = "^" + re.sub(r"\\\{\w+\\\}", "([^/]+)", re.escape(template)) + "$"
        found = re.match(pattern, path)
        if found and method.lower() in item:
            return item[method.lower()], dict(zip(names, found.groups(), strict=True))
    raise AssertionError(f"{method} {path} is not an operation of Instantly's OpenAPI")


def _validate(schema: dict[str, Any], value: Any, where: str) -> None:
    validator = jsonschema.Draft202012Validator(
        closed(schema), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(value), key=lambda e: list(e.path))
    assert not errors, f"{where}: " + "; ".join(
        f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors
    )


def _typed(value: str, schema: dict[str, Any]) -> Any:
    """A query string value as the type its schema declares."""
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if ("integer" in kinds or "number" in kinds) and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return float(value) if "." in value else int(value)
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    return value


def check_request(request: RecordedRequest) -> None:
    path = PREFIX + request.path
    where = f"{request.method} {path}"
    found, path_values = operation(request.method, path)
    parameters = {(p["in"], p["name"]): p for p in found.get("parameters") or []}
    for name, value in path_values.items():
        declared = parameters.get(("path", name))
        assert declared is not None, f"{where}: path parameter {name} is not declared"
        _validate(declared.get("schema") or {}, value, f"{where} path {name}")
    for name, value in request.query.items():
        declared = parameters.get(("query", name))
        assert declared is not None, f"{where}: query parameter {name!r} is not declared"
        schema = declared.get("schema") or {}
        _validate(schema, _typed(value, schema), f"{where} query {name}")
    for (place, name), declared in parameters.items():
        if declared.get("required") and place == "query":
            assert name in request.query, f"{where}: required query parameter {name} missing"
    body_spec = (found.get("requestBody") or {}).get("content", {}).get("application/json")
    if body_spec is None:
        assert request.body is None, f"{where}: sends a body the operation does not take"
        return
    if request.body is None:
        assert not found["requestBody"].get("required"), f"{where}: its body is required"
        return
    _validate(body_spec["schema"], request.body, f"{where} body")


def test_the_strict_check_refuses_what_the_spec_does_not_declare() -> None:
    good = {"sequences": [{"steps": [{"type": "email", "delay": 1, "variants": []}]}]}
    check_request(RecordedRequest("instantly", "PATCH", "/campaigns/x", {}, good, 200, ""))
    for bad in (
        {"sequences": [{"steps": [{"type": "email", "delay": 1, "variants": [], "id": "s1"}]}]},
        {"sequences": [{"steps": [{"type": "sms", "delay": 1, "variants": []}]}]},
        {"sequences": [{"steps": [{"type": "email", "variants": []}]}]},
        {"sequences": [{"steps": [{"type": "email", "delay": "1", "variants": []}]}]},
        {"unknown": 1},
    ):
        with pytest.raises(AssertionError):
            check_request(RecordedRequest("instantly", "PATCH", "/campaigns/x", {}, bad, 200, ""))
    with pytest.raises(AssertionError, match="not declared"):
        check_request(
            RecordedRequest("instantly", "GET", "/campaigns", {"page": "2"}, None, 200, "")
        )
    with pytest.raises(AssertionError, match="limit"):
        check_request(
            RecordedRequest("instantly", "GET", "/campaigns", {"limit": "500"}, None, 200, "")
        )


CASES = [  # (world, sub-workspace)
    pytest.param("", None, id="default"),
    pytest.param("instantly.sequence_patch=merge", None, id="instantly.sequence_patch=merge"),
    pytest.param("instantly.active_edits=refused", None, id="instantly.active_edits=refused"),
    pytest.param("", next(iter(SUB_WORKSPACES)), id="sub-workspace"),
]


@pytest.mark.parametrize(("world", "workspace"), CASES)
def test_every_request_seqsync_sends_conforms_to_the_openapi(
    world: str,
    workspace: str | None,
    tmp_path: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = tmp_path / "requests.jsonl"
    monkeypatch.setenv(RECORD_VAR, str(record))
    monkeypatch.setenv(WORLD_VAR, world)
    project = tmp_path / "project"
    project.mkdir()
    monkeypatch.chdir(project)
    yaml = YAML()
    with (project / "seqsync.yaml").open("w", encoding="utf-8") as out:
        connection: dict[str, Any] = {"provider": "instantly", "sandbox": True}
        if workspace is not None:
            connection["workspace"] = workspace
        yaml.dump({"connections": {CONNECTION: connection}}, out)
    document: dict[str, Any] = {
        "name": "launch",
        "connection": CONNECTION,
        **INSTANTLY.starter()[1],  # type: ignore[dict-item]
    }

    def write() -> None:
        with (project / "launch.yaml").open("w", encoding="utf-8") as out:
            yaml.dump(document, out)

    write()
    assert run_cli("apply", "--auto-approve").code == 0
    document["steps"][0]["variants"][1]["disabled"] = True
    document["steps"][1]["delay"] = "90m"
    document["schedule"]["days"] = [0, 6]
    document["schedule"]["timezone"] = "Asia/Kolkata"
    write()
    applied = run_cli("apply", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    assert run_cli("plan", "--show-unmanaged", "--detailed-exitcode").code == 0
    assert run_cli("check").code == 0
    assert run_cli("import", "--connection", CONNECTION, "--all", "--dir", "imported").code == 0
    sent = [request for request in read_recording(record) if request.api == "instantly"]
    kinds = {(request.method, "{id}" if request.path.count("/") > 1 else "") for request in sent}
    assert kinds >= {("POST", ""), ("PATCH", "{id}"), ("GET", "{id}"), ("GET", "")}
    for request in sent:
        check_request(request)

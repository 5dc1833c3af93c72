"""Every request seqsync sends to Supaglue, through plans and applies in every engine and
in each world the sandbox offers for Supaglue, conforms strictly to Supaglue's published
OpenAPI (tests/data/supaglue-engagement-v2.openapi.json): declared paths and query
parameters, required fields, enums, types, and no property the spec does not declare
(Supaglue's validator would strip it silently)."""

from __future__ import annotations

import random
from typing import Any

import jsonschema
import pytest

from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.recorder import Recorder
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.state import StateStore
from seqsync.sandbox.worlds import World
from tests.plan.builders import supaglue_doc
from tests.plan.inprocess import InProcess
from tests.providers.openapi import check_request, operation, spec
from tests.worlds import ALL_WORLDS

SUPAGLUE_WORLDS: list[tuple[dict[str, str], str]] = [({}, "default")] + [
    (settings, name)
    for name, settings in ALL_WORLDS
    if all(key.split(".")[0] in {"supaglue", "apollo", "outreach"} for key in settings)
]
CONNECTIONS = {"apollo": "apollo", "outreach": "sg", "salesloft": "sl"}


def _steps(engine: str) -> list[dict[str, Any]]:
    email: dict[str, Any] = {
        "type": "auto_email",
        "delay": "0",
        "task_note": "first touch",
        "template": {"subject": "Hello {{first_name}}", "body": "<p>Hi {{first_name}}</p>"},
    }
    follow_up = {
        "type": "manual_email",
        "delay": "2d",
        "template": {"subject": "Following up", "body": "<p>Any thoughts?</p>"},
    }
    call: dict[str, Any] = {"type": "call", "delay": "1d", "task_note": "ring them"}
    if engine == "outreach":  # Supaglue's Outreach mapping needs a template on every step
        call["template"] = {"subject": "Call", "body": "<p>script</p>"}
    return [email, follow_up, call]


def _check_query(method: str, path: str, query: dict[str, str]) -> None:
    """Each query parameter declared by the operation (or its path), its value valid."""
    template, op = operation(method, path)
    declared = {}
    for parameter in [*spec()["paths"][template].get("parameters", []), *op.get("parameters", [])]:
        resolved = _resolve_parameter(parameter)
        if resolved.get("in") == "query":
            declared[resolved["name"]] = resolved.get("schema", {})
    for name, value in query.items():
        assert name in declared, f"{method} {template}: query parameter {name!r} is not declared"
        schema = declared[name]
        typed: Any = int(value) if schema.get("type") == "integer" else value
        errors = list(jsonschema.Draft4Validator(schema).iter_errors(typed))
        assert not errors, f"{method} {template}: query {name}={value!r}: {errors[0].message}"


def _resolve_parameter(parameter: dict[str, Any]) -> dict[str, Any]:
    if "$ref" not in parameter:
        return parameter
    found: dict[str, Any] = spec()["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[-1]]
    return found


@pytest.mark.parametrize("engine", sorted(CONNECTIONS))
@pytest.mark.parametrize(
    ("world", "world_name"), SUPAGLUE_WORLDS, ids=[n for _, n in SUPAGLUE_WORLDS]
)
def test_every_request_of_a_create_and_an_edit_conforms(
    engine: str, world: dict[str, str], world_name: str
) -> None:
    recorder = Recorder()
    sandbox = Sandbox(
        StateStore(None, initial_state),
        rng=random.Random(3),
        inbox_rate_limits=False,
        recorder=recorder,
        world=World.parse(world),
    )
    run = InProcess(sandbox=sandbox)
    connection = CONNECTIONS[engine]
    title = f"Conformance on {engine}"
    created = run.plan(
        supaglue_doc(_steps(engine), id=None, title=title, connection=connection),
        "supaglue",
        engine,
    )
    assert not created.errors, created.errors
    assert not run.apply(created).failed
    sequence_id = run.find_sequence(connection, title)
    if engine != "salesloft":  # Supaglue cannot update Salesloft steps
        edited = _steps(engine)
        edited[0]["template"]["subject"] = "Hello again {{first_name}}"
        doc = supaglue_doc(edited, id=sequence_id, title=title, connection=connection)
        patch = run.plan(doc, "supaglue", engine)
        assert [op.kind for op in patch.operations] == ["patch_step"], patch.errors
        assert not run.apply(patch, doc, "supaglue", engine).failed
    sent = [request for request in recorder.requests if request.api == "supaglue"]
    assert {request.method for request in sent} >= {"GET", "POST"}
    for request in sent:
        path = request.path[request.path.index("/sequences") :]
        _check_query(request.method, path, request.query)
        check_request(request.method, path, request.body)


def test_the_check_refuses_what_supaglue_would_strip_or_reject() -> None:
    """The checks above can fail: a property the spec does not declare (which Supaglue's
    validator would drop silently) and a query parameter it does not take."""
    record = {"name": "x", "type": "team", "steps": [], "owner": "someone"}
    with pytest.raises(AssertionError, match="owner"):
        check_request("POST", "/sequences", {"record": record})
    with pytest.raises(AssertionError, match="not declared"):
        _check_query("GET", "/sequences", {"sort": "name"})

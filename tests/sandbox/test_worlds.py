"""Sandbox worlds: each switch changes what the emulators answer, a refused write changes
nothing, and a world is chosen from the environment, `sandbox serve --world` or a
connection's `sandbox_world`."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path
from typing import Any

import httpx
import pytest

from seqsync.project.loader import load_project
from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.faults import Faults
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.state import StateStore
from seqsync.sandbox.wire import SandboxRequest, SandboxResponse
from seqsync.sandbox.worlds import ENV_VAR, SWITCHES, World
from seqsync.workflow.session import ProviderSession
from tests.conftest import RunCli
from tests.sandbox_server import served_sandbox
from tests.worlds import ALL_WORLDS, world_text

SH = {"x-api-key": "k"}
X = {"authorization": "Bearer t"}
SEQ = "/v1/sequences/JA5YdAr9wy"
CAMPAIGN = "/campaigns/usdjpdql3f90seqk13rwuo7z"
EMAIL = {"payload": {"subject": "s", "content": "<p>c</p>"}}


def sg(engine: str) -> dict[str, str]:
    return {"x-api-key": "k", "x-customer-id": "acme", "x-provider-name": engine}


def fresh(*, faults: Faults | None = None) -> Sandbox:
    return Sandbox(
        StateStore(None, initial_state),
        faults=faults,
        rng=random.Random(7),
        inbox_rate_limits=False,
    )


def world(**settings: str) -> World:
    return World.parse({name.replace("__", "."): value for name, value in settings.items()})


def call(
    sandbox: Sandbox,
    api: str,
    method: str,
    path: str,
    headers: dict[str, str],
    body: Any = None,
    *,
    in_world: World,
    query: dict[str, str] | None = None,
) -> SandboxResponse:
    request = SandboxRequest(method, path, query or {}, headers, body)
    result = sandbox.handle(api, request, in_world)
    assert result.response is not None
    return result.response


def snapshot(sandbox: Sandbox) -> str:
    with sandbox.store.transaction() as tx:
        return json.dumps(tx.state, sort_keys=True)


def refused_unchanged(
    sandbox: Sandbox, api: str, method: str, path: str, headers: dict[str, str], body: Any, w: World
) -> SandboxResponse:
    before = snapshot(sandbox)
    response = call(sandbox, api, method, path, headers, body, in_world=w)
    assert response.status == 400, response.body
    assert snapshot(sandbox) == before
    return response


# --- parsing -----------------------------------------------------------------------


def test_defaults_are_each_switchs_first_value() -> None:
    assert World().settings() == {switch.name: switch.values[0] for switch in SWITCHES}
    assert World().describe() == "default world"
    assert World.from_environment({}) == World()


def test_parse_merges_over_a_base_and_describes_the_differences() -> None:
    base = World.from_text("saleshandy.enums=names, inbox.delay_units=days")
    merged = World.parse({"inbox.delay_units": "any", "apollo.body": "document"}, base=base)
    assert merged.saleshandy_enums == "names"
    assert merged.inbox_delay_units == "any"
    assert merged.describe() == "world saleshandy.enums=names,apollo.body=document"


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"saleshandy.enum": "names"}, "unknown sandbox world switch 'saleshandy.enum'"),
        ({"saleshandy.enums": "Names"}, "takes numbers, names, both (default numbers)"),
        ({"inbox.like_tweet": "liketweet"}, "takes likeTweet, like-tweet, like_tweet"),
    ],
)
def test_parse_names_the_unknown_switch_or_value(settings: dict[str, str], expected: str) -> None:
    with pytest.raises(ValueError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        World.parse(settings)


def test_environment_text_must_be_switch_equals_value() -> None:
    with pytest.raises(ValueError, match=f"{ENV_VAR}: sandbox world setting 'apollo.body'"):
        World.from_environment({ENV_VAR: "apollo.body"})
    assert World.from_environment({ENV_VAR: "apollo.body=document,"}).apollo_body == "document"


def test_every_matrix_world_parses() -> None:
    ids = [name for name, _ in ALL_WORLDS]
    assert len(ids) == len(set(ids)) == sum(len(s.values) - 1 for s in SWITCHES) + 1
    for _, settings in ALL_WORLDS:
        assert World.from_text(world_text(settings)).differences() == settings


# --- saleshandy.enums ----------------------------------------------------------------


def test_enums_numbers_refuses_names_and_reads_numbers() -> None:
    sandbox, w = fresh(), world(saleshandy__enums="numbers")
    step = {"type": "Email", "absoluteDays": 40, "variants": [EMAIL]}
    refused = refused_unchanged(sandbox, "saleshandy", "POST", f"{SEQ}/steps", SH, step, w)
    assert refused.body["errorCode"] == 4000
    assert "numeric channel code" in refused.body["message"]
    priority = {**step, "type": 1, "priority": "High"}
    refused = refused_unchanged(sandbox, "saleshandy", "POST", f"{SEQ}/steps", SH, priority, w)
    assert "1 (Urgent)" in refused.body["message"]
    created = call(
        sandbox, "saleshandy", "POST", f"{SEQ}/steps", SH, {**priority, "priority": 2}, in_world=w
    )
    assert created.status == 201
    assert created.body["type"] == 1
    read = call(sandbox, "saleshandy", "GET", f"{SEQ}/steps", SH, in_world=w).body["payload"]
    assert all(isinstance(s["type"], int) for s in read)


def test_enums_names_refuses_numbers_and_reads_names() -> None:
    sandbox, w = fresh(), world(saleshandy__enums="names")
    step = {"type": 1, "absoluteDays": 40, "variants": [EMAIL]}
    refused = refused_unchanged(sandbox, "saleshandy", "POST", f"{SEQ}/steps", SH, step, w)
    assert "channel name: Email, LinkedInConnectionRequest" in refused.body["message"]
    named = {**step, "type": "Email", "priority": 2}
    refused = refused_unchanged(sandbox, "saleshandy", "POST", f"{SEQ}/steps", SH, named, w)
    assert "Urgent, High, Normal, Low" in refused.body["message"]
    created = call(
        sandbox,
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        {**named, "priority": "High"},
        in_world=w,
    )
    assert created.status == 201
    assert created.body["type"] == "Email"
    steps = call(sandbox, "saleshandy", "GET", f"{SEQ}/steps", SH, in_world=w).body["payload"]
    assert {s["type"] for s in steps} >= {"Email", "WhatsappMessage"}
    assert all(isinstance(v["type"], str) for s in steps for v in s["variants"])
    variants = call(
        sandbox, "saleshandy", "GET", f"{SEQ}/steps/{created.body['id']}", SH, in_world=w
    ).body["payload"]
    assert [v["type"] for v in variants] == ["Email"]
    # The same state read in the default world: numbers (the world is per request).
    default = call(sandbox, "saleshandy", "GET", f"{SEQ}/steps", SH, in_world=World())
    assert all(isinstance(s["type"], int) for s in default.body["payload"])
    patch = f"{SEQ}/steps/{created.body['id']}/variants/{variants[0]['id']}"
    refused_unchanged(sandbox, "saleshandy", "PATCH", patch, SH, {"type": 1}, w)
    ok = call(sandbox, "saleshandy", "PATCH", patch, SH, {"type": "Email"}, in_world=w)
    assert ok.status == 200


def test_enums_both_takes_either_and_reads_numbers() -> None:
    sandbox, w = fresh(), world(saleshandy__enums="both")
    for day, (kind, priority) in enumerate([(1, "Low"), ("Email", 4)], start=40):
        body = {"type": kind, "absoluteDays": day, "variants": [EMAIL], "priority": priority}
        created = call(sandbox, "saleshandy", "POST", f"{SEQ}/steps", SH, body, in_world=w)
        assert created.status == 201
        assert created.body["type"] == 1
    bad = {"type": "Mail", "absoluteDays": 50, "variants": [EMAIL]}
    refused = refused_unchanged(sandbox, "saleshandy", "POST", f"{SEQ}/steps", SH, bad, w)
    assert "or its name" in refused.body["message"]


# --- saleshandy.payloads -------------------------------------------------------------

CONTESTED = [
    (9, {"title": "Research", "action": {"name": "Open", "url": "https://example.com"}}),
    (16, {"message": "Hi there"}),
]


@pytest.mark.parametrize(("channel", "payload"), CONTESTED)
@pytest.mark.parametrize("value", ["fields", "empty", "refuse"])
def test_payloads_world_decides_the_contested_keys(
    channel: int, payload: dict[str, Any], value: str
) -> None:
    sandbox, w = fresh(), world(saleshandy__payloads=value)
    body = {"type": channel, "absoluteDays": 60, "variants": [{"payload": payload}]}
    if value == "refuse":
        refused = refused_unchanged(sandbox, "saleshandy", "POST", f"{SEQ}/steps", SH, body, w)
        assert refused.body["errorCode"] == 4000
        return
    created = call(sandbox, "saleshandy", "POST", f"{SEQ}/steps", SH, body, in_world=w)
    assert created.status == 201
    path = f"{SEQ}/steps/{created.body['id']}"
    [variant] = call(sandbox, "saleshandy", "GET", path, SH, in_world=w).body["payload"]
    assert variant["payload"] == (payload if value == "fields" else {})
    patched = call(
        sandbox,
        "saleshandy",
        "PATCH",
        f"{path}/variants/{variant['id']}",
        SH,
        {"payload": payload},
        in_world=w,
    )
    assert patched.status == 200
    [variant] = call(sandbox, "saleshandy", "GET", path, SH, in_world=w).body["payload"]
    assert variant["payload"] == (payload if value == "fields" else {})


def test_payloads_refuse_refuses_a_patch_too() -> None:
    sandbox = fresh()
    body = {"type": 16, "absoluteDays": 60, "variants": [{"payload": {}}]}
    created = call(sandbox, "saleshandy", "POST", f"{SEQ}/steps", SH, body, in_world=World())
    path = f"{SEQ}/steps/{created.body['id']}"
    [variant] = call(sandbox, "saleshandy", "GET", path, SH, in_world=World()).body["payload"]
    patch = {"payload": {"message": "x"}}
    w = world(saleshandy__payloads="refuse")
    refused_unchanged(
        sandbox, "saleshandy", "PATCH", f"{path}/variants/{variant['id']}", SH, patch, w
    )


# --- apollo.call_template, apollo.body ------------------------------------------------


def apollo_sequence(sandbox: Sandbox, w: World, steps: list[dict[str, Any]]) -> str:
    record = {"name": "x", "type": "team", "steps": steps}
    created = call(
        sandbox, "supaglue", "POST", "/sequences", sg("apollo"), {"record": record}, in_world=w
    )
    assert created.status == 201, created.body
    sequence_id: str = created.body["record"]["id"]
    return sequence_id


def read_steps(sandbox: Sandbox, engine: str, sequence_id: str, w: World) -> list[dict[str, Any]]:
    read = call(sandbox, "supaglue", "GET", f"/sequences/{sequence_id}", sg(engine), in_world=w)
    assert read.status == 200, read.body
    steps: list[dict[str, Any]] = read.body["steps"]
    return steps


@pytest.mark.parametrize("kind", ["call", "task"])
def test_apollo_call_template_none_drops_it(kind: str) -> None:
    sandbox, w = fresh(), world(apollo__call_template="none")
    template = {"subject": "Script", "body": "<p>Say hi</p>"}
    sequence_id = apollo_sequence(sandbox, w, [{"type": kind, "template": template}])
    [step] = read_steps(sandbox, "apollo", sequence_id, w)
    assert step["template"] == {"subject": "", "body": ""}
    patch = {"record": {"template": {"subject": "New"}}}
    path = f"/sequences/{sequence_id}/sequence_steps/{step['id']}"
    before = snapshot(sandbox)
    answer = call(sandbox, "supaglue", "PATCH", path, sg("apollo"), patch, in_world=w)
    assert answer.status == 404
    [error] = answer.body["errors"]
    assert error["code"] == "NOT_FOUND_ERROR"
    assert error["detail"].startswith("Unable to find sequence step touch/template")
    assert snapshot(sandbox) == before


def test_apollo_call_template_kept_reads_and_patches_it() -> None:
    sandbox, w = fresh(), world(apollo__call_template="kept")
    template = {"subject": "Script", "body": "<p>Say hi</p>"}
    sequence_id = apollo_sequence(sandbox, w, [{"type": "call", "template": template}])
    [step] = read_steps(sandbox, "apollo", sequence_id, w)
    assert (step["template"]["subject"], step["template"]["body"]) == ("Script", "<p>Say hi</p>")
    path = f"/sequences/{sequence_id}/sequence_steps/{step['id']}"
    patch = {"record": {"template": {"subject": "New"}}}
    assert call(sandbox, "supaglue", "PATCH", path, sg("apollo"), patch, in_world=w).status == 200
    assert read_steps(sandbox, "apollo", sequence_id, w)[0]["template"]["subject"] == "New"


def test_apollo_body_document_wraps_reads_only() -> None:
    sandbox = fresh()
    email = {"type": "auto_email", "template": {"subject": "S", "body": "<p>Hi</p>"}}
    sequence_id = apollo_sequence(sandbox, World(), [email])
    plain = read_steps(sandbox, "apollo", sequence_id, world(apollo__body="plain"))
    document = read_steps(sandbox, "apollo", sequence_id, world(apollo__body="document"))
    assert plain[0]["template"]["body"] == "<p>Hi</p>"
    assert document[0]["template"]["body"] == "<html><head></head><body><p>Hi</p></body></html>"


# --- outreach.read_order ---------------------------------------------------------------


def outreach_sequence(sandbox: Sandbox, w: World, subjects: list[str]) -> str:
    steps = [
        {"type": "auto_email", "interval_seconds": 86_400, "template": {"subject": s, "body": s}}
        for s in subjects
    ]
    record = {"name": "x", "type": "team", "steps": steps}
    created = call(
        sandbox, "supaglue", "POST", "/sequences", sg("outreach"), {"record": record}, in_world=w
    )
    assert created.status == 201, created.body
    sequence_id: str = created.body["record"]["id"]
    return sequence_id


def test_outreach_read_order() -> None:
    subjects = [f"s{n}" for n in range(1, 7)]
    for value, shuffled in (("order", False), ("creation", True)):
        sandbox, w = fresh(), world(outreach__read_order=value)
        sequence_id = outreach_sequence(sandbox, w, subjects)
        read = [s["template"]["subject"] for s in read_steps(sandbox, "outreach", sequence_id, w)]
        assert sorted(read) == subjects
        assert (read != subjects) is shuffled
        # A step created later at order 1: first by order, last by creation.
        step = {"type": "auto_email", "order": 1, "template": {"subject": "new", "body": "b"}}
        path = f"/sequences/{sequence_id}/sequence_steps"
        assert (
            call(sandbox, "supaglue", "POST", path, sg("outreach"), {"record": step}, in_world=w)
        ).status == 201
        read = [s["template"]["subject"] for s in read_steps(sandbox, "outreach", sequence_id, w)]
        assert read.index("new") == (len(subjects) if shuffled else 0)


# --- supaglue.errors -------------------------------------------------------------------


@pytest.mark.parametrize("engine", ["apollo", "outreach", "salesloft"])
def test_unknown_sequence_by_errors_world(engine: str) -> None:
    sandbox = fresh()
    middleware = call(sandbox, "supaglue", "GET", "/sequences/777", sg(engine), in_world=World())
    assert middleware.status == 500
    [error] = middleware.body["errors"]
    assert (error["code"], error["status"]) == ("INTERNAL_SERVER_ERROR", "500")
    assert error["detail"].startswith("[HTTP 404]: GET https://")
    spec = call(
        sandbox,
        "supaglue",
        "GET",
        "/sequences/777",
        sg(engine),
        in_world=world(supaglue__errors="spec"),
    )
    assert spec.status == 404
    assert spec.body["errors"][0]["code"] == "NOT_FOUND_ERROR"


def test_apollo_refusal_by_errors_world() -> None:
    step = {"type": "call", "custom_fields": {"__about_us": "x"}}
    record = {"record": {"name": "x", "type": "team", "steps": [step]}}
    sandbox = fresh()
    before = snapshot(sandbox)
    middleware = call(
        sandbox, "supaglue", "POST", "/sequences", sg("apollo"), record, in_world=World()
    )
    assert middleware.status == 500
    assert middleware.body["errors"][0]["detail"].startswith(
        "[HTTP 400]: POST https://api.apollo.io"
    )
    spec = call(
        sandbox,
        "supaglue",
        "POST",
        "/sequences",
        sg("apollo"),
        record,
        in_world=world(supaglue__errors="spec"),
    )
    assert spec.status == 400
    assert spec.body["errors"][0]["code"] == "BAD_REQUEST"
    assert snapshot(sandbox) == before


@pytest.mark.parametrize(
    ("api", "value", "retry_after"),
    [
        ("supaglue", "middleware", False),
        ("supaglue", "spec", True),
        ("saleshandy", "middleware", True),
        ("inbox", "middleware", True),
    ],
)
def test_rate_limit_fault_retry_after(api: str, value: str, retry_after: bool) -> None:
    sandbox = fresh(faults=Faults(burst_429_every=1))
    headers = {"supaglue": sg("outreach"), "saleshandy": SH, "inbox": X}[api]
    path = {"supaglue": "/sequences/1042", "saleshandy": f"{SEQ}/steps", "inbox": CAMPAIGN}[api]
    answer = call(sandbox, api, "GET", path, headers, in_world=world(supaglue__errors=value))
    assert answer.status == 429
    assert ("Retry-After" in answer.headers) is retry_after


# --- supaglue.custom_fields ------------------------------------------------------------


@pytest.mark.parametrize("value", ["as-sent", "camelcased"])
def test_custom_fields_camelcased_in_a_sequence_create_only(value: str) -> None:
    sandbox, w = fresh(), world(supaglue__custom_fields=value)
    fields = {"taskPriority": {"cadence_step_groups": [{"due_immediately": True}]}}
    step = {
        "type": "auto_email",
        "template": {"subject": "s", "body": "b"},
        "custom_fields": fields,
    }
    record = {"record": {"name": "x", "type": "team", "steps": [step]}}
    created = call(sandbox, "supaglue", "POST", "/sequences", sg("outreach"), record, in_world=w)
    sequence_id = created.body["record"]["id"]
    path = f"/sequences/{sequence_id}/sequence_steps"
    added = call(
        sandbox,
        "supaglue",
        "POST",
        path,
        sg("outreach"),
        {"record": {**step, "order": 2}},
        in_world=w,
    )
    assert added.status == 201
    read = call(
        sandbox,
        "supaglue",
        "GET",
        f"/sequences/{sequence_id}",
        sg("outreach"),
        in_world=w,
        query={"include_raw_data": "true"},
    ).body["steps"]
    camel = {"taskPriority": {"cadenceStepGroups": [{"dueImmediately": True}]}}
    assert read[0]["raw_data"] == (camel if value == "camelcased" else fields)
    assert read[1]["raw_data"] == fields  # a step create keeps its custom_fields as sent


def test_camelcased_keys_can_become_unknown_to_the_engine() -> None:
    # Apollo's snake_case attribute, camelCased, is not one Apollo has.
    step = {"type": "call", "custom_fields": {"max_emails_per_day": 5}}
    record = {"record": {"name": "x", "type": "team", "steps": [step]}}
    sandbox = fresh()
    assert (
        call(
            sandbox, "supaglue", "POST", "/sequences", sg("apollo"), record, in_world=World()
        ).status
        == 201
    )
    w = world(supaglue__custom_fields="camelcased")
    before = snapshot(sandbox)
    refused = call(sandbox, "supaglue", "POST", "/sequences", sg("apollo"), record, in_world=w)
    assert refused.status == 500
    assert "emailer_steps" in refused.body["errors"][0]["detail"]
    assert snapshot(sandbox) == before


# --- inbox.like_tweet, inbox.delay_units -----------------------------------------------

LITERALS = ["likeTweet", "like-tweet", "like_tweet"]
MESSAGE = {"type": "message", "data": {"segments": [{"type": "static", "text": "Hi"}]}}


@pytest.mark.parametrize("literal", LITERALS)
def test_like_tweet_literal(literal: str) -> None:
    sandbox, w = fresh(), world(inbox__like_tweet=literal)
    seeded = call(sandbox, "inbox", "GET", CAMPAIGN, X, in_world=w).body["steps"][0]
    assert seeded["type"] == literal
    for other in LITERALS:
        body = {"steps": [{"type": other, "data": {}}, MESSAGE]}
        if other != literal:
            refused = refused_unchanged(
                sandbox, "inbox", "PUT", f"/campaigns/v2/{CAMPAIGN[11:]}/sequence", X, body, w
            )
            assert refused.body["error"]["status"] == 400
            assert literal in refused.body["error"]["message"]
    body = {"steps": [MESSAGE, {"type": literal, "data": {}}]}
    put = call(
        sandbox, "inbox", "PUT", f"/campaigns/v2/{CAMPAIGN[11:]}/sequence", X, body, in_world=w
    )
    assert put.status == 200
    steps = call(sandbox, "inbox", "GET", CAMPAIGN, X, in_world=w).body["steps"]
    assert [s["type"] for s in steps] == ["message", literal]


@pytest.mark.parametrize("unit", ["minutes", "hours", "days"])
@pytest.mark.parametrize("value", ["any", "days"])
def test_delay_units(unit: str, value: str) -> None:
    sandbox, w = fresh(), world(inbox__delay_units=value)
    body = {"steps": [{"type": "delay", "data": {"delaySeconds": 3600, "unit": unit}}, MESSAGE]}
    path = f"/campaigns/v2/{CAMPAIGN[11:]}/sequence"
    if value == "days" and unit != "days":
        refused = refused_unchanged(sandbox, "inbox", "PUT", path, X, body, w)
        assert "must be one of days" in refused.body["error"]["message"]
    else:
        assert call(sandbox, "inbox", "PUT", path, X, body, in_world=w).status == 200


# --- choosing a world: sandbox serve, the environment, seqsync.yaml ----------------------


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--world", "inbox.like_tweet=retweet"], "", "has no value 'retweet'"),
        (["--world", "apollo.bodies=document"], "", "unknown sandbox world switch 'apollo.bodies'"),
        (["--world", "apollo.body"], "", "must be switch=value"),
        ([], "nope=1", f"{ENV_VAR}: unknown sandbox world switch 'nope'"),
    ],
)
def test_serve_refuses_a_bad_world_cleanly(
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
    env: str,
    expected: str,
) -> None:
    monkeypatch.setenv(ENV_VAR, env)
    result = run_cli("sandbox", "serve", "--port", "0", "--state", str(tmp_path / "s.json"), *args)
    assert result.code == 1
    assert expected in result.err
    assert "Traceback" not in result.err


def test_serve_world_flag_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, "inbox.like_tweet=like_tweet,inbox.delay_units=days")
    with served_sandbox(tmp_path, "--world", "inbox.like_tweet=like-tweet") as served:
        read = httpx.get(f"{served.base_url('inbox')}{CAMPAIGN}", headers=X).json()
        assert read["steps"][0]["type"] == "like-tweet"
        body = {"steps": [{"type": "delay", "data": {"delaySeconds": 60, "unit": "minutes"}}]}
        put = httpx.put(
            f"{served.base_url('inbox')}/campaigns/v2/{CAMPAIGN[11:]}/sequence",
            headers=X,
            json=body,
        )
        assert put.status_code == 400  # the environment's delay_units still holds


CONFIG = """\
connections:
  x-sandbox:
    provider: inbox
    sandbox: true
    sandbox_world: {WORLD}
  x-plain:
    provider: inbox
    sandbox: true
"""


def project(tmp_path: Path, world_yaml: str) -> Path:
    (tmp_path / "seqsync.yaml").write_text(CONFIG.replace("{WORLD}", world_yaml))
    return tmp_path


def like_tweet_read(session: ProviderSession, connection: str) -> str:
    factory = session.factories.get(connection, session.factory)
    assert factory.sandbox_transport is not None
    transport = factory.sandbox_transport("inbox", "")

    async def read() -> str:
        async with httpx.AsyncClient(transport=transport, base_url="http://inbox") as client:
            answer = await client.get(CAMPAIGN, headers=X)
            kind: str = answer.json()["steps"][0]["type"]
            return kind

    return asyncio.run(read())


def test_connection_sandbox_world_over_the_environment(tmp_path: Path) -> None:
    root = project(tmp_path, "{inbox.like_tweet: like_tweet}")
    loaded = load_project([root], root)
    assert loaded.config is not None
    assert not loaded.diagnostics
    session = ProviderSession.for_project(
        loaded.config, root, environ={ENV_VAR: "inbox.like_tweet=like-tweet"}
    )
    assert like_tweet_read(session, "x-sandbox") == "like_tweet"
    assert like_tweet_read(session, "x-plain") == "like-tweet"  # the same state, its own world


def test_connection_sandbox_world_unknown_switch_is_a_config_error(
    tmp_path: Path, run_cli: RunCli
) -> None:
    root = project(tmp_path, "{inbox.like_tweets: like_tweet}")
    (root / "x.yaml").write_text(
        "name: x-founders\nconnection: x-sandbox\nid: usdjpdql3f90seqk13rwuo7z\n"
        "title: Founders on X\nsteps:\n  - message: Hi\n"
    )
    result = run_cli("plan", str(root))
    assert result.code == 1
    assert "connection 'x-sandbox': sandbox_world: unknown sandbox world switch" in result.err
    assert "Traceback" not in result.err


def test_sandbox_world_without_sandbox_is_a_validation_problem(
    tmp_path: Path, run_cli: RunCli
) -> None:
    (tmp_path / "seqsync.yaml").write_text(
        "connections:\n  x:\n    provider: inbox\n    api_key: ${INBOX_KEY}\n"
        "    sandbox_world: {inbox.delay_units: days}\n"
    )
    result = run_cli("validate", str(tmp_path))
    assert result.code == 1
    assert "has sandbox_world but not sandbox: true" in result.out + result.err

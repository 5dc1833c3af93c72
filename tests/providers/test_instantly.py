"""Instantly (API v2): the file's rules, delays mapped to the wire and back, and the
journey through the embedded sandbox in each of its worlds (docs/providers/instantly.md)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seqsync.errors import Transient
from seqsync.model.problems import Problem
from seqsync.plan.model import Address, Level, Operation, Request, Verb
from seqsync.providers.instantly.client import InstantlyClient
from seqsync.providers.instantly.kind import INSTANTLY
from seqsync.providers.instantly.live import LiveInstantlyStep, LiveInstantlyVariant
from seqsync.providers.instantly.lower import replace_sequence, wire_steps
from seqsync.providers.instantly.mapping import live_campaign, wire_delay
from seqsync.providers.instantly.model import InstantlySequence
from seqsync.providers.instantly.provider import InstantlyProvider
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.worlds import ENV_VAR
from tests.conftest import RunCli

CONNECTION = "outbound"


def _document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "name": "launch",
        "connection": CONNECTION,
        **INSTANTLY.starter()[1],  # type: ignore[dict-item]
    }
    document.update(changes)
    return document


def _problems(document: dict[str, Any]) -> list[Problem]:
    return list(INSTANTLY.problems(InstantlySequence.model_validate(document), None))


# --- offline -----------------------------------------------------------------------------


def test_the_starter_is_valid_and_names_a_listed_timezone() -> None:
    assert _problems(_document()) == []
    with pytest.raises(ValueError, match="America/Chicago"):
        InstantlySequence.model_validate(
            _document(
                schedule={
                    "timezone": "America/New_York",
                    "days": [1],
                    "from": "09:00",
                    "to": "17:00",
                }
            )
        )


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ([{"delay": "1d", "variants": [{"subject": "s", "body": "b"}]}], "no wait before it"),
        (
            [
                {"variants": [{"subject": "s", "body": "b"}]},
                {"variants": [{"subject": "t", "body": "c"}]},
            ],
            "how long after the previous email",
        ),
        (
            [
                {"variants": [{"subject": "s", "body": "b"}]},
                {"delay": "30s", "variants": [{"subject": "t", "body": "c"}]},
            ],
            "whole minutes",
        ),
        ([{"variants": [{"subject": "s"}]}], "needs a body"),
        ([{"variants": [{"subject": "s", "body": "b", "disabled": True}]}], "never be sent"),
        ([], "at least one email"),
    ],
)
def test_file_rules(steps: list[dict[str, Any]], expected: str) -> None:
    messages = [problem.message for problem in _problems(_document(steps=steps))]
    assert any(expected in message for message in messages), messages


def test_each_wait_goes_on_the_step_before_it_in_the_largest_whole_unit() -> None:
    variant = (LiveInstantlyVariant("s", "<p>b</p>"),)
    steps = [
        LiveInstantlyStep(variant),
        LiveInstantlyStep(variant, wait=2 * 86_400),
        LiveInstantlyStep(variant, wait=36 * 3_600),
        LiveInstantlyStep(variant, wait=90 * 60),
    ]
    wire = wire_steps(steps)
    assert [(step["delay"], step["delay_unit"]) for step in wire] == [
        (2, "days"),
        (36, "hours"),
        (90, "minutes"),
        (0, "days"),
    ]
    assert wire[0]["variants"] == [{"subject": "s", "body": "<p>b</p>", "v_disabled": False}]
    read = live_campaign({"id": "c", "name": "n", "sequences": [{"steps": wire}]})
    assert list(read.steps) == steps
    assert wire_delay(0) == (0, "days")


def test_a_read_in_any_unit_means_the_same_wait() -> None:
    def step(delay: float, unit: str | None) -> dict[str, Any]:
        written: dict[str, Any] = {"type": "email", "delay": delay, "variants": []}
        if unit is not None:
            written["delay_unit"] = unit
        return written

    read = live_campaign(
        {"id": "c", "sequences": [{"steps": [step(1.5, None), step(48, "hours"), step(5, "days")]}]}
    )
    assert [s.wait for s in read.steps] == [None, 36 * 3_600, 48 * 3_600]
    assert read.trailing_delay == 5 * 86_400


# --- a lost PATCH answer is settled by reading again ---------------------------------------


class _LosingClient(InstantlyClient):
    """The first PATCH lands and its answer is lost; reads show what ``stored`` holds."""

    def __init__(self, stored: dict[str, Any], lands: bool) -> None:
        self.stored, self.lands, self.sent = stored, lands, 0

    async def send(self, request: Request, *, context: str) -> Any:
        self.sent += 1
        if self.lands or self.sent > 1:
            self.stored.update(request.body)
        if self.sent == 1:
            raise Transient("connection dropped after sending", ambiguous=True)
        return dict(self.stored)

    async def get_campaign(self, campaign_id: str, *, context: str) -> dict[str, Any]:
        return dict(self.stored)


@pytest.mark.parametrize("lands", [True, False])
def test_a_lost_patch_is_sent_again_only_if_it_did_not_land(lands: bool) -> None:
    variant = (LiveInstantlyVariant("new subject", "<p>b</p>"),)
    request = replace_sequence("c1", [LiveInstantlyStep(variant)], None)
    operation = Operation(Verb.REPLACE, Level.SEQUENCE, Address("launch"), request, "test")
    client = _LosingClient({"id": "c1", "name": "n", "sequences": []}, lands)
    provider = InstantlyProvider("x", client)
    asyncio.run(provider.apply(operation, "c1"))
    assert client.sent == (1 if lands else 2)
    assert live_campaign(client.stored).steps == (LiveInstantlyStep(variant),)


# --- through the embedded sandbox, in every world of Instantly's ---------------------------

WORLDS = [
    {},
    {"instantly.sequence_patch": "merge"},
    {"instantly.active_edits": "refused"},
]


def _project(root: Path, document: dict[str, Any]) -> Path:
    yaml = YAML()
    with (root / "seqsync.yaml").open("w", encoding="utf-8") as out:
        yaml.dump({"connections": {CONNECTION: {"provider": "instantly", "sandbox": True}}}, out)
    _write(root, document)
    return root


def _write(root: Path, document: dict[str, Any]) -> None:
    with (root / "launch.yaml").open("w", encoding="utf-8") as out:
        YAML().dump(document, out)


def _state(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / ".seqsync" / "sandbox.json").read_text("utf-8"))
    return data["instantly"]  # type: ignore[no-any-return]


SEEDED = frozenset(initial_state()["instantly"]["campaigns"])  # the example's campaign


def _made(instantly: dict[str, Any]) -> list[dict[str, Any]]:
    """The campaigns in the sandbox's Instantly state that the test's project made."""
    return [c for c in instantly["campaigns"].values() if c["id"] not in SEEDED]


def _world(monkeypatch: pytest.MonkeyPatch, world: dict[str, str]) -> None:
    monkeypatch.setenv(ENV_VAR, ",".join(f"{k}={v}" for k, v in world.items()))


@pytest.mark.parametrize("world", WORLDS, ids=lambda w: ",".join(w.values()) or "default")
def test_create_edit_and_plan_to_zero(
    world: dict[str, str], tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _world(monkeypatch, world)
    monkeypatch.chdir(_project(tmp_path, _document()))
    assert run_cli("apply", "--auto-approve").code == 0
    assert run_cli("plan", "--detailed-exitcode").code == 0
    (campaign,) = _made(_state(tmp_path))
    assert campaign["status"] == 0  # created as a draft
    edited = _document()
    edited["steps"][1]["delay"] = "36h"
    edited["steps"][1]["variants"][0]["subject"] = "Re: a better subject"
    edited["steps"][0]["variants"][1]["disabled"] = True
    edited["steps"].append({"delay": "90m", "variants": [{"subject": "Last", "body": "<p>x</p>"}]})
    _write(tmp_path, edited)
    planned = run_cli("plan", "--detailed-exitcode")
    assert planned.code == 2, planned.out + planned.err
    assert "replace_sequence" in planned.out
    assert "steps[1].delay" in planned.out
    applied = run_cli("apply", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    assert run_cli("plan", "--detailed-exitcode").code == 0
    steps = campaign_steps(tmp_path)
    assert [(s["delay"], s["delay_unit"]) for s in steps] == [
        (36, "hours"),
        (90, "minutes"),
        (0, "days"),
    ]


def campaign_steps(root: Path) -> list[dict[str, Any]]:
    (campaign,) = _made(_state(root))
    return campaign["sequences"][0]["steps"]  # type: ignore[no-any-return]


@pytest.mark.parametrize("patch", ["replace", "merge"])
def test_removing_a_step_is_kept_or_named_by_the_read_back(
    patch: str, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _world(monkeypatch, {"instantly.sequence_patch": patch})
    monkeypatch.chdir(_project(tmp_path, _document()))
    assert run_cli("apply", "--auto-approve").code == 0
    shorter = _document()
    shorter["steps"] = shorter["steps"][:1]
    _write(tmp_path, shorter)
    applied = run_cli("apply", "--auto-approve")
    if patch == "replace":
        assert applied.code == 0, applied.out + applied.err
        assert len(campaign_steps(tmp_path)) == 1
        assert run_cli("plan", "--detailed-exitcode").code == 0
    else:  # Instantly merged: the step stayed, and the apply says so and why
        assert applied.code == 1
        assert "not kept" in applied.out + applied.err
        assert "merges into it by position" in applied.out + applied.err


@pytest.mark.parametrize("edits", ["accepted", "refused"])
def test_an_active_campaign_is_replaced_only_past_the_destructive_gate(
    edits: str, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _world(monkeypatch, {"instantly.active_edits": edits})
    monkeypatch.chdir(_project(tmp_path, _document()))
    assert run_cli("apply", "--auto-approve").code == 0
    state_file = tmp_path / ".seqsync" / "sandbox.json"
    state = json.loads(state_file.read_text("utf-8"))
    (campaign,) = _made(state["instantly"])
    campaign["status"] = 1  # activated in Instantly
    state_file.write_text(json.dumps(state), "utf-8")
    edited = _document()
    edited["steps"][0]["variants"][0]["subject"] = "A new opener"
    _write(tmp_path, edited)
    planned = run_cli("plan")
    assert "the campaign is sending" in planned.out
    refused = run_cli("apply", "--auto-approve")
    assert refused.code == 1
    assert "--allow-destructive" in refused.out + refused.err
    applied = run_cli("apply", "--auto-approve", "--allow-destructive")
    if edits == "accepted":
        assert applied.code == 0, applied.out + applied.err
        assert run_cli("plan", "--detailed-exitcode").code == 0
    else:
        assert applied.code == 1
        assert "pause it first" in applied.out + applied.err


def test_listing_follows_the_cursor_to_an_empty_page(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_project(tmp_path, _document()))
    assert run_cli("apply", "--auto-approve").code == 0
    state_file = tmp_path / ".seqsync" / "sandbox.json"
    state = json.loads(state_file.read_text("utf-8"))
    (only,) = _made(state["instantly"])
    for number in range(205):
        copy = {**only, "id": f"00000000-0000-4000-8000-{number:012d}", "name": f"other {number}"}
        state["instantly"]["campaigns"][copy["id"]] = copy
        state["instantly"]["order"].append(copy["id"])
    state_file.write_text(json.dumps(state), "utf-8")
    shown = run_cli("plan", "--show-unmanaged")
    assert shown.code == 0, shown.out + shown.err
    assert "other 204" in shown.out
    assert "other 0" in shown.out

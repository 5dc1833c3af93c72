"""Instantly sub-workspaces: one admin workspace's key acting in a sub-workspace with
``x-as-workspace`` (docs/providers/instantly.md §1). Each sub-workspace is planned and
applied apart from the others, spends its own rate budget, and is part of the
connection's identity, so a saved plan for one is refused against another."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seqsync.providers.http import ApiClient, ErrorMapper
from seqsync.providers.instantly.connection import InstantlyConnection
from seqsync.providers.instantly.kind import INSTANTLY
from seqsync.providers.ratelimit import RateLimiter
from seqsync.providers.retry import DEFAULT_POLICY
from seqsync.sandbox.instantly.workspaces import SUB_WORKSPACES
from seqsync.sandbox.seed import initial_state
from tests.conftest import RunCli

CLIENT_A, CLIENT_B = SUB_WORKSPACES  # the sandbox admin workspace's sub-workspaces
SEEDED = frozenset(initial_state()["instantly"]["campaigns"])


def _connection(workspace: str | None, **fields: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {"provider": "instantly", "sandbox": True, **fields}
    if workspace is not None:
        entry["workspace"] = workspace
    return entry


def _project(root: Path, connections: dict[str, dict[str, Any]], targets: list[str]) -> None:
    yaml = YAML()
    with (root / "seqsync.yaml").open("w", encoding="utf-8") as out:
        yaml.dump({"connections": connections}, out)
    document: dict[str, Any] = {
        "name": "launch",
        "for_each": targets,
        **INSTANTLY.starter()[1],  # type: ignore[dict-item]
    }
    with (root / "launch.yaml").open("w", encoding="utf-8") as out:
        yaml.dump(document, out)


def _instantly_state(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / ".seqsync" / "sandbox.json").read_text("utf-8"))
    return data["instantly"]  # type: ignore[no-any-return]


def _titles(space: dict[str, Any]) -> list[str]:
    return [c["name"] for c in space.get("campaigns", {}).values() if c["id"] not in SEEDED]


def test_two_sub_workspaces_under_one_key_are_planned_and_applied_apart(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _project(
        tmp_path,
        {"client-a": _connection(CLIENT_A), "client-b": _connection(CLIENT_B)},
        ["client-a", "client-b"],
    )
    applied = run_cli("apply", "--target", "launch[client-a]", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    state = _instantly_state(tmp_path)
    spaces = state["sub_workspaces"]
    # The campaign is in client A's sub-workspace only: the header reached the API.
    assert _titles(spaces[CLIENT_A]) == ["Starter campaign"]
    assert _titles(spaces.get(CLIENT_B, {})) == []
    assert _titles(state) == []  # nor in the admin workspace's own campaigns
    # From client B the campaign is not there: the plan still creates it; A has nothing.
    planned = json.loads(run_cli("plan", "--format", "json").out)
    kinds = {s["name"]: [o["kind"] for o in s["operations"]] for s in planned["sequences"]}
    assert kinds["launch[client-a]"] == []
    assert kinds["launch[client-b]"] == ["create_sequence"]
    identities = {s["connection_identity"] for s in planned["sequences"]}
    assert identities == {
        f"instantly (embedded sandbox, workspace {CLIENT_A})",
        f"instantly (embedded sandbox, workspace {CLIENT_B})",
    }
    applied = run_cli("apply", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err
    spaces = _instantly_state(tmp_path)["sub_workspaces"]
    assert _titles(spaces[CLIENT_A]) == _titles(spaces[CLIENT_B]) == ["Starter campaign"]
    assert set(spaces[CLIENT_A]["campaigns"]).isdisjoint(spaces[CLIENT_B]["campaigns"])
    assert run_cli("plan", "--detailed-exitcode").code == 0


def test_a_saved_plan_for_one_sub_workspace_is_refused_against_another(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _project(tmp_path, {"client": _connection(CLIENT_A)}, ["client"])
    assert run_cli("plan", "--out", "plan.json").code == 0
    _project(tmp_path, {"client": _connection(CLIENT_B)}, ["client"])
    refused = run_cli("apply", "plan.json", "--auto-approve")
    assert refused.code == 1, refused.out + refused.err
    assert f"the plan was made for instantly (embedded sandbox, workspace {CLIENT_A})" in (
        refused.err
    )
    state = _instantly_state(tmp_path)
    assert all(_titles(space) == [] for space in state.get("sub_workspaces", {}).values())


def test_an_unknown_sub_workspace_is_refused_with_what_to_check(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    unknown = "00000000-0000-4000-8000-000000000000"
    _project(tmp_path, {"client": _connection(unknown)}, ["client"])
    planned = run_cli("plan")
    assert planned.code == 1, planned.out + planned.err
    assert "Instantly refused the credentials (Forbidden" in planned.out
    assert f"workspace {unknown} is a sub-workspace of the admin workspace" in planned.out


def test_the_identity_names_the_workspace_and_never_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ADMIN_KEY", "sk-admin-secret")

    def identity(workspace: str | None) -> str:
        fields = {"provider": "instantly", "api_key": "${ADMIN_KEY}", "workspace": workspace}
        return InstantlyConnection.model_validate(fields).identity()

    base = "instantly at https://api.instantly.ai/api/v2 (key $ADMIN_KEY"
    assert identity(None) == base + ")"
    assert identity("ws-1") == base + ", workspace ws-1)"
    assert len({identity(None), identity("ws-1"), identity("ws-2")}) == 3
    assert "secret" not in identity("ws-1")


@pytest.mark.parametrize("bad", ["", "ws\n1", "wś"])
def test_the_workspace_must_be_sendable_as_a_header(bad: str) -> None:
    with pytest.raises(ValueError, match="HTTP header"):
        InstantlyConnection.model_validate({"provider": "instantly", "workspace": bad})


class _Captured:
    """A ClientMaker that keeps what build() passed it."""

    def __init__(self) -> None:
        self.headers: dict[str, str] = {}
        self.limiter: RateLimiter | None = None

    def __call__(
        self,
        api: str,
        headers: Mapping[str, str],
        map_error: ErrorMapper,
        limiter: RateLimiter | None = None,
    ) -> ApiClient:
        self.headers, self.limiter = dict(headers), limiter
        return ApiClient(
            connection="x",
            base_url="https://api.example.test",
            headers=headers,
            policy=DEFAULT_POLICY,
            map_error=map_error,
        )


def _built(key: str, workspace: str | None) -> _Captured:
    captured = _Captured()
    fields = {"provider": "instantly", "api_key": "${K}", "workspace": workspace}
    INSTANTLY.build("x", InstantlyConnection.model_validate(fields), captured, key)
    return captured


def test_the_header_is_sent_only_with_a_workspace_and_each_spends_its_own_budget() -> None:
    own, client_a, client_b = _built("k1", None), _built("k1", "ws-a"), _built("k1", "ws-b")
    assert "x-as-workspace" not in own.headers
    assert client_a.headers["x-as-workspace"] == "ws-a"
    assert client_a.headers["authorization"] == "Bearer k1"
    # The rate limit is the workspace's, whatever key acts in it (docs §1).
    assert len({id(own.limiter), id(client_a.limiter), id(client_b.limiter)}) == 3
    assert _built("k2", "ws-a").limiter is client_a.limiter
    assert _built("k1", None).limiter is own.limiter

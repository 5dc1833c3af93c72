"""Saved plans are bound to what verification recomputes: a sequence listed twice, a
plan of another account (another --env) and an entry aimed at another live sequence are
refused before anything is sent; the connection identity never holds the key."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seqsync.providers.saleshandy.connection import SaleshandyConnection
from seqsync.providers.supaglue.connection import SupaglueConnection
from tests.conftest import RunCli

CONFIG = """\
environments:
  staging:
    connections:
      sh: {provider: saleshandy, sandbox: true, sandbox_account: staging}
connections:
  sh: {provider: saleshandy, sandbox: true}
"""


def _sequence(name: str, subject: str) -> str:
    return f"""\
name: {name}
connection: sh
title: Hardening {name}
steps:
  - {{channel: email, day: 1, variants: [{{subject: {subject}, content: Hello}}]}}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    monkeypatch.delenv("SEQSYNC_ENV", raising=False)
    root = tmp_path / "project"
    root.mkdir()
    (root / "seqsync.yaml").write_text(CONFIG, encoding="utf-8")
    (root / "a.yaml").write_text(_sequence("a", "First"), encoding="utf-8")
    (root / "b.yaml").write_text(_sequence("b", "Second"), encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def _forge(path: Path, edit: Callable[[dict[str, Any]], object]) -> None:
    """The plan file after ``edit``, its checksum recomputed as a forger would."""
    from seqsync.workflow.commands import checksum_of

    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop("checksum")
    edit(data)
    data["checksum"] = checksum_of(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def _writes(record: Path) -> list[dict[str, Any]]:
    sent = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    return [request for request in sent if request["method"] != "GET"]


def test_a_plan_listing_a_sequence_twice_is_refused_before_any_write(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("plan", "--out", "plan.json").code == 0
    _forge(Path("plan.json"), lambda data: data["sequences"].append(data["sequences"][0]))
    record = project / "requests.jsonl"
    monkeypatch.setenv("SEQSYNC_SANDBOX_RECORD", str(record))
    result = run_cli("apply", "plan.json", "--auto-approve")
    assert result.code == 1
    assert "a: listed more than once in the plan" in result.err
    assert "nothing was applied" in result.err
    assert _writes(record) == []


def test_a_plan_made_with_env_staging_does_not_apply_to_the_default_account(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("plan", "--env", "staging", "--out", "plan.json").code == 0
    monkeypatch.delenv("SEQSYNC_ENV", raising=False)
    record = project / "requests.jsonl"
    monkeypatch.setenv("SEQSYNC_SANDBOX_RECORD", str(record))
    result = run_cli("apply", "plan.json", "--auto-approve")
    assert result.code == 1, result.err
    assert "the plan was made for saleshandy (embedded sandbox account staging)" in result.err
    assert "is now saleshandy (embedded sandbox)" in result.err
    assert _writes(record) == []


def test_an_entry_aimed_at_another_live_sequence_is_refused_not_sent(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("apply", "--auto-approve").code == 0
    Path("a.yaml").write_text(_sequence("a", "First edited"), encoding="utf-8")
    assert run_cli("plan", "--out", "plan.json").code == 0
    b = json.loads(run_cli("plan", "b.yaml", "--format", "json").out)["sequences"][0]

    def aim_at_b(data: dict[str, Any]) -> None:
        # The edit to a's subject, sent to b: b's id in the paths, b's fingerprint.
        (a,) = [s for s in data["sequences"] if s["name"] == "a"]
        text = json.dumps(a["operations"]).replace(a["sequence_id"], b["sequence_id"])
        a.update(sequence_id=b["sequence_id"], fingerprint=b["fingerprint"])
        a["operations"] = json.loads(text)

    _forge(Path("plan.json"), aim_at_b)
    record = project / "requests.jsonl"
    monkeypatch.setenv("SEQSYNC_SANDBOX_RECORD", str(record))
    result = run_cli("apply", "plan.json", "--auto-approve")
    assert result.code == 1, result.out + result.err
    assert "plan is stale" in result.out + result.err
    assert _writes(record) == []
    after = json.loads(run_cli("plan", "--format", "json").out)
    assert [s["name"] for s in after["sequences"] if s["operations"]] == ["a"]


def test_the_identity_tells_accounts_apart_and_never_holds_the_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PROD_KEY", "sk-live-secret-value")
    monkeypatch.setenv("STAGING_KEY", "sk-test-secret-value")
    prod = SaleshandyConnection(provider="saleshandy", api_key="${PROD_KEY}")
    staging = SaleshandyConnection(provider="saleshandy", api_key="${STAGING_KEY}")
    assert prod.identity() == "saleshandy at https://open-api.saleshandy.com (key $PROD_KEY)"
    assert prod.identity() != staging.identity()
    assert "secret" not in prod.identity() + staging.identity()
    sandboxes = {
        SaleshandyConnection(
            provider="saleshandy", sandbox=True, sandbox_account=account
        ).identity()
        for account in (None, "staging", "eu")
    }
    assert len(sandboxes) == 3
    customers = {
        SupaglueConnection(
            provider="supaglue",
            base_url="https://supaglue.example/engagement/v2",
            api_key="${PROD_KEY}",
            customer_id=customer,
            provider_name="outreach",
        ).identity()
        for customer in ("acme", "globex")
    }
    assert len(customers) == 2

"""One document, many accounts: for_each manages the same cadence in every connection it
names (each a sandbox account of its own), addressed as name[connection]; a snippet edit
plans exactly the affected step in every account."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RunCli

ACCOUNTS = [f"client{n:02d}" for n in range(20)]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    connections = "".join(
        f"  {name}: {{provider: saleshandy, sandbox: true, sandbox_account: {name}}}\n"
        for name in ACCOUNTS
    )
    Path("seqsync.yaml").write_text(
        'snippets:\n  signature: "<p>— The Acme team</p>"\nconnections:\n' + connections
    )
    Path("cadence.yaml").write_text(
        "name: founders\ntitle: Founders outbound\n"
        f"for_each: [{', '.join(ACCOUNTS)}]\n"
        "steps:\n"
        "  - {channel: email, day: 1, variants: [{subject: Hi, content: '<p>Hi</p>{% snippet signature %}'}]}\n"
        "  - {channel: call_demo, day: 3, task_note: Call them}\n"
        "  - {channel: email, day: 5, variants: [{subject: Again, content: '<p>Bump</p>'}]}\n"
    )
    return tmp_path


def test_twenty_accounts_apply_then_a_snippet_edit_plans_one_step_in_each(
    project: Path, run_cli: RunCli
) -> None:
    assert run_cli("validate").code == 0
    planned = json.loads(run_cli("plan", "--format", "json").out)
    assert sorted(s["name"] for s in planned["sequences"]) == [f"founders[{a}]" for a in ACCOUNTS]
    applied = run_cli("apply", "--auto-approve")
    assert applied.code == 0, applied.err
    assert all(Path(f".seqsync/sandbox-{account}.json").is_file() for account in ACCOUNTS)
    assert run_cli("plan", "--detailed-exitcode").code == 0
    config = Path("seqsync.yaml")
    config.write_text(config.read_text().replace("The Acme team", "Ana at Acme"))
    edited = json.loads(run_cli("plan", "--format", "json").out)
    addresses = sorted(op["address"] for s in edited["sequences"] for op in s["operations"])
    assert addresses == sorted(f"founders[{a}].steps[0].A" for a in ACCOUNTS)
    one = json.loads(run_cli("plan", "--format", "json", "--target", "founders[client07]").out)
    assert [s["name"] for s in one["sequences"]] == ["founders[client07]"]


def test_for_each_refuses_what_would_be_wrong_in_some_account(
    project: Path, run_cli: RunCli
) -> None:
    Path("cadence.yaml").write_text(
        "name: founders\nconnection: client00\nid: X1\nfor_each: [client00, client00]\n"
        "ids: {nobody: Y}\nsteps:\n  - {id: S1, channel: call_demo, day: 3}\n"
    )
    result = run_cli("validate")
    assert result.code == 1
    for expected in (
        "give connection or for_each, not both",
        "with for_each, give each connection's id in ids",
        "each for_each entry must be a connection name, once",
        "'nobody' is not in for_each",
        "steps of a for_each sequence cannot be pinned by id",
    ):
        assert expected in result.out, result.out

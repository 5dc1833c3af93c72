"""lemlist has no idempotency keys: a create whose answer is lost is settled by reading
the campaign again, never sent blind. With half the writes' answers lost, the starter
applies (again where an outcome stayed unknown) to exactly one campaign with its steps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from seqsync.providers.lemlist.kind import LEMLIST
from seqsync.sandbox.faults import ENV_VAR as FAULTS_VAR
from seqsync.sandbox.recorder import ENV_VAR as RECORD_VAR
from seqsync.sandbox.recorder import read_recording
from seqsync.sandbox.seed import initial_state
from tests.conftest import RunCli


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_lost_answers_never_make_two_of_anything(
    seed: int, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEQSYNC_SANDBOX_WORLD", raising=False)
    monkeypatch.setenv(FAULTS_VAR, json.dumps({"lost_response_rate": 0.5, "seed": seed}))
    recording = tmp_path / "requests.jsonl"
    monkeypatch.setenv(RECORD_VAR, str(recording))
    connection, document = LEMLIST.starter()
    assert document is not None
    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    with (tmp_path / "seqsync.yaml").open("w", encoding="utf-8") as out:
        yaml.dump({"connections": {"main": connection}}, out)
    (tmp_path / "sequences").mkdir()
    with (tmp_path / "sequences" / "starter.yaml").open("w", encoding="utf-8") as out:
        yaml.dump({"name": "starter", "connection": "main", **document}, out)
    for _ in range(6):
        if run_cli("apply", "--auto-approve").code == 0:
            break
    monkeypatch.delenv(FAULTS_VAR)
    planned = run_cli("plan", "--detailed-exitcode")
    assert planned.code == 0, planned.err + planned.out
    listed = run_cli("import", "--connection", "main", "--all", "--dir", "imported")
    assert listed.code == 0, listed.err + listed.out
    # Every campaign but the one the sandbox seeds for the examples is this project's.
    seeded = set(initial_state()["lemlist"]["campaigns"])
    imported = sorted(
        path
        for path in (tmp_path / "imported").glob("*.yaml")
        if YAML(typ="safe").load(path.read_text(encoding="utf-8"))["id"] not in seeded
    )
    assert len(imported) == 1, [path.name for path in imported]
    steps = YAML(typ="safe").load(imported[0].read_text(encoding="utf-8"))["steps"]
    assert [step["type"] for step in steps] == ["email", "linkedinInvite", "manual"]
    assert steps[0]["variant_b"]["subject"] == document["steps"][0]["variant_b"]["subject"]
    lost = [r for r in read_recording(recording) if r.outcome == "lost_response"]
    assert lost, "the faults lost no answer: the test proves nothing"

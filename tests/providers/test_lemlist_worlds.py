"""lemlist through the CLI against the embedded sandbox, in every lemlist world: the
starter applies and plans to zero; a step inserted in the middle, a step whose type
changes, A/B edits, a step removed and variant B ended each apply and plan to zero;
import round-trips; and every request seqsync sent conforms to lemlist's OpenAPI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from seqsync.providers.lemlist.kind import LEMLIST
from seqsync.sandbox.recorder import ENV_VAR as RECORD_VAR
from seqsync.sandbox.recorder import read_recording
from tests.conftest import RunCli
from tests.providers.lemlist_openapi import check_request
from tests.worlds import ENV_VAR, world_text

WORLDS = {
    "default": {},
    "insert-base-zero": {"lemlist.insert_base": "zero"},
    "documented-reads": {"lemlist.read_fields": "documented"},
    "both": {"lemlist.insert_base": "zero", "lemlist.read_fields": "documented"},
}


def _write(path: Path, data: Any) -> None:
    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    with path.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def _document(steps: list[dict[str, Any]]) -> dict[str, Any]:
    starter = LEMLIST.starter()[1]
    assert starter is not None
    return {"name": "outbound", "connection": "main", "title": starter["title"], "steps": steps}


def _starter_steps() -> list[dict[str, Any]]:
    starter = LEMLIST.starter()[1]
    assert starter is not None
    steps: list[dict[str, Any]] = json.loads(json.dumps(starter["steps"]))
    return steps


@pytest.mark.parametrize("settings", list(WORLDS.values()), ids=list(WORLDS))
def test_edits_apply_and_plan_to_zero_in_every_world(
    settings: dict[str, str],
    tmp_path: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(ENV_VAR, world_text(settings))
    recording = tmp_path / "requests.jsonl"
    monkeypatch.setenv(RECORD_VAR, str(recording))
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    _write(tmp_path / "seqsync.yaml", {"connections": {"main": LEMLIST.starter()[0]}})
    (tmp_path / "sequences").mkdir()
    document = tmp_path / "sequences" / "outbound.yaml"

    def apply_then_zero(steps: list[dict[str, Any]]) -> None:
        _write(document, _document(steps))
        applied = run_cli("apply", "--auto-approve", "--allow-destructive")
        assert applied.code == 0, applied.err + applied.out
        planned = run_cli("plan", "--detailed-exitcode")
        assert planned.code == 0, planned.err + planned.out

    steps = _starter_steps()
    apply_then_zero(steps)

    email, invite, _manual = steps
    email["variant_b"]["subject"] = "Another idea for {{companyName}}"
    phone = {"type": "phone", "delay": 1, "message": "Ask about their Q3 plans"}
    visit = {"type": "linkedinVisit", "delay": 3}  # manual's place, another type
    sms = {"type": "sms", "delay": 2, "message": "Hi {{firstName}}, did my email land?"}
    apply_then_zero([email, phone, invite, visit, sms])

    del email["variant_b"]
    apply_then_zero([email, phone, visit, sms])

    assert run_cli("pin").code == 0
    campaign = YAML(typ="safe").load(document.read_text(encoding="utf-8"))["id"]
    document.unlink()
    imported = run_cli(
        "import", "--connection", "main", "--id", campaign, "--dir", "sequences", "--force"
    )
    assert imported.code == 0, imported.err + imported.out
    planned = run_cli("plan", "--detailed-exitcode")
    assert planned.code == 0, planned.err + planned.out

    sent = [r for r in read_recording(recording) if r.api == "lemlist"]
    assert any(r.method == "DELETE" for r in sent)
    assert any(r.method == "POST" and r.path.endswith("/ab-test") for r in sent)
    for request in sent:
        path = request.path.removeprefix("/lemlist")
        check_request(request.method, path, request.query, request.body)

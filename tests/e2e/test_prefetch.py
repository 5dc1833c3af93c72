"""Reads start while the project is still validated; nothing else moves earlier.

A pinned document's read (a GET) starts once that document is valid, before the last
file is checked. Writes wait for a fully valid project, an invalid seqsync.yaml sends no
request at all, and an invalid document still stops plan and apply with its diagnostic.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from seqsync.config import yaml_reader
from seqsync.project import loader
from tests.conftest import RunCli
from tests.e2e.project import EXAMPLES


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".seqsync"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    monkeypatch.setenv("SEQSYNC_SANDBOX_RECORD", str(root / "requests.jsonl"))
    return root


def recorded(root: Path) -> list[dict[str, Any]]:
    record = root / "requests.jsonl"
    return [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []


def pinned_saleshandy_document(run_cli: RunCli) -> str:
    """founders-q4 (on demo-saleshandy) pinned to its live id, which is returned."""
    assert run_cli("pin", "--target", "founders-q4").code == 0
    plan = json.loads(run_cli("plan", "--format", "json", "--target", "founders-q4").out)
    (sequence,) = plan["sequences"]
    assert sequence["sequence_id"], sequence
    return str(sequence["sequence_id"])


def test_a_pinned_read_starts_before_the_last_file_is_validated(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the last file is read, the pinned document's read has already reached the
    sandbox: with reads after validation, nothing would be recorded yet."""
    live_id = pinned_saleshandy_document(run_cli)
    (project / "sequences" / "zz-last.yaml").write_text(
        "name: last\nconnection: demo-saleshandy\ntitle: Last one\n"
        "steps: [{channel: email, day: 1, variants: [{subject: Hi, content: '<p>Hi</p>'}]}]\n"
    )
    (project / "requests.jsonl").unlink(missing_ok=True)
    seen_before_last: list[bool] = []
    real_read = yaml_reader.read_yaml_file

    def note_reads_before_last(path: Path, shown: str) -> yaml_reader.ReadResult:
        if path.name == "zz-last.yaml":
            seen_before_last.append(bool(recorded(project)))
        return real_read(path, shown)

    monkeypatch.setattr(loader, "read_yaml_file", note_reads_before_last)
    result = run_cli("plan", "--format", "json", "--target", "founders-q4", "--target", "last")
    assert result.code == 0, result.err
    assert seen_before_last == [True]
    first = recorded(project)[0]
    assert (first["method"], first["path"]) == ("GET", f"/v1/sequences/{live_id}/steps")
    planned = {s["name"] for s in json.loads(result.out)["sequences"]}
    assert planned == {"founders-q4", "last"}


def test_an_invalid_document_stops_plan_and_apply_before_any_write(
    project: Path, run_cli: RunCli
) -> None:
    (project / "sequences" / "bad.yaml").write_text(
        "name: bad\nconnection: demo-saleshandy\nsteps: [{channel: email, day: 0}]\n"
    )
    for command in (("plan",), ("apply", "--auto-approve", "--allow-destructive")):
        result = run_cli(*command)
        assert result.code == 1
        assert (
            "sequences/bad.yaml:3:31: error: steps[0].day: Input should be greater than or equal to 1"
            in result.err
        )
        assert "Plan:" not in result.out, "no plan is shown for an invalid project"
    assert all(request["method"] == "GET" for request in recorded(project))


def test_an_invalid_seqsync_yaml_sends_no_request(project: Path, run_cli: RunCli) -> None:
    config = project / "seqsync.yaml"
    config.write_text(config.read_text() + "\nunknown_key: true\n")
    result = run_cli("plan")
    assert result.code == 1
    assert "seqsync.yaml" in result.err
    assert recorded(project) == []
    assert not (project / ".seqsync" / "sandbox.json").exists(), "no provider may be touched"


def test_a_target_reads_only_what_it_selects(project: Path, run_cli: RunCli) -> None:
    live_id = pinned_saleshandy_document(run_cli)
    (project / "requests.jsonl").unlink(missing_ok=True)
    assert run_cli("plan", "--target", "x-founders").code == 0
    paths = {request["path"] for request in recorded(project)}
    assert f"/v1/sequences/{live_id}/steps" not in paths

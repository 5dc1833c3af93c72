"""The example project in every sandbox world (tests/worlds.py): it validates, its first
plan has work in every example, apply makes it, and the plan after it is empty, whichever
answer each emulated API gives where its sources leave one open (docs/sandbox-worlds.md).
The examples are read from examples/, so a new one is covered as soon as it is added."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import RunCli
from tests.worlds import ALL_WORLDS, ENV_VAR, world_text

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
WORLDS = [("default", {}), *ALL_WORLDS]


def _example_names() -> set[str]:
    return {
        str(YAML(typ="safe").load(path.read_text(encoding="utf-8"))["name"])
        for path in (EXAMPLES / "sequences").glob("*.yaml")
    }


def test_there_is_an_example_of_each_new_provider() -> None:
    names = _example_names()
    assert {"sales-leaders", "agency-partners"} <= names, names


@pytest.mark.parametrize("settings", [s for _, s in WORLDS], ids=[n for n, _ in WORLDS])
def test_the_examples_apply_and_then_plan_no_changes(
    settings: dict[str, str], tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".seqsync", "preview"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    if settings:
        monkeypatch.setenv(ENV_VAR, world_text(settings))
    else:
        monkeypatch.delenv(ENV_VAR, raising=False)
    names = _example_names()

    validated = run_cli("validate")
    assert validated.code == 0, validated.out + validated.err
    assert f"{len(names)} sequences valid." in validated.err

    first = run_cli("plan", "--format", "json", "--detailed-exitcode")
    assert first.code == 2, first.err
    planned = json.loads(first.out)
    assert planned["summary"]["errors"] == 0
    # The sandbox's seed differs from every example, so each has work to do.
    assert {s["name"] for s in planned["sequences"] if s["operations"]} == names

    applied = run_cli("apply", "--auto-approve", "--allow-destructive", "--format", "json")
    assert applied.code == 0, applied.out + applied.err
    summary = json.loads(applied.out)["summary"]
    assert summary["failed"] == summary["not_attempted"] == 0, summary
    assert summary["inconsistent_sequences"] == 0, summary
    assert summary["applied"] == sum(len(s["operations"]) for s in planned["sequences"])

    again = run_cli("plan", "--detailed-exitcode")
    assert again.code == 0, again.out + again.err
    assert "No changes. Live sequences match the files." in again.out

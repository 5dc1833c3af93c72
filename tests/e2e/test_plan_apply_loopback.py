"""The real CLI against `seqsync sandbox serve` over loopback: plan shows the seeded
differences, JSON matches its schema, apply converges, and plan only reads."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import jsonschema
import pytest

from tests.e2e.project import API_KEY, KEY_VARIABLE, examples_against
from tests.sandbox_server import ServedSandbox, served_sandbox

SCHEMAS = Path(__file__).parent.parent.parent / "schemas"


def seqsync(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "seqsync", *args],
        cwd=project,
        env={"PATH": "/usr/bin:/bin", KEY_VARIABLE: API_KEY, "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[ServedSandbox]:
    with served_sandbox(tmp_path / "sandbox") as served:
        yield served


def test_plan_shows_seeded_differences_then_apply_converges(
    sandbox: ServedSandbox, tmp_path: Path
) -> None:
    project = examples_against(sandbox, tmp_path / "project")
    planned = seqsync(project, "plan", "--detailed-exitcode")
    assert planned.returncode == 2, planned.stderr
    for expected in (
        "~ patch_variant founders-q4.steps[0].A",
        '"Quick question {{firstName}}" → "Quick question, {{firstName}}"',
        "⏸ patch_variant founders-q4.steps[id:Mf6dP0aLuW].A",
        "+ create_step founders-q4.steps[2]",
        "~ patch_step webinar-followup.steps[1]",
        "+ create_step webinar-followup.steps[4]",
        "-/+ replace_sequence x-founders",
        "~ patch_variant sales-leaders.steps[0].B",
        "~ patch_step sales-leaders.steps[4]",
        "+ create_step sales-leaders.steps[5]",
        "-/+ replace_sequence agency-partners",
        "Plan: 3 to create, 4 to change, 2 to replace, 1 to pause.",
    ):
        assert expected in planned.stdout
    reads = sandbox.requests()
    assert {r.method for r in reads} == {"GET"}
    # One read per sequence, and one Saleshandy listing: its read carries no title, and
    # founders-q4 writes one (a renamed title must be refused, not ignored). A lemlist
    # read is the campaign, its sequences, and each email step's variant B.
    lemlist_steps = "/sequences/seq_Jd2pXv7NcQ/steps"
    assert sorted((r.api, r.path) for r in reads) == sorted(
        [
            ("saleshandy", "/v1/sequences"),
            ("saleshandy", "/v1/sequences/JA5YdAr9wy/steps"),
            ("supaglue", "/sequences/1042"),
            ("inbox", "/campaigns/usdjpdql3f90seqk13rwuo7z"),
            ("lemlist", "/campaigns/cam_R4tWq8ZkLm"),
            ("lemlist", "/campaigns/cam_R4tWq8ZkLm/sequences"),
            ("lemlist", f"{lemlist_steps}/stp_Ka8vQ3mWtR/ab-test"),
            ("lemlist", f"{lemlist_steps}/stp_Gt1yU8fAqX/ab-test"),
            ("instantly", "/campaigns/0b8f6e2a-4c1d-4f7e-9a35-6d2e8c1b7f40"),
        ]
    ), "exactly one read of each"

    refused = seqsync(project, "apply", "--auto-approve")
    assert refused.returncode == 1
    assert "--allow-destructive" in refused.stderr
    assert [r.method for r in sandbox.requests()].count("PATCH") == 0

    applied = seqsync(project, "apply", "--auto-approve", "--allow-destructive")
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "Apply complete: 10 applied, 0 failed, 0 not attempted." in applied.stdout
    again = seqsync(project, "plan", "--detailed-exitcode")
    assert again.returncode == 0, again.stdout
    assert "No changes. Live sequences match the files." in again.stdout
    assert API_KEY not in planned.stdout + planned.stderr + applied.stdout + applied.stderr


def test_plan_json_matches_the_schema_and_stdout_holds_only_the_document(
    sandbox: ServedSandbox, tmp_path: Path
) -> None:
    project = examples_against(sandbox, tmp_path / "project")
    result = seqsync(project, "plan", "--format", "json")
    assert result.returncode == 0
    document = json.loads(result.stdout)
    schema = json.loads((SCHEMAS / "plan.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["summary"] == {
        "create": 3,
        "change": 4,
        "replace": 2,
        "pause": 1,
        "errors": 0,
        # the pause and x-founders' replace: sales-leaders only patches and appends, and
        # agency-partners is paused, so replacing its sequence reaches no lead mid-way
        "destructive": 2,
    }


def test_a_read_failure_is_reported_and_the_others_still_plan(
    sandbox: ServedSandbox, tmp_path: Path
) -> None:
    project = examples_against(sandbox, tmp_path / "project")
    path = project / "sequences" / "founders-q4.yaml"
    path.write_text(path.read_text().replace("id: JA5YdAr9wy", "id: NoSuchSeq1"))
    result = seqsync(project, "plan")
    assert result.returncode == 1
    assert "Error: demo-saleshandy: reading sequence founders-q4 (NoSuchSeq1)" in result.stdout
    assert "~ patch_step webinar-followup.steps[1]" in result.stdout
    assert "-/+ replace_sequence x-founders" in result.stdout
    assert "+ create_step sales-leaders.steps[5]" in result.stdout
    assert "-/+ replace_sequence agency-partners" in result.stdout


def test_saved_plan_is_refused_when_live_moved_and_nothing_is_written(
    sandbox: ServedSandbox, tmp_path: Path
) -> None:
    project = examples_against(sandbox, tmp_path / "project")
    saved = seqsync(project, "plan", "--out", "plan.json")
    assert saved.returncode == 0, saved.stderr
    # Someone edits founders-q4 live between plan and apply.
    httpx.patch(
        sandbox.base_url("saleshandy")
        + "/v1/sequences/JA5YdAr9wy/steps/Zt8gK3wQyC/variants/Rb5nJ1vXsD",
        headers={"x-api-key": "someone-else"},
        json={"taskNote": "Changed in the UI"},
    ).raise_for_status()
    before = len(sandbox.requests())
    result = seqsync(project, "apply", "plan.json", "--auto-approve", "--allow-destructive")
    assert result.returncode == 1
    assert (
        "plan is stale: founders-q4.steps[Zt8gK3wQyC] changed since the plan was made"
        in result.stdout
    )
    writes = [r for r in sandbox.requests()[before:] if r.method != "GET"]
    touched = {r.path.split("/")[3] for r in writes if r.api == "saleshandy"}
    assert "JA5YdAr9wy" not in touched, "nothing may be written to the stale sequence"
    assert "Apply failed" in result.stdout


def test_debug_logs_at_every_level_never_show_the_key(
    sandbox: ServedSandbox, tmp_path: Path
) -> None:
    """--debug turns on every logger (httpx and httpcore included): requests, retries and
    responses are logged, reads and writes alike, the key never is."""
    project = examples_against(sandbox, tmp_path / "project")
    planned = seqsync(project, "plan", "--debug")
    applied = seqsync(project, "apply", "--auto-approve", "--allow-destructive", "--debug")
    assert applied.returncode == 0, applied.stderr
    logged = planned.stderr + applied.stderr
    assert "DEBUG" in logged
    assert re.search(r"seqsync\.providers\.http: GET /\S+ -> 200 \(attempt 1\)", logged)
    assert re.search(r"seqsync\.providers\.http: (POST|PATCH|PUT|DELETE) /\S+ -> 2\d\d", logged)
    assert API_KEY not in logged + planned.stdout + applied.stdout

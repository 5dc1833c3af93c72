"""The real CLI against Supaglue responses shaped as Supaglue 0.25.7 builds them (recorded
in tests/data/supaglue-responses, each from the source named in its README), served over
loopback: import, validate and plan converge, and its failures are read as what they are.
These witnesses are independent of the sandbox's emulator, which could share our mistakes."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import RunCli
from tests.providers.recorded_server import Recorded, recorded, recorded_server

KEY = "sg-recorded-key-1234"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SUPAGLUE_KEY", KEY)
    return tmp_path


def connect(root: Path, url: str, engine: str) -> None:
    (root / "seqsync.yaml").write_text(
        "connections:\n"
        f"  sg: {{provider: supaglue, base_url: '{url}/engagement/v2', "
        f"api_key: '${{SUPAGLUE_KEY}}', customer_id: acme, provider_name: {engine}}}\n",
        encoding="utf-8",
    )


@contextlib.contextmanager
def imported_from(
    root: Path, run_cli: RunCli, recording: str, engine: str
) -> Iterator[tuple[dict[str, Any], Recorded]]:
    """A project connected to a server answering with ``recording``, already imported."""
    body = recorded(recording)
    with recorded_server(
        {("GET", f"/engagement/v2/sequences/{body['id']}"): (200, body)}
    ) as server:
        connect(root, server.url, engine)
        result = run_cli("import", "--connection", "sg", "--id", body["id"])
        assert result.code == 0, result.err
        yield body, server


def imported(root: Path) -> dict[str, Any]:
    (path,) = (root / "sequences").glob("*.yaml")
    document: dict[str, Any] = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize(
    ("engine", "recording"),
    [
        ("apollo", "apollo-get-sequence.json"),
        ("outreach", "outreach-get-sequence.json"),
        ("salesloft", "salesloft-get-sequence.json"),
    ],
)
def test_a_recorded_sequence_imports_and_then_plans_no_change(
    project: Path, run_cli: RunCli, engine: str, recording: str
) -> None:
    with imported_from(project, run_cli, recording, engine) as (body, server):
        assert run_cli("validate").code == 0
        planned = run_cli("plan", "--detailed-exitcode")
        assert planned.code == 0, planned.out + planned.err
    assert "No changes." in planned.out
    document = imported(project)
    assert len(document["steps"]) == len(body["steps"])
    assert [step["type"] for step in document["steps"]] == [s["type"] for s in body["steps"]]
    route = ("GET", f"/engagement/v2/sequences/{body['id']}")
    assert all(asked == route for asked in server.asked)


def test_apollo_as_recorded_keeps_its_notes_and_intervals(project: Path, run_cli: RunCli) -> None:
    """The captured Apollo campaign: a full timestamp on step 1 of an interval sequence,
    running-sum intervals, an HTML call note and empty templates on every step."""
    with imported_from(project, run_cli, "apollo-get-sequence.json", "apollo"):
        pass
    steps = imported(project)["steps"]
    assert [step["delay"] for step in steps] == ["0"] + ["3d"] * 7
    assert not any("date" in step for step in steps)
    assert steps[2]["task_note"] == "<div>ateaa</div>"


def test_an_edit_on_a_recorded_outreach_sequence_plans_one_patch(
    project: Path, run_cli: RunCli
) -> None:
    with imported_from(project, run_cli, "outreach-get-sequence.json", "outreach"):
        content = project / "sequences" / "emails" / "q1-founders-outbound" / "1.html"
        content.write_text(content.read_text().replace("quick question", "one question"))
        result = run_cli("plan", "--detailed-exitcode")
    assert result.code == 2, result.out + result.err
    assert "Plan: 0 to create, 1 to change" in result.out
    assert "one question" in result.out


def test_an_unknown_apollo_id_fails_at_once_saying_to_check_it(
    project: Path, run_cli: RunCli
) -> None:
    route = ("GET", "/engagement/v2/sequences/777")
    with recorded_server({route: (500, recorded("apollo-unknown-id.json"))}) as server:
        connect(project, server.url, "apollo")
        started = time.monotonic()
        result = run_cli("import", "--connection", "sg", "--id", "777")
        elapsed = time.monotonic() - started
    assert result.code == 1
    assert "check the id" in result.err
    assert "REDACTED-IN-FIXTURE" not in result.out + result.err
    assert server.asked == [route], "a 404 behind a 500 is not retried"
    assert elapsed < 10


def test_a_supaglue_crash_on_an_outreach_sequence_is_reported_once_with_its_cause(
    project: Path, run_cli: RunCli
) -> None:
    route = ("GET", "/engagement/v2/sequences/43")
    with recorded_server({route: (500, recorded("outreach-step-without-template.json"))}) as server:
        connect(project, server.url, "outreach")
        result = run_cli("import", "--connection", "sg", "--id", "43")
    assert result.code == 1
    assert "retrying will not help" in result.err
    assert "a step without a template" in result.err
    assert server.asked == [route]

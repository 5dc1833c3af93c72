"""First contact with accounts that answer otherwise than seqsync's default guess, over
loopback with the real CLI: the sandbox is served in a world (docs/sandbox-worlds.md).

- An account that accepts a field and drops it: apply exits 1 naming the field, the value
  sent and the value read back, and the next plan says the change did not stick.
- An account that takes step types as names: the first create is refused once and sent
  again as names; nothing is duplicated and the next plan is empty.
- An account whose like-tweet literal is another spelling: learned the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.project import examples_against
from tests.e2e.test_plan_apply_loopback import seqsync
from tests.sandbox_server import ServedSandbox, served_sandbox

TASK_WITH_TITLE = """\
name: call-list
connection: demo-saleshandy
title: Call list
steps:
  - channel: task
    day: 1
    task_note: Ring the champion
    variants:
      - title: Call Jane
"""

NEW_EMAIL_SEQUENCE = """\
name: names-account
connection: demo-saleshandy
title: Names account
steps:
  - channel: email
    day: 1
    variants:
      - subject: Hello {{firstName}}
        content: <p>Hi {{firstName}}</p>
  - channel: linkedin_message
    day: 2
    priority: high
    variants:
      - message: Hi {{firstName}}
"""


@pytest.fixture
def world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServedSandbox]:
    with served_sandbox(tmp_path / "sandbox", "--world", request.param) as served:
        yield served


def _project(served: ServedSandbox, folder: Path, document: str) -> Path:
    project = examples_against(served, folder)
    (project / "sequences" / "extra.yaml").write_text(document, encoding="utf-8")
    return project


@pytest.mark.parametrize("world", ["saleshandy.payloads=empty"], indirect=True)
def test_a_dropped_field_fails_apply_with_sent_and_read_back_and_is_named_next_time(
    world: ServedSandbox, tmp_path: Path
) -> None:
    project = _project(world, tmp_path / "project", TASK_WITH_TITLE)
    applied = seqsync(
        project, "apply", "--auto-approve", "--allow-destructive", "--target", "call-list"
    )
    assert applied.returncode == 1, applied.stdout + applied.stderr
    assert (
        'call-list.steps[0].A steps[0].variants[0].title: sent "Call Jane", read back nothing'
        in applied.stdout
    )
    assert "Saleshandy's docs give task and WhatsApp variants an empty payload" in applied.stdout
    assert "1 not as planned" in applied.stdout
    assert "Traceback" not in applied.stderr

    again = seqsync(project, "plan", "--target", "call-list", "--format", "json")
    operations = json.loads(again.stdout)["sequences"][0]["operations"]
    assert [op["unkept"] for op in operations] == [["steps[0].variants[0].title"]]
    text = seqsync(project, "plan", "--target", "call-list").stdout
    assert "# not kept: the last apply sent steps[0].variants[0].title exactly so" in text


@pytest.mark.parametrize("world", ["saleshandy.enums=names"], indirect=True)
def test_an_account_taking_names_is_learned_without_a_duplicate(
    world: ServedSandbox, tmp_path: Path
) -> None:
    project = _project(world, tmp_path / "project", NEW_EMAIL_SEQUENCE)
    applied = seqsync(
        project, "apply", "--auto-approve", "--target", "names-account", "--format", "json"
    )
    assert applied.returncode == 0, applied.stdout + applied.stderr
    report = json.loads(applied.stdout)
    assert report["summary"]["inconsistent_sequences"] == 0
    assert "sent again as names" in applied.stderr  # said, not silent
    after = seqsync(project, "plan", "--target", "names-account", "--format", "json")
    plan = json.loads(after.stdout)
    assert plan["sequences"][0]["operations"] == [], after.stdout
    steps = seqsync(project, "check", "--connection", "demo-saleshandy")
    assert "names" in steps.stdout


@pytest.mark.parametrize("world", ["inbox.like_tweet=like_tweet"], indirect=True)
def test_an_unknown_like_tweet_spelling_is_learned(world: ServedSandbox, tmp_path: Path) -> None:
    project = examples_against(world, tmp_path / "project")
    document = project / "sequences" / "x-founders.yaml"
    text = document.read_text(encoding="utf-8")
    document.write_text(text.rstrip("\n") + "\n  - like_tweet: true\n", encoding="utf-8")
    applied = seqsync(
        project, "apply", "--auto-approve", "--allow-destructive", "--target", "x-founders"
    )
    assert applied.returncode == 0, applied.stdout + applied.stderr
    assert "all as planned" in applied.stdout
    after = seqsync(project, "plan", "--target", "x-founders", "--detailed-exitcode")
    assert after.returncode == 0, after.stdout

"""The example project's lemlist and Instantly campaigns while they send, through the CLI
on the embedded sandbox:

- lemlist refuses a step delete and an A/B test's start or end while a campaign runs
  (docs/providers/lemlist.md §2): seqsync refuses such a plan before any request, saying
  to pause the campaign, and the other sequences still apply with --skip-blocked; once the
  campaign is paused the same edit is planned, destructive, behind --allow-destructive.
- Replacing the sequence of an Instantly campaign that sends is destructive
  (docs/providers/instantly.md §5): without --allow-destructive nothing is written to it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from seqsync.sandbox.recorder import ENV_VAR as RECORD_VAR
from tests.conftest import RunCli
from tests.worlds import ENV_VAR as WORLD_VAR

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
CAMPAIGN = "cam_R4tWq8ZkLm"  # sales-leaders, running in the seed
RUNNING = f"while campaign {CAMPAIGN} is running; pause the campaign in lemlist"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".seqsync", "preview"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    monkeypatch.delenv(WORLD_VAR, raising=False)
    monkeypatch.setenv(RECORD_VAR, str(tmp_path / "requests.jsonl"))
    return root


def _edit(name: str, old: str, new: str) -> None:
    path = Path("sequences") / f"{name}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _writes(project: Path, api: str) -> list[tuple[str, str]]:
    record = project.parent / "requests.jsonl"
    if not record.exists():
        return []
    sent = [json.loads(line) for line in record.read_text().splitlines()]
    return [(r["method"], r["path"]) for r in sent if r["api"] == api and r["method"] != "GET"]


def _sandbox_state(project: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change the embedded sandbox's state as someone in the provider's app would."""
    path = project / ".seqsync" / "sandbox.json"
    state = json.loads(path.read_text(encoding="utf-8"))
    change(state)
    path.write_text(json.dumps(state), encoding="utf-8")


def _lemlist_status(status: str) -> Callable[[dict[str, Any]], None]:
    def change(state: dict[str, Any]) -> None:
        state["lemlist"]["campaigns"][CAMPAIGN]["status"] = status

    return change


LEMLIST_EDITS = {
    "step removed": (
        "  - type: linkedinVisit\n    delay: 1\n",
        "",
        "refuses to delete a step",
        True,
    ),
    "A/B test started": (
        "    subject: 'Re: Who changed the sequence, {{firstName}}?'\n",
        "    subject: 'Re: Who changed the sequence, {{firstName}}?'\n"
        "    variant_b:\n      subject: Still on your list, {{firstName}}?\n"
        "      message: <p>Hi {{firstName}}, one more try.</p>\n",
        "refuses to start or end an A/B test",
        False,  # a new variant B stops nothing a lead receives
    ),
    "A/B test ended": (
        "    variant_b:                      # lemlist A/B test: half the leads get B\n"
        '      subject: "{{companyName}}\'s sequences, reviewed like code"\n'
        "      message_file: emails/sales-leaders/opener-b.html\n",
        "",
        "refuses to start or end an A/B test",
        True,
    ),
}


@pytest.mark.parametrize("edit", sorted(LEMLIST_EDITS))
def test_a_running_lemlist_campaign_refuses_before_any_request_and_a_paused_one_applies(
    project: Path, run_cli: RunCli, edit: str
) -> None:
    old, new, refusal, destructive = LEMLIST_EDITS[edit]
    _edit("sales-leaders", old, new)
    planned = run_cli("plan", "--target", "sales-leaders")
    assert planned.code == 1
    assert refusal in planned.out, planned.out
    assert RUNNING in planned.out, planned.out

    refused = run_cli("apply", "--auto-approve", "--allow-destructive")
    assert refused.code == 1
    assert "could not be planned (sales-leaders)" in refused.err
    assert _writes(project, "lemlist") == [], "nothing is sent to a running campaign"
    others = run_cli("apply", "--auto-approve", "--allow-destructive", "--skip-blocked")
    assert others.code == 1, "the blocked sequence is named as refused"
    assert _writes(project, "lemlist") == []
    assert _writes(project, "saleshandy"), "the other sequences applied"

    _sandbox_state(project, _lemlist_status("paused"))
    paused = run_cli("plan", "--target", "sales-leaders", "--format", "json")
    assert paused.code == 0, paused.out + paused.err
    (sequence,) = json.loads(paused.out)["sequences"]
    assert sequence["errors"] == []
    assert any(op["destructive"] for op in sequence["operations"]) is destructive
    if destructive:
        gated = run_cli("apply", "--target", "sales-leaders", "--auto-approve")
        assert gated.code == 1
        assert "--allow-destructive" in gated.err
        assert _writes(project, "lemlist") == []
    flags = ["--allow-destructive"] if destructive else []
    applied = run_cli("apply", "--target", "sales-leaders", "--auto-approve", *flags)
    assert applied.code == 0, applied.out + applied.err
    assert _writes(project, "lemlist")
    assert run_cli("plan", "--target", "sales-leaders", "--detailed-exitcode").code == 0


def test_a_sending_instantly_campaign_is_replaced_only_past_the_destructive_gate(
    project: Path, run_cli: RunCli
) -> None:
    assert run_cli("plan", "--target", "agency-partners").code == 0  # seeds the sandbox

    def activate(state: dict[str, Any]) -> None:
        (campaign,) = state["instantly"]["campaigns"].values()
        campaign["status"] = 1  # activated in Instantly

    _sandbox_state(project, activate)
    planned = run_cli("plan", "--target", "agency-partners", "--format", "json")
    (sequence,) = json.loads(planned.out)["sequences"]
    (replace,) = sequence["operations"]
    assert replace["kind"] == "replace_sequence"
    assert replace["destructive"] is True
    assert "the campaign is sending" in replace["destructive_why"]

    refused = run_cli("apply", "--target", "agency-partners", "--auto-approve")
    assert refused.code == 1
    assert "--allow-destructive" in refused.err
    assert _writes(project, "instantly") == []
    applied = run_cli(
        "apply", "--target", "agency-partners", "--auto-approve", "--allow-destructive"
    )
    assert applied.code == 0, applied.out + applied.err
    assert [method for method, _ in _writes(project, "instantly")] == ["PATCH"]
    assert run_cli("plan", "--target", "agency-partners", "--detailed-exitcode").code == 0


def test_a_step_inserted_one_place_off_in_a_running_campaign_says_to_pause_it(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where an account counts a new step's place from 0 (world lemlist.insert_base), the
    first insert lands one place off; seqsync moves it by deleting it and making it again,
    which lemlist refuses while the campaign runs. Apply says so and what to do, and once
    the campaign is paused the next apply puts the step in its place."""
    monkeypatch.setenv(WORLD_VAR, "lemlist.insert_base=zero")
    _edit(
        "sales-leaders",
        "  - type: linkedinInvite\n",
        "  - type: linkedinFollow\n    delay: 0\n  - type: linkedinInvite\n",
    )
    planned = run_cli("plan", "--target", "sales-leaders")
    assert planned.code == 0, planned.out + planned.err
    assert "+ create_step sales-leaders.steps[2]" in planned.out
    failed = run_cli("apply", "--target", "sales-leaders", "--auto-approve")
    assert failed.code == 1
    assert "lemlist put the new step at position 4, not 3" in failed.out
    assert "counts a new step's place from 0" in failed.out
    assert f"while campaign {CAMPAIGN} is running" in failed.out
    assert "pause the campaign in lemlist, plan and apply" in failed.out

    _sandbox_state(project, _lemlist_status("paused"))
    applied = run_cli("apply", "--target", "sales-leaders", "--auto-approve", "--allow-destructive")
    assert applied.code == 0, applied.out + applied.err
    assert run_cli("plan", "--target", "sales-leaders", "--detailed-exitcode").code == 0
    live = json.loads((project / ".seqsync" / "sandbox.json").read_text(encoding="utf-8"))
    (sequence,) = live["lemlist"]["sequences"].values()
    assert [step["type"] for step in sequence["steps"]] == [
        "email",
        "linkedinVisit",
        "linkedinFollow",
        "linkedinInvite",
        "email",
        "phone",
        "manual",
    ]

"""The CLI's plan / show / apply workflows on the embedded sandbox: saved plans, refusals,
targets, ignore rules, creating by title, Inbox version checks."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from seqsync.plan import common
from seqsync.render.schemas import render_schema
from tests.conftest import RunCli

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
EXAMPLE_NAMES = sorted(path.stem for path in (EXAMPLES / "sequences").glob("*.yaml"))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".seqsync"))
    monkeypatch.chdir(root)
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    return root


def test_saved_plan_shows_in_every_format_and_applies(project: Path, run_cli: RunCli) -> None:
    assert run_cli("plan", "--out", "plan.json").code == 0
    text = run_cli("show", "plan.json")
    assert "Plan: 3 to create, 4 to change, 2 to replace, 1 to pause." in text.out
    planned = json.loads(Path("plan.json").read_text())["sequences"]
    markdown = run_cli("show", "plan.json", "--format", "markdown")
    assert markdown.out.startswith("<!-- seqsync-plan -->")
    shown = json.loads(run_cli("show", "plan.json", "--format", "json").out)
    jsonschema.Draft202012Validator(json.loads(render_schema("plan.schema.json"))).validate(shown)
    applied = run_cli(
        "apply", "plan.json", "--auto-approve", "--allow-destructive", "--format", "json"
    )
    assert applied.code == 0, applied.err
    report = json.loads(applied.out)
    jsonschema.Draft202012Validator(json.loads(render_schema("report.schema.json"))).validate(
        report
    )
    assert report["summary"] == {
        "applied": sum(len(s["operations"]) for s in planned),
        "failed": 0,
        "not_attempted": 0,
        "refused_sequences": 0,
        # each changed sequence read back once: the seed changes every example
        "verified_sequences": len(EXAMPLE_NAMES),
        "inconsistent_sequences": 0,
    }
    assert all(s["verification"]["consistent"] for s in report["sequences"])
    assert run_cli("plan", "--detailed-exitcode").code == 0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda data: data.update(format_version=99), "plan format version 99"),
        (
            lambda data: data["sequences"][0]["operations"][0]["request"].update(path="/v1/evil"),
            "was changed after it was made",
        ),
    ],
    ids=["other-version", "hand-edited"],
)
def test_saved_plan_of_another_version_or_edited_is_refused(
    project: Path, run_cli: RunCli, edit: object, message: str
) -> None:
    run_cli("plan", "--out", "plan.json")
    data = json.loads(Path("plan.json").read_text())
    edit(data)  # type: ignore[operator]
    Path("plan.json").write_text(json.dumps(data))
    result = run_cli("apply", "plan.json", "--auto-approve", "--allow-destructive")
    assert result.code == 1
    assert message in result.err


def test_corrupted_plan_file_is_refused(project: Path, run_cli: RunCli) -> None:
    Path("plan.json").write_text("{not json")
    result = run_cli("show", "plan.json")
    assert result.code == 1
    assert "is not a readable plan file" in result.err


def test_apply_without_a_terminal_or_auto_approve_refuses(project: Path, run_cli: RunCli) -> None:
    result = run_cli("apply", "--allow-destructive")
    assert result.code == 1
    assert "no terminal to confirm on" in result.err
    assert run_cli("plan", "--detailed-exitcode").code == 2, "nothing may have been applied"


def test_target_and_exclude_select_by_glob(project: Path, run_cli: RunCli) -> None:
    only = json.loads(run_cli("plan", "--format", "json", "--target", "x-*").out)
    assert [s["name"] for s in only["sequences"]] == ["x-founders"]
    rest = json.loads(
        run_cli("plan", "--format", "json", "--exclude", "x-*", "--exclude", "founders-*").out
    )
    assert [s["name"] for s in rest["sequences"]] == [
        "agency-partners",
        "sales-leaders",
        "webinar-followup",
    ]


def test_a_target_that_matches_nothing_is_refused_with_the_closest_names(
    project: Path, run_cli: RunCli
) -> None:
    result = run_cli("plan", "--target", "founders-q5")
    assert result.code == 1
    assert "--target 'founders-q5' matches no sequence; did you mean founders-q4" in result.err


def test_target_selects_from_a_saved_plan(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run_cli("plan", "--out", "plan.json").code == 0
    record = project / "requests.jsonl"
    monkeypatch.setenv("SEQSYNC_SANDBOX_RECORD", str(record))
    applied = run_cli(
        "apply", "plan.json", "--target", "x-founders", "--auto-approve", "--allow-destructive"
    )
    assert applied.code == 0, applied.err
    sent = [json.loads(line) for line in record.read_text().splitlines()]
    writes = {(r["api"], r["path"]) for r in sent if r["method"] != "GET"}
    assert writes
    assert all(api == "inbox" and "/campaigns/" in path for api, path in writes), writes
    remaining = json.loads(run_cli("plan", "--format", "json").out)
    changed = {s["name"] for s in remaining["sequences"] if s["operations"]}
    assert "x-founders" not in changed
    assert changed, "the sequences not targeted stay unapplied"


def test_ignore_leaves_fields_unmanaged(project: Path, run_cli: RunCli) -> None:
    path = Path("sequences/founders-q4.yaml")
    path.write_text(
        path.read_text().replace(
            "title: Founders Q4 outbound",
            "title: Founders Q4 outbound\nignore: ['steps[0].variants[*].subject']",
        )
    )
    plan = json.loads(run_cli("plan", "--format", "json", "--target", "founders-q4").out)
    addresses = [op["address"] for op in plan["sequences"][0]["operations"]]
    assert "founders-q4.steps[0].A" not in addresses
    assert "founders-q4.steps[2]" in addresses


def test_a_sequence_without_id_is_created_by_title_then_matched(
    project: Path, run_cli: RunCli
) -> None:
    Path("sequences/new.yaml").write_text(
        "name: brand-new\nconnection: demo-saleshandy\ntitle: Brand new outbound\nsteps:\n"
        "  - {channel: email, day: 1, variants: [{subject: Hello, content: '<p>Hi</p>'}]}\n"
        "  - {channel: call_demo, day: 2, task_note: Call them}\n"
    )
    plan = json.loads(run_cli("plan", "--format", "json", "--target", "brand-new").out)
    assert [op["kind"] for op in plan["sequences"][0]["operations"]] == [
        "create_sequence",
        "create_step",
        "create_step",
    ]
    assert run_cli("apply", "--target", "brand-new", "--auto-approve").code == 0
    again = json.loads(run_cli("plan", "--format", "json", "--target", "brand-new").out)
    assert again["sequences"][0]["operations"] == []
    assert again["sequences"][0]["sequence_id"] is not None


def test_a_title_that_another_file_pins_is_not_matched_even_with_target(
    project: Path, run_cli: RunCli
) -> None:
    Path("sequences/copy.yaml").write_text(
        "name: copy\nconnection: demo-saleshandy\ntitle: Founders Q4 outbound\nsteps:\n"
        "  - {channel: call_demo, day: 1}\n"
    )
    result = run_cli("plan", "--target", "copy")
    assert result.code == 1
    assert (
        "copy: has no `id:`, and its title 'Founders Q4 outbound' is the live sequence that "
        "founders-q4 (JA5YdAr9wy) pins by id" in result.out
    )


def test_several_live_sequences_with_the_title_is_an_error_listing_them(
    project: Path, run_cli: RunCli
) -> None:
    Path("sequences/dupe.yaml").write_text(
        "name: dupe\nconnection: demo-saleshandy\ntitle: Same title\nsteps:\n  - {channel: call_demo, day: 2}\n"
    )
    for name in ("one", "two"):
        Path(f"sequences/{name}.yaml").write_text(
            f"name: {name}\nconnection: demo-saleshandy\ntitle: Same title {name}\nsteps:\n  - {{channel: call_demo, day: 2}}\n"
        )
    assert run_cli("apply", "--target", "one", "--target", "two", "--auto-approve").code == 0
    # Rename both live sequences' titles to collide, through the sandbox state.
    state_path = Path(".seqsync/sandbox.json")
    state = json.loads(state_path.read_text())
    for sequence in state["saleshandy"]["sequences"].values():
        if sequence["title"].startswith("Same title "):
            sequence["title"] = "Same title"
    state_path.write_text(json.dumps(state))
    Path(".seqsync/sandbox.json.lock").write_text("changed by the test")
    result = run_cli("plan", "--target", "dupe")
    assert result.code == 1
    assert "2 live sequences on demo-saleshandy are titled 'Same title'" in result.out


def test_inbox_apply_refuses_when_the_campaign_version_moved(
    project: Path, run_cli: RunCli
) -> None:
    assert run_cli("plan", "--target", "x-founders", "--out", "plan.json").code == 0
    state_path = Path(".seqsync/sandbox.json")
    state = json.loads(state_path.read_text())
    state["inbox"]["campaigns"]["usdjpdql3f90seqk13rwuo7z"]["version"] += 1
    state_path.write_text(json.dumps(state))
    Path(".seqsync/sandbox.json.lock").write_text("changed by the test")
    result = run_cli("apply", "plan.json", "--auto-approve", "--allow-destructive")
    assert result.code == 1
    assert "moved from version 3 to 4 since the plan was made" in result.out


def test_a_supaglue_sequence_is_created_with_all_its_steps_then_matched(
    project: Path, run_cli: RunCli
) -> None:
    Path("sequences/new-outreach.yaml").write_text(
        "name: new-outreach\nconnection: demo-outreach\ntitle: New Outreach sequence\nsteps:\n"
        "  - {type: auto_email, delay: 0, template: {subject: Hello, body: '<p>Hi</p>'}}\n"
        "  - {type: call, delay: 2d, task_note: Call, template: {subject: Script, body: '<p>Talk</p>'}}\n"
    )
    plan = json.loads(run_cli("plan", "--format", "json", "--target", "new-outreach").out)
    operations = plan["sequences"][0]["operations"]
    assert [op["kind"] for op in operations] == ["create_sequence"]
    assert len(operations[0]["request"]["body"]["record"]["steps"]) == 2
    assert run_cli("apply", "--target", "new-outreach", "--auto-approve").code == 0
    assert run_cli("plan", "--target", "new-outreach", "--detailed-exitcode").code == 0


def test_steps_go_into_an_empty_salesloft_cadence_in_one_import_then_match(
    project: Path, run_cli: RunCli
) -> None:
    config = Path("seqsync.yaml")
    config.write_text(
        config.read_text() + "  demo-salesloft:\n    provider: supaglue\n    sandbox: true\n"
        "    customer_id: acme\n    provider_name: salesloft\n"
    )
    head = "name: cadence\nconnection: demo-salesloft\ntitle: Empty cadence\n"
    Path("sequences/cadence.yaml").write_text(head + "steps: []\n")
    assert run_cli("apply", "--target", "cadence", "--auto-approve").code == 0
    Path("sequences/cadence.yaml").write_text(
        head + "steps:\n"
        "  - {type: auto_email, delay: 0, task_note: first touch, "
        "template: {subject: Hi, body: '<p>Hello</p>'}}\n"
        "  - {type: task, delay: 2d, task_note: check linkedin}\n"
        "  - {type: call, delay: 1d, task_note: call them}\n"
    )
    plan = json.loads(run_cli("plan", "--format", "json", "--target", "cadence").out)
    (operation,) = plan["sequences"][0]["operations"]
    groups = operation["request"]["body"]["record"]["custom_fields"]["step_groups"]
    assert [group["day"] for group in groups] == [1, 3, 4]
    assert [group["steps"][0]["type"] for group in groups] == ["Email", "Other", "Phone"]
    assert run_cli("apply", "--target", "cadence", "--auto-approve").code == 0
    assert run_cli("plan", "--target", "cadence", "--detailed-exitcode").code == 0


def test_a_pull_request_cannot_move_keys_with_connections_from_the_base_branch(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    trusted = project.parent / "base-seqsync.yaml"
    shutil.copy("seqsync.yaml", trusted)
    # The pull request points a connection at a host of its own, with the CI secret.
    monkeypatch.setenv("CI_SECRET", "sk-live-should-never-leave")
    Path("seqsync.yaml").write_text(
        Path("seqsync.yaml")
        .read_text()
        .replace(
            "  demo-outreach:\n    provider: supaglue\n    sandbox: true\n",
            "  demo-outreach:\n    provider: supaglue\n    api_key: ${CI_SECRET}\n"
            "    base_url: https://collector.invalid/engagement/v2\n",
        )
    )
    assert "collector.invalid" in Path("seqsync.yaml").read_text()
    result = run_cli("plan", "--connections-from", str(trusted), "--format", "json")
    assert result.code == 0, result.err
    assert "the plan uses the trusted connections" in result.err
    plan = json.loads(result.out)
    identities = {s["connection_identity"] for s in plan["sequences"]}
    assert not any("collector.invalid" in identity for identity in identities)
    Path("sequences/new.yaml").write_text(
        "name: new\nconnection: pr-only\nsteps:\n  - {channel: call_demo, day: 1}\n"
    )
    unknown = run_cli("plan", "--connections-from", str(trusted))
    assert unknown.code == 1
    assert f"connection 'pr-only' is not in {trusted} " in unknown.out + unknown.err
    missing = run_cli("plan", "--connections-from", "nowhere.yaml")
    assert missing.code == 1
    assert "--connections-from nowhere.yaml: no such file" in missing.err


def test_the_saved_plan_hint_works_from_where_it_was_printed(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    monkeypatch.chdir(project.parent)
    result = run_cli("plan", project.name, "--out", "plan.json")
    assert result.code == 0, result.err
    hint = result.err.split("apply it with: ", 1)[1].strip()
    assert hint.startswith(f"cd {project.name} && seqsync apply ")
    command = hint.replace("seqsync apply", f"{sys.executable} -m seqsync apply", 1)
    done = subprocess.run(
        ["bash", "-c", f"{command} --auto-approve --allow-destructive"],
        cwd=project.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Apply complete: 10 applied, 0 failed" in done.stdout


def test_a_live_step_on_a_channel_seqsync_does_not_model_is_imported_as_kept(
    project: Path, run_cli: RunCli
) -> None:
    assert run_cli("plan").code == 0  # seeds the sandbox
    state_path = Path(".seqsync/sandbox.json")
    state = json.loads(state_path.read_text())
    step = state["saleshandy"]["sequences"]["JA5YdAr9wy"]["steps"][3]
    step["type"] = 21  # a channel Saleshandy added after this seqsync
    state_path.write_text(json.dumps(state))
    Path(".seqsync/sandbox.json.lock").write_text("changed by the test")
    Path("sequences/founders-q4.yaml").unlink()
    result = run_cli("import", "--connection", "demo-saleshandy", "--id", "JA5YdAr9wy")
    assert result.code == 0, result.err
    text = Path("sequences/founders-q4-outbound.yaml").read_text()
    assert f"  - id: {step['id']}\n    keep: true\n" in text
    assert run_cli("plan", "--detailed-exitcode").code == 2, "the other files still differ"
    only = run_cli("plan", "--target", "founders-q4-outbound", "--detailed-exitcode")
    assert only.code == 0, only.out


def test_plan_with_base_calls_out_live_edits_that_apply_reverts(
    project: Path, run_cli: RunCli
) -> None:
    base = project.parent / "base"
    shutil.copytree(project, base)  # the base branch, as merged
    assert run_cli("apply", "--auto-approve", "--allow-destructive").code == 0
    # Someone edits a live subject in Saleshandy; the pull request edits Outreach only.
    state_path = Path(".seqsync/sandbox.json")
    state = json.loads(state_path.read_text())
    variant = state["saleshandy"]["sequences"]["JA5YdAr9wy"]["steps"][0]["variants"][0]
    variant["payload"]["subject"] = "Edited in the Saleshandy app"
    state_path.write_text(json.dumps(state))
    Path(".seqsync/sandbox.json.lock").write_text("changed by the test")
    path = Path("sequences/webinar-followup.yaml")
    path.write_text(path.read_text().replace("Call script", "Call script v2"))
    (base / "seqsync.yaml").write_text(Path("seqsync.yaml").read_text())
    result = run_cli("plan", "--base", str(base), "--out", "plan.json")
    assert result.code == 0, result.err
    text = result.out
    drift_note = "# drift: live was changed outside seqsync"
    founders = text.split("# founders-q4")[1].split("# webinar-followup")[0]
    webinar = text.split("# webinar-followup")[1]
    assert drift_note in founders
    assert "apply reverts steps[0].variants[0].subject" in founders
    assert drift_note not in webinar, "the pull request's own change is not drift"
    data = json.loads(Path("plan.json").read_text())
    drifted = [op["drifted"] for s in data["sequences"] for op in s["operations"]]
    assert drifted == [["steps[0].variants[0].subject"], []]
    applied = run_cli("apply", "plan.json", "--auto-approve")
    assert applied.code == 0, applied.out + applied.err  # drift notes are not verified


def test_a_plan_over_the_safety_limits_needs_force(project: Path, run_cli: RunCli) -> None:
    config = Path("seqsync.yaml")
    config.write_text(config.read_text().replace("min_live_steps: 10", "min_live_steps: 3"))
    founders = Path("sequences/founders-q4.yaml")
    text = founders.read_text()
    founders.write_text(text[: text.index("  - channel: linkedin_connection_request")])
    planned = run_cli("plan")
    assert planned.code == 0
    assert (
        "Warning: demo-saleshandy: the plan would pause 4 of its 5 live steps (80%), over the "
        "30% limit; apply refuses it without --force." in planned.err
    )
    refused = run_cli("apply", "--auto-approve", "--allow-destructive")
    assert refused.code == 1
    assert "goes over seqsync.yaml's safety limits" in refused.err
    assert run_cli("plan", "--detailed-exitcode").code == 2, "nothing was applied"
    forced = run_cli("apply", "--auto-approve", "--allow-destructive", "--force")
    assert forced.code == 0, forced.err
    assert run_cli("plan", "--detailed-exitcode").code == 0


def test_a_connection_that_keeps_unmanaged_steps_pauses_nothing(
    project: Path, run_cli: RunCli
) -> None:
    config = Path("seqsync.yaml")
    assert "    unmanaged_steps: pause" in config.read_text()
    config.write_text(
        config.read_text().replace("    unmanaged_steps: pause", "    unmanaged_steps: keep")
    )
    plan = json.loads(run_cli("plan", "--format", "json", "--target", "founders-q4").out)
    operations = plan["sequences"][0]["operations"]
    assert operations
    assert not any(operation["pause"] for operation in operations)
    Path("sequences/x.yaml").write_text(
        "name: x-keep\nconnection: demo-x\nid: abc\nunmanaged_steps: keep\n"
        "steps:\n  - message: hi\n"
    )
    refused = run_cli("validate")
    assert refused.code == 1
    assert "Inbox replaces a campaign's whole sequence" in refused.out


def test_show_unmanaged_lists_live_sequences_no_file_manages(
    project: Path, run_cli: RunCli
) -> None:
    Path("sequences/webinar-followup.yaml").unlink()
    text = run_cli("plan", "--show-unmanaged")
    assert text.code == 0, text.err
    assert "Live sequences no file manages: 1" in text.out
    assert "  demo-outreach: 1042 'Webinar follow-up (Outreach)'" in text.out
    assert "  demo-x: inbox cannot list its sequences" in text.out
    shown = json.loads(run_cli("plan", "--show-unmanaged", "--format", "json").out)
    jsonschema.Draft202012Validator(json.loads(render_schema("plan.schema.json"))).validate(shown)
    assert [item["id"] for item in shown["unmanaged"]] == ["1042", None]
    markdown = run_cli("plan", "--show-unmanaged", "--format", "markdown").out
    assert "<details><summary>Live sequences no file manages: 1</summary>" in markdown
    plain = json.loads(run_cli("plan", "--format", "json").out)
    assert plain["unmanaged"] is None, "not listed unless asked: listing costs requests"


def test_a_deeply_nested_plan_file_is_a_clear_error(project: Path, run_cli: RunCli) -> None:
    (project / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    result = run_cli("apply", "deep.json", "--auto-approve")
    assert result.code == 1
    assert "deep.json is not a plan file (its JSON nests too deeply)" in result.err
    assert "Internal error" not in result.err


def test_a_terminal_that_cannot_encode_arrows_gets_replacements_not_a_crash(
    project: Path,
) -> None:
    import os
    import subprocess
    import sys

    environment = {**os.environ, "PYTHONIOENCODING": "cp1252", "NO_COLOR": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "seqsync", "plan"],
        cwd=project,
        env=environment,
        capture_output=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("cp1252")
    assert '"active" ? "paused"' in out  # → replaced
    assert "Plan: 3 to create, 4 to change, 2 to replace, 1 to pause." in out


def _forge(data: dict[str, Any], edit: Callable[[dict[str, Any]], object]) -> str:
    """The plan file after ``edit``, with its checksum recomputed as a forger would."""
    from seqsync.workflow.commands import checksum_of

    data = dict(data)
    data.pop("checksum")
    edit(data)
    data["checksum"] = checksum_of(data)
    return json.dumps(data)


def _founders(data: dict[str, Any]) -> dict[str, Any]:
    """founders-q4's part of a plan file (the Saleshandy sequence the forgeries edit)."""
    return next(s for s in data["sequences"] if s["name"] == "founders-q4")


def _pause(data: dict[str, Any]) -> dict[str, Any]:
    operations = _founders(data)["operations"]
    return next(op for op in operations if op["pause"])


FORGERIES: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "path to another host": (
        lambda data: _founders(data)["operations"][0]["request"].update(
            path="http://127.0.0.1:9/steal"
        ),
        "differs in request",
    ),
    "path to another sequence": (
        lambda data: _founders(data)["operations"][0]["request"].update(
            path=_founders(data)["operations"][0]["request"]["path"].replace(
                "JA5YdAr9wy", "OtherSeq01"
            )
        ),
        "differs in request",
    ),
    "pause marked safe": (
        lambda data: _pause(data).update(destructive=False, destructive_why=""),
        "differs in destructive, destructive_why",
    ),
    "plan of another project": (
        lambda data: [
            sequence.update(name=f"other-{sequence['name']}") for sequence in data["sequences"]
        ],
        "no such sequence in this project",
    ),
    "another connection": (
        lambda data: _founders(data).update(
            connection_identity="saleshandy at https://open-api.saleshandy.com"
        ),
        "the plan was made for saleshandy at https://open-api.saleshandy.com",
    ),
}


@pytest.mark.parametrize("forgery", sorted(FORGERIES))
def test_a_forged_plan_with_a_recomputed_checksum_is_refused_and_sends_nothing(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, forgery: str
) -> None:
    assert run_cli("plan", "--out", "plan.json").code == 0
    edit, message = FORGERIES[forgery]
    Path("plan.json").write_text(_forge(json.loads(Path("plan.json").read_text()), edit))
    record = project / "requests.jsonl"
    monkeypatch.setenv("SEQSYNC_SANDBOX_RECORD", str(record))
    result = run_cli("apply", "plan.json", "--auto-approve", "--allow-destructive")
    assert result.code == 1
    assert message in result.err
    assert "nothing was applied" in result.err
    sent = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    assert [request["method"] for request in sent if request["method"] != "GET"] == []


def test_an_unforged_saved_plan_applies_what_it_shows(project: Path, run_cli: RunCli) -> None:
    assert run_cli("plan", "--out", "plan.json").code == 0
    shown = json.loads(run_cli("show", "plan.json", "--format", "json").out)
    applied = json.loads(
        run_cli(
            "apply", "plan.json", "--auto-approve", "--allow-destructive", "--format", "json"
        ).out
    )
    planned = [op["address"] for s in shown["sequences"] for op in s["operations"]]
    done = [op["address"] for s in applied["sequences"] for op in s["operations"]]
    assert sorted(done) == sorted(planned)


def test_a_bad_sandbox_fault_setting_is_a_usage_error_not_a_bug(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SEQSYNC_SANDBOX_FAULTS", '{"x": 1}')
    result = run_cli("plan")
    assert result.code == 1
    assert "unknown sandbox fault setting(s): x" in result.err
    assert "Internal error" not in result.err


def test_an_apply_digests_each_live_state_it_read_once(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The read a plan is made from stands in for apply's re-read while fresh; its
    # fingerprint is the plan's, worked out once, not a second digest of the same state.
    planned = json.loads(run_cli("plan", "--format", "json").out)["sequences"]
    read = [s for s in planned if s["fingerprint"] != "absent"]
    digested: list[object] = []
    real = common.fingerprints

    def counting(live: Any) -> Any:
        if live is not None:
            digested.append(live)
        return real(live)

    monkeypatch.setattr(common, "fingerprints", counting)
    assert run_cli("apply", "--auto-approve", "--allow-destructive").code == 0
    assert len(digested) == len(read) > 0

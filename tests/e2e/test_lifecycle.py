"""The life of a sequence around its edits (issue 23): validation in one round, partial
plans, explicit environments, renames, removals and ids per account."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.helpers import make_project

REPO = Path(__file__).parent.parent.parent
SANDBOX = "connections:\n  sh: {provider: saleshandy, sandbox: true}\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_validation_reports_rules_and_schema_errors_in_one_round(
    here: Path, run_cli: RunCli
) -> None:
    make_project(
        here,
        {
            "seqsync.yaml": SANDBOX,
            "a.yaml": (
                "name: a\nconnection: sh\nsteps:\n"
                "  - channel: email\n    day: 1\n    id: S1\n"
                "    variants: [{subject: s, content: c, id: V1}]\n"
                "  - channel: email\n    day: nope\n"
                "    variants: [{subject: s, content: c}]\n"
                "  - channel: email\n    day: 1\n    id: S1\n"
                "    variants: [{subject: s, content: c, id: V1}]\n"
            ),
        },
    )
    result = run_cli("validate", "--format", "json")
    assert result.code == 1
    out = result.out
    assert "steps[1].day: must be a whole number" in out  # the schema error
    assert "already an email step on day 1" in out  # the provider's rule, same round
    assert "id 'S1' is already the id of steps[0]" in out  # duplicate step id
    assert "id 'V1' is already the id of steps[0].variants[0]" in out  # duplicate variant id


def test_duplicate_ids_in_a_valid_document_are_errors_at_their_positions(
    here: Path, run_cli: RunCli
) -> None:
    make_project(
        here,
        {
            "seqsync.yaml": SANDBOX,
            "a.yaml": (
                "name: a\nconnection: sh\nsteps:\n"
                "  - channel: email\n    day: 1\n    id: S1\n"
                "    variants:\n      - {subject: s, content: c, id: V1}\n"
                "      - {subject: t, content: d, id: V1}\n"
                "  - channel: email\n    day: 2\n    id: S1\n"
                "    variants: [{subject: s, content: c}]\n"
            ),
        },
    )
    result = run_cli("validate")
    assert result.code == 1
    assert "a.yaml:9:38:" in result.out  # the second V1
    assert "a.yaml:12:" in result.out  # the second S1


@pytest.fixture
def examples(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli) -> Path:
    """The example project, applied once, so that its files and the sandbox agree."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "examples", root, ignore=shutil.ignore_patterns(".seqsync", ".github"))
    monkeypatch.chdir(root)
    done = run_cli("apply", "--auto-approve", "--allow-destructive")
    assert done.code == 0, done.err
    return root


def _cut_from(path: Path, marker: str) -> None:
    text = path.read_text()
    path.write_text(text[: text.index(marker)])


def test_one_unplannable_sequence_blocks_only_itself(examples: Path, run_cli: RunCli) -> None:
    sequences = examples / "sequences"
    # Outreach cannot delete steps: this file cannot be planned any more.
    _cut_from(sequences / "webinar-followup.yaml", "  - type: task")
    founders = sequences / "founders-q4.yaml"
    founders.write_text(founders.read_text().replace("Quick question,", "One question,", 1))
    planned = run_cli("plan", "--out", "plan.json")
    assert planned.code == 1
    assert "patch_variant founders-q4.steps[0].A" in planned.out  # the others are shown
    assert "could not be planned (webinar-followup)" in planned.err
    assert "--skip-blocked" in planned.err
    saved = json.loads((examples / "plan.json").read_text())  # and saved
    assert {s["name"] for s in saved["sequences"] if s["errors"]} == {"webinar-followup"}

    refused = run_cli("apply", "plan.json", "--auto-approve")
    assert refused.code == 1
    assert "(webinar-followup), so nothing was applied" in refused.err
    assert "patch_variant founders-q4.steps[0].A" in run_cli("plan").out  # still to do

    applied = run_cli("apply", "plan.json", "--auto-approve", "--skip-blocked")
    assert applied.code == 1  # not everything the files say was applied
    assert "✓ founders-q4: 1 applied" in applied.out
    assert "webinar-followup" in applied.out
    assert "not applied: it could not be planned" in applied.out
    after = run_cli("plan", "--target", "founders-q4", "--detailed-exitcode")
    assert after.code == 0, after.out


ENVIRONMENTS = """\
environments:
  staging:
    connections:
      sh: {provider: saleshandy, sandbox: true, sandbox_account: staging}
  production:
    values: {sender: Ana}
connections:
  sh: {provider: saleshandy, sandbox: true, sandbox_account: production}
  x: {provider: inbox, sandbox: true}
"""
INBOX_DOC = "name: dms\nconnection: x\nid: usdjpdql3f90seqk13rwuo7z\nsteps:\n  - message: Hi\n"
EMAIL_DOC = (
    "name: intro\nconnection: sh\ntitle: Intro\nsteps:\n"
    "  - {channel: email, day: 1, variants: [{subject: Hi, content: '<p>Hi</p>'}]}\n"
)


def test_an_environment_reaches_only_the_connections_it_names(here: Path, run_cli: RunCli) -> None:
    make_project(here, {"seqsync.yaml": ENVIRONMENTS, "dms.yaml": INBOX_DOC, "a.yaml": EMAIL_DOC})
    refused = run_cli("plan", "--env", "staging")
    assert refused.code == 1
    assert (
        "dms.yaml:2:13: error: environment 'staging' does not define connection 'x'" in refused.err
    )
    assert "environments.staging.shared" in refused.err
    assert "a.yaml" not in refused.err  # its connection is staging's own
    # An environment with values only is the top-level accounts, as before.
    assert run_cli("validate", "--env", "production").code == 0
    assert run_cli("validate").code == 0  # no --env: the top level

    shared = ENVIRONMENTS.replace("  production:", "    shared: [x]\n  production:")
    (here / "seqsync.yaml").write_text(shared)
    assert run_cli("plan", "--env", "staging").code == 0

    wrong = shared.replace("shared: [x]", "shared: [y, sh]")
    (here / "seqsync.yaml").write_text(wrong)
    result = run_cli("validate", "--env", "staging")
    assert result.code == 1
    assert "no connection 'y' to share (connections: sh, x)" in result.out
    assert "'sh' is both shared and defined by staging" in result.out


INTRO = """\
name: intro
connection: sh
title: Intro
steps:
  - {channel: email, day: 1, variants: [{subject: Hi, content: '<p>Hi {{firstName}}</p>'}]}
  - {channel: email, day: 3, variants: [{subject: Re, content: '<p>Again {{firstName}}</p>'}]}
"""


def test_a_renamed_file_never_leaves_two_live_sequences(here: Path, run_cli: RunCli) -> None:
    make_project(here, {"seqsync.yaml": SANDBOX, "intro.yaml": INTRO})
    assert run_cli("apply", "--auto-approve").code == 0
    intro = here / "intro.yaml"
    intro.write_text(INTRO.replace("title: Intro", "title: Intro v2"))
    refused = run_cli("plan")
    assert refused.code == 1
    assert "create_sequence" not in refused.out
    assert "the unmanaged live sequence 'Intro'" in refused.out
    assert "has exactly its steps" in refused.out
    assert "`moved_from: {id: " in refused.out
    assert "`new: true`" in refused.out

    # Said to be moved: the plan manages the old one, and says no API can rename it.
    intro.write_text(INTRO.replace("title: Intro", "title: Intro v2\nmoved_from: {title: Intro}"))
    moved = run_cli("plan")
    assert moved.code == 1
    assert "title 'Intro v2' differs from the live title 'Intro'" in moved.out
    assert "cannot rename a sequence through its API; rename it in Saleshandy itself" in moved.out

    # A copy on purpose: created, as asked.
    intro.write_text(INTRO.replace("title: Intro", "title: Intro v2\nnew: true"))
    copy = run_cli("plan", "--format", "json")
    assert copy.code == 0
    assert json.loads(copy.out)["sequences"][0]["operations"][0]["kind"] == "create_sequence"


def test_retiring_a_sequence_is_a_reviewed_change(
    here: Path, tmp_path_factory: pytest.TempPathFactory, run_cli: RunCli
) -> None:
    make_project(here, {"seqsync.yaml": SANDBOX, "intro.yaml": INTRO})
    assert run_cli("apply", "--auto-approve").code == 0
    base = tmp_path_factory.mktemp("base")
    shutil.copy(here / "seqsync.yaml", base / "seqsync.yaml")
    shutil.copy(here / "intro.yaml", base / "intro.yaml")
    (here / "intro.yaml").unlink()

    silent = run_cli("plan", "--base", str(base))
    assert silent.code == 1  # a deleted file is never silently left running
    assert "intro: its file was removed in this change" in silent.out
    assert "then: pause" in silent.out

    removed = "removed:\n  - {name: intro, connection: sh, title: Intro, then: pause}\n"
    (here / "seqsync.yaml").write_text(SANDBOX + removed)
    planned = run_cli("plan", "--base", str(base), "--out", "plan.json")
    assert planned.code == 0, planned.err
    assert planned.out.count("⏸ patch_variant intro.steps") == 2
    assert "removed, then: pause" in planned.out
    gated = run_cli("apply", "plan.json", "--auto-approve")
    assert gated.code == 1  # the destructive gate holds
    assert "--allow-destructive" in gated.err
    applied = run_cli("apply", "plan.json", "--auto-approve", "--allow-destructive")
    assert applied.code == 0, applied.err
    assert "✓ intro: 2 applied" in applied.out
    assert run_cli("plan", "--detailed-exitcode").code == 0

    (here / "seqsync.yaml").write_text(SANDBOX + removed.replace("pause", "unmanage"))
    left = run_cli("plan", "--format", "json")
    assert left.code == 0
    (entry,) = json.loads(left.out)["sequences"]
    assert entry["operations"] == []
    assert "left running" in " ".join(entry["notes"])


def test_a_provider_that_cannot_pause_says_so(here: Path, run_cli: RunCli) -> None:
    config = (
        "connections:\n  o: {provider: supaglue, sandbox: true, customer_id: c, "
        "provider_name: outreach}\nremoved:\n  - {name: old, connection: o, id: '1042', "
        "then: pause}\n"
    )
    make_project(here, {"seqsync.yaml": config})
    result = run_cli("plan")
    assert result.code == 1
    assert "old: Supaglue/outreach cannot pause a sequence's steps through its API" in result.out
    assert "`then: unmanage`" in result.out


def test_a_saved_plan_refused_after_an_edit_names_the_operation_added(
    examples: Path, run_cli: RunCli
) -> None:
    founders = examples / "sequences" / "founders-q4.yaml"
    founders.write_text(founders.read_text().replace("Floating this back up.", "Bumping this."))
    assert run_cli("plan", "--out", "plan.json", "--target", "founders-q4").code == 0
    # A second edit, earlier in the file: a new first operation, before the saved one.
    founders.write_text(founders.read_text().replace("Quick question,", "One question,", 1))
    refused = run_cli("apply", "plan.json", "--auto-approve")
    assert refused.code == 1
    assert (
        "the files now also give patch_variant founders-q4.steps[0].A, which the saved plan "
        "does not have" in refused.err
    ), refused.err


PROMOTED = """\
environments:
  staging:
    connections:
      sh: {provider: saleshandy, sandbox: true, sandbox_account: staging}
connections:
  sh: {provider: saleshandy, sandbox: true, sandbox_account: production}
"""


def test_ids_pinned_in_one_account_never_break_another_environment(
    here: Path, run_cli: RunCli
) -> None:
    make_project(here, {"seqsync.yaml": PROMOTED, "intro.yaml": INTRO})
    assert run_cli("apply", "--auto-approve", "--pin").code == 0  # production, pinned
    pinned = (here / "intro.yaml").read_text()
    assert any(line.startswith("id: ") for line in pinned.splitlines())
    # Staging is another account: the file's ids are production's, so there the
    # document is matched by title (and created the first time), never read by those ids.
    staging = run_cli("plan", "--env", "staging", "--format", "json")
    assert staging.code == 0, staging.err
    (entry,) = json.loads(staging.out)["sequences"]
    assert entry["operations"][0]["kind"] == "create_sequence"
    assert run_cli("apply", "--env", "staging", "--auto-approve").code == 0
    assert run_cli("plan", "--env", "staging", "--detailed-exitcode").code == 0
    assert run_cli("plan", "--detailed-exitcode").code == 0  # production still by its ids
    refused = run_cli("pin", "--env", "staging")
    assert refused.code == 1
    assert "pin without --env" in refused.err
    assert (here / "intro.yaml").read_text() == pinned


def test_a_removed_entry_on_a_connection_out_of_reach_blocks_only_itself(
    here: Path, run_cli: RunCli
) -> None:
    removed = (
        "removed:\n"
        "  - {name: gone, connection: nope, title: Gone, then: pause}\n"
        "  - {name: dms, connection: x, id: usdjpdql3f90seqk13rwuo7z, then: unmanage}\n"
    )
    make_project(here, {"seqsync.yaml": ENVIRONMENTS + removed, "intro.yaml": INTRO})
    planned = run_cli("plan", "--out", "plan.json")
    assert planned.code == 1
    assert "+ create_sequence intro" in planned.out  # the others are shown
    assert (
        "removed entry gone: connection 'nope' is not in seqsync.yaml: add the connection"
        in planned.out
    )
    assert "could not be planned (gone)" in planned.err
    saved = json.loads((here / "plan.json").read_text())  # and saved
    assert {s["name"] for s in saved["sequences"] if s["errors"]} == {"gone"}
    refused = run_cli("apply", "plan.json", "--auto-approve")
    assert refused.code == 1
    assert "(gone), so nothing was applied" in refused.err
    applied = run_cli("apply", "plan.json", "--auto-approve", "--skip-blocked")
    assert "✓ intro: 3 applied" in applied.out

    staging = run_cli("plan", "--env", "staging", "--format", "json")
    assert staging.code == 1
    errors = {s["name"]: s["errors"] for s in json.loads(staging.out)["sequences"]}
    assert errors["intro"] == []
    assert errors["dms"] == [
        "removed entry dms: environment 'staging' does not define connection 'x': define it "
        "under environments.staging.connections (or list it in environments.staging.shared) "
        "to retire it there, or plan this entry without --env"
    ]


def test_a_removed_entry_whose_live_sequence_is_gone_says_so(here: Path, run_cli: RunCli) -> None:
    removed = (
        "removed:\n"
        "  - {name: old, connection: sh, title: Old, then: pause}\n"
        "  - {name: older, connection: sh, id: '999999', then: pause}\n"
    )
    make_project(here, {"seqsync.yaml": SANDBOX + removed})
    planned = run_cli("plan", "--detailed-exitcode")
    assert planned.code == 0, planned.out + planned.err
    assert (
        "old: removed, then: pause: its live sequence is gone already (no live sequence on sh "
        "is titled 'Old'); remove the entry" in planned.out
    )
    assert "older: removed, then: pause: its live sequence is gone already (sh has no " in (
        planned.out
    )


INBOX = "connections:\n  x: {provider: inbox, sandbox: true}\n"


def test_a_retired_inbox_campaign_is_found_again_by_the_id_its_file_held(
    here: Path, tmp_path_factory: pytest.TempPathFactory, run_cli: RunCli
) -> None:
    # Inbox campaigns are made in the app and cannot be listed: the document's id (which
    # it must have) is what finds the campaign, so the entry to write carries it.
    base = tmp_path_factory.mktemp("base")
    make_project(base, {"seqsync.yaml": INBOX, "dms.yaml": INBOX_DOC})
    make_project(here, {"seqsync.yaml": INBOX})
    silent = run_cli("plan", "--base", str(base))
    assert silent.code == 1
    assert (
        "`removed: [{name: dms, connection: x, id: usdjpdql3f90seqk13rwuo7z, then: unmanage}]`, "
        "after stopping it in Inbox itself (Inbox cannot pause it through its API)" in silent.out
    )

    entry = (
        "removed:\n  - {name: dms, connection: x, id: usdjpdql3f90seqk13rwuo7z, then: unmanage}\n"
    )
    (here / "seqsync.yaml").write_text(INBOX + entry)
    shown = run_cli("plan", "--base", str(base), "--show-unmanaged", "--format", "json")
    assert shown.code == 0, shown.out + shown.err
    assert json.loads(shown.out)["unmanaged"] == [
        {
            "connection": "x",
            "id": None,
            "title": "inbox cannot list its sequences; retired by removed: entries: "
            "dms (id usdjpdql3f90seqk13rwuo7z, then: unmanage)",
        }
    ]


def test_show_timeline_marks_two_emails_that_swap_days(here: Path, run_cli: RunCli) -> None:
    make_project(here, {"seqsync.yaml": SANDBOX, "intro.yaml": INTRO})
    assert run_cli("apply", "--auto-approve").code == 0
    swapped = INTRO.replace("day: 1,", "day: @,").replace("day: 3,", "day: 1,")
    (here / "intro.yaml").write_text(swapped.replace("day: @,", "day: 3,"))
    assert run_cli("plan", "--out", "plan.json").code == 0
    shown = run_cli("show", "plan.json", "--timeline").out.splitlines()
    assert shown[-3:-1] == [
        '    moved: email "Hi": day 1 → day 3',
        '    moved: email "Re": day 3 → day 1',
    ], shown
    markdown = run_cli("show", "plan.json", "--format", "markdown").out
    assert '- moved: email "Re": day 3 → day 1' in markdown

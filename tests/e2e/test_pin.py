"""`seqsync pin` and `apply --pin`: ids written into the files in place, every other byte
kept; after pinning, a title change is refused, never a second live sequence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import RunCli

FLOW = """\
# flow steps, with comments
name: flow
connection: sandbox-saleshandy
title: Flow style   # the title
steps:
  - {channel: call_demo, day: 1, task_note: 'Call them'}   # a call
  - {channel: linkedin_message, day: 2, variants: [{message: "Hi {{firstName}}"}]}
"""


def without_ids(text: str) -> str:
    """The text with pinned ids taken out again, the way pin put them in."""
    text = re.sub(r"^id: [^\n]+\n", "", text, flags=re.MULTILINE)
    text = re.sub(r"(- )id: [^\n]+\n\s+", r"\1", text)
    return re.sub(r"\{id: [^,}]+(, )?", "{", text)


@pytest.fixture
def project(tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    assert run_cli("init", str(tmp_path / "p")).code == 0
    monkeypatch.chdir(tmp_path / "p")
    Path("sequences/flow.yaml").write_text(FLOW)
    return tmp_path / "p"


def test_apply_pin_writes_every_id_and_changes_nothing_else(project: Path, run_cli: RunCli) -> None:
    before = {path: path.read_text() for path in Path("sequences").glob("*.yaml")}
    result = run_cli("apply", "--auto-approve", "--pin")
    assert result.code == 0, result.err
    assert "pinned 6 id(s) in sequences/starter-saleshandy.yaml" in result.err
    for path, text in before.items():
        after = path.read_text()
        assert after != text
        assert without_ids(after) == text, path
    flow = Path("sequences/flow.yaml").read_text()
    assert re.search(
        r"  - \{id: '?\w+'?, channel: call_demo, day: 1, task_note: 'Call them'\}   # a call", flow
    )
    assert re.search(r"variants: \[\{id: '?\w+'?, message: \"Hi \{\{firstName\}\}\"\}\]", flow)
    assert run_cli("plan", "--detailed-exitcode").code == 0
    again = run_cli("pin")
    assert "Nothing to pin" in again.err


def test_after_pinning_a_title_change_is_refused_not_a_second_sequence(
    project: Path, run_cli: RunCli
) -> None:
    assert run_cli("apply", "--auto-approve", "--pin").code == 0
    path = Path("sequences/starter-supaglue.yaml")
    path.write_text(path.read_text().replace("title: Starter sequence", "title: Renamed sequence"))
    result = run_cli("plan")
    assert result.code == 1
    assert (
        "title 'Renamed sequence (Outreach through Supaglue)' differs from the live title"
        in result.out
    )
    assert "create_sequence" not in result.out

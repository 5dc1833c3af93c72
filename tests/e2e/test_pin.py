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


# --- apply --pin on files as editors and YAML write them: BOM, CRLF, anchors -----------

SIMPLE = """\
name: simple
connection: sandbox-saleshandy
title: Simple pinned
steps:
  - channel: email
    day: 1
    variants:
      - subject: Hello
        content: <p>Hi</p>
  - {channel: call_demo, day: 2, task_note: Call}
"""

ANCHORED = """\
name: anchored
connection: sandbox-saleshandy
title: Anchored variants
steps:
  - channel: linkedin_message
    day: 1
    variants:
      - &note {message: "Hi {{firstName}}"}
  - channel: linkedin_message
    day: 3
    variants:
      - *note
"""


def _only(project: Path, name: str, data: bytes) -> Path:
    """The project with just this sequence file (the starters would be pinned too)."""
    for path in Path("sequences").glob("*.yaml"):
        path.unlink()
    path = project / "sequences" / name
    path.write_bytes(data)
    return path


def test_apply_pin_keeps_a_byte_order_mark_and_crlf_line_endings(
    project: Path, run_cli: RunCli
) -> None:
    original = b"\xef\xbb\xbf" + SIMPLE.replace("\n", "\r\n").encode()
    path = _only(project, "simple.yaml", original)
    result = run_cli("apply", "--auto-approve", "--pin")
    assert result.code == 0, result.out + result.err
    assert "pinned 4 id(s) in sequences/simple.yaml" in result.err
    pinned = path.read_bytes()
    assert pinned.startswith(b"\xef\xbb\xbfid: ")
    assert b"\n" not in pinned.replace(b"\r\n", b"")  # every line still ends in CRLF
    text = pinned[3:].decode().replace("\r\n", "\n")
    assert without_ids(text) == SIMPLE
    assert run_cli("plan", "--detailed-exitcode").code == 0


def test_apply_pin_refuses_an_anchored_variant_before_any_write(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _only(project, "anchored.yaml", ANCHORED.encode())
    record = project / "requests.jsonl"
    monkeypatch.setenv("SEQSYNC_SANDBOX_RECORD", str(record))
    result = run_cli("apply", "--auto-approve", "--pin")
    assert result.code == 1
    assert "--pin could not write the ids into the files, so nothing was applied" in result.err
    assert "sequences/anchored.yaml:8:9: the variant is the YAML anchor &note" in result.err
    assert "Internal error" not in result.err
    sent = record.read_text().splitlines() if record.exists() else []
    assert [line for line in sent if '"GET"' not in line] == []
    assert path.read_bytes() == ANCHORED.encode()
    assert run_cli("apply", "--auto-approve").code == 0  # without --pin it applies


def test_pin_refuses_an_anchored_variant_and_writes_nothing(project: Path, run_cli: RunCli) -> None:
    path = _only(project, "anchored.yaml", ANCHORED.encode())
    assert run_cli("apply", "--auto-approve").code == 0
    result = run_cli("pin")
    assert result.code == 1
    assert "nothing was pinned" in result.err
    assert "anchor &note" in result.err
    assert path.read_bytes() == ANCHORED.encode()


BRACELESS = """\
name: braceless
connection: sandbox-saleshandy
title: Braceless variant
steps:
  - channel: linkedin_connection_request
    day: 1
    variants: [connection_note: 'Hi {{firstName}}']
"""


def test_a_braceless_flow_variant_is_refused_by_name_and_nothing_is_written(
    project: Path, run_cli: RunCli
) -> None:
    """`[key: value]` is a one-pair mapping with no brace to write `id:` after: pin says
    so (as apply --pin does, before any request) instead of corrupting the key."""
    path = _only(project, "braceless.yaml", BRACELESS.encode())
    refused = run_cli("apply", "--auto-approve", "--pin")
    assert refused.code == 1
    assert (
        "braceless.yaml:7:16: the variant is a mapping written inside [ ] without braces"
        in refused.err
    )
    assert "Internal error" not in refused.err
    assert run_cli("apply", "--auto-approve").code == 0
    pinned = run_cli("pin")
    assert pinned.code == 1
    assert "write it as {key: value}" in pinned.err
    assert path.read_bytes() == BRACELESS.encode()


def test_a_pin_put_back_restores_every_byte(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seqsync.errors import InternalError
    from seqsync.model.diagnostics import Diagnostic
    from seqsync.project.loader import Project, load_project
    from seqsync.workflow import commands

    original = b"\xef\xbb\xbf" + SIMPLE.replace("\n", "\r\n").encode()
    path = _only(project, "simple.yaml", original)
    assert run_cli("apply", "--auto-approve").code == 0
    loaded = commands.valid_project([project])
    plan = commands.make_plan(loaded, (), (), 4)

    def invalid_after(paths: list[Path], cwd: Path) -> Project:
        assert path.read_bytes() != original  # the ids were written
        after = load_project(paths, cwd)
        after.diagnostics.append(Diagnostic("simple.yaml", 1, 1, "made up"))
        return after

    monkeypatch.setattr(commands, "load_project", invalid_after)
    with pytest.raises(InternalError, match="put back"):
        commands.pin_files(loaded, plan)
    assert path.read_bytes() == original


def test_a_pin_that_fails_after_the_apply_says_the_apply_happened(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from seqsync.errors import InternalError
    from seqsync.workflow import commands

    _only(project, "simple.yaml", SIMPLE.encode())

    def broken(*_: object) -> list[object]:
        raise InternalError("pinning made the files invalid, so they were put back: …")

    monkeypatch.setattr(commands, "pin_files", broken)
    result = run_cli("apply", "--auto-approve", "--pin")
    assert result.code == 1
    assert "Apply complete" in result.out
    assert "the apply above happened, but its ids were not pinned into sequences/simple.yaml" in (
        result.err
    )
    assert "Traceback" not in result.err
    assert "Internal error" not in result.err

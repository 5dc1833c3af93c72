"""Files no one should write still end as diagnostics with positions, never tracebacks."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from seqsync.config.yaml_reader import MAX_FILE_BYTES
from tests.conftest import RunCli
from tests.helpers import make_project

BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            b"name: s\nconnection: sh\nsteps: []\n" + b"# " + b"x" * MAX_FILE_BYTES + b"\n",
            "seq.yaml:1:1: error: file is 5,242,916 bytes, over the 5,242,880-byte limit",
            id="huge",
        ),
        pytest.param(
            bytes(range(256)) * 4,
            "seq.yaml:1:1: error: file contains NUL bytes: it is binary, not YAML",
            id="binary-garbage",
        ),
        pytest.param(
            b"name: s\nconnection: sh\ntitle: caf\xe9\n",
            "seq.yaml:3:11: error: file is not valid UTF-8 (byte 0xe9); save it as UTF-8",
            id="latin-1",
        ),
        pytest.param(
            b"name: s\nconnection: sh\nsteps: " + b"[" * 5000 + b"]" * 5000 + b"\n",
            "seq.yaml:3:72: error: nesting is deeper than 64 levels",  # at the 65th bracket
            id="deep-flow-nesting",
        ),
        pytest.param(
            (
                "name: s\nconnection: sh\nsteps:\n"
                + "".join("  " * i + "- \n" for i in range(1, 80))
            ).encode(),
            "seq.yaml:",
            id="deep-block-nesting",
        ),
        pytest.param(
            BILLION_LAUGHS.encode(),
            "document expands to too many values (aliases?); simplify it",
            id="billion-laughs",
        ),
    ],
)
def test_hostile_file_is_a_diagnostic(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, content: bytes, expected: str
) -> None:
    make_project(tmp_path, {"seq.yaml": content})
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", ".")
    assert result.code == 1
    assert expected in result.out
    assert "Traceback" not in result.err + result.out


def test_content_file_symlinked_outside_the_project_is_refused(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("<p>secret</p>", encoding="utf-8")
    project = make_project(
        tmp_path / "project",
        {
            "seq.yaml": "name: s\nconnection: sh\nsteps:\n  - channel: email\n    day: 1\n"
            "    variants:\n      - subject: Hi\n        content_file: body.html\n"
        },
    )
    os.symlink(outside, project / "body.html")
    monkeypatch.chdir(project)
    result = run_cli("validate", ".")
    assert result.code == 1
    assert result.out == (
        "seq.yaml:8:23: error: 'body.html' points outside the folder that holds seqsync.yaml; "
        "keep content files inside the project\n"
    )


def test_every_problem_in_every_file_is_reported_in_one_run_sorted(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_project(
        tmp_path,
        {
            "b.yaml": "name: b\nconnection: sh\nsteps:\n  - channel: task\n    day: 0\n",
            "a.yaml": "name: a\nconection: sh\nsteps: []\n---\nname: c\nconnection: nope\nsteps: []\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate")
    assert result.code == 1
    assert result.out.splitlines() == [
        "a.yaml:1:1: error: missing required key 'connection'",
        "a.yaml:6:13: error: connection 'nope' is not in seqsync.yaml (connections: outreach, sh, x)",
        "b.yaml:5:10: error: steps[0].day: Input should be greater than or equal to 1",
    ]


def test_missing_seqsync_yaml_is_a_clear_error(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "seq.yaml").write_text("name: s\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "seq.yaml")
    assert result.code == 1
    assert "no seqsync.yaml found" in result.err


def test_usage_error_exits_1_not_2(run_cli: RunCli) -> None:
    result = run_cli("validate", "--format", "xml")
    assert result.code == 1
    assert "Invalid value for '--format'" in result.err


EMAIL_WITH_FILE = (
    "name: s\nconnection: sh\nsteps:\n  - channel: email\n    day: 1\n"
    "    variants:\n      - subject: Hi\n        content_file: {path}\n"
)


@pytest.mark.parametrize(
    ("path", "prepare", "expected"),
    [
        pytest.param(
            ".git/config",
            lambda root: (root / ".git").mkdir() or (root / ".git" / "config").write_text("token"),
            "'.git/config' is inside a hidden folder or is a hidden file",
            id="git-config",
        ),
        pytest.param(
            "big.html",
            lambda root: os.truncate(_touch(root / "big.html"), 3 * 1024**3),
            "'big.html' is over 1,048,576 bytes",
            id="sparse-3-gb-checked-before-reading",
        ),
        pytest.param(
            "pipe.html",
            lambda root: os.mkfifo(root / "pipe.html"),
            "'pipe.html' is not a regular file",
            id="fifo",
        ),
        pytest.param(
            "a/" * 600 + "x.html",
            lambda root: None,
            "is longer than 1024 bytes; use a shorter path",
            id="path-longer-than-path-max",
        ),
    ],
)
def test_content_files_are_checked_before_they_are_read(
    tmp_path: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    prepare: Callable[[Path], object],
    expected: str,
) -> None:
    project = make_project(tmp_path, {"seq.yaml": EMAIL_WITH_FILE.format(path=path)})
    prepare(project)
    monkeypatch.chdir(project)
    result = run_cli("validate", ".")
    assert result.code == 1
    assert expected in result.out
    assert "Traceback" not in result.err + result.out
    assert "token" not in result.out


def _touch(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def test_a_fifo_named_on_the_command_line_is_refused_at_its_first_line(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path, {})
    os.mkfifo(project / "pipe.yaml")
    monkeypatch.chdir(project)
    result = run_cli("validate", "pipe.yaml")
    assert result.code == 1
    assert "pipe.yaml:1:1: error: not a regular file (a FIFO" in result.out


def test_a_sequence_file_symlinked_from_outside_is_refused(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("name: s\nconnection: sh\nsteps: []\n", encoding="utf-8")
    project = make_project(tmp_path / "project", {})
    os.symlink(outside, project / "linked.yaml")
    monkeypatch.chdir(project)
    result = run_cli("validate", ".")
    assert result.code == 1
    assert "linked.yaml: resolves outside the folder that holds seqsync.yaml" in result.err


def test_a_broken_project_reports_field_rule_file_and_cross_file_problems_in_one_run(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field error no longer hides the duplicate name; a provider rule no longer hides
    a missing content file: every kind of check runs on every document."""
    make_project(
        tmp_path,
        {
            "a.yaml": "name: dup\nconnection: sh\nsteps:\n  - channel: email\n    day: 0\n"
            "    variants: [{subject: Hi, content: '<p>x</p>'}]\n",
            "b.yaml": "name: dup\nconnection: sh\nsteps:\n  - channel: email\n    day: 1\n"
            "    variants: [{subject: Hi, content_file: missing.html}]\n"
            "  - channel: email\n    day: 1\n    variants: [{subject: Hi2, content: '<p>y</p>'}]\n",
        },
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", ".")
    assert result.code == 1
    assert result.out.splitlines() == [
        "a.yaml:1:7: error: sequence name 'dup' is also used at b.yaml:1:7; names must be "
        "unique across all files",
        "a.yaml:5:10: error: steps[0].day: Input should be greater than or equal to 1",
        "b.yaml:1:7: error: sequence name 'dup' is already used at a.yaml:1:7; names must be "
        "unique across all files",
        "b.yaml:6:44: error: 'missing.html' does not exist next to this file; create it or fix "
        "the path",
        "b.yaml:8:10: error: steps[0] is already an email step on day 1; Saleshandy allows one "
        "email step per day: move one to another day",
    ]


def test_other_yaml_in_the_project_is_ignored_unless_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    """docker-compose.yml, a playbook or a pre-commit config beside the sequences is not a
    sequence file: a folder's YAML counts when it names a connection or has steps or a
    title; a file named on the command line, or one that does not parse, always counts."""
    monkeypatch.chdir(tmp_path)
    Path("seqsync.yaml").write_text("connections:\n  sh: {provider: saleshandy, sandbox: true}\n")
    Path("docker-compose.yml").write_text("name: app\nservices:\n  web: {image: nginx}\n")
    Path("playbook.yml").write_text("- hosts: all\n  tasks: []\n")
    Path(".pre-commit-config.yaml").write_text("repos: []\n")
    Path("seq.yaml").write_text(
        "name: seq\nconnection: sh\nsteps:\n  - {channel: call_demo, day: 1}\n"
    )
    result = run_cli("validate")
    assert result.code == 0, result.err
    assert "1 sequence valid" in result.err
    named = run_cli("validate", "docker-compose.yml")
    assert named.code == 1
    assert "docker-compose.yml:1:1: error: missing required key 'connection'" in named.out
    Path("broken.yaml").write_text("name: [unclosed\n")
    broken = run_cli("validate")
    assert broken.code == 1
    assert "broken.yaml:" in broken.out

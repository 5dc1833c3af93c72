"""The apply lock and the embedded sandbox's state are opened without following links:
whatever a checkout leaves at their paths (a link to a file elsewhere, a FIFO, a folder)
is refused by name with what to do, never followed, hung on or reported as a bug."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, RunCli
from tests.helpers import make_project

SEQUENCE = """\
name: s
connection: sh
title: Hardening lock
steps:
  - {channel: email, day: 1, variants: [{subject: Hi, content: Hello}]}
"""


def _symlink_to_outside(target: Path) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        os.symlink(target, path)

    return make


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    root = make_project(tmp_path / "project", {"s.yaml": SEQUENCE})
    (root / ".seqsync").mkdir()
    monkeypatch.chdir(root)
    return root


def _assert_refused(result: CliResult, name: str, kind: str) -> None:
    code, out, err = result.code, result.out, result.err
    assert code == 1, (out, err)
    assert name in err, err
    assert kind in err, err
    assert "remove " in err, err
    assert "Internal error" not in err + out
    assert "Traceback" not in err + out


def test_a_lock_file_linked_outside_is_refused_and_its_target_kept(
    project: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me\n", encoding="utf-8")
    os.symlink(outside, project / ".seqsync" / "apply.lock")
    result = run_cli("apply", "--auto-approve")
    _assert_refused(result, "apply.lock", "a symbolic link")
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert "create_sequence" not in result.out  # refused before anything was planned


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        pytest.param(os.mkfifo, "a FIFO", id="fifo"),
        pytest.param(os.mkdir, "a folder", id="directory"),
    ],
)
def test_a_lock_path_that_is_not_a_file_is_refused_by_name(
    project: Path, run_cli: RunCli, make: Callable[[Path], None], kind: str
) -> None:
    make(project / ".seqsync" / "apply.lock")
    _assert_refused(run_cli("apply", "--auto-approve"), "apply.lock", kind)


def test_a_seqsync_folder_linked_outside_the_project_is_refused(
    project: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / ".seqsync").rmdir()
    os.symlink(elsewhere, project / ".seqsync")
    _assert_refused(run_cli("apply", "--auto-approve"), ".seqsync", "outside the project")
    assert list(elsewhere.iterdir()) == []


def test_the_lock_still_works_as_a_plain_file(project: Path, run_cli: RunCli) -> None:
    assert run_cli("apply", "--auto-approve").code == 0
    lock = project / ".seqsync" / "apply.lock"
    assert lock.is_file()
    assert not lock.is_symlink()
    assert run_cli("apply", "--auto-approve").code == 0


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        pytest.param("sandbox.json", "link", "a symbolic link", id="state-symlink"),
        pytest.param("sandbox.json.lock", "link", "a symbolic link", id="state-lock-symlink"),
        pytest.param("sandbox.json", "fifo", "a FIFO", id="state-fifo"),
        pytest.param("sandbox.json.lock", "fifo", "a FIFO", id="state-lock-fifo"),
        pytest.param("sandbox.json", "dir", "a folder", id="state-directory"),
    ],
)
def test_the_sandbox_state_is_never_followed_out_of_the_project(
    project: Path, tmp_path: Path, run_cli: RunCli, name: str, make: str, kind: str
) -> None:
    outside = tmp_path / "precious.json"
    outside.write_text('{"keep": "me"}', encoding="utf-8")
    path = project / ".seqsync" / name
    {"link": lambda: os.symlink(outside, path), "fifo": lambda: os.mkfifo(path)}.get(
        make, lambda: path.mkdir()
    )()
    result = run_cli("plan")
    assert result.code == 1, result.out
    assert name in result.out + result.err
    assert kind in result.out + result.err
    assert "remove it" in result.out + result.err
    assert "Internal error" not in result.out + result.err
    assert "Traceback" not in result.out + result.err
    assert outside.read_text(encoding="utf-8") == '{"keep": "me"}'


def test_plan_does_not_write_sandbox_state_through_a_linked_seqsync_folder(
    project: Path, tmp_path: Path, run_cli: RunCli
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / ".seqsync").rmdir()
    os.symlink(elsewhere, project / ".seqsync")
    result = run_cli("plan")
    assert result.code == 1
    assert "outside the project" in result.out + result.err
    assert "Traceback" not in result.out + result.err
    assert list(elsewhere.iterdir()) == []

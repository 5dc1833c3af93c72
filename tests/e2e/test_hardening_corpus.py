"""The hostile-input corpus (tests/corpus/hostile/): each case, run through the real CLI,
ends in a clear error naming what to fix, exit 1, and no traceback; nothing outside the
project is read through a link, written or emptied.

Each case is a project folder with ``case.txt``: ``args:`` the command line, ``setup:``
what git cannot hold (``link PATH outside-file|outside-folder``, ``fifo PATH``, ``dir
PATH``), ``expect:`` text the output must hold (one per line)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import RunCli

HOSTILE = Path(__file__).parent.parent / "corpus" / "hostile"
CASES = sorted(path for path in HOSTILE.iterdir() if path.is_dir())
OUTSIDE_TEXT = "outside the project: never read through a link, written or emptied\n"


def _fields(case: Path) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {"args": [], "setup": [], "expect": []}
    for line in (case / "case.txt").read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition(": ")
        fields[key].append(value)
    return fields


def _set_up(project: Path, outside: dict[str, Path], step: str) -> None:
    kind, path, *target = step.split()
    where = project / path
    where.parent.mkdir(parents=True, exist_ok=True)
    if kind == "link":
        os.symlink(outside[target[0]], where)
    elif kind == "fifo":
        os.mkfifo(where)
    else:
        where.mkdir()


def test_the_corpus_covers_files_lock_state_pin_and_identity() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES, ids=lambda path: path.name)
def test_a_hostile_case_is_a_clear_error(
    case: Path, tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    monkeypatch.delenv("SEQSYNC_ENV", raising=False)
    project = tmp_path / "project"
    shutil.copytree(case, project, ignore=shutil.ignore_patterns("case.txt"))
    outside = {"outside-file": tmp_path / "outside.txt", "outside-folder": tmp_path / "outside"}
    outside["outside-file"].write_text(OUTSIDE_TEXT, encoding="utf-8")
    outside["outside-folder"].mkdir()
    (outside["outside-folder"] / "elsewhere.yaml").write_text(
        "name: elsewhere\nconnection: sh\nsteps: []\n", encoding="utf-8"
    )
    fields = _fields(case)
    for step in fields["setup"]:
        _set_up(project, outside, step)
    monkeypatch.chdir(project)
    (args,) = fields["args"]
    result = run_cli(*args.split())
    output = result.out + result.err
    assert result.code == 1, output
    for expected in fields["expect"]:
        assert expected in output
    assert "Traceback" not in output
    assert "Internal error" not in output
    assert outside["outside-file"].read_text(encoding="utf-8") == OUTSIDE_TEXT
    assert sorted(p.name for p in outside["outside-folder"].iterdir()) == ["elsewhere.yaml"]

"""`seqsync init`: a new project that validates, plans, applies and converges on the
sandbox at once, and refuses to write over an existing one."""

from __future__ import annotations

from pathlib import Path

import pytest

from seqsync.providers.registry import KINDS
from tests.conftest import RunCli


def test_init_makes_a_project_that_plans_applies_and_converges(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    result = run_cli("init", str(tmp_path / "new"))
    assert result.code == 0, result.err
    monkeypatch.chdir(tmp_path / "new")
    config = Path("seqsync.yaml").read_text()
    assert all(f"sandbox-{name}:" in config for name in KINDS), "a connection per provider"
    assert ".seqsync/" in Path(".gitignore").read_text().splitlines()
    for starter in Path("sequences").glob("*.yaml"):
        first = starter.read_text().splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../schemas/sequence-")
        assert (starter.parent / first.split("=", 1)[1]).resolve().is_file()
    assert run_cli("validate").code == 0
    planned = run_cli("plan", "--detailed-exitcode")
    assert planned.code == 2, planned.out + planned.err
    assert run_cli("apply", "--auto-approve").code == 0
    assert run_cli("plan", "--detailed-exitcode").code == 0


def test_init_refuses_an_existing_project_and_writes_nothing(
    tmp_path: Path, run_cli: RunCli
) -> None:
    (tmp_path / "seqsync.yaml").write_text("connections: {}\n")
    result = run_cli("init", str(tmp_path))
    assert result.code == 1
    assert "already exist(s)" in result.err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["seqsync.yaml"]

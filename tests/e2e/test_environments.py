"""Environments: the same files planned and applied with staging's connections and
values, then promoted, unchanged, to production with --env production."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RunCli

CONFIG = """\
values:
  sender: Ana
  calendar: https://cal.example/ana
environments:
  staging:
    connections:
      sh: {provider: saleshandy, sandbox: true, sandbox_account: staging}
    values: {calendar: "https://cal.example/staging"}
  production:
    values_file: values/production.yaml
connections:
  sh: {provider: saleshandy, sandbox: true, sandbox_account: production}
"""
SEQUENCE = (
    "name: intro\nconnection: sh\ntitle: Intro\nsteps:\n"
    "  - {channel: email, day: 1, variants: [{subject: 'Hi from {% value sender %}', "
    "content: '<p>Book: {% value calendar %}</p>'}]}\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    monkeypatch.delenv("SEQSYNC_ENV", raising=False)
    Path("seqsync.yaml").write_text(CONFIG)
    Path("values").mkdir()
    Path("values/production.yaml").write_text("sender: Ana Lima\n")
    Path("intro.yaml").write_text(SEQUENCE)
    return tmp_path


def request_body(run_cli: RunCli, env: str) -> str:
    plan = json.loads(run_cli("plan", "--env", env, "--format", "json").out)
    return json.dumps([op["request"]["body"] for s in plan["sequences"] for op in s["operations"]])


def test_staging_then_production_from_the_same_files(project: Path, run_cli: RunCli) -> None:
    staging = request_body(run_cli, "staging")
    assert "https://cal.example/staging" in staging
    assert "Hi from Ana" in staging
    production = request_body(run_cli, "production")
    assert "https://cal.example/ana" in production  # the top-level value
    assert "Hi from Ana Lima" in production  # the values file
    assert run_cli("apply", "--env", "staging", "--auto-approve").code == 0
    assert Path(".seqsync/sandbox-staging.json").is_file()
    assert run_cli("plan", "--env", "staging", "--detailed-exitcode").code == 0
    assert run_cli("plan", "--env", "production", "--detailed-exitcode").code == 2
    assert run_cli("apply", "--env", "production", "--auto-approve").code == 0
    assert run_cli("plan", "--env", "production", "--detailed-exitcode").code == 0


def test_an_unknown_environment_or_value_is_refused(project: Path, run_cli: RunCli) -> None:
    unknown = run_cli("plan", "--env", "qa")
    assert unknown.code == 1
    assert "no environment 'qa' in seqsync.yaml (environments: production, staging)" in unknown.err
    Path("intro.yaml").write_text(SEQUENCE.replace("value sender", "value sendr"))
    result = run_cli("validate", "--env", "staging")
    assert result.code == 1
    assert "no value is named 'sendr'" in result.out

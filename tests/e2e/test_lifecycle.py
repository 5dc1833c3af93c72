"""The life of a sequence around its edits (issue 23): validation in one round, partial
plans, explicit environments, renames, removals and ids per account."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RunCli
from tests.helpers import make_project

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

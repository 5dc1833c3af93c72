"""Every invalid input in tests/corpus yields exit 1 and exactly its expected diagnostics.

Each ``invalid/NAME.yaml`` is paired with ``NAME.expected``; each ``projects/NAME/`` folder
(a whole project, for seqsync.yaml and cross-file rules) holds ``expected.txt``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import RunCli

CORPUS = Path(__file__).parent.parent / "corpus"
FILE_CASES = sorted(p for p in (CORPUS / "invalid").glob("*.yaml") if p.name != "seqsync.yaml")
PROJECT_CASES = sorted(p for p in (CORPUS / "projects").iterdir() if p.is_dir())


def test_corpus_is_large_enough_to_cover_the_rules() -> None:
    assert len(FILE_CASES) + len(PROJECT_CASES) >= 40


@pytest.mark.parametrize("case", FILE_CASES, ids=lambda path: path.stem)
def test_invalid_file_reports_expected_diagnostics(
    case: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(case.parent)
    result = run_cli("validate", case.name)
    assert result.code == 1
    assert result.out == case.with_suffix(".expected").read_text(encoding="utf-8")
    assert result.out.strip(), "an invalid file must produce at least one diagnostic"
    assert "Traceback" not in result.err


@pytest.mark.parametrize("case", PROJECT_CASES, ids=lambda path: path.name)
def test_invalid_project_reports_expected_diagnostics(
    case: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(case)
    result = run_cli("validate", ".")
    assert result.code == 1
    assert result.out == (case / "expected.txt").read_text(encoding="utf-8")
    assert "Traceback" not in result.err


def test_literal_api_key_is_never_echoed(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS / "projects" / "config-literal-key")
    for output_format in ("text", "json", "github"):
        result = run_cli("validate", ".", "--format", output_format)
        assert result.code == 1
        assert "9f8e7d6c5b4a3210" not in result.out + result.err

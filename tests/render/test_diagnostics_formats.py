"""validate's three output formats carry the same diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seqsync.model.diagnostics import Diagnostic
from seqsync.render.diagnostics import render_github, render_json, render_text
from tests.conftest import RunCli
from tests.helpers import make_project

DIAGNOSTICS = [
    Diagnostic("a.yaml", 3, 5, "steps[0].day: must be a whole number"),
    Diagnostic("dir/b, c.yaml", 10, 1, "100% wrong: line one\nline two"),
]


def test_text_is_file_line_col_severity_message() -> None:
    assert render_text(DIAGNOSTICS).splitlines() == [
        "a.yaml:3:5: error: steps[0].day: must be a whole number",
        "dir/b, c.yaml:10:1: error: 100% wrong: line one\nline two".splitlines()[0],
        "line two",
    ]


def test_json_is_a_list_of_objects() -> None:
    assert json.loads(render_json(DIAGNOSTICS))[0] == {
        "path": "a.yaml",
        "line": 3,
        "col": 5,
        "severity": "error",
        "message": "steps[0].day: must be a whole number",
    }


def test_github_annotations_escape_their_properties_and_data() -> None:
    assert render_github(DIAGNOSTICS).splitlines() == [
        "::error file=a.yaml,line=3,col=5::steps[0].day: must be a whole number",
        "::error file=dir/b%2C c.yaml,line=10,col=1::100%25 wrong: line one%0Aline two",
    ]


def test_nothing_to_report_renders_nothing() -> None:
    assert render_text([]) == render_github([]) == ""
    assert json.loads(render_json([])) == []


@pytest.mark.parametrize("output_format", ["json", "github"])
def test_cli_formats_write_only_the_document_to_stdout(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    make_project(
        tmp_path, {"s.yaml": "name: s\nconnection: sh\nsteps:\n  - channel: task\n    day: x\n"}
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate", "--format", output_format)
    assert result.code == 1
    if output_format == "json":
        assert json.loads(result.out)[0]["line"] == 5
    else:
        assert (
            result.out
            == "::error file=s.yaml,line=5,col=10::steps[0].day: must be a whole number\n"
        )

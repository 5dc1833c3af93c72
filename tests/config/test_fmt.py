"""`seqsync fmt`: one canonical form (key order, quoting, indentation), comments kept,
meaning never changed, `--check` for CI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seqsync.config.yaml_reader import load_plain
from tests.conftest import RunCli

EXAMPLES = Path(__file__).parent.parent.parent / "examples"

MESSY = """\
# yaml-language-server: $schema=../schemas/sequence-saleshandy.schema.json
steps:
  - variants:
      - content: "<p>Hi</p>"   # the body (its column kept)
        subject: "Hello, {{firstName}}"
    day: 1
    channel: "email"
title: "Messy"
connection: demo-saleshandy
name: messy
"""

TIDY = """\
# yaml-language-server: $schema=../schemas/sequence-saleshandy.schema.json
name: messy
connection: demo-saleshandy
title: Messy
steps:
  - channel: email
    day: 1
    variants:
      - subject: Hello, {{firstName}}
        content: <p>Hi</p>     # the body (its column kept)
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".seqsync"))
    monkeypatch.chdir(root)
    return root


def test_the_examples_are_formatted(project: Path, run_cli: RunCli) -> None:
    result = run_cli("fmt", "--check")
    assert result.code == 0, result.err


def test_fmt_orders_keys_unquotes_and_keeps_comments_and_meaning(
    project: Path, run_cli: RunCli
) -> None:
    path = project / "sequences" / "messy.yaml"
    path.write_text(MESSY)
    checked = run_cli("fmt", "--check")
    assert checked.code == 1
    assert "would reformat sequences/messy.yaml" in checked.err
    assert path.read_text() == MESSY, "--check writes nothing"
    assert run_cli("fmt").code == 0
    assert path.read_text() == TIDY
    assert load_plain(TIDY) == load_plain(MESSY)
    assert run_cli("fmt", "--check").code == 0, "formatting is idempotent"
    assert run_cli("validate").code == 0


def test_a_file_that_does_not_parse_is_reported_and_left_alone(
    project: Path, run_cli: RunCli
) -> None:
    broken = project / "sequences" / "broken.yaml"
    broken.write_text("name: [unclosed\n")
    result = run_cli("fmt")
    assert result.code == 1
    assert "sequences/broken.yaml: is not valid YAML" in result.err
    assert broken.read_text() == "name: [unclosed\n"

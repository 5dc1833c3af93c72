"""One live sequence, one document: a for_each copy and a plain file, two spellings of one
title (NFC and NFD), or two connection names that reach one account are refused at
validate time; titles that may read as something else are warned about."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from seqsync.project.identity import deceptive_title
from seqsync.project.loader import load_project
from tests.conftest import RunCli

CONFIG = """\
connections:
  sh: {provider: saleshandy, sandbox: true}
  sh-again: {provider: saleshandy, sandbox: true}
  other: {provider: saleshandy, sandbox: true, sandbox_account: other}
"""


def _sequence(name: str, where: str, title: str) -> str:
    return (
        f"name: {name}\n{where}\ntitle: {title}\nsteps:\n"
        "  - {channel: email, day: 1, variants: [{subject: Hi, content: Hello}]}\n"
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    (tmp_path / "seqsync.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(files: dict[str, str]) -> None:
    for name, text in files.items():
        Path(name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {
                "a.yaml": _sequence("a", "for_each: [sh, other]", "Founders"),
                "b.yaml": _sequence("b", "connection: sh", "Founders"),
            },
            "b.yaml:3:8: error: the title is also that of 'a[sh]' (a.yaml:1:7) on sh, and "
            "neither has an `id:`",
            id="for-each-copy-and-plain-file",
        ),
        pytest.param(
            {
                "a.yaml": _sequence("a", "connection: sh", unicodedata.normalize("NFC", "Café")),
                "b.yaml": _sequence("b", "connection: sh", unicodedata.normalize("NFD", "Café")),
            },
            "(the titles differ only in Unicode normalisation)",
            id="nfc-and-nfd-titles",
        ),
        pytest.param(
            {
                "a.yaml": _sequence("a", "connection: sh", "Webinar"),
                "b.yaml": _sequence("b", "connection: sh-again", "Webinar"),
            },
            "through connections 'sh' and 'sh-again', which reach the same account",
            id="two-connections-one-account-by-title",
        ),
        pytest.param(
            {
                "a.yaml": _sequence("a", "connection: sh\nid: X1", "A"),
                "b.yaml": _sequence("b", "connection: sh-again\nid: X1", "B"),
            },
            "b.yaml:3:5: error: 'a' (a.yaml:1:7) already manages sequence X1 through "
            "connections 'sh' and 'sh-again', which reach the same account",
            id="two-connections-one-account-by-id",
        ),
        pytest.param(
            {"a.yaml": _sequence("a", "for_each: [sh, sh-again]", "Founders")},
            "through connections 'sh' and 'sh-again', which reach the same account",
            id="for-each-over-one-account-twice",
        ),
    ],
)
def test_two_documents_for_one_live_sequence_fail_validation(
    project: Path, run_cli: RunCli, files: dict[str, str], expected: str
) -> None:
    _write(files)
    result = run_cli("validate")
    assert result.code == 1
    assert expected in result.out
    assert "Traceback" not in result.out + result.err


def test_the_same_title_in_two_accounts_is_fine(project: Path, run_cli: RunCli) -> None:
    _write(
        {
            "a.yaml": _sequence("a", "for_each: [sh, other]", "Founders"),
            "b.yaml": _sequence("b", "connection: other", "Founders in other"),
            "c.yaml": _sequence("c", "connection: sh", "founders"),  # case is visible
        }
    )
    result = run_cli("validate")
    assert result.code == 0, result.out


def test_a_title_written_in_another_normal_form_matches_its_live_sequence(
    project: Path, run_cli: RunCli
) -> None:
    _write({"a.yaml": _sequence("a", "connection: sh", unicodedata.normalize("NFC", "Café"))})
    assert run_cli("apply", "--auto-approve").code == 0
    _write({"a.yaml": _sequence("a", "connection: sh", unicodedata.normalize("NFD", "Café"))})
    plan = json.loads(run_cli("plan", "--format", "json").out)
    assert [operation["kind"] for s in plan["sequences"] for operation in s["operations"]] == []


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Hi \u202etxt.exe", "U+202E"),
        ("Zero\u200bwidth", "U+200B"),
        ("P\u0430yPal renewal", "mixes Cyrillic and Latin letters"),
        ("Ω Latin", None),  # two scripts, but never within one word
        ("Café déjà vu", None),
        ("Привет мир", None),
    ],
)
def test_titles_that_may_read_as_something_else_are_warned_about(
    title: str, expected: str | None
) -> None:
    found = deceptive_title(title)
    if expected is None:
        assert found is None
    else:
        assert found is not None
        assert expected in found


def test_a_deceptive_title_is_a_warning_and_validate_still_passes(
    project: Path, run_cli: RunCli
) -> None:
    _write({"a.yaml": _sequence("a", "connection: sh", "P\u0430yPal \u202eflow")})
    assert run_cli("validate").code == 0
    loaded = load_project([project], project)
    assert loaded.diagnostics == []
    assert [(w.path, w.line, w.severity) for w in loaded.warnings] == [("a.yaml", 3, "warning")]

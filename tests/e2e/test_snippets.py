"""Snippets: one edit in seqsync.yaml plans exactly the steps that include it, in every
sequence; a missing or broken snippet is reported where it is written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import RunCli

CONFIG = """\
snippets:
  signature: "<p>— Ana, Acme</p>"
  cta: {file: snippets/cta.html}
connections:
  sh: {provider: saleshandy, sandbox: true}
"""


def sequence(name: str, with_signature: bool) -> str:
    tail = "{% snippet signature %}" if with_signature else "<p>bye</p>"
    return (
        f"name: {name}\nconnection: sh\ntitle: {name}\nsteps:\n"
        f"  - {{channel: email, day: 1, variants: [{{subject: Hi, content: '<p>Hi</p>{tail}'}}]}}\n"
        "  - {channel: email, day: 3, variants: [{subject: Again, content_file: again.html}]}\n"
        "  - {channel: call_demo, day: 4, task_note: 'Call. {% snippet signature %}'}\n"
    )


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEQSYNC_SANDBOX_FAULTS", raising=False)
    Path("seqsync.yaml").write_text(CONFIG)
    Path("snippets").mkdir()
    Path("snippets/cta.html").write_text('<p><a href="https://acme.example/book">Book</a></p>\n')
    Path("again.html").write_text("<p>Following up.</p>\n{% snippet cta %}\n")
    for n in range(3):
        Path(f"s{n}.yaml").write_text(sequence(f"s{n}", with_signature=n != 2))
    return tmp_path


def test_a_snippet_edit_plans_exactly_the_steps_that_include_it(
    project: Path, run_cli: RunCli
) -> None:
    assert run_cli("apply", "--auto-approve").code == 0
    assert run_cli("plan", "--detailed-exitcode").code == 0
    config = Path("seqsync.yaml")
    config.write_text(config.read_text().replace("Ana, Acme", "Ana Lima, Acme"))
    plan = json.loads(run_cli("plan", "--format", "json").out)
    touched = sorted(
        (sequence["name"], operation["address"].split(".", 1)[1])
        for sequence in plan["sequences"]
        for operation in sequence["operations"]
    )
    # Step 0 includes it in s0 and s1 only; step 2's task note in all three; step 1 not.
    assert touched == [
        ("s0", "steps[0].A"),
        ("s0", "steps[2].A"),
        ("s1", "steps[0].A"),
        ("s1", "steps[2].A"),
        ("s2", "steps[2].A"),
    ]
    assert {s["name"]: s["includes"] for s in plan["sequences"]} == {
        "s0": ["cta", "signature"],
        "s1": ["cta", "signature"],
        "s2": ["cta", "signature"],
    }
    text = run_cli("plan").out
    assert "    # includes snippet(s) cta, signature: a snippet edit shows in each step" in text
    Path("snippets/cta.html").write_text('<p><a href="https://acme.example/meet">Book</a></p>\n')
    again = json.loads(run_cli("plan", "--format", "json").out)
    assert {
        op["address"].split(".", 1)[1]
        for s in again["sequences"]
        for op in s["operations"]
        if "meet" in json.dumps(op)
    } == {"steps[1].A"}


def test_missing_and_broken_snippets_are_reported_where_they_are_written(
    project: Path, run_cli: RunCli
) -> None:
    s0 = Path("s0.yaml")
    s0.write_text(
        s0.read_text().replace("</p>{% snippet signature %}", "</p>{% snippet signatur %}")
    )
    Path("again.html").write_text("<p>x</p>\n  {% snippet nope %}\n")
    Path("snippets/cta.html").write_text("<p>Hi {{firstName</p>\n")
    result = run_cli("validate")
    assert result.code == 1
    lines = result.out.splitlines()
    assert any(
        line.startswith("s0.yaml:5:")
        and "no snippet is named 'signatur' (snippets in seqsync.yaml: signature)" in line
        for line in lines
    ), lines
    assert "again.html:2:3: error: no snippet is named 'nope'" in result.out
    assert "snippets/cta.html:1:7: error: merge tag '{{' is never closed" in result.out

"""`seqsync lint`: each rule caught where it is written (in content files too), severities
from seqsync.yaml, inline disables honoured; the examples are clean."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from seqsync.project import lint, lint_html
from tests.conftest import RunCli

EXAMPLES = Path(__file__).parent.parent.parent / "examples"

SEQUENCE = """\
name: linted
connection: sh
steps:
  - channel: email
    day: 1
    variants:
      - subject: "{long}"
        content: '<div><p>Hi {{{{#if vip}}}}friend{{{{/if}}}}</p><img src="x.png"><a href="http://evil.example/demo">https://acme.example/demo</a>'
      - subject: Second
        content_file: body.html
  - channel: call_demo   # seqsync-lint: disable=nothing-here
    day: 2
  - channel: email
    day: 3
    variants:
      - subject: Third
        content: '<p><a href="http://acme.example">plain http</a></p>'   # seqsync-lint: disable=link-insecure
"""
BODY = """<p>Hello</p>
<p>Book <a href="https://bit.ly/3abc">here</a> or
  <a href="https://10.0.0.7/demo">there</a>.</p>
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    Path("seqsync.yaml").write_text(
        "lint: {subject-length: error, image-alt: off}\n"
        "connections:\n  sh: {provider: saleshandy, sandbox: true}\n"
    )
    Path("linted.yaml").write_text(SEQUENCE.format(long="A" * 120))
    Path("body.html").write_text(BODY)
    return tmp_path


def test_every_rule_is_reported_at_its_place_with_its_severity(
    project: Path, run_cli: RunCli
) -> None:
    result = run_cli("lint", "--format", "json")
    assert result.code == 1, "subject-length is an error here"
    found = {
        (f["path"], f["line"], f["col"], f["rule"], f["severity"]) for f in json.loads(result.out)
    }
    assert found == {
        ("linted.yaml", 7, 18, "subject-length", "error"),
        ("linted.yaml", 8, 18, "template-logic", "error"),
        ("linted.yaml", 8, 18, "html-unclosed", "error"),
        ("linted.yaml", 8, 18, "link-insecure", "warning"),
        ("linted.yaml", 8, 18, "link-text-mismatch", "error"),
        ("body.html", 2, 9, "link-shortener", "warning"),
        ("body.html", 3, 3, "link-ip", "warning"),
        ("linted.yaml", 11, 5, "empty-task-note", "warning"),
        ("linted.yaml", 9, 9, "no-personalization", "warning"),
        ("linted.yaml", 16, 9, "no-personalization", "warning"),
    }, found


def test_the_examples_are_clean_and_an_unknown_rule_is_refused(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "examples"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".seqsync"))
    monkeypatch.chdir(root)
    clean = run_cli("lint")
    assert clean.code == 0, clean.out
    assert "0 finding(s)" in clean.err
    config = Path("seqsync.yaml")
    config.write_text("lint: {subjct-length: off}\n" + config.read_text())
    refused = run_cli("lint")
    assert refused.code == 1
    assert "no rule is named subjct-length" in refused.err


def test_merge_tags_are_checked_against_what_each_provider_fills(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seqsync.yaml").write_text(
        "connections:\n  sh: {provider: saleshandy, sandbox: true}\n"
        "  out: {provider: supaglue, sandbox: true, customer_id: acme, provider_name: outreach}\n"
    )
    Path("sh.yaml").write_text(
        "name: sh-seq\nconnection: sh\nsteps:\n  - channel: email\n    day: 1\n    variants:\n"
        "      - subject: 'Hi {{frstName}}'\n        content: '<p>Hi {{companyName}}</p>'\n"
    )
    Path("out.yaml").write_text(
        "name: out-seq\nconnection: out\nsteps:\n  - type: auto_email\n    delay: '0'\n"
        "    template:\n      subject: 'Hi {{firstName}}'\n      body: '<p>{Hi|Hello} {{first_name}}, {{company_name}}</p>'\n"
    )
    result = run_cli("lint", "--format", "json")
    # A near miss of a known tag reaches prospects as written: an error by default.
    assert result.code == 1
    assert "3 finding(s), 1 error(s)." in result.err
    severities = {f["rule"]: f["severity"] for f in json.loads(result.out)}
    assert severities["merge-tag-typo"] == "error"
    assert severities["merge-tag-foreign"] == "warning"
    found = {(f["path"], f["rule"], f["message"]) for f in json.loads(result.out)}
    assert found == {
        ("sh.yaml", "merge-tag-typo", "{{frstName}}: did you mean {{firstName}}?"),
        (
            "out.yaml",
            "merge-tag-foreign",
            "{{firstName}} is another provider's spelling; this one writes {{first_name}}",
        ),
        (
            "out.yaml",
            "spintax-unsupported",
            "'{Hi|Hello}' is sent as written: this provider has no spintax",
        ),
    }, found


def test_validate_lint_runs_the_same_rules(project: Path, run_cli: RunCli) -> None:
    plain = run_cli("validate")
    assert plain.code == 0, "lint rules are not validity"
    linted = run_cli("validate", "--lint")
    assert linted.code == 1
    assert "linted.yaml:7:18: error[subject-length]" in linted.out
    as_json = run_cli("validate", "--lint", "--format", "json")
    assert json.loads(as_json.out) == [], "stdout stays validate's JSON document"
    assert "error[subject-length]" in as_json.err


def test_links_spam_phrases_and_personalisation(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seqsync.yaml").write_text("connections:\n  sh: {provider: saleshandy, sandbox: true}\n")
    links = "".join(f'<a href="https://acme.example/{n}">page {n}</a> ' for n in range(4))
    Path("s.yaml").write_text(
        "name: s\nconnection: sh\nsteps:\n  - channel: email\n    day: 1\n    variants:\n"
        f"      - subject: Hi {{{{firstName}}}}\n        content: '<p>Hi {{{{firstName}}}}, {links}</p>'\n"
        "      - subject: Offer\n        content: '<p>Act now: a risk-free trial.</p>'\n"
    )
    found = {(f["rule"], f["message"]) for f in json.loads(run_cli("lint", "--format", "json").out)}
    assert found == {
        ("link-count", "the body has 4 links; keep cold emails to 3 or fewer"),
        ("spam-phrase", "'Act now' reads as spam to filters; reword it"),
        ("spam-phrase", "'risk-free' reads as spam to filters; reword it"),
        (
            "no-personalization",
            "steps[0]: this email body has no merge tag; every prospect gets the same words",
        ),
    }, found


# Bodies a pull request can hold that the standard library's parser (and some regular
# expressions) took quadratic or worse time over: `<a ` x 8,000 took 6 s, "{{" and 2,000
# spaces 80 s. Each is sized so that the old code takes well over a minute and the linear
# code well under the bound.
HOSTILE_BODIES = {
    "unclosed start tags": "<a " * 40_000,
    "unclosed attribute": '<a x="a"=' * 15_000,
    "unfinished comments": "<!--x>" * 20_000,
    "unfinished CDATA sections": "<![CDATA[ >" * 12_000,
    "processing instructions": "<?x" * 40_000,
    "a merge tag never closed": "{{" + " " * 20_000,
    "links never closed": '<a href="https://acme.example/" ' * 5_000,
    "stray end tags": "<div>" * 20_000 + "</span>" * 20_000,
    "a finding per tag": "<img>\n" * 20_000,
}


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
def test_every_rule_is_linear_in_the_body(body: str) -> None:
    vocabulary = lint._Vocabulary({"firstName": "Alex"}, False)
    started = time.perf_counter()
    list(lint._text_findings("body", body, vocabulary))
    # Generous: linear takes well under 0.5 s on a slow machine; quadratic takes minutes.
    assert time.perf_counter() - started < 5


def test_the_parser_is_never_fed_the_tail_it_cannot_finish(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fed: list[int] = []
    feed = lint_html._HtmlChecker.feed

    def counting(checker: lint_html._HtmlChecker, data: str) -> None:
        fed.append(len(data))
        feed(checker, data)

    monkeypatch.setattr(lint_html._HtmlChecker, "feed", counting)
    body = '<p>Hi <a href="https://acme.example">there</a></p>' + "<a " * 1_000
    found = list(lint_html.html_findings(body))
    assert fed == [body.index("</p>") + 4]
    assert found == [], "the unfinished tags are text, as before"


def test_malformed_sections_and_hosts_are_findings_or_text_not_crashes() -> None:
    # Both raised out of the standard library (AssertionError, ValueError) and stopped lint.
    assert list(lint_html.html_findings("<![x >, <![ >")) == []
    assert list(lint_html.html_findings('<a href="https://[oops">https://acme.example</a>')) == [
        (
            "link-text-mismatch",
            "the link reads 'https://acme.example' but goes to 'https://[oops'",
            0,
        )
    ]


def test_a_megabyte_of_unclosed_tags_lints_quickly(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("seqsync.yaml").write_text("connections:\n  sh: {provider: saleshandy, sandbox: true}\n")
    Path("s.yaml").write_text(
        "name: s\nconnection: sh\nsteps:\n  - channel: email\n    day: 1\n    variants:\n"
        "      - subject: Hi {{firstName}}\n        content_file: body.html\n"
    )
    # 1,035,023 bytes: content files stop at 1 MiB.
    Path("body.html").write_text("<p>Hi {{firstName}}</p>" + "<a " * 345_000)
    started = time.perf_counter()
    result = run_cli("lint", "--format", "json")
    elapsed = time.perf_counter() - started
    assert {f["rule"] for f in json.loads(result.out)} == {"email-clipping"}
    assert elapsed < 10, elapsed  # about 0.2 s; the old code would take days

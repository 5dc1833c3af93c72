"""The PR comment against hostile text: every string a pull request (or a live sequence's
title) controls, in every place the comment shows one, must stay inert. The checks are
structural, read the way GitHub's Markdown does: outside fenced code and code spans,
only the renderer's own HTML, one comment marker, no link or image, no mention; fences
close where the renderer closes them; Mermaid lines keep their grammar."""

from __future__ import annotations

import re

import pytest

from seqsync.plan.model import (
    Address,
    FieldChange,
    Level,
    LiveIds,
    Operation,
    Plan,
    Request,
    SequencePlan,
    Unmanaged,
    Verb,
)
from seqsync.plan.timeline import Timeline
from seqsync.render.markdown import code_span, render_markdown

HOSTILE = {
    "comment": "x <!-- hides the rest",
    "details": "<details><summary>mine</summary>",
    "details closed": "</details></summary>",
    "mention": "ping @someone and @org/team, mail me@example.com",
    "backtick": "a ` b",
    "fence": "```\n# Heading\n```",
    "tilde fence": "~~~~\n~~~",
    "long backticks": "``````````",
    "edge backticks": "`start and end`",
    "pipe": "a | b || c",
    "newlines": "one\n\n<details>\r\ntwo\rthree",
    "cdata": "]]> <![CDATA[ x",
    "image tag": "<img src=x onerror=alert(1)>",
    "script": "<script>alert(1)</script>",
    "javascript link": "[link](javascript:alert(1))",
    "markdown image": "![pixel](https://evil.example/p.png)",
    "emphasis": "*bold* _it_ ~~strike~~ \\",
    "trailing backslash": "ends with \\",
    "entity": "&lt;script&gt; &amp; &#60;",
    "mermaid": '%%{init: {"theme": "dark"}}%% #lt;b#gt; a : b ; c',
    "html block": "\n\n<div>\n\nblock",
}
OWN_TAGS = {"details", "/details", "summary", "/summary", "code", "/code"}


def _plan(text: str) -> Plan:
    def sequence(n: int) -> SequencePlan:
        name = f"{text}-{n}"
        operation = Operation(
            Verb.PATCH,
            Level.VARIANT,
            address=Address(name, text, text),
            live=LiveIds("s", "v"),
            request=Request("PATCH", "/v1/x", {"payload": {}}),
            reason=f"differs: {text}",
            changes=(
                FieldChange(f"steps[0].{text}", text, f"{text}!"),
                FieldChange("steps[0].variants[0].content", f"<p>{text}</p>", f"<p>{text}.</p>"),
            ),
            destructive=True,
            destructive_why=f"pauses it: {text}",
            stops=True,
            drifted=(text,),
        )
        return SequencePlan(
            name=name,
            connection=text,
            provider="saleshandy",
            sequence_id=text,
            title=text,
            operations=(operation,),
            errors=(f"{name}: cannot plan: {text}",),
            includes=(text,),
            timeline=Timeline(((1, text), (3, text)), ((1, text), (5, f"{text} moved"))),
        )

    return Plan(
        sequences=(sequence(1), sequence(2)),
        seqsync_version="t",
        created_at="t",
        unmanaged=(Unmanaged(text, text, text), Unmanaged(text, None, text)),
    )


def _outside_code(markdown: str) -> tuple[str, list[tuple[str, list[str]]]]:
    """The text GitHub reads as Markdown and HTML (fenced blocks and code spans removed,
    backslash escapes resolved to a placeholder), and the fenced blocks: (info, lines)."""
    live: list[str] = []
    blocks: list[tuple[str, list[str]]] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        if fence is None:
            opened = re.match(r" {0,3}(`{3,}|~{3,})([^`]*)$", line)
            if opened:
                fence = opened.group(1)
                blocks.append((opened.group(2).strip(), []))
            else:
                live.append(line)
        elif re.fullmatch(rf" {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*", line):
            fence = None
        else:
            blocks[-1][1].append(line)
    assert fence is None, "a fence the renderer opened is never closed"
    return _without_spans("\n".join(live)), blocks


def _without_spans(text: str) -> str:
    out: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char == "\\" and at + 1 < len(text) and not text[at + 1].isalnum():
            out.append("\x00")  # an escaped character: plain text, whatever it was
            at += 2
            continue
        if char == "`":
            run = re.match(r"`+", text[at:])
            assert run is not None
            ticks = run.group()
            closer = re.compile(rf"(?<!`){ticks}(?!`)")
            found = closer.search(text, at + len(ticks))
            if found is not None:
                out.append("\x01")  # a code span: nothing inside is read
                at = found.end()
                continue
            out.append(ticks)
            at += len(ticks)
            continue
        out.append(char)
        at += 1
    return "".join(out)


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_text_stays_inert_in_every_part_of_the_comment(text: str) -> None:
    markdown = render_markdown(_plan(text))
    live, blocks = _outside_code(markdown)
    tags = re.findall(r"<(/?[A-Za-z][A-Za-z0-9-]*|!--|!\[|\?)", live)
    assert set(tags) <= OWN_TAGS | {"!--"}, tags
    assert tags.count("!--") == 1, "only the renderer's marker is a comment"
    assert tags.count("details") == tags.count("/details") == 4  # unmanaged, timeline, 2 sequences
    assert tags.count("summary") == tags.count("/summary") == 4
    assert not re.search(r"(?<![\w`])@[A-Za-z0-9]", live), "a mention GitHub would link"
    assert "](" not in live
    assert "![" not in live
    assert "<!-- seqsync-plan -->" in markdown.split("\n")[0]
    # One diff per sequence, one Mermaid block per moved sequence, the unmanaged list:
    # any other fence means a user string closed one and opened another.
    assert [info for info, _ in blocks] == ["", "mermaid", "mermaid", "diff", "diff"]
    for info, lines in blocks:
        if info == "mermaid":
            for line in lines:
                assert re.fullmatch(
                    r"timeline|    title [^:;#%<>`]*|    section (before|after)"
                    r"|        Day \d+ : [^:;#%<>`]*( : [^:;#%<>`]*)*",
                    line,
                ), line
    # Reviewers still read what was written (escaped, not dropped).
    assert "pauses it" in markdown


def test_code_spans_hold_any_backticks() -> None:
    assert code_span("a`b") == "``a`b``"
    assert code_span("`x`") == "`` `x` ``"
    assert code_span("```") == "```` ``` ````"
    assert code_span("two\nlines") == "`two lines`"


def test_a_title_hides_nothing_after_it() -> None:
    plan = _plan("<!--")
    markdown = render_markdown(plan)
    live, _ = _outside_code(markdown)
    assert "<!--" not in live.split("\n", 1)[1]
    assert markdown.count("**Errors**") == 1
    assert "&lt;!--" in markdown

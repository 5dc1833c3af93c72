"""The event reader gives exactly what ruamel's safe loader gives, or declines.

``load_plain`` reads ordinary files from parse events and leaves the rest to the safe
loader. Were they ever to disagree, a file would mean two things depending on which
reader took it. Documents are built from fragments on the edges of the event reader:
typed scalars in every spelling, quoting, flow and block style, multi-document streams,
and what it must decline (anchors, aliases, tags, merge keys, duplicate keys).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from seqsync.config.yaml_events import load_plain_events
from seqsync.config.yaml_reader import load_plain_safe

SCALARS = [
    "1",
    "-1",
    "+1",
    "0",
    "007",
    "0x1F",
    "0o17",
    "0b101",
    "1_000",
    "1.5",
    "-.5",
    ".inf",
    "-.Inf",
    ".nan",
    "1e3",
    "6.02E23",
    "true",
    "True",
    "TRUE",
    "false",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "null",
    "Null",
    "NULL",
    "~",
    "",
    "2026-01-05",
    "2026-01-05T09:00:00Z",
    "12:30",
    "text",
    "Hi {{firstName}}",
    "'quoted'",
    '"double \\u00e9"',
    "'1'",
    '"true"',
    "|\n    block\n    text",
    ">\n    folded\n    text",
    "- not a list",
    "a: b",
    "#not",
    "=",
    "<<",
    "&anchor x",
    "*alias",
    "!!str 1",
    "! 1",
    "! true",
    "! [1]",
    "!!int '3'",
    "!custom x",
    "[1, 2]",
    "{a: 1}",
    "[]",
    "{}",
    "é",
    "🙂",
]
KEYS = ["name", "id", "1", "true", "null", "day", "<<", "'quoted key'", "? complex", "name"]


def _document(draw: st.DrawFn, depth: int) -> str:
    if depth > 2 or draw(st.booleans()):
        return draw(st.sampled_from(SCALARS))
    indent = "  " * (depth + 1)
    if draw(st.booleans()):
        items = draw(st.lists(st.sampled_from(KEYS), min_size=1, max_size=4))
        lines = [f"{key}: {_nested(draw, depth, indent)}" for key in items]
    else:
        count = draw(st.integers(1, 3))
        lines = [f"- {_nested(draw, depth, indent)}" for _ in range(count)]
    return ("\n" + indent).join(lines)


def _nested(draw: st.DrawFn, depth: int, indent: str) -> str:
    value = _document(draw, depth + 1)
    if "\n" in value or value.startswith(("- ", "a: ")):
        return "\n" + indent + value.replace("\n", "\n" + indent)
    return value


@st.composite
def streams(draw: st.DrawFn) -> str:
    documents = [_document(draw, 0) for _ in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()) and len(documents) == 1:
        return documents[0]
    return "".join(f"---\n{document}\n" for document in documents)


@settings(max_examples=800, deadline=None)
@given(streams())
def test_the_event_reader_agrees_with_the_safe_loader_or_declines(text: str) -> None:
    fast = load_plain_events(text)
    if fast is not None:
        assert fast == load_plain_safe(text), text


def test_the_event_reader_takes_every_example_file() -> None:
    examples = Path(__file__).parent.parent.parent / "examples"
    for path in examples.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert load_plain_events(text) is not None, path
        assert load_plain_events(text) == load_plain_safe(text), path


def test_it_declines_what_the_safe_loader_must_handle_or_reject() -> None:
    for text in ("a: &x 1\nb: *x\n", "<<: {a: 1}\n", "a: 1\na: 2\n", "!!str 1\n", "? [a]\n: b\n"):
        assert load_plain_events(text) is None, text

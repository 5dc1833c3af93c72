"""The direct YAML writer against ruamel.yaml's round-trip dumper: for any data, either
the same text or a refusal (then import dumps with ruamel.yaml)."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from seqsync.importer.block_yaml import block_yaml
from seqsync.importer.writer import loads_back, ruamel_text, written_yaml, yaml_text
from tests.benchmarks.workload import _saleshandy

SETTINGS = settings(
    max_examples=int(os.environ.get("SEQSYNC_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

PIECES = [
    "x",
    "Hi",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "\r",
    ":",
    ": ",
    "#",
    " #",
    "-",
    "- ",
    "?",
    "? ",
    "'",
    '"',
    "\\",
    ",",
    "[",
    "]",
    "{",
    "}",
    "&",
    "*",
    "!",
    "|",
    ">",
    "%",
    "@",
    "`",
    "---",
    "...",
    "~",
    "=",
    "<<",
    "0",
    "12",
    "0x1F",
    "1_000",
    "1e3",
    ".5",
    ".inf",
    "true",
    "False",
    "null",
    "NULL",
    "yes",
    "on",
    "2026-01-05",
    "2026-01-05T09:00:00Z",
    "é",
    "日本",
    "😀",
    "\xa0",
    "\x85",
    "\u2028",
    "\ufeff",
    "\x00",
    "\x07",
    "\ud800",
    "{{firstName}}",
    "<p>",
]
# Only what is written as it is: most documents built from these take the fast way.
ORDINARY = [piece for piece in PIECES if piece not in "\t\r\x85\u2028\ufeff\x00\x07\ud800"]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
    st.text(max_size=12),
    st.builds(
        lambda word, n: " ".join([word] * n), st.sampled_from(["ab", "c d"]), st.integers(1, 1500)
    ),
)
keys = st.one_of(
    st.sampled_from(
        ["name", "id", "steps", "day", "_x", "a1", "null", "true", "y", "on", "a-b", "1"]
    ),
    texts,
)
scalars = st.one_of(texts, st.integers(-(10**20), 10**20), st.booleans(), st.none(), st.floats())
data = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=24,
)

ordinary_texts = st.lists(st.sampled_from(ORDINARY), max_size=8).map("".join)
ordinary = st.recursive(
    st.one_of(ordinary_texts, st.integers(), st.booleans(), st.none()),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.from_regex(r"[a-z_]{1,8}", fullmatch=True), inner, max_size=4),
    ),
    max_leaves=24,
)


@SETTINGS
@given(st.dictionaries(keys, data, min_size=1, max_size=6))
@example({"a": None, "b": [{}, [], "", 5, {"k": "v", "l": ["q"]}], "c": "l1\n\nl3"})
@example({"h": "line1\nline2\n", "k": ["m\nn\n"], "t": "  x\ny", "u": "x\n\n"})
@example({"s": "a" * 3990, "t": "b " * 2040, "u": "'" + "c" * 4000})
def test_same_text_as_ruamel_or_none(document: dict[Any, Any]) -> None:
    written = block_yaml(document)
    if written is not None:
        assert written == ruamel_text(document)


@SETTINGS
@given(st.dictionaries(st.sampled_from(["name", "id", "steps", "x"]), ordinary, min_size=1))
def test_same_text_as_ruamel_or_none_for_ordinary_values(document: dict[str, Any]) -> None:
    written = block_yaml(document)
    if written is not None:
        assert written == ruamel_text(document)


@SETTINGS
@given(
    st.one_of(
        st.dictionaries(keys, data, min_size=1, max_size=6),
        st.dictionaries(st.sampled_from(["name", "id", "steps", "x"]), ordinary, min_size=1),
    )
)
@example({"t": "tab\there\nx", "u": "a\n\nb\n", "v": ["'x'", "x: y", "#", "- z"], "w": "é😀"})
def test_what_is_written_directly_reads_back_as_itself(document: dict[Any, Any]) -> None:
    """Import reads back only what ruamel.yaml wrote: the direct text never needs it."""
    text, direct = written_yaml(document, "s.json")
    assert direct == (block_yaml(document) is not None)
    if direct:
        assert loads_back(text) == document


def test_what_import_writes_is_written_directly() -> None:
    """An ordinary imported document (and its odd but common values) takes the fast way."""
    _, live = _saleshandy(4)
    document = {
        "name": "bench-4",
        "connection": "sh",
        "id": live["id"],
        "title": "Q4 — {{companyName}}: outbound #2",
        "tags": [],
        "steps": [
            {
                "id": step["id"],
                "channel": "email",
                "day": step["absoluteDays"],
                "paused": False,
                "task_note": "Call first.\nThen email.\n",
                "variants": [
                    {"id": variant["id"], "subject": "123", "content_file": "x.html"}
                    for variant in step["variants"]
                ],
            }
            for step in live["steps"]
        ],
    }
    text = block_yaml(document)
    assert text is not None
    assert text == ruamel_text(document)
    assert loads_back(yaml_text(document, "s.json")) == document

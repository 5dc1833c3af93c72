"""Diffs of long bodies: exact where an edit is small, whole and linear where it is not."""

from __future__ import annotations

from seqsync.render.text import LINE_DIFF_BUDGET, _line_diff


def _lines(prefix: str, count: int) -> list[str]:
    return [f"{prefix} line {n}" for n in range(count)]


def test_one_edited_line_in_a_long_body_is_one_removed_and_one_added_line() -> None:
    old = _lines("same", 3000)
    new = list(old)
    new[1500] = "edited"
    shown = _line_diff(old, new)
    assert [line for line in shown if line[:1] in "+-"] == ["-same line 1500", "+edited"]


def test_a_rewrite_too_large_to_align_is_shown_whole_between_its_context() -> None:
    count = int(LINE_DIFF_BUDGET**0.5) + 10
    old = ["intro", "greeting", *_lines("old", count), "signature"]
    new = ["intro", "greeting", *_lines("new", count), "signature"]
    shown = _line_diff(old, new)
    assert shown[0].startswith("(too many changed lines to align")
    assert shown[1:3] == [" intro", " greeting"]
    assert shown[3 : 3 + count] == [f"-{line}" for line in _lines("old", count)]
    assert shown[3 + count : 3 + 2 * count] == [f"+{line}" for line in _lines("new", count)]
    assert shown[-1] == " signature"

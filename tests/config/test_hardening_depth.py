"""Nesting too deep is refused as soon as the parser passes the limit, at the value that
passes it: a few kilobytes of `[[[[…]]]]` once cost seconds of CPU before the limit spoke."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from seqsync.config.yaml_events import too_deep_at
from seqsync.config.yaml_reader import MAX_DEPTH, read_yaml_file


def _deep(tmp_path: Path, opening: str, closing: str, levels: int = 3000) -> Path:
    path = tmp_path / "deep.yaml"
    path.write_text(f"name: s\nconnection: sh\nsteps: {opening * levels}{closing * levels}\n")
    return path


@pytest.mark.parametrize(("opening", "closing"), [("[", "]"), ("{a: ", "}")])
def test_deep_flow_nesting_is_refused_fast_at_the_value_past_the_limit(
    tmp_path: Path, opening: str, closing: str
) -> None:
    path = _deep(tmp_path, opening, closing)
    started = time.process_time()
    result = read_yaml_file(path, "deep.yaml")
    spent = time.process_time() - started
    assert [(d.line, d.message) for d in result.diagnostics] == [
        (3, f"nesting is deeper than {MAX_DEPTH} levels")
    ]
    assert spent < 0.5, f"{spent:.2f} s of CPU for a {path.stat().st_size}-byte file"


def test_deep_nesting_after_an_anchor_is_refused_without_the_slow_loaders(
    tmp_path: Path,
) -> None:
    # An anchor sends the file past the event reader; the depth is still said at once.
    path = tmp_path / "deep.yaml"
    path.write_text("base: &b {x: 1}\nuse: *b\nsteps: " + "[" * 3000 + "]" * 3000 + "\n")
    started = time.process_time()
    result = read_yaml_file(path, "deep.yaml")
    assert time.process_time() - started < 0.5
    assert [(d.line, d.col) for d in result.diagnostics] == [(3, 8 + MAX_DEPTH)]


def test_the_limit_itself_is_allowed() -> None:
    at_limit = "[" * MAX_DEPTH + "x" + "]" * MAX_DEPTH
    assert too_deep_at(at_limit, MAX_DEPTH) is None
    assert too_deep_at("[" + at_limit + "]", MAX_DEPTH) == (1, MAX_DEPTH + 2)
    assert too_deep_at("[[[", MAX_DEPTH) is None  # malformed: the loaders locate it

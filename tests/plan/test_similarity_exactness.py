"""The fast ways of pairing give exactly what the plain ways give.

- ``similarity`` against a plain reference (common head and tail found token by token,
  the middles matched by difflib within the budget, else counted as whole bags): the
  same float, for texts edited here and there (substituted, inserted and deleted words)
  and for unrelated ones.
- ``similarity_bound`` is never below ``similarity``.
- ``align_unordered`` with a bound (scoring lazily, best first) pairs exactly as it does
  scoring every pair, ties included, with and without a rank.
"""

from __future__ import annotations

import difflib
import os
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seqsync.plan.align import align_unordered
from seqsync.plan.canonical import MATCHER_BUDGET, SHORT_TEXT, similarity, similarity_bound

SETTINGS = settings(
    max_examples=int(os.environ.get("SEQSYNC_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


def reference_similarity(left: str, right: str) -> float:
    """``similarity`` as first written: no shortcut in finding runs or counting bags."""
    if left == right:
        return 1.0
    if not left or not right:
        return 0.0
    if len(left) + len(right) <= SHORT_TEXT:
        matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
        if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
            return matcher.quick_ratio() / 2
        return matcher.ratio()
    a, b = left.split(), right.split()
    total = len(a) + len(b)
    if not total:
        return 1.0 if a == b else 0.0
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    rest_a, rest_b = len(a) - head - tail, len(b) - head - tail
    matched = head + tail
    if rest_a and rest_b:
        if rest_a * rest_b <= MATCHER_BUDGET:
            matcher = difflib.SequenceMatcher(
                None, a[head : len(a) - tail], b[head : len(b) - tail], autojunk=False
            )
            matched += sum(block.size for block in matcher.get_matching_blocks())
        else:
            matched = sum((Counter(a) & Counter(b)).values())
    return 2.0 * matched / total


WORDS = ["pipeline", "demo", "team", "<p>Hi", "{{firstName}},", "</p>", "a", "b"]
words = st.lists(st.sampled_from(WORDS), min_size=0, max_size=400)


@st.composite
def edited_pair(draw: Any) -> tuple[str, str]:
    """A text of up to 400 words and a copy with some words substituted, inserted or
    deleted (sometimes many: past what lines up), with varied whitespace."""
    size = draw(st.sampled_from([0, 3, 40, 200, 400]))
    original = draw(st.lists(st.sampled_from(WORDS), min_size=size, max_size=size))
    copy = list(original)
    kinds = draw(st.sampled_from([["substitute"], ["substitute", "insert", "delete"]]))
    for _ in range(draw(st.sampled_from([0, 1, 2, 5, 40]))):
        where = draw(st.integers(0, len(copy)))
        what = draw(st.sampled_from(kinds))
        word = draw(st.sampled_from([*WORDS, "EDITED"]))
        if what == "insert" or not copy:
            copy.insert(where, word)
        elif what == "delete":
            del copy[min(where, len(copy) - 1)]
        else:
            copy[min(where, len(copy) - 1)] = word
    left_space = draw(st.sampled_from([" ", "\n", "  "]))
    right_space = draw(st.sampled_from([" ", "\n", " \t"]))
    return left_space.join(original), right_space.join(copy)


@SETTINGS
@given(edited_pair())
def test_similarity_is_the_reference_for_edited_texts(pair: tuple[str, str]) -> None:
    left, right = pair
    assert similarity(left, right) == reference_similarity(left, right)
    assert similarity(right, left) == reference_similarity(right, left)
    assert similarity_bound(left, right) >= similarity(left, right)


@SETTINGS
@given(st.tuples(words, words), st.sampled_from([" ", "\n"]))
def test_similarity_is_the_reference_for_unrelated_texts(
    texts: tuple[list[str], list[str]], space: str
) -> None:
    left, right = space.join(texts[0]), space.join(texts[1])
    assert similarity(left, right) == reference_similarity(left, right)
    assert similarity_bound(left, right) >= similarity(left, right)


@SETTINGS
@given(st.text(max_size=300), st.text(max_size=300))
def test_the_bound_is_never_below_the_similarity(left: str, right: str) -> None:
    assert similarity_bound(left, right) >= similarity(left, right)
    assert similarity_bound(left, left) >= similarity(left, left)


@st.composite
def pairing_case(draw: Any) -> dict[str, Any]:
    """Scores from a few values (ties are common), bounds at or above them, some pins
    and exact pairs, and sometimes a rank that grows with the score."""
    desired = draw(st.integers(0, 6))
    live = draw(st.integers(0, 6))
    values = [0.0, 0.3, 0.5, 0.6, 0.75, 0.97, 0.99]
    scores = [[draw(st.sampled_from(values)) for _ in range(live)] for _ in range(desired)]
    bounds = [
        [min(1.0, score + draw(st.sampled_from([0.0, 0.0, 0.1, 0.5]))) for score in row]
        for row in scores
    ]
    free_live = list(range(live))
    pinned: dict[int, int] = {}
    exact: dict[int, int] = {}
    for i in range(desired):
        if free_live and draw(st.integers(0, 5)) == 0:
            (pinned if draw(st.booleans()) else exact)[i] = free_live.pop(
                draw(st.integers(0, len(free_live) - 1))
            )
    kept = [[draw(st.integers(0, 2)) for _ in range(live)] for _ in range(desired)]
    return {
        "desired": desired,
        "live": live,
        "scores": scores,
        "bounds": bounds,
        "pinned": pinned,
        "exact": exact,
        "kept": kept if draw(st.booleans()) else None,
    }


@SETTINGS
@given(pairing_case())
def test_pairing_best_first_with_bounds_is_pairing_with_every_score(case: dict[str, Any]) -> None:
    scores, bounds, kept = case["scores"], case["bounds"], case["kept"]
    scored: list[tuple[int, int]] = []

    def score(i: int, j: int) -> float:
        scored.append((i, j))
        return float(scores[i][j])

    def bound(i: int, j: int) -> float:
        return float(bounds[i][j])

    def rank(i: int, j: int, value: float) -> tuple[float, ...]:
        return (kept[i][j], value)

    arguments: dict[str, Any] = {"exact": case["exact"], "rank": rank if kept else None}
    every = align_unordered(case["desired"], case["live"], score, case["pinned"], **arguments)
    lazy = align_unordered(
        case["desired"], case["live"], score, case["pinned"], bound=bound, **arguments
    )
    assert lazy == every


def test_words_edited_in_a_long_text_are_counted_by_the_runs_between_them() -> None:
    from seqsync.plan import canonical

    original = [WORDS[n % 7] + str(n % 13) for n in range(600)]
    copy = list(original)
    copy[100], copy[101], copy[500] = "EDITED", "TWICE", "AGAIN"
    left, right = " ".join(original), "\n".join(copy)
    a, b = canonical._tokens(left), canonical._tokens(right)
    assert canonical._overlap_of_middles(a, b, 100, 99) == 400 - 2
    assert similarity(left, right) == reference_similarity(left, right)

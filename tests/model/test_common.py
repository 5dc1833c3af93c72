"""Durations and merge tags, the pieces every provider's format shares."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from seqsync.model.common import MAX_DURATION, format_duration, merge_tag_problem, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90m", 5400),
        ("36h", 129_600),
        ("2d", 172_800),
        ("1d12h", 129_600),
        ("1w", 604_800),
        ("45s", 45),
        (0, 0),
        ("0", 0),
        (" 2D ", 172_800),
    ],
)
def test_parse_duration_reads_human_forms(text: str | int, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["2 days", "", "d", "5", 5, True, "1h2d", 1.5, "-1d"])
def test_parse_duration_refuses_what_is_not_a_duration(text: object) -> None:
    with pytest.raises(PydanticCustomError):
        parse_duration(text)


@given(st.integers(min_value=0, max_value=MAX_DURATION))
def test_format_duration_reads_back_to_the_same_seconds(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


@given(st.integers(min_value=MAX_DURATION + 1, max_value=10**12))
def test_a_duration_over_a_year_is_refused(seconds: int) -> None:
    with pytest.raises(PydanticCustomError, match="longer than a year"):
        parse_duration(format_duration(seconds))


@pytest.mark.parametrize(
    ("text", "offset"),
    [("Hi {{firstName", 3), ("Hi }}", 3), ("{{a}} {{b {{c}}", 6), ("{{ }}", 0)],
)
def test_merge_tag_problem_points_at_the_first_bad_tag(text: str, offset: int) -> None:
    problem = merge_tag_problem(text)
    assert problem is not None
    assert problem[0] == offset


@pytest.mark.parametrize("text", ["", "Hi {{firstName}}", "{{a}}{{b}}", "{single} brace", "a } b"])
def test_merge_tag_problem_accepts_balanced_text(text: str) -> None:
    assert merge_tag_problem(text) is None

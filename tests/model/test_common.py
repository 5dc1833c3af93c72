"""Durations and merge tags, the pieces every provider's format shares."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from seqsync.model.common import (
    MAX_DURATION,
    format_duration,
    merge_tag_problem,
    paired_scan,
    parse_duration,
)


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
    ],
)
def test_parse_duration_reads_human_forms(text: str | int, seconds: int) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    "text", ["2 days", "", "d", "5", 5, True, "1h2d", 1.5, "-1d", " 2D ", "2D", "1d 12h"]
)
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


@given(st.text(alphabet="{} a\n\x00", max_size=24))
def test_the_shortcut_for_well_formed_tags_agrees_with_pairing_every_brace(text: str) -> None:
    assert merge_tag_problem(text) == paired_scan(text)


@pytest.mark.parametrize(
    "text", ["{{first}} and {{ last }}}", "{{{a}}{", "{{a{b}}", "{ {{x}} }", "{{a}}\x00}}"]
)
def test_the_shortcut_agrees_on_braces_beside_tags(text: str) -> None:
    assert merge_tag_problem(text) == paired_scan(text)


def test_an_unclosed_tag_in_a_long_body_is_found_in_one_pass() -> None:
    body = "{{" + "word " * 200_000  # a backtracking pattern would take minutes
    assert merge_tag_problem(body) == (0, "merge tag '{{' is never closed with '}}'")


@given(
    st.one_of(
        st.text(alphabet="0123456789wdhms DH ", max_size=12),
        st.from_regex(r"\A[0-9]{1,4}[wdhms]([0-9]{1,3}[dhms])?\Z"),
        st.integers(min_value=-2, max_value=2),
    )
)
def test_the_schema_and_the_validator_agree_on_every_duration(value: str | int) -> None:
    """An editor (the JSON Schema) and `seqsync validate` never disagree: what one takes
    the other takes, save the one-year bound, which only the validator knows."""
    import jsonschema

    from seqsync.render.schemas import SCHEMAS

    schema = SCHEMAS["sequence-supaglue.schema.json"]()
    delay = schema["$defs"]["SupaglueStep"]["properties"]["delay"]
    duration = next(option for option in delay["anyOf"] if "anyOf" in option)
    by_schema = jsonschema.Draft202012Validator(duration).is_valid(value)
    try:
        parse_duration(value)
        by_validator, too_long = True, False
    except PydanticCustomError as error:
        by_validator, too_long = False, "longer than a year" in str(error)
    assert by_schema == by_validator or (by_schema and too_long), (value, by_schema)

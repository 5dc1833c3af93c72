"""The compact Inbox message syntax compiles to segments and back."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seqsync.providers.inbox.message import MessageSyntaxError, parse_message, render_message


def test_parse_message_compiles_variables_variations_and_text() -> None:
    assert parse_message("{Hey|Hi} {{first-name|there}}, \\{ok\\}") == [
        {"type": "variation", "options": ["Hey", "Hi"]},
        {"type": "static", "text": " "},
        {"type": "variable", "name": "first-name", "fallback": "there"},
        {"type": "static", "text": ", {ok}"},
    ]


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("{Hey|Hi", 0),
        ("{Hey||Hi}", 5),
        ("{Hey}", 0),
        ("Hi {{name", 3),
        ("a } b", 2),
        ("{{bad name}}", 0),
        ("", 0),
        ("{a|{b}}", 3),
    ],
)
def test_parse_message_reports_where_the_syntax_breaks(text: str, offset: int) -> None:
    with pytest.raises(MessageSyntaxError) as error:
        parse_message(text)
    assert error.value.offset == offset


segment = st.one_of(
    st.builds(lambda t: {"type": "static", "text": t}, st.text(min_size=1, max_size=10)),
    st.builds(
        lambda n, f: {"type": "variable", "name": n, "fallback": f},
        st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True),
        st.text(alphabet=st.characters(blacklist_characters="{}|"), max_size=6),
    ),
    st.builds(
        lambda o: {"type": "variation", "options": o},
        st.lists(st.text(min_size=1, max_size=5).filter(str.strip), min_size=2, max_size=3),
    ),
)


@given(st.lists(segment, min_size=1, max_size=6))
def test_render_message_round_trips_or_declines(segments: list[dict[str, object]]) -> None:
    text = render_message(segments)
    if text is not None:
        assert parse_message(text) == segments
    else:
        # Declining is only allowed when the segments have no exact compact form:
        # adjacent static segments, which the compact syntax always merges.
        kinds = [s["type"] for s in segments]
        assert any(a == b == "static" for a, b in itertools.pairwise(kinds)) or any(
            s["type"] == "variable" and "|" in str(s["fallback"]) for s in segments
        )

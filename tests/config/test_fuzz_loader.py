"""Whatever bytes a file holds, loading and validating ends in "valid" or diagnostics."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from seqsync.project.loader import load_project
from tests.helpers import make_project

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["email", "task", "2d", "{{firstName}}", "{Hi|Hey}", "sh", "0", "{{"]),
)
keys = st.one_of(
    st.sampled_from(
        [
            "name",
            "connection",
            "id",
            "steps",
            "channel",
            "day",
            "variants",
            "subject",
            "content",
            "type",
            "delay",
            "template",
            "message",
            "like_tweet",
            "segments",
            "task_note",
            "status",
        ]
    ),
    st.text(max_size=8),
)
documents = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(keys, children, max_size=5)
    ),
    max_leaves=25,
)


def _validate_bytes(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = make_project(Path(folder), {"seq.yaml": content})
        project = load_project([root], root)
    assert project.diagnostics or project.sequences is not None
    for diagnostic in project.diagnostics:
        assert diagnostic.line >= 1
        assert diagnostic.col >= 1
        assert diagnostic.message


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(content: bytes) -> None:
    _validate_bytes(content)


@SETTINGS
@given(
    st.text(alphabet=st.sampled_from([*list("abc:-[]{}!&*|>'\"#\n\t ,?%@`"), "é"]), max_size=200)
)
def test_arbitrary_yaml_like_text_never_raises(text: str) -> None:
    _validate_bytes(text.encode("utf-8"))


@SETTINGS
@given(documents, st.sampled_from(["sh", "outreach", "x"]))
def test_arbitrary_yaml_documents_never_raise(data: Any, connection: str) -> None:
    if isinstance(data, dict):
        data = {"name": "fuzz", "connection": connection, **data}
    stream = io.StringIO()
    YAML().dump(data, stream)
    _validate_bytes(stream.getvalue().encode("utf-8"))

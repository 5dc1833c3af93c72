"""Import round-trips: for random live sequences (unusual content included), import writes
files that validate clean and plan to zero changes, for every provider and engine."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from seqsync.cli import main

SETTINGS = settings(
    max_examples=int(os.environ.get("SEQSYNC_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
CONFIG = """\
connections:
  sh: {provider: saleshandy, sandbox: true}
  apollo: {provider: supaglue, sandbox: true, customer_id: acme, provider_name: apollo}
  outreach: {provider: supaglue, sandbox: true, customer_id: acme, provider_name: outreach}
  salesloft: {provider: supaglue, sandbox: true, customer_id: acme, provider_name: salesloft}
  x: {provider: inbox, sandbox: true}
"""

TEXT_PIECES = [
    "Hi",
    " ",
    "{{firstName}}",
    "é",
    "😀",
    "日本",
    "\n",
    "  ",
    "<b>bold</b>",
    "&amp;",
    "'",
    '"',
    ":",
    "#",
    "- ",
    "x",
]
"""Pieces of text that YAML, HTML and merge tags each read their own way."""

pieces = st.sampled_from(TEXT_PIECES)
text = st.lists(pieces, min_size=0, max_size=8).map("".join)
nonempty = text.filter(lambda value: bool(value.strip()))
html = st.lists(st.builds(lambda t: f"<p>{t}</p>", text), min_size=1, max_size=3).map("\n".join)


def cli(root: Path, *args: str) -> int:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        main(list(args))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    finally:
        os.chdir(cwd)
    return 0


@contextmanager
def project(state: dict[str, Any]) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "seqsync.yaml").write_text(CONFIG, encoding="utf-8")
        (root / ".seqsync").mkdir()
        (root / ".seqsync" / "sandbox.json").write_text(json.dumps(state), encoding="utf-8")
        yield root


def assert_round_trip(root: Path, connection: str, sequence_id: str) -> None:
    assert cli(root, "import", "--connection", connection, "--id", sequence_id) == 0
    assert cli(root, "validate") == 0
    assert cli(root, "plan", "--detailed-exitcode") == 0


@st.composite
def saleshandy_state(draw: Any) -> dict[str, Any]:
    steps = []
    days = draw(st.lists(st.integers(1, 40), min_size=1, max_size=6, unique=True))
    for number, day in enumerate(days, start=1):
        channel = draw(st.sampled_from([1, 1, 2, 3, 4, 9, 11, 16, 17]))
        if channel == 1:
            count = draw(st.sampled_from([1, 2, 3, 26]))
            variants = [
                {
                    "payload": {
                        "subject": draw(nonempty),
                        "content": draw(html),
                        "preheader": draw(text),
                    },
                    "taskNote": None,
                }
                for _ in range(count)
            ]
        else:
            payload = {
                2: {"connectionNote": draw(text)},
                3: {"message": draw(nonempty)},
                4: {"subject": draw(nonempty), "message": draw(nonempty)},
                9: {"title": draw(text)},
                16: {"message": draw(text)},
            }.get(channel, {})
            variants = [{"payload": payload, "taskNote": draw(st.one_of(st.none(), nonempty))}]
        steps.append(
            {
                "id": f"St{number:08d}",
                "name": f"Step {number}",
                "number": number,
                "type": channel,
                "absoluteDays": day,
                "priority": 3,
                "variants": [
                    {
                        "id": f"Va{number:04d}{i:04d}",
                        "type": channel,
                        "status": draw(st.sampled_from([0, 1, 1])),
                        "stepStatus": 1,
                        "executionType": 1,
                        "attachmentIds": [],
                        **v,
                    }
                    for i, v in enumerate(variants)
                ],
            }
        )
    return {
        "saleshandy": {
            "sequences": {
                "Seq0000001": {
                    "id": "Seq0000001",
                    "title": draw(nonempty),
                    "active": True,
                    "created": 1,
                    "steps": steps,
                }
            }
        }
    }


@SETTINGS
@given(saleshandy_state())
def test_saleshandy_import_round_trips(state: dict[str, Any]) -> None:
    with project(state) as root:
        assert_round_trip(root, "sh", "Seq0000001")


@st.composite
def supaglue_state(draw: Any, engine: str) -> dict[str, Any]:
    templates: dict[str, Any] = {}
    steps = []
    for number in range(draw(st.integers(1, 5))):
        step_type = draw(st.sampled_from(["auto_email", "manual_email", "call", "task"]))
        template_id = f"{7000 + number}"
        templates[template_id] = {"subject": draw(nonempty), "body": draw(html), "name": None}
        days = draw(st.integers(0, 5))
        steps.append(
            {
                "id": f"{5000 + number}",
                "type": step_type,
                "interval": days * 86_400
                + (0 if engine == "salesloft" else draw(st.sampled_from([0, 3600, 5400]))),
                "date": None,
                "template_id": template_id,
                "task_note": draw(st.one_of(st.none(), nonempty)),
                "is_reply": False,
                "name": draw(nonempty) if engine == "salesloft" else None,
                "automated": step_type != "manual_email",
                "created_at": "2026-01-01T00:00:00+00:00",
            }
        )
    sequence = {
        "id": "4242",
        "name": draw(nonempty),
        "share_type": "team",
        "tags": [],
        "owner_id": None,
        "is_enabled": True,
        "created": 1,
        "created_at": "2026-01-01T00:00:00+00:00",
        "updated_at": "2026-01-01T00:00:00+00:00",
        "steps": steps,
    }
    return {
        "supaglue": {
            "connections": {"acme": ["apollo", "outreach", "salesloft"]},
            "engines": {
                engine: {"counter": 1, "sequences": {"4242": sequence}, "templates": templates}
            },
        }
    }


@SETTINGS
@given(
    st.sampled_from(["apollo", "outreach", "salesloft"]).flatmap(
        lambda e: st.tuples(st.just(e), supaglue_state(e))
    )
)
def test_supaglue_import_round_trips_for_every_engine(case: tuple[str, dict[str, Any]]) -> None:
    engine, state = case
    with project(state) as root:
        assert_round_trip(root, engine, "4242")


segments = st.lists(
    st.one_of(
        st.builds(lambda t: {"type": "static", "text": t}, nonempty),
        st.builds(
            lambda f: {"type": "variable", "name": "first-name", "fallback": f},
            st.sampled_from(["", "there", "a|b"]),
        ),
        st.builds(
            lambda o: {"type": "variation", "options": o},
            st.lists(nonempty, min_size=1, max_size=3),
        ),
    ),
    min_size=1,
    max_size=5,
)


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.builds(lambda s: {"type": "message", "data": {"segments": s}}, segments),
            st.builds(
                lambda d: {"type": "delay", "data": {"delaySeconds": d, "unit": "days"}},
                st.sampled_from([60, 3600, 86_400, 90_000]),
            ),
            st.just({"type": "likeTweet", "data": {}}),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_inbox_import_round_trips(steps: list[dict[str, Any]]) -> None:
    with project(inbox_state("X campaign", steps)) as root:
        assert_round_trip(root, "x", "camp1")


def inbox_state(name: str, steps: list[dict[str, Any]]) -> dict[str, Any]:
    """Sandbox state holding one paused Inbox campaign ``camp1`` with wire-shape steps."""
    campaign = {
        "id": "camp1",
        "name": name,
        "status": "paused",
        "version": 1,
        "customVariables": {},
        "steps": [{"id": f"s{rank}", "rank": rank, **step} for rank, step in enumerate(steps)],
    }
    return {"inbox": {"campaigns": {"camp1": campaign}}}


def test_what_cannot_be_represented_is_reported_and_nothing_is_written() -> None:
    with project(inbox_state("Z", [])) as root:
        assert cli(root, "import", "--connection", "x", "--id", "camp1") == 1
        assert not (root / "sequences").exists()


def test_existing_files_are_not_overwritten_without_force() -> None:
    with project(inbox_state("Z", [{"type": "likeTweet", "data": {}}])) as root:
        (root / "sequences").mkdir()
        mine = root / "sequences" / "z.yaml"
        mine.write_text("# mine\n", encoding="utf-8")
        assert cli(root, "import", "--connection", "x", "--id", "camp1") == 1
        assert mine.read_text() == "# mine\n"
        assert cli(root, "import", "--connection", "x", "--id", "camp1", "--force") == 0
        assert "name: z" in mine.read_text()
        assert (
            cli(root, "import", "--connection", "x", "--id", "camp1", "--dir", "elsewhere") == 1
        ), "already managed"
        assert not (root / "elsewhere").exists()

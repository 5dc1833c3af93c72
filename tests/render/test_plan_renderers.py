"""The plan renderers against golden files, and the Markdown size limit.

The golden plan is the examples project against a fresh sandbox. To regenerate after a
deliberate change: SEQSYNC_UPDATE_GOLDEN=1 pytest tests/render, then review the diff.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
from pathlib import Path

import jsonschema
import pytest

from seqsync.plan.model import (
    Address,
    FieldChange,
    Level,
    LiveIds,
    Operation,
    Plan,
    Request,
    SequencePlan,
    Verb,
    plan_from_data,
)
from seqsync.project.loader import load_project
from seqsync.render.json_plan import render_json
from seqsync.render.markdown import GITHUB_LIMIT, render_markdown
from seqsync.render.schemas import render_schema
from seqsync.render.text import render_text
from seqsync.workflow.plan import PlanMaker, Selection
from tests.plan.inprocess import InProcess

GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = Path(__file__).parent.parent.parent / "examples"


@pytest.fixture(scope="module")
def examples_plan() -> Plan:
    project = load_project([EXAMPLES], EXAMPLES)
    run = InProcess()
    session = run.session()
    session.config = project.config  # type: ignore[assignment]

    async def make() -> Plan:
        async with session:
            return await PlanMaker(project, session).plan(Selection())

    plan = asyncio.run(make())
    return dataclasses.replace(
        plan, created_at="2026-11-22T00:00:00+00:00", seqsync_version="0.0.0-test"
    )


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("SEQSYNC_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


def test_text_matches_golden(examples_plan: Plan) -> None:
    _golden("examples.plan.txt", render_text(examples_plan))


def test_verbose_text_with_colour_matches_golden(examples_plan: Plan) -> None:
    _golden("examples.plan.color.txt", render_text(examples_plan, color=True, verbose=True))


def test_markdown_matches_golden(examples_plan: Plan) -> None:
    _golden("examples.plan.md", render_markdown(examples_plan))


def test_json_matches_golden_and_schema_and_reads_back(examples_plan: Plan) -> None:
    text = render_json(examples_plan)
    _golden("examples.plan.json", text)
    document = json.loads(text)
    jsonschema.Draft202012Validator(json.loads(render_schema("plan.schema.json"))).validate(
        document
    )
    assert plan_from_data(document) == examples_plan


def test_no_changes_says_so() -> None:
    plan = Plan(
        sequences=(SequencePlan("a", "c", "saleshandy", "X", "A"),),
        seqsync_version="t",
        created_at="t",
    )
    assert render_text(plan).endswith("No changes. Live sequences match the files.\n")
    assert "No changes" in render_markdown(plan)


def _big_plan(sequences: int, operations_each: int) -> Plan:
    body = "<p>" + "A long paragraph of an email body that changes. " * 12 + "</p>"
    return Plan(
        sequences=tuple(
            SequencePlan(
                name=f"seq-{s:04d}",
                connection="c",
                provider="saleshandy",
                sequence_id=f"S{s}",
                title=f"T{s}",
                operations=tuple(
                    Operation(
                        Verb.PATCH,
                        Level.VARIANT,
                        address=Address(f"seq-{s:04d}", str(o), "A"),
                        live=LiveIds(str(o), "v"),
                        request=Request(
                            "PATCH", f"/v1/sequences/S{s}/steps/{o}/variants/v", {"payload": {}}
                        ),
                        reason="differs in content",
                        changes=(
                            FieldChange(
                                f"steps[{o}].variants[0].content",
                                body,
                                body.replace("changes", "changed"),
                            ),
                        ),
                        destructive=o == 0,
                        destructive_why="test" if o == 0 else "",
                        stops=o == 0,
                    )
                    for o in range(operations_each)
                ),
            )
            for s in range(sequences)
        ),
        seqsync_version="t",
        created_at="t",
    )


def test_markdown_of_2000_operations_stays_under_githubs_limit_and_says_what_it_left_out() -> None:
    plan = _big_plan(200, 10)
    assert len(plan.operations) == 2000
    markdown = render_markdown(plan)
    assert len(markdown) <= GITHUB_LIMIT
    assert "**Truncated:**" in markdown
    shown = markdown.count("<details>")
    assert f"{200 - shown} more sequence(s) with {(200 - shown) * 10} operation(s)" in markdown
    assert markdown.index("destructive change(s)") < markdown.index("<details>"), (
        "destructive first"
    )


def test_markdown_of_a_small_plan_is_not_truncated() -> None:
    markdown = render_markdown(_big_plan(2, 3))
    assert "Truncated" not in markdown
    assert markdown.count("<details>") == 2


def _content_edit(before: str, after: str) -> Plan:
    change = FieldChange("steps[0].variants[1].content", before, after)
    operation = Operation(
        Verb.PATCH,
        Level.VARIANT,
        address=Address("seq", "0", "B"),
        request=Request("PATCH", "/v1/sequences/S/steps/s/variants/v", {"payload": {}}),
        reason="differs in content",
        changes=(change,),
        live=LiveIds("s", "v"),
    )
    sequence = SequencePlan("seq", "c", "saleshandy", "S", "T", operations=(operation,))
    return Plan(sequences=(sequence,), seqsync_version="t", created_at="t")


@pytest.mark.parametrize(
    ("before", "after", "old", "new"),
    [
        (
            '<p>See <a href="https://acme.example/demo">the demo</a></p>',
            '<p>See <a href="https://evil.example/phish">the demo</a></p>',
            "https://acme.example/demo",
            "https://evil.example/phish",
        ),
        (
            '<p>Hi</p><img src="https://acme.example/logo.png" alt="Acme">',
            '<p>Hi</p><img src="https://evil.example/pixel.gif" alt="Acme">',
            "https://acme.example/logo.png",
            "https://evil.example/pixel.gif",
        ),
        (
            '<p>Hi</p><img src="https://acme.example/logo.png" alt="Acme logo">',
            '<p>Hi</p><img src="https://acme.example/logo.png" alt="Totally legit">',
            "Acme logo",
            "Totally legit",
        ),
        (
            '<p style="color: black">Hi {{firstName}}</p>',
            '<p style="color: white">Hi {{firstName}}</p>',
            'style="color: black"',
            'style="color: white"',
        ),
    ],
    ids=["link target", "image source", "image alt", "attribute only"],
)
def test_markup_only_edits_show_old_and_new_values_in_text_and_markdown(
    before: str, after: str, old: str, new: str
) -> None:
    plan = _content_edit(before, after)
    for rendered in (render_text(plan), render_markdown(plan)):
        removed = [line for line in rendered.splitlines() if line.strip().startswith("-")]
        added = [line for line in rendered.splitlines() if line.strip().startswith("+")]
        assert any(old in line for line in removed), rendered
        assert any(new in line for line in added), rendered


def test_every_change_line_carries_its_marker() -> None:
    plan = _content_edit("<p>a</p>", "<p>b</p>")
    added = dataclasses.replace(
        plan.sequences[0].operations[0],
        changes=(
            FieldChange("steps[3]", None, "wait 3d"),
            FieldChange("live_steps[2]", "wait 1d", None),
            FieldChange("steps[1].subject", "Hi", "Hello"),
        ),
    )
    sequence = dataclasses.replace(plan.sequences[0], operations=(added,))
    lines = render_text(dataclasses.replace(plan, sequences=(sequence,))).splitlines()
    assert '      + steps[3]: "wait 3d"' in lines
    assert '      - live_steps[2]: "wait 1d"' in lines
    assert '      ~ steps[1].subject: "Hi" → "Hello"' in lines

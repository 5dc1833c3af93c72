"""The timeline: a moved step reads as a move in the terminal and in the PR comment."""

from __future__ import annotations

import json
from typing import Any

import jsonschema

from seqsync.plan.model import Plan
from seqsync.plan.timeline import Timeline
from seqsync.providers.lemlist.live import LiveLemlistSequence, LiveLemlistStep
from seqsync.providers.lemlist.model import LemlistSequence
from seqsync.providers.registry import kind_named
from seqsync.render.markdown import GITHUB_LIMIT, render_markdown
from seqsync.render.schemas import render_schema
from seqsync.render.text import render_timeline
from tests.plan.builders import (
    inbox_doc,
    inbox_live,
    saleshandy_doc,
    saleshandy_live,
    supaglue_doc,
    supaglue_live,
    target,
)
from tests.plan.test_alignment_scenarios import sh_steps


def test_a_moved_step_shows_its_old_and_new_day() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    steps[3]["day"] = 12  # the LinkedIn message on day 7 moves to day 12
    sequence = kind_named("saleshandy").checked_plan(
        target(saleshandy_doc(steps), "saleshandy"), live
    )
    plan = Plan(sequences=(sequence,), seqsync_version="t", created_at="t")
    lines = render_timeline(plan).splitlines()
    assert any(
        line.startswith("  ~   7  linkedin_message") and line.endswith("—") for line in lines
    ), lines
    assert any(
        line.startswith("  ~  12  —") and line.endswith("linkedin_message") for line in lines
    ), lines
    markdown = render_markdown(plan)
    assert "```mermaid\ntimeline\n    title seq" in markdown
    assert "        Day 12 : linkedin_message" in markdown
    assert len(markdown) < GITHUB_LIMIT


def test_many_sequences_keep_the_comment_under_the_limit() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    steps[3]["day"] = 12
    sequence = kind_named("saleshandy").checked_plan(
        target(saleshandy_doc(steps), "saleshandy"), live
    )
    plan = Plan(sequences=(sequence,) * 400, seqsync_version="t", created_at="t")
    assert len(render_markdown(plan)) <= GITHUB_LIMIT


def test_two_emails_that_swap_days_show_as_moved_in_every_form() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    steps[0]["day"], steps[2]["day"] = 5, 1  # the email of day 1 and the email of day 5 swap
    sequence = kind_named("saleshandy").checked_plan(
        target(saleshandy_doc(steps), "saleshandy"), live
    )
    assert sequence.operations  # the plan changes the days...
    plan = Plan(sequences=(sequence,), seqsync_version="t", created_at="t")
    # ...and each day still holds an email with two variants, so only the moves say it.
    first = 'email (2 variants) "Email number 0 / Alt 0"'
    third = 'email (2 variants) "Email number 2 / Alt 2"'
    lines = render_timeline(plan).splitlines()
    assert lines[-3:-1] == [
        f"    moved: {first}: day 1 → day 5",
        f"    moved: {third}: day 5 → day 1",
    ]
    assert [line[:7] for line in lines[2:5]] == ["  ~   1", "      3", "  ~   5"]

    markdown = render_markdown(plan)
    assert '- moved: email (2 variants) "Email number 0 / Alt 0": day 1 → day 5' in markdown
    assert "Timeline: the cadence day by day" in markdown

    data = plan.to_data()["sequences"][0]["timeline"]
    assert data["moved"] == [
        {"what": first, "from": 1, "to": 5},
        {"what": third, "from": 5, "to": 1},
    ]
    jsonschema.Draft202012Validator(json.loads(render_schema("plan.schema.json"))).validate(
        plan.to_data()
    )
    assert Timeline.from_data(data) == sequence.timeline  # a saved plan shows them too


def test_an_unmoved_sequence_has_no_moves() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    sequence = kind_named("saleshandy").checked_plan(
        target(saleshandy_doc(sh_steps()), "saleshandy"), live
    )
    assert sequence.timeline is not None
    assert sequence.timeline.moved == ()
    assert not sequence.timeline.changed
    assert "moved" not in sequence.timeline.to_data()


def test_emails_that_swap_places_in_a_delay_based_sequence_show_as_moved() -> None:
    steps = [
        {"type": "auto_email", "delay": "0", "template": {"subject": "First", "body": "<p>a</p>"}},
        {
            "type": "auto_email",
            "delay": "4d",
            "template": {"subject": "Second", "body": "<p>b</p>"},
        },
    ]
    live = supaglue_live(supaglue_doc(steps))
    swapped = [
        {**steps[0], "template": steps[1]["template"]},
        {**steps[1], "template": steps[0]["template"]},
    ]
    sequence = kind_named("supaglue").checked_plan(
        target(supaglue_doc(swapped), "supaglue", "apollo"), live
    )
    assert sequence.operations
    assert sequence.timeline is not None
    assert sequence.timeline.before == sequence.timeline.after  # the days alone look alike
    assert sequence.timeline.moved == (
        ('auto_email "First"', 1, 5),
        ('auto_email "Second"', 5, 1),
    )


def test_inbox_messages_that_swap_places_show_as_moved() -> None:
    steps: list[dict[str, Any]] = [{"message": "First"}, {"delay": "2d"}, {"message": "Second"}]
    live = inbox_live(inbox_doc(steps))
    swapped = [steps[2], steps[1], steps[0]]
    sequence = kind_named("inbox").checked_plan(target(inbox_doc(swapped), "inbox"), live)
    assert sequence.timeline is not None
    assert sequence.timeline.moved == (('message "First"', 1, 3), ('message "Second"', 3, 1))


def test_lemlist_emails_that_swap_places_show_as_moved() -> None:
    def email(subject: str, delay: int) -> dict[str, Any]:
        return {"type": "email", "delay": delay, "subject": subject, "message": "<p>x</p>"}

    live = LiveLemlistSequence(
        "cam_1",
        "Outbound",
        "seq_1",
        "draft",
        (
            LiveLemlistStep("stp_a", "email", 0, {"subject": "First", "message": "<p>x</p>"}),
            LiveLemlistStep("stp_b", "email", 3, {"subject": "Second", "message": "<p>x</p>"}),
        ),
    )
    document = LemlistSequence.model_validate(
        {
            "name": "outbound",
            "connection": "main",
            "title": "Outbound",
            "steps": [email("Second", 0), email("First", 3)],
        }
    )
    sequence = kind_named("lemlist").checked_plan(target(document, "lemlist"), live)
    assert sequence.timeline is not None
    assert sequence.timeline.moved == (('email "First"', 1, 4), ('email "Second"', 4, 1))

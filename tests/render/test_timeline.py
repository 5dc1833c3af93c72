"""The timeline: a moved step reads as a move in the terminal and in the PR comment."""

from __future__ import annotations

from seqsync.plan.model import Plan
from seqsync.providers.registry import kind_named
from seqsync.render.markdown import GITHUB_LIMIT, render_markdown
from seqsync.render.text import render_timeline
from tests.plan.builders import saleshandy_doc, saleshandy_live, target
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

"""What a plan cannot see is said, never silently planned as nothing: Saleshandy's reads
return no step priority, so an edit to a live step's priority is a note in every format."""

from __future__ import annotations

import json

from seqsync.plan.model import Plan, plan_from_data
from seqsync.providers.saleshandy.planner import plan_saleshandy
from seqsync.render.json_plan import render_json
from seqsync.render.markdown import render_markdown
from seqsync.render.text import render_text
from tests.plan.builders import saleshandy_doc, saleshandy_live, target

STEPS = [
    {"channel": "email", "day": 1, "variants": [{"subject": "Hi", "content": "<p>Hi</p>"}]},
    {"channel": "task", "day": 3, "priority": "high", "task_note": "Ring @alice <!--"},
]


def test_a_live_steps_priority_is_a_note_in_every_format() -> None:
    live = saleshandy_live(saleshandy_doc(STEPS))
    edited = [STEPS[0], {**STEPS[1], "priority": "urgent"}]
    sequence = plan_saleshandy(target(saleshandy_doc(edited), "saleshandy"), live)
    assert sequence.operations == ()  # nothing can be sent that would be seen to stick
    (note,) = sequence.notes
    assert note.startswith("the priority of steps[1] is not compared")
    plan = Plan(sequences=(sequence,), seqsync_version="t", created_at="t")
    assert f"Note: seq: {note}" in render_text(plan)
    assert "**Notes**" in render_markdown(plan)
    data = json.loads(render_json(plan))
    assert data["sequences"][0]["notes"] == [note]
    assert plan_from_data(data).sequences[0].notes == (note,)


def test_a_step_seqsync_creates_sends_its_priority_and_needs_no_note() -> None:
    live = saleshandy_live(saleshandy_doc(STEPS[:1]))
    sequence = plan_saleshandy(target(saleshandy_doc(STEPS), "saleshandy"), live)
    (create,) = sequence.operations
    assert create.request.body["priority"] == 2
    assert sequence.notes == ()

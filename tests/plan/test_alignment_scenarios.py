"""The four alignment scenarios on each provider: insert, remove, edit, swap."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from seqsync.plan.model import Level, Verb
from seqsync.providers.inbox.planner import plan_inbox
from seqsync.providers.saleshandy.planner import plan_saleshandy
from seqsync.providers.supaglue.live import LiveSupaglueTemplate
from seqsync.providers.supaglue.planner import plan_supaglue
from tests.plan.builders import (
    inbox_doc,
    inbox_live,
    saleshandy_doc,
    saleshandy_live,
    supaglue_doc,
    supaglue_live,
    target,
)

DAY = 86_400


def sh_steps() -> list[dict[str, Any]]:
    """Ten steps: emails on odd days, LinkedIn messages on even days."""
    steps = []
    for n in range(10):
        day = 2 * n + 1
        if n % 2 == 0:
            steps.append(
                {
                    "channel": "email",
                    "day": day,
                    "variants": [
                        {
                            "subject": f"Email number {n}",
                            "content": f"<p>Body {n}: a paragraph that is about topic {n}.</p>",
                        },
                        {"subject": f"Alt {n}", "content": f"<p>Variant B of step {n}.</p>"},
                    ],
                }
            )
        else:
            steps.append(
                {
                    "channel": "linkedin_message",
                    "day": day,
                    "task_note": f"note {n}",
                    "variants": [{"message": f"LinkedIn message for step {n}, about topic {n}"}],
                }
            )
    return steps


def kinds(plan: Any) -> list[str]:
    return [op.kind for op in plan.operations]


# --- Saleshandy --------------------------------------------------------------------


def test_saleshandy_unchanged_plans_nothing() -> None:
    doc = saleshandy_doc(sh_steps())
    assert plan_saleshandy(target(doc, "saleshandy"), saleshandy_live(doc)).operations == ()


def test_saleshandy_insert_in_the_middle_is_one_create() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    steps.insert(5, {"channel": "call_demo", "day": 10, "task_note": "demo call"})
    plan = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    assert kinds(plan) == ["create_step"]
    assert plan.operations[0].request.body["type"] == 12


def test_saleshandy_removal_is_one_pause() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    del steps[3]  # the single-variant LinkedIn step on day 7
    plan = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    assert kinds(plan) == ["patch_variant"]
    operation = plan.operations[0]
    assert operation.does(Verb.PATCH, Level.VARIANT)
    assert operation.stops
    assert operation.destructive
    assert operation.request.body == {"status": 0}


def test_saleshandy_subject_edit_is_one_patch_of_that_variant() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    steps[4]["variants"][0]["subject"] = "Email number 4, edited"
    plan = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    assert kinds(plan) == ["patch_variant"]
    assert [c.path for c in plan.operations[0].changes] == ["steps[4].variants[0].subject"]
    assert plan.operations[0].request.body["payload"]["subject"] == "Email number 4, edited"


def test_saleshandy_day_swap_is_day_patches_through_a_free_day() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    steps[2]["day"], steps[6]["day"] = steps[6]["day"], steps[2]["day"]  # two email steps swap
    plan = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    assert set(kinds(plan)) == {"patch_variant"}
    assert all(set(op.request.body) == {"absoluteDays"} for op in plan.operations)
    assert all(c.path.endswith(".day") for op in plan.operations for c in op.changes)
    # Replay the moves: no intermediate state may hold two email steps on one day.
    days = {step.id: step.day for step in live.steps if step.channel == "email"}
    for op in plan.operations:
        assert op.live.step is not None
        days[op.live.step] = op.request.body["absoluteDays"]
        assert len(set(days.values())) == len(days)
    assert sorted(days.values()) == [1, 5, 9, 13, 17]


# --- Supaglue ----------------------------------------------------------------------


def sg_steps() -> list[dict[str, Any]]:
    return [
        {
            "type": "auto_email",
            "delay": f"{n + 1}d",
            "template": {"subject": f"Subject {n}", "body": f"<p>Body {n} about topic {n}</p>"},
        }
        for n in range(10)
    ]


def test_supaglue_insert_in_the_middle_is_one_create_with_its_order() -> None:
    live = supaglue_live(supaglue_doc(sg_steps()))
    steps = sg_steps()
    steps.insert(
        4, {"type": "call", "delay": "1d", "template": {"subject": "Call", "body": "<p>script</p>"}}
    )
    plan = plan_supaglue(target(supaglue_doc(steps), "supaglue", "outreach"), live)
    assert kinds(plan) == ["create_step"]
    assert plan.operations[0].request.body["record"]["order"] == 5


def test_supaglue_removal_is_an_error_with_guidance() -> None:
    live = supaglue_live(supaglue_doc(sg_steps()))
    steps = sg_steps()
    del steps[6]
    plan = plan_supaglue(target(supaglue_doc(steps), "supaglue", "outreach"), live)
    assert plan.operations == ()
    assert len(plan.errors) == 1
    assert "live step 106" in plan.errors[0]
    assert "cannot delete" in plan.errors[0]


def test_supaglue_subject_edit_is_one_patch_step() -> None:
    live = supaglue_live(supaglue_doc(sg_steps()))
    steps = sg_steps()
    steps[2]["template"]["subject"] = "Subject 2, edited"
    plan = plan_supaglue(target(supaglue_doc(steps), "supaglue", "apollo"), live)
    assert kinds(plan) == ["patch_step"]
    assert plan.operations[0].request.body == {
        "record": {"template": {"subject": "Subject 2, edited"}}
    }


def test_supaglue_delay_swap_is_an_error_naming_delay_not_a_rewrite() -> None:
    live = supaglue_live(supaglue_doc(sg_steps()))
    steps = sg_steps()
    steps[1]["delay"], steps[7]["delay"] = steps[7]["delay"], steps[1]["delay"]
    plan = plan_supaglue(target(supaglue_doc(steps), "supaglue", "outreach"), live)
    assert plan.operations == ()
    assert len(plan.errors) == 2
    assert all("cannot change delay" in error for error in plan.errors)


@pytest.mark.parametrize("engine", ["apollo", "salesloft"])
def test_reordered_steps_are_named_as_a_reorder_the_engine_cannot_do(engine: str) -> None:
    live = supaglue_live(supaglue_doc(sg_steps()))
    steps = sg_steps()
    steps[3], steps[6] = steps[6], steps[3]  # each step keeps its own delay
    plan = plan_supaglue(target(supaglue_doc(steps), "supaglue", engine), live)
    assert plan.operations == ()
    assert plan.errors == (
        "seq: the file has live steps in another order (steps[3] is live step 106, "
        "steps[6] is live step 103), "
        f"and Supaglue/{engine} cannot reorder steps; reorder them in {engine.capitalize()} "
        "itself, or put them back in the live order",
    )


def test_outreach_steps_read_back_in_another_order_match_and_plan_nothing() -> None:
    """Supaglue reads Outreach steps unsorted (creation order, after a parallel create):
    the read order says nothing of Outreach's order, so steps match wherever they are."""
    steps = sg_steps()
    shuffled = steps[1::2] + steps[::2]  # every step moved
    live = supaglue_live(supaglue_doc(shuffled))
    plan = plan_supaglue(target(supaglue_doc(steps), "supaglue", "outreach"), live)
    assert plan.errors == ()
    assert plan.operations == ()
    assert all(match.reason == "exact" for match in plan.matches)


def test_an_empty_salesloft_cadence_gets_every_step_in_one_import() -> None:
    """Groups as Supaglue's toSalesloftCadenceImportParams builds them for a new cadence."""
    steps: list[dict[str, Any]] = [
        {
            "type": "auto_email",
            "delay": "0",
            "task_note": "intro",
            "template": {"subject": "S", "body": "<p>B</p>"},
        },
        {"type": "task", "delay": "2d", "task_note": "check linkedin"},
        {"type": "call", "delay": "1d", "name": "Ring"},
    ]
    empty = dataclasses.replace(supaglue_live(supaglue_doc([])), steps=())
    plan = plan_supaglue(target(supaglue_doc(steps), "supaglue", "salesloft"), empty)
    assert kinds(plan) == ["create_step"]
    record = plan.operations[0].request.body["record"]
    assert record["custom_fields"]["step_groups"] == [
        {
            "day": 1,
            "automated": True,
            "automated_settings": {"send_type": "after_time_delay", "delay_time": 0},
            "due_immediately": False,
            "steps": [
                {
                    "enabled": True,
                    "type": "Email",
                    "name": "Step 1: intro",
                    "type_settings": {"email_template": {"subject": "S", "body": "<p>B</p>"}},
                }
            ],
            "reference_id": 1,
        },
        {
            "day": 3,
            "automated": False,
            "due_immediately": False,
            "steps": [
                {
                    "enabled": True,
                    "type": "Other",
                    "name": "Step 2",
                    "type_settings": {"instructions": "task: check linkedin"},
                }
            ],
            "reference_id": 2,
        },
        {
            "day": 4,
            "automated": False,
            "due_immediately": False,
            "steps": [
                {
                    "enabled": True,
                    "type": "Phone",
                    "name": "Ring",
                    "type_settings": {"instructions": ""},
                }
            ],
            "reference_id": 3,
        },
    ]
    assert {change.path.split(".")[0] for change in plan.operations[0].changes} == {
        "steps[0]",
        "steps[1]",
        "steps[2]",
    }
    not_empty = supaglue_live(supaglue_doc(steps[:1]))
    refused = plan_supaglue(target(supaglue_doc(steps), "supaglue", "salesloft"), not_empty)
    assert refused.operations == ()
    assert any("adds steps only to an empty cadence" in error for error in refused.errors)


def test_salesloft_cannot_patch_anything() -> None:
    steps = [{**step, "delay": f"{n + 1}d"} for n, step in enumerate(sg_steps())]
    live = supaglue_live(supaglue_doc(steps))
    steps[0]["template"]["body"] = "<p>new</p>"
    plan = plan_supaglue(target(supaglue_doc(steps), "supaglue", "salesloft"), live)
    assert plan.operations == ()
    assert "Supaglue cannot update this engine's steps at all" in plan.errors[0]


# --- Inbox -------------------------------------------------------------------------


def x_steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for n in range(5):
        steps.append(
            {"message": f"{{Hey|Hi}} {{{{first-name|there}}}}, message {n} about topic {n}"}
        )
        steps.append({"delay": f"{n + 1}d"})
    return steps


def replace_changes(plan: Any) -> list[str]:
    assert kinds(plan) == ["replace_sequence"]
    return [change.path for change in plan.operations[0].changes]


def test_inbox_insert_is_one_replace_showing_one_new_step() -> None:
    live = inbox_live(inbox_doc(x_steps()))
    steps = x_steps()
    steps.insert(4, {"like_tweet": True})
    assert replace_changes(plan_inbox(target(inbox_doc(steps), "inbox"), live)) == ["steps[4]"]


def test_inbox_removal_is_part_of_the_replace() -> None:
    live = inbox_live(inbox_doc(x_steps()))
    steps = x_steps()
    del steps[2]
    assert replace_changes(plan_inbox(target(inbox_doc(steps), "inbox"), live)) == ["live_steps[2]"]


def test_inbox_message_edit_is_one_replace_with_one_change() -> None:
    live = inbox_live(inbox_doc(x_steps()))
    steps = x_steps()
    steps[6]["message"] += "!"
    assert replace_changes(plan_inbox(target(inbox_doc(steps), "inbox"), live)) == ["steps[6]"]


def test_inbox_delay_swap_shows_only_the_two_delays() -> None:
    live = inbox_live(inbox_doc(x_steps()))
    steps = x_steps()
    steps[1]["delay"], steps[7]["delay"] = steps[7]["delay"], steps[1]["delay"]
    changes = replace_changes(plan_inbox(target(inbox_doc(steps), "inbox"), live))
    assert changes == ["steps[1]", "steps[7]"]


def test_inbox_replace_of_an_active_campaign_is_destructive() -> None:
    doc = inbox_doc(x_steps())
    live = inbox_live(inbox_doc([{"message": "Hello"}]), status="active")
    plan = plan_inbox(target(doc, "inbox"), live)
    assert plan.operations[0].destructive  # (an empty one: tests/plan/test_small_lifecycle.py)


def test_apollos_empty_template_on_a_call_step_is_no_template() -> None:
    """Supaglue's Apollo mapper puts a template with empty subject and body on every
    step; a call step without one in the file plans nothing (it used to crash)."""
    steps = [*sg_steps()[:2], {"type": "call", "delay": "1d", "task_note": "Ring them"}]
    live = supaglue_live(supaglue_doc(steps))
    empty = LiveSupaglueTemplate(id="T9", subject="", body="")
    live = dataclasses.replace(
        live, steps=(*live.steps[:2], dataclasses.replace(live.steps[2], template=empty))
    )
    plan = plan_supaglue(target(supaglue_doc(steps), "supaglue", "apollo"), live)
    assert (plan.operations, plan.errors) == ((), ())


def test_a_live_template_the_file_drops_is_an_error_not_a_crash() -> None:
    live = supaglue_live(supaglue_doc(sg_steps()[:3]))
    steps = sg_steps()[:3]
    del steps[2]["template"]
    steps[2]["id"] = "102"  # pinned, so it pairs with the live step that has one
    plan = plan_supaglue(target(supaglue_doc(steps), "supaglue", "apollo"), live)
    assert plan.operations == ()
    assert plan.errors == (
        "seq.steps[2]: Supaglue/apollo cannot change the template of a live step (a template "
        "cannot be removed); change it in Apollo itself and the plan will match, or create the "
        "sequence anew (remove `id` and change `title`)",
    )


def test_similarity_of_long_bodies_reads_one_edited_word_as_nearly_equal() -> None:
    """Long bodies are compared by tokens around their common head and tail: one edited
    word in a 4 KB email stays above 99 %, an unrelated body stays low."""
    from seqsync.plan.canonical import similarity

    body = " ".join(f"<p>Sentence {n} about the pipeline and the quarter.</p>" for n in range(80))
    edited = body.replace("Sentence 40 about", "Sentence 40 regarding")
    unrelated = " ".join(f"<p>Другой текст {n} совсем.</p>" for n in range(80))
    assert similarity(body, body) == 1.0
    assert 0.99 < similarity(body, edited) < 1.0
    assert similarity(body, unrelated) < 0.5
    assert similarity(body, "") == 0.0


# --- exactness ---------------------------------------------------------------------


def test_a_step_pin_to_no_live_step_is_an_error_naming_the_live_steps() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    steps[1]["id"] = "NoSuchStep"
    plan = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    assert plan.operations == ()
    assert len(plan.errors) == 1
    assert plan.errors[0].startswith("seq.steps[1]: id 'NoSuchStep' matches no live step; ")
    assert "S0001xxxxx (linkedin_message, day 3)" in plan.errors[0]
    assert plan.errors[0].endswith("correct the id, or remove it to match by content")


def test_a_variant_pin_to_no_live_variant_is_an_error() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    steps[0]["variants"][1]["id"] = "NoSuchVariant"
    plan = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    assert plan.operations == ()
    assert plan.errors[0].startswith(
        "seq.steps[0].variants[1]: id 'NoSuchVariant' matches no live variant; the live "
        "variants are V00000xxx (variant A), V00001xxx (variant B)"
    )


def test_a_supaglue_step_pin_to_no_live_step_is_an_error() -> None:
    live = supaglue_live(supaglue_doc(sg_steps()))
    steps = sg_steps()
    steps[3]["id"] = "999"
    plan = plan_supaglue(target(supaglue_doc(steps), "supaglue", "outreach"), live)
    assert plan.operations == ()
    assert any(
        error.startswith("seq.steps[3]: id '999' matches no live step") for error in plan.errors
    )


def test_a_new_step_lists_only_the_variants_it_sends() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    steps.append(
        {
            "channel": "email",
            "day": 30,
            "variants": [
                {"subject": "Sent", "content": "<p>Sent</p>"},
                {"subject": "Held back", "content": "<p>Paused</p>", "status": "paused"},
            ],
        }
    )
    plan = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    assert kinds(plan) == ["create_step"]
    paths = [change.path for change in plan.operations[0].changes]
    assert "steps[10].variants[0].subject" in paths
    assert not any(path.startswith("steps[10].variants[1]") for path in paths)
    assert len(plan.operations[0].request.body["variants"]) == 1


def test_a_new_supaglue_sequence_shows_every_step_it_creates() -> None:
    doc = supaglue_doc(sg_steps()[:3], id=None, title="Brand new")
    plan = plan_supaglue(target(doc, "supaglue", "outreach"), None)
    assert kinds(plan) == ["create_sequence"]
    changes = {change.path: change.after for change in plan.operations[0].changes}
    assert changes["title"] == "Brand new"
    assert changes["steps[2].subject"] == "Subject 2"
    assert changes["steps[2].body"] == "<p>Body 2 about topic 2</p>"
    assert changes["steps[0].delay"] == DAY


def test_a_parked_email_step_moves_on_from_its_parking_day() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    steps[2]["day"], steps[6]["day"] = steps[6]["day"], steps[2]["day"]
    plan = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    parked = {
        change.after for op in plan.operations if "free day" in op.reason for change in op.changes
    }
    assert len(parked) == 1
    (free_day,) = parked
    after_park = [
        change
        for op in plan.operations
        if "free day" not in op.reason
        for change in op.changes
        if change.before == free_day
    ]
    assert after_park, "the move off the parking day must start from the parking day"


def _step_indexes(plan: Any) -> list[int]:
    return [int(op.address.step) for op in plan.operations if op.address.step.isdigit()]


def test_saleshandy_operations_follow_the_file_order() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    for n in (9, 7, 5, 3, 1):  # an email step on each even day, between the others
        steps.insert(
            n,
            {
                "channel": "email",
                "day": 2 * n,
                "variants": [{"subject": f"New {n}", "content": f"<p>Inserted {n}</p>"}],
            },
        )
    steps.insert(0, {"channel": "call_demo", "day": 1, "task_note": "first call"})
    steps[3]["variants"][0]["subject"] = "Email number 1, edited"
    plan = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    assert kinds(plan).count("create_step") == 6
    indexes = _step_indexes(plan)
    assert indexes == sorted(indexes), indexes


def test_dropping_variant_b_and_editing_c_keeps_each_live_variants_identity() -> None:
    """Live A, B, C; the file drops B and edits C's subject. B and C share most of their
    body (A/B tests vary little), so by similarity alone the edited C is nearest B; but C
    kept its body word for word, so it is C: C is patched and B paused, not the reverse."""
    body = "<p>Hi {{firstName}}, we help teams like yours cut reply time in half.</p>"
    variants = [
        {"subject": "Quick question", "content": "<p>Completely different opener here.</p>"},
        {"subject": "A thought for you, {{firstName}}", "content": body + "<p>Worth a chat?</p>"},
        {"subject": "A thought for {{firstName}}", "content": body + "<p>Worth a call?</p>"},
    ]
    live = saleshandy_live(saleshandy_doc([{"channel": "email", "day": 1, "variants": variants}]))
    edited = {**variants[2], "subject": "A thought for you, {{firstName}}!"}  # 98% B, 97% C
    steps = [{"channel": "email", "day": 1, "variants": [variants[0], edited]}]
    plan = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    b_id, c_id = live.steps[0].variants[1].id, live.steps[0].variants[2].id
    patched = {op.live.variant: op for op in plan.operations if op.does(Verb.PATCH, Level.VARIANT)}
    assert set(patched) == {b_id, c_id}
    assert patched[b_id].stops
    assert not patched[c_id].stops
    assert [change.path for change in patched[c_id].changes] == ["steps[0].variants[1].subject"]


def test_a_pin_to_a_step_of_another_channel_is_an_error_not_a_loop() -> None:
    """Creating a new step and pausing the pinned one would leave the pin on the paused
    step: every later plan would create another. The plan says what to do instead."""
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    steps[1] = {
        "id": live.steps[1].id,
        "channel": "call_demo",
        "day": steps[1]["day"],
        "task_note": "call instead",
    }
    plan = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    assert plan.operations == ()
    (error,) = plan.errors
    assert f"id {live.steps[1].id!r} pins live step 2 (linkedin_message, day 3)" in error
    assert "remove the id to create a new call_demo step" in error


def test_a_kept_step_is_left_as_it_is_and_a_kept_pin_to_nothing_is_an_error() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps: list[dict[str, Any]] = sh_steps()
    steps[3] = {"id": live.steps[3].id, "keep": True}  # edited in Saleshandy: hands off
    steps[4]["variants"][0]["subject"] = "Email number 4, edited"
    live_steps = list(live.steps)
    live_steps[3] = dataclasses.replace(live_steps[3], day=40)  # whatever it is live
    plan = plan_saleshandy(
        target(saleshandy_doc(steps), "saleshandy"),
        dataclasses.replace(live, steps=tuple(live_steps)),
    )
    assert [op.address.step for op in plan.operations] == ["4"], "no pause, no move of 3"
    steps[3] = {"id": "NoSuchStep1", "keep": True}
    refused = plan_saleshandy(target(saleshandy_doc(steps), "saleshandy"), live)
    assert any("id 'NoSuchStep1' matches no live step" in error for error in refused.errors)


def test_unmanaged_steps_keep_leaves_live_steps_the_file_lacks() -> None:
    live = saleshandy_live(saleshandy_doc(sh_steps()))
    steps = sh_steps()
    del steps[3]
    keep = saleshandy_doc(steps, unmanaged_steps="keep")
    assert plan_saleshandy(target(keep, "saleshandy"), live).operations == ()
    by_connection = dataclasses.replace(
        target(saleshandy_doc(steps), "saleshandy"), keep_unmanaged=True
    )
    assert plan_saleshandy(by_connection, live).operations == ()
    sg_live = supaglue_live(supaglue_doc(sg_steps()))
    fewer = sg_steps()[:5]
    assert plan_supaglue(target(supaglue_doc(fewer), "supaglue", "outreach"), sg_live).errors
    kept = supaglue_doc(fewer, unmanaged_steps="keep")
    assert plan_supaglue(target(kept, "supaglue", "outreach"), sg_live).errors == ()


REVIEW_BEFORE = " ".join(
    f"<p>Hi {{{{first_name}}}}, point {n}: thanks for joining our session on pipeline reviews. "
    "The recording and the slides are on their way, and we would love to hear which part "
    "was most useful for your team this quarter.</p>"
    for n in range(12)
)
REVIEW_AFTER = " ".join(
    f"<p>Hello {{{{first_name}}}}, item {n}: we put the pipeline review session online for "
    "you and your team. Tell us what you would like to see next quarter, and which of the "
    "slides you found the most useful.</p>"
    for n in range(12)
)


def test_a_rewritten_body_is_patched_in_its_step_not_deleted_and_created_anew() -> None:
    """Every sentence of a long email rewritten (same type, delay and subject): the step
    is still the same step, so the plan patches its body. Unpaired, Supaglue would need
    to delete a live step, which it cannot: the plan would be an error."""

    def steps(first_body: str) -> list[dict[str, Any]]:
        return [
            {"type": "auto_email", "delay": "1d", "template": {"subject": "Review", "body": body}}
            for body in (first_body, "<p>Second touch, unchanged.</p>")
        ]

    live = supaglue_live(supaglue_doc(steps(REVIEW_BEFORE)))
    plan = plan_supaglue(target(supaglue_doc(steps(REVIEW_AFTER)), "supaglue", "outreach"), live)
    assert plan.errors == ()
    assert [match.live for match in plan.matches] == ["100", "101"]
    assert len(plan.operations) == 1
    assert [change.path for change in plan.operations[0].changes] == ["steps[0].body"]

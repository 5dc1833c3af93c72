"""Saleshandy step types and priorities go in the encoding the account's steps show:
its create-step page lists names while its examples send numbers."""

from __future__ import annotations

from seqsync.plan.model import Request
from seqsync.providers.saleshandy.lower import with_names, with_numbers
from seqsync.providers.saleshandy.mapping import enum_encoding, live_sequence
from seqsync.providers.saleshandy.planner import plan_saleshandy
from tests.plan.builders import saleshandy_doc, target

STEP_CREATE = Request(
    "POST",
    "/v1/sequences/S/steps",
    {"type": 6, "absoluteDays": 2, "priority": 2, "variants": [{"payload": {}}]},
)
VARIANT_CREATE = Request("POST", "/v1/sequences/S/steps/T/variants", {"type": 6, "payload": {}})


def test_each_request_uses_its_own_pages_spelling_and_comes_back_to_numbers() -> None:
    named_step, named_variant = with_names(STEP_CREATE), with_names(VARIANT_CREATE)
    assert named_step.body["type"] == "LinkedInPostInteration"  # the create-step page
    assert named_step.body["priority"] == "High"
    assert named_variant.body["type"] == "LinkedInPostInteraction"  # the add-variant page
    assert with_numbers(named_step) == STEP_CREATE
    assert with_numbers(named_variant) == VARIANT_CREATE


def test_the_encoding_is_read_from_the_steps_an_account_has() -> None:
    assert enum_encoding([{"type": 1}]) == "numbers"
    assert enum_encoding([{"type": "Email"}]) == "names"
    assert enum_encoding([]) is None


def test_a_plan_for_an_account_that_reads_names_sends_names() -> None:
    live_step = {"id": "T1", "number": 1, "type": "Email", "absoluteDays": 1, "variants": []}
    live = live_sequence("SEQ0000001", [live_step])
    doc = saleshandy_doc(
        [
            {"channel": "email", "day": 1, "variants": []},
            {"channel": "task", "day": 3, "priority": "urgent", "task_note": "Ring them"},
        ]
    )
    plan = plan_saleshandy(target(doc, "saleshandy"), live)
    (create,) = [op for op in plan.operations if op.kind == "create_step"]
    assert create.request.body["type"] == "Custom"
    assert create.request.body["priority"] == "Urgent"

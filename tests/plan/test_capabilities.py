"""Declared capabilities have the last word: an operation a provider cannot carry out
never reaches a plan, whichever planner made it."""

from __future__ import annotations

import pytest

from seqsync.plan.capabilities import Capabilities, RemovedStep
from seqsync.plan.model import (
    Address,
    Level,
    Operation,
    Request,
    SequencePlan,
    Verb,
)
from seqsync.providers.registry import KINDS
from tests.plan.builders import settings_for

REQUEST = Request("POST", "/x", {})


def _op(verb: Verb, target: Level, address: Address, reason: str, stops: bool = False) -> Operation:
    return Operation(verb, target, address, REQUEST, reason, stops=stops)


CREATE_VARIANT = _op(Verb.CREATE, Level.VARIANT, Address("seq", "0", "B"), "new")
PATCH_STEP = _op(Verb.PATCH, Level.STEP, Address("seq", "0"), "edit")


def _plan(*operations: Operation) -> SequencePlan:
    return SequencePlan("seq", "conn", "p", "1", "T", operations=operations)


@pytest.mark.parametrize(
    ("provider", "engine", "operation", "allowed"),
    [
        ("saleshandy", "", CREATE_VARIANT, True),
        ("saleshandy", "", PATCH_STEP, False),
        ("supaglue", "outreach", PATCH_STEP, True),
        ("supaglue", "salesloft", PATCH_STEP, False),
        ("supaglue", "apollo", CREATE_VARIANT, False),
        ("inbox", "", _op(Verb.REPLACE, Level.SEQUENCE, Address("seq"), "all"), True),
        ("inbox", "", _op(Verb.PATCH, Level.VARIANT, Address("seq", "0", "A"), "edit"), False),
    ],
)
def test_each_provider_allows_exactly_what_it_declares(
    provider: str, engine: str, operation: Operation, allowed: bool
) -> None:
    assert KINDS[provider].capabilities_of(settings_for(engine)).allows(operation) is allowed


def test_a_plan_with_a_forbidden_operation_is_refused_whole_with_the_reason() -> None:
    capabilities = KINDS["supaglue"].capabilities_of(settings_for("salesloft"))
    plan = _plan(_op(Verb.PATCH, Level.STEP, Address("seq", "2"), "edit"))
    refused = capabilities.enforce(plan)
    assert refused.operations == ()
    assert refused.errors == (
        "seq.steps[2]: Supaglue/salesloft cannot patch step; this plan is a bug in seqsync's "
        "planner: report it",
    )


def test_a_pause_needs_a_provider_that_pauses_removed_steps() -> None:
    pause = _op(Verb.PATCH, Level.VARIANT, Address("seq", "1", "A"), "pause", stops=True)
    pausing = KINDS["saleshandy"].capabilities_of(None)
    not_pausing = Capabilities(**{**pausing.__dict__, "removed_step": RemovedStep.REFUSE})
    assert pausing.allows(pause)
    assert not not_pausing.allows(pause)
    assert pausing.enforce(_plan(pause)).operations == (pause,)


def test_a_title_the_live_sequence_does_not_have_is_refused_where_it_cannot_be_renamed() -> None:
    """No provider renames through its API: a pinned file whose title differs is an
    error naming both titles, not an edit that silently does nothing."""
    import dataclasses

    from seqsync.providers.registry import kind_named
    from tests.plan.builders import inbox_doc, inbox_live, supaglue_doc, supaglue_live, target

    steps = [{"type": "call", "delay": "1d", "task_note": "Call"}]
    doc = supaglue_doc(steps, id="1", title="Old name")
    live = supaglue_live(doc)
    renamed = supaglue_doc(steps, id="1", title="New name")
    kind = kind_named("supaglue")
    assert kind.checked_plan(target(doc, "supaglue", "outreach"), live).errors == ()
    plan = kind.checked_plan(target(renamed, "supaglue", "outreach"), live)
    assert plan.operations == ()
    (error,) = plan.errors
    assert "title 'New name' differs from the live title 'Old name'" in error
    assert "rename it in Outreach itself" in error
    untitled = supaglue_doc(steps, id="1")  # no title written: nothing to compare
    assert kind.checked_plan(target(untitled, "supaglue", "outreach"), live).errors == ()

    x_doc = inbox_doc([{"message": "Hi"}])
    x_live = dataclasses.replace(inbox_live(x_doc), title="Something else")
    x_target = target(x_doc.model_copy(update={"title": "Mine"}), "inbox")
    (x_error,) = kind_named("inbox").checked_plan(x_target, x_live).errors
    assert "Inbox cannot rename a sequence" in x_error


def test_a_saleshandy_title_from_a_listing_is_checked_too() -> None:
    """Saleshandy's read has no title; the plan takes it from the listing, and a file
    title that differs is refused like any other provider's."""
    import dataclasses

    from seqsync.providers.registry import kind_named
    from tests.plan.builders import saleshandy_doc, saleshandy_live, target

    steps = [{"channel": "call_demo", "day": 1}]
    doc = saleshandy_doc(steps, title="Mine")
    live = saleshandy_live(doc)
    kind = kind_named("saleshandy")
    assert kind.checked_plan(target(doc, "saleshandy"), live).errors == (), "no title read"
    listed = dataclasses.replace(live, title="Renamed in Saleshandy")
    (error,) = kind.checked_plan(target(doc, "saleshandy"), listed).errors
    assert "rename it in Saleshandy itself" in error

"""Drift is what the base branch's files would change too, matched by live ids and field,
not by the path a pull request may have shifted."""

from __future__ import annotations

from seqsync.plan.drift import with_drift
from seqsync.plan.model import (
    Address,
    FieldChange,
    Level,
    LiveIds,
    Operation,
    Request,
    SequencePlan,
    Verb,
)

REQUEST = Request("PATCH", "/v1/x", {})


def patch(step: str, change: FieldChange, variant: str = "V1") -> Operation:
    return Operation(
        Verb.PATCH,
        Level.VARIANT,
        Address("seq", step, "A"),
        REQUEST,
        "edit",
        changes=(change,),
        live=LiveIds("S1", variant),
    )


def plan(*operations: Operation) -> SequencePlan:
    return SequencePlan("seq", "c", "saleshandy", "1", "T", operations=operations)


def test_a_change_the_base_makes_too_is_drift_even_where_the_path_moved() -> None:
    edited_live = FieldChange("steps[1].variants[0].subject", "Edited in the app", "Hi")
    base = plan(patch("0", FieldChange("steps[0].variants[0].subject", "Edited in the app", "Hi")))
    head = plan(
        patch("1", edited_live),  # a step was inserted before it: the path moved
        patch("1", FieldChange("steps[1].variants[0].preheader", "old", "new"), variant="V2"),
    )
    drifted = [operation.drifted for operation in with_drift(head, base).operations]
    assert drifted == [("steps[1].variants[0].subject",), ()]


def test_the_same_field_with_another_live_value_is_not_drift() -> None:
    base = plan(patch("0", FieldChange("steps[0].variants[0].subject", "A", "Hi")))
    head = plan(patch("0", FieldChange("steps[0].variants[0].subject", "B", "Hi")))
    assert with_drift(head, base).operations[0].drifted == ()

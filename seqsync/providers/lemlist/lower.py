"""What the lemlist planner decided, lowered to the exact requests it takes
(docs/providers/lemlist.md §2, §4, §5). Pure: the same input, the same request."""

from __future__ import annotations

from typing import Any

from seqsync.plan.model import Request
from seqsync.providers.lemlist.client import CAMPAIGNS, ab_test_path, step_path, steps_path
from seqsync.providers.lemlist.mapping import wire_fields

INDEX_BASE = 1
"""A planned insert's ``index`` counts from 1, as the read's ``index`` does (its example
starts at 1); the write's base is not documented, so the provider checks where an insert
landed and learns the account's base (docs/providers/lemlist.md §3, world
``lemlist.insert_base``)."""


def create_campaign(title: str) -> Request:
    return Request("POST", CAMPAIGNS, {"name": title})


def create_step(
    sequence_id: str, step_type: str, delay: int, fields: dict[str, Any], position: int | None
) -> Request:
    """A step at ``position`` (0-based, among the steps there when it is sent), or appended
    (None): an omitted ``index`` appends, as documented."""
    body: dict[str, Any] = {"type": step_type, "delay": delay, **wire_fields(fields)}
    if position is not None:
        body["index"] = position + INDEX_BASE
    return Request("POST", steps_path(sequence_id), body)


def patch_step(
    sequence_id: str, step_id: str, step_type: str, delay: int | None, fields: dict[str, Any]
) -> Request:
    """``type`` is required and must be the step's own; only what changes is sent."""
    body: dict[str, Any] = {"type": step_type}
    if delay is not None:
        body["delay"] = delay
    body.update(wire_fields(fields))
    return Request("PATCH", step_path(sequence_id, step_id), body)


def delete_step(sequence_id: str, step_id: str) -> Request:
    return Request("DELETE", step_path(sequence_id, step_id))


def start_a_b(sequence_id: str, step_id: str) -> Request:
    """Starts an A/B test: variant B is made as a copy of A."""
    return Request("POST", ab_test_path(sequence_id, step_id))


def patch_variant_b(sequence_id: str, step_id: str, fields: dict[str, Any]) -> Request:
    return Request("PATCH", ab_test_path(sequence_id, step_id), wire_fields(fields))


def end_a_b(sequence_id: str, step_id: str) -> Request:
    """Deletes variant B, which ends the test (A stays)."""
    return Request("DELETE", f"{ab_test_path(sequence_id, step_id)}?variant=B")

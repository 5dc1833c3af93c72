"""What the Supaglue planner decided, lowered to the exact requests it takes.

Bodies follow Supaglue's engagement v2 OpenAPI (``create_sequence``,
``create_sequence_step`` and ``update_sequence_step``: every body wraps a ``record``).
Pure: no I/O, the same input, the same request.
"""

from __future__ import annotations

from typing import Any

from seqsync.plan.model import Request
from seqsync.providers.supaglue.client import SEQUENCES, step_path, steps_path


def create_sequence(record: dict[str, Any]) -> Request:
    return Request("POST", SEQUENCES, {"record": record})


def create_step(sequence_id: str, record: dict[str, Any]) -> Request:
    return Request("POST", steps_path(sequence_id), {"record": record})


def patch_template(
    sequence_id: str, step_id: str, *, subject: str | None, body: str | None
) -> Request:
    """Only a template's subject and body can be patched (None: left as it is)."""
    template: dict[str, Any] = {}
    if subject is not None:
        template["subject"] = subject
    if body is not None:
        template["body"] = body
    return Request("PATCH", step_path(sequence_id, step_id), {"record": {"template": template}})


def template_record(
    *, template_id: str | None, subject: str | None, body: str | None, name: str | None
) -> dict[str, Any]:
    if template_id is not None:
        return {"id": template_id}
    record: dict[str, Any] = {"subject": subject or "", "body": body or ""}
    if name is not None:
        record["name"] = name
    return record


def step_record(
    *,
    step_type: str,
    delay: int | None,
    date: str | None,
    template: dict[str, Any] | None,
    is_reply: bool,
    task_note: str | None,
    custom_fields: dict[str, Any],
    name: str | None,
    order: int | None,
) -> dict[str, Any]:
    """A ``create_sequence_step`` record; keys with nothing to say are left out."""
    record: dict[str, Any] = {"type": step_type}
    if date is not None:
        record["date"] = date
    else:
        record["interval_seconds"] = delay or 0
    if template is not None:
        record["template"] = template
    if is_reply:
        record["is_reply"] = True
    if order is not None:
        record["order"] = order
    if task_note is not None:
        record["task_note"] = task_note
    if custom_fields:
        record["custom_fields"] = custom_fields
    if name is not None:
        record["name"] = name
    return record

"""What the Saleshandy planner decided, lowered to the exact requests it takes.

The planner speaks the file's language (channel names, ``subject``/``connection_note``,
``status: paused``, a step's day); this module alone turns that into the wire format:
numeric channel, priority and status codes, camelCase payload keys, task notes and
attachments per variant (docs/providers/saleshandy.md §2, §3, §4). Pure: no I/O, the
same input, the same request.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from seqsync.plan.model import Operation, Request
from seqsync.providers.saleshandy.client import BASE, steps_path, variant_path, variants_path
from seqsync.providers.saleshandy.mapping import (
    CHANNEL_CODES,
    CHANNEL_ENUM_NAMES,
    PAYLOAD_KEYS,
    PRIORITY_CODES,
    PRIORITY_ENUM_NAMES,
)

ACTIVE, PAUSED = 1, 0  # variant status codes (docs/providers/saleshandy.md §3)

# The names the docs give each code (mapping.py reads them). Code 6 is spelt
# "LinkedInPostInteration" on the create-step page and "LinkedInPostInteraction" on the
# add-variant page: each request uses its own page's spelling.
VARIANT_SPELLING = "LinkedInPostInteraction"
STEP_TYPE_NAMES = {
    code: name for name, code in CHANNEL_ENUM_NAMES.items() if name != VARIANT_SPELLING
}
VARIANT_TYPE_NAMES = {**STEP_TYPE_NAMES, CHANNEL_ENUM_NAMES[VARIANT_SPELLING]: VARIANT_SPELLING}
PRIORITY_NAMES = {code: name for name, code in PRIORITY_ENUM_NAMES.items()}


@dataclass(frozen=True)
class VariantContent:
    """A variant to create: payload fields as written (file names), and its extras."""

    payload: dict[str, Any]
    attachments: tuple[str, ...] = ()
    task_note: str | None = None


@dataclass(frozen=True)
class VariantPatch:
    """What changes on a live variant; None leaves a part as it is.

    ``payload`` is sent whole (a PATCH replaces the payload object); ``task_note`` ""
    clears the note.
    """

    payload: dict[str, Any] | None = None
    active: bool | None = None
    attachments: tuple[str, ...] | None = None
    task_note: str | None = None
    day: int | None = None


def create_sequence(title: str) -> Request:
    return Request("POST", BASE, {"title": title})


def create_step(
    sequence_id: str,
    channel: str,
    day: int,
    priority: str | None,
    variants: list[VariantContent],
) -> Request:
    body: dict[str, Any] = {
        "type": CHANNEL_CODES[channel],
        "absoluteDays": day,
        "variants": [_variant(channel, variant) for variant in variants],
    }
    if priority is not None:
        body["priority"] = PRIORITY_CODES[priority]
    return Request("POST", steps_path(sequence_id), body)


def create_variant(
    sequence_id: str, step_id: str, channel: str, variant: VariantContent
) -> Request:
    body = {"type": CHANNEL_CODES[channel], **_variant(channel, variant)}
    return Request("POST", variants_path(sequence_id, step_id), body)


def patch_variant(sequence_id: str, step_id: str, variant_id: str, patch: VariantPatch) -> Request:
    body: dict[str, Any] = {}
    if patch.payload is not None:
        body["payload"] = payload_body(patch.payload)
    if patch.active is not None:
        body["status"] = ACTIVE if patch.active else PAUSED
    if patch.attachments is not None:
        body["attachmentIds"] = list(patch.attachments)
    if patch.task_note is not None:
        body["taskNote"] = patch.task_note
    if patch.day is not None:
        body["absoluteDays"] = patch.day
    return Request("PATCH", variant_path(sequence_id, step_id, variant_id), body)


def in_encoding(operations: list[Operation], enums: str | None) -> list[Operation]:
    """``operations`` with their step types and priorities written as the account writes
    them: numbers unless its steps show names (see mapping.enum_encoding)."""
    if enums != "names":
        return operations
    return [
        dataclasses.replace(operation, request=with_names(operation.request))
        if isinstance(operation.request.body, dict)
        else operation
        for operation in operations
    ]


def with_names(request: Request) -> Request:
    """The request with numeric ``type`` and ``priority`` codes as the docs' names."""
    return _recoded(
        request, lambda key, code: _NAMES[key].get(code, code) if isinstance(code, int) else code
    )


def with_numbers(request: Request) -> Request:
    """The request with ``type`` and ``priority`` names as their numeric codes."""
    return _recoded(
        request, lambda _, name: _CODES.get(name, name) if isinstance(name, str) else name
    )


# Which names a field takes: "step" is a step create's `type`, "type" a variant's.
_NAMES = {"type": VARIANT_TYPE_NAMES, "priority": PRIORITY_NAMES, "step": STEP_TYPE_NAMES}
_CODES = {**CHANNEL_ENUM_NAMES, **PRIORITY_ENUM_NAMES}


def _recoded(request: Request, recode: Callable[[str, Any], Any]) -> Request:
    body = request.body
    if not isinstance(body, dict):
        return request
    step_create = "variants" in body
    new = dict(body)
    if "type" in new:
        new["type"] = recode("step" if step_create else "type", new["type"])
    if "priority" in new:
        new["priority"] = recode("priority", new["priority"])
    return Request(request.method, request.path, new)


def payload_body(fields: dict[str, Any]) -> dict[str, Any]:
    """File-form payload fields (subject, content, …) as the wire ``payload`` object."""
    return {
        PAYLOAD_KEYS[name]: value
        for name, value in fields.items()
        if name in PAYLOAD_KEYS and value is not None
    }


def _variant(channel: str, variant: VariantContent) -> dict[str, Any]:
    """A variant as sent inside a step create (or, with ``type``, an add-variant)."""
    body: dict[str, Any] = {"payload": payload_body(variant.payload)}
    if variant.task_note is not None and channel != "email":
        body["taskNote"] = variant.task_note
    if variant.attachments and channel == "email":
        body["attachmentIds"] = list(variant.attachments)
    return body

"""Settle an ambiguous create: after a timeout, a dropped connection or a 5xx on a POST,
re-read the sequence and decide whether the create landed.

A create is resent only when what it creates is not there, so a lost response never
duplicates a step, a variant or a sequence. The checks are sound because the planner
only creates what did not pair with anything live: an equal live thing would have
paired instead.
"""

from __future__ import annotations

from typing import Any

from seqsync.model.live import LiveSaleshandySequence, LiveSupaglueSequence
from seqsync.plan import canonical
from seqsync.plan.model import Operation
from seqsync.providers.base import Provider
from seqsync.providers.saleshandy.mapping import CHANNEL_NAMES, PAYLOAD_KEYS


async def created_id(
    provider: Provider,
    operation: Operation,
    sequence_id: str | None,
    known_steps: set[str],
    title: str,
) -> str | None:
    """The id of what ``operation`` created if it is live now, else None."""
    body: Any = operation.request.body
    if operation.kind == "create_sequence":
        found = [s.id for s in await provider.list_sequences() if s.title == title]
        return found[0] if found else None
    assert sequence_id is not None
    live = await provider.read(
        sequence_id, context=f"checking whether {operation.address} was created"
    )
    if isinstance(live, LiveSaleshandySequence):
        return _saleshandy(live, operation, body, known_steps)
    if isinstance(live, LiveSupaglueSequence):
        record = body["record"]
        for position, step in enumerate(live.steps):
            ref = step.id or f"#{position + 1}"
            if ref not in known_steps and step.type == record["type"]:
                subject = (record.get("template") or {}).get("subject")
                if subject is None or (step.template and step.template.subject == subject):
                    return ref
    return None


def _saleshandy(
    live: LiveSaleshandySequence, operation: Operation, body: dict[str, Any], known_steps: set[str]
) -> str | None:
    if operation.kind == "create_step":
        channel = CHANNEL_NAMES.get(body["type"])
        for step in live.steps:
            if (
                step.id not in known_steps
                and step.channel == channel
                and step.day == body["absoluteDays"]
            ):
                return step.id
        return None
    step_id = operation.request.path.rstrip("/").split("/")[-2]
    wanted = _payload(body.get("payload") or {})
    for step in live.steps:
        if step.id == step_id:
            for variant in step.variants:
                have = {
                    key: getattr(variant, name)
                    for name, key in PAYLOAD_KEYS.items()
                    if getattr(variant, name) is not None
                }
                if _payload(have) == wanted:
                    return variant.id
    return None


def _payload(payload: dict[str, Any]) -> dict[str, Any]:
    return {
        key: canonical.html(value)
        if key == "content"
        else canonical.text(value)
        if isinstance(value, str)
        else value
        for key, value in payload.items()
        if value not in (None, "")
    }

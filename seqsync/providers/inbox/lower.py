"""What the Inbox planner decided, lowered to the one request Inbox takes: the whole
sequence, replaced (providers.md 3.2, ``PUT /campaigns/v2/{id}/sequence``). Pure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from seqsync.plan.model import Request
from seqsync.providers.inbox.client import sequence_path
from seqsync.providers.inbox.live import LiveInboxStep
from seqsync.providers.inbox.mapping import LIKE_TWEET, unit_for


def replace_sequence(campaign_id: str, steps: Iterable[LiveInboxStep]) -> Request:
    return Request("PUT", sequence_path(campaign_id), {"steps": [wire_step(s) for s in steps]})


def wire_step(step: LiveInboxStep) -> dict[str, Any]:
    """A step as the sequence replace takes it."""
    if step.kind == "delay":
        seconds = int(step.delay or 0)
        return {
            "type": "delay",
            "data": {"delaySeconds": seconds, "unit": step.unit or unit_for(seconds)},
        }
    if step.kind == "like_tweet":
        return {"type": LIKE_TWEET, "data": {}}
    return {"type": "message", "data": {"segments": [dict(s) for s in step.segments]}}

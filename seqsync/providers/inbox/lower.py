"""What the Inbox planner decided, lowered to the one request Inbox takes: the whole
sequence, replaced (docs/providers/inbox.md §2, ``PUT /campaigns/v2/{id}/sequence``).
Pure."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from seqsync.plan.model import Request
from seqsync.providers.inbox.client import sequence_path
from seqsync.providers.inbox.live import LiveInboxStep
from seqsync.providers.inbox.mapping import DELAY_UNIT, LIKE_TWEET


def replace_sequence(
    campaign_id: str, steps: Iterable[LiveInboxStep], like_tweet: str | None = None
) -> Request:
    """``like_tweet``: the account's like-tweet literal, where its campaign shows it."""
    literal = like_tweet or LIKE_TWEET
    body = {"steps": [wire_step(step, literal) for step in steps]}
    return Request("PUT", sequence_path(campaign_id), body)


def wire_step(step: LiveInboxStep, like_tweet: str = LIKE_TWEET) -> dict[str, Any]:
    """A step as the sequence replace takes it."""
    if step.kind == "delay":
        seconds = int(step.delay or 0)
        return {"type": "delay", "data": {"delaySeconds": seconds, "unit": step.unit or DELAY_UNIT}}
    if step.kind == "like_tweet":
        return {"type": like_tweet, "data": {}}
    return {"type": "message", "data": {"segments": [dict(s) for s in step.segments]}}

"""What Inbox's reads return: a campaign with its steps in rank order."""

from __future__ import annotations

from typing import Any

from seqsync.sandbox.inbox.rules import STORED_LIKE_TWEET
from seqsync.sandbox.worlds import World


def public_campaign(campaign: dict[str, Any], world: World) -> dict[str, Any]:
    steps = sorted(campaign["steps"], key=lambda step: step["rank"])
    body = {key: value for key, value in campaign.items() if key not in {"steps", "version"}}
    body["steps"] = [
        {**_shown(step, world), "campaignVersion": campaign["version"]} for step in steps
    ]
    return body


def replaced_sequence(campaign: dict[str, Any]) -> dict[str, Any]:
    """The sequence PUT's answer: the new version and its steps' ids, ranks and data."""
    return {
        "version": campaign["version"],
        "steps": [{key: s[key] for key in ("id", "rank", "data")} for s in campaign["steps"]],
    }


def _shown(step: dict[str, Any], world: World) -> dict[str, Any]:
    """The stored like-tweet literal is read back as the world spells it."""
    if step["type"] == STORED_LIKE_TWEET:
        return {**step, "type": world.inbox_like_tweet}
    return step

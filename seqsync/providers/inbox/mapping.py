"""Inbox wire steps <-> live steps.

Step ids are regenerated on every replace (docs/providers/inbox.md §4), so they are not kept.
The like-tweet step's type literal was not captured in the docs: every spelling an
account may use is read, the one its campaign shows is remembered (``like_tweet``), and
``likeTweet`` is sent until one is known (see provider.py for the fallback).
"""

from __future__ import annotations

from typing import Any

from seqsync.providers.inbox.live import LiveInboxCampaign, LiveInboxStep

LIKE_TWEET = "likeTweet"
# Every spelling of the like-tweet type an account may use (docs/sandbox-worlds.md,
# inbox.like_tweet): the docs name the step but never show its literal.
LIKE_TWEET_LITERALS = ("likeTweet", "like-tweet", "like_tweet")
# The only delay unit Inbox's docs show (docs.inboxapp.com/api-reference/campaigns/
# update-sequence: `"unit": "days"`); ``delaySeconds`` carries the length, so every delay
# is sent in days, which every account takes.
DELAY_UNIT = "days"
# ASSUMPTION (docs/providers/inbox.md §3.2): variables every campaign knows, besides its
# own ``customVariables``; a message naming any other is rejected with 422.
BUILTIN_VARIABLES = frozenset({"first-name", "last-name", "full-name", "username"})
DAY = 86_400


def live_campaign(body: dict[str, Any]) -> LiveInboxCampaign:
    steps = sorted(body.get("steps") or [], key=lambda step: step.get("rank", 0))
    versions = [step.get("campaignVersion") for step in steps if step.get("campaignVersion")]
    return LiveInboxCampaign(
        id=str(body["id"]),
        title=str(body.get("name") or ""),
        status=str(body.get("status") or ""),
        version=int(versions[0]) if versions else int(body.get("version") or 0),
        steps=tuple(live_step(step) for step in steps),
        custom_variables=tuple(sorted((body.get("customVariables") or {}).keys())),
        like_tweet=next(
            (step["type"] for step in steps if step.get("type") in LIKE_TWEET_LITERALS), None
        ),
    )


def live_step(step: dict[str, Any]) -> LiveInboxStep:
    kind = step.get("type")
    data = step.get("data") or {}
    if kind == "delay":
        return LiveInboxStep(
            kind="delay", delay=int(data.get("delaySeconds") or 0), unit=data.get("unit")
        )
    if kind in LIKE_TWEET_LITERALS:
        return LiveInboxStep(kind="like_tweet")
    return LiveInboxStep(
        kind="message", segments=tuple(dict(s) for s in data.get("segments") or [])
    )

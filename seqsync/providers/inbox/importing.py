"""A live Inbox campaign as a file document: messages in the compact syntax when it
compiles back to exactly the same segments, raw ``segments`` otherwise."""

from __future__ import annotations

from typing import Any

from seqsync.model.common import format_duration
from seqsync.model.imported import ImportedDocument
from seqsync.providers.inbox.live import LiveInboxCampaign
from seqsync.providers.inbox.message import render_message


def inbox_document(head: dict[str, Any], live: LiveInboxCampaign) -> ImportedDocument:
    steps: list[dict[str, Any]] = []
    for step in live.steps:
        if step.kind == "delay":
            steps.append({"delay": format_duration(step.delay or 0)})
        elif step.kind == "like_tweet":
            steps.append({"like_tweet": True})
        else:
            segments = [dict(segment) for segment in step.segments]
            compact = render_message(segments)
            steps.append({"message": compact} if compact is not None else {"segments": segments})
    return ImportedDocument({**head, "steps": steps})

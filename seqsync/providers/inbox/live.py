"""An Inbox campaign as its read says it is live."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LiveInboxStep:
    """``kind`` is message, delay or like_tweet; the other fields belong to their kind."""

    kind: str
    segments: tuple[dict[str, Any], ...] = ()
    delay: int | None = None
    unit: str | None = None


@dataclass(frozen=True)
class LiveInboxCampaign:
    id: str
    title: str
    status: str
    version: int
    steps: tuple[LiveInboxStep, ...]
    custom_variables: tuple[str, ...] = field(default=())
    like_tweet: str | None = None  # the like-tweet type literal its steps show, if any

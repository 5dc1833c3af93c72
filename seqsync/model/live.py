"""What a provider says is live, after its mapping has undone the API's read quirks.

These are plain frozen values: the planner compares them with the desired models, and
a saved plan fingerprints them. Field names follow the file format, so a live value and
a desired one line up field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LiveSaleshandyVariant:
    id: str
    status: str  # "active" | "paused"
    subject: str | None = None
    content: str | None = None
    preheader: str | None = None
    connection_note: str | None = None
    message: str | None = None
    title: str | None = None
    action: dict[str, str] | None = None
    task_note: str | None = None
    attachments: tuple[str, ...] = ()


@dataclass(frozen=True)
class LiveSaleshandyStep:
    id: str
    number: int
    channel: str
    day: int
    variants: tuple[LiveSaleshandyVariant, ...]


@dataclass(frozen=True)
class LiveSaleshandySequence:
    id: str
    title: str
    steps: tuple[LiveSaleshandyStep, ...]


@dataclass(frozen=True)
class LiveSupaglueTemplate:
    id: str | None
    subject: str
    body: str
    name: str | None = None


@dataclass(frozen=True)
class LiveSupaglueStep:
    """One step; ``id`` is None on Salesloft, whose export carries no step ids."""

    id: str | None
    type: str
    delay: int | None  # seconds after the previous step, already made relative
    date: str | None
    template: LiveSupaglueTemplate | None
    task_note: str | None
    name: str | None = None


@dataclass(frozen=True)
class LiveSupaglueSequence:
    id: str
    title: str
    share_type: str | None
    tags: tuple[str, ...]
    is_enabled: bool
    steps: tuple[LiveSupaglueStep, ...]


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


LiveSequence = LiveSaleshandySequence | LiveSupaglueSequence | LiveInboxCampaign

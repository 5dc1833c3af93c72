"""A Supaglue sequence as its read says it is live, after the mapping made delays relative."""

from __future__ import annotations

from dataclasses import dataclass


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

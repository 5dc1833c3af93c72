"""A Saleshandy sequence as its read says it is live, after the mapping undid the wire format."""

from __future__ import annotations

from dataclasses import dataclass


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
    # How the account writes step types and priorities: "numbers" or "names" (the docs
    # show both, see mapping.enum_encoding); None when no step was read to tell.
    enums: str | None = None

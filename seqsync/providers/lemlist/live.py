"""A lemlist campaign as its reads say it is live, after the mapping undid the wire format."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class LiveVariantB:
    subject: str | None
    message: str | None


@dataclass(frozen=True)
class LiveLemlistStep:
    id: str
    type: str
    delay: int
    # The fields the read returned, by their file names (which a read returns beyond the
    # documented ones is open: docs/providers/lemlist.md §3).
    fields: dict[str, Any] = field(default_factory=dict)
    variant_b: LiveVariantB | None = None  # while an A/B test runs
    ab_winner: str | None = None  # "A" or "B" once a winner was picked


@dataclass(frozen=True)
class LiveLemlistSequence:
    id: str  # the campaign's
    title: str  # the campaign's name
    sequence_id: str  # its main sequence's, where steps are written
    status: str  # running, draft, paused, …
    steps: tuple[LiveLemlistStep, ...]

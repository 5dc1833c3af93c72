"""An Instantly campaign as its read says it is live (docs/providers/instantly.md §3)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LiveInstantlyVariant:
    subject: str
    body: str
    disabled: bool = False


@dataclass(frozen=True)
class LiveInstantlyStep:
    """``wait``: seconds after the PREVIOUS email (None for the first), as a file says it;
    the wire's ``delay`` is the wait before the NEXT one (mapping.py turns one into the
    other)."""

    variants: tuple[LiveInstantlyVariant, ...]
    wait: int | None = None


@dataclass(frozen=True)
class LiveInstantlyCampaign:
    id: str
    title: str
    status: int | None
    steps: tuple[LiveInstantlyStep, ...]
    # The first schedule of ``campaign_schedule`` in the file's form, or None.
    schedule: tuple[tuple[str, Any], ...] | None = None
    # The delay the last step carries on the wire: the wait before a next email that
    # does not exist, so it changes nothing and is never compared.
    trailing_delay: int = 0

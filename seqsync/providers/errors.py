"""Invariant failures shared by every provider's kind."""

from __future__ import annotations

from seqsync.errors import InternalError


def wrong_live(kind: str, live: object) -> InternalError:
    """A kind was handed another provider's live sequence: the registry wiring is broken."""
    return InternalError(f"the {kind} provider was given a {type(live).__name__}")

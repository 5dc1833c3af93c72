"""Settle an ambiguous create: after a timeout, a dropped connection or a 5xx on a POST,
re-read the sequence and decide whether the create landed.

A create is resent only when what it creates is not there, so a lost response never
duplicates a step, a variant or a sequence. The checks are sound because the planner
only creates what did not pair with anything live: an equal live thing would have
paired instead. How a created step or variant is recognised is the provider's own
knowledge (``Provider.created_by``).
"""

from __future__ import annotations

from seqsync.errors import InternalError
from seqsync.plan.model import Level, Operation
from seqsync.providers.base import Provider


async def created_id(
    provider: Provider,
    operation: Operation,
    sequence_id: str | None,
    known_steps: set[str],
    title: str,
) -> str | None:
    """The id of what ``operation`` created if it is live now, else None."""
    if operation.target is Level.SEQUENCE:
        found = [s.id for s in await provider.list_sequences() if s.title == title]
        return found[0] if found else None
    if sequence_id is None:
        raise InternalError(f"{operation.address}: a create inside a sequence that has no id")
    live = await provider.read(
        sequence_id, context=f"checking whether {operation.address} was created"
    )
    return provider.created_by(operation, live, known_steps)

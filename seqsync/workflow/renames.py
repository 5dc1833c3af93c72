"""Renames: a document whose title matches nothing live is not simply created.

No provider's API renames a sequence (docs/providers/README.md §1), so a title changed in
a file would otherwise create a second live sequence while the first keeps sending,
unmanaged. A document says where it came from with ``moved_from`` (its old title or the
live id): the plan then manages that live sequence, and the title change is the plan
error every provider gives (rename it in the provider's app). Without ``moved_from``, a
create is refused when an unmanaged live sequence of the connection has exactly the
document's steps: that is a rename far more often than a copy (``new: true`` says it is
a copy).
"""

from __future__ import annotations

import asyncio
import dataclasses
import weakref
from typing import TYPE_CHECKING

from seqsync.errors import SeqsyncError
from seqsync.model.common import SequenceBase
from seqsync.model.live import LiveSequence
from seqsync.plan.common import Target
from seqsync.project.identity import comparable_title
from seqsync.project.loader import LoadedSequence

if TYPE_CHECKING:
    from seqsync.workflow.plan import PlanMaker

# Each plan's reads of unmanaged sequences, by (connection, id): one read however many
# documents compare with it.
_CANDIDATES: weakref.WeakKeyDictionary[
    PlanMaker, dict[tuple[str, str], asyncio.Future[LiveSequence]]
] = weakref.WeakKeyDictionary()

LOOK_ALIKE_READS = 20
"""At most this many unmanaged live sequences of a connection are read to compare with
a document about to be created (each once per plan, whichever documents ask)."""


async def renamed_from(
    maker: PlanMaker, loaded: LoadedSequence, target: Target[SequenceBase]
) -> str | None:
    """The live sequence a document whose title matches nothing live manages: the one
    its ``moved_from`` names; None to create it. Refuses (SeqsyncError) a create whose
    steps an unmanaged live sequence already has, naming it and what to write."""
    model = loaded.model
    moved = model.moved_from
    if moved is not None:
        if moved.id is not None:
            return moved.id
        old = dataclasses.replace(target, title=moved.title or target.title)
        found = await maker._match_title(model.connection, old)
        if found is None:
            raise SeqsyncError(
                f"{model.name}: moved_from names the title {moved.title!r}, but no live "
                f"sequence on {model.connection} has it (nor {target.title!r}); correct "
                "moved_from, or remove it to create the sequence"
            )
        return found
    if not model.new:
        await _refuse_look_alike(maker, loaded, target)
    return None


async def _refuse_look_alike(
    maker: PlanMaker, loaded: LoadedSequence, target: Target[SequenceBase]
) -> None:
    connection = loaded.model.connection
    kind = loaded.kind
    if not kind.capabilities_of(target.settings).list_sequences:
        return
    claimed_ids: set[str] = set()
    claimed_titles: set[str] = set()
    for other in maker.project.sequences:
        if other.model.connection != connection:
            continue
        if other.model.live_id is not None:
            claimed_ids.add(other.model.live_id)
        claimed_titles.add(comparable_title(other.model.effective_title))
        moved = other.model.moved_from
        if moved is not None and moved.title is not None:
            claimed_titles.add(comparable_title(moved.title))
        if moved is not None and moved.id is not None:
            claimed_ids.add(moved.id)
    candidates = [
        summary
        for summary in await maker._listing(connection)
        if summary.id not in claimed_ids and comparable_title(summary.title) not in claimed_titles
    ][:LOOK_ALIKE_READS]
    for summary in candidates:
        live = await read_candidate(maker, connection, summary.id)
        if live is None:
            continue
        plan = kind.plan(dataclasses.replace(target, sequence_id=summary.id), live)
        if plan.operations or plan.errors:
            continue
        name = loaded.model.name
        raise SeqsyncError(
            f"{name}: no live sequence on {connection} is titled {target.title!r}, but the "
            f"unmanaged live sequence {summary.title!r} ({summary.id}) has exactly its "
            f"steps, so creating it would leave two. If {name} was renamed from it, add "
            f"`moved_from: {{id: {summary.id}}}` to the file (and rename it in "
            f"{kind.capabilities_of(target.settings).app or 'the provider'} itself, which "
            "no API can do); if it is a sequence of its own, add `new: true`"
        )


async def read_candidate(
    maker: PlanMaker, connection: str, sequence_id: str
) -> LiveSequence | None:
    """One unmanaged live sequence, read once per plan (None: it could not be read)."""
    reads = _CANDIDATES.setdefault(maker, {})
    key = (connection, sequence_id)
    if key not in reads:
        provider = maker.session.provider(connection)
        context = f"reading unmanaged sequence {sequence_id} to compare"
        reads[key] = asyncio.ensure_future(provider.read(sequence_id, context=context))
    try:
        return await reads[key]
    except SeqsyncError:
        return None

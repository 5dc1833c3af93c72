"""Reads that start while the project is still being validated.

A plan's reads are GETs of the live sequences its documents pin by id. Validating a
large project takes a millisecond or so a document, and the reads, at a provider's
latency, take longer still; done one after the other, the second waits for the first.
So the project loads a file at a time on the event loop (``loader.loading``), which
runs the reads between files, and each pinned document's read starts as soon as that
document is valid, while the others are still checked. One thread: no lock, and no
time lost handing the interpreter between a loader and the reads.

What does not change: seqsync.yaml must be valid before any request (its connections
say where each key goes); only reads start early, never a write; a project that turns
out invalid is reported exactly as before, with no plan shown or saved, and the reads
made for its valid documents are dropped unseen. A document matched by title, a renamed
or removed one, reads as before once the project is valid.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from seqsync.errors import SeqsyncError
from seqsync.model.live import LiveSequence
from seqsync.project.config import ProjectConfig
from seqsync.project.loader import LoadedSequence
from seqsync.providers.base import Provider
from seqsync.providers.slots import ConnectionSlots
from seqsync.workflow.session import ProviderSession


@dataclass(frozen=True)
class Prefetched:
    live: LiveSequence
    at: float  # time.monotonic() when the read returned: how fresh it is, for apply


class Prefetch:
    """The early reads of one plan: a LoadWatcher, told by the loader (on the event
    loop, between files) what is valid so far."""

    def __init__(self, slots: ConnectionSlots, wanted: Callable[[str], bool]) -> None:
        self.slots = slots
        self.wanted = wanted  # the sequence names the plan will read (--target, --exclude)
        self.session: ProviderSession | None = None
        self._reads: dict[tuple[str, str], asyncio.Task[Prefetched]] = {}

    def take(self, connection: str, sequence_id: str) -> asyncio.Task[Prefetched] | None:
        """The read already under way for this sequence, if any (each is taken once)."""
        return self._reads.pop((connection, sequence_id), None)

    async def drop(self) -> None:
        """Cancel and forget the reads nobody took (an invalid project's, say)."""
        for task in self._reads.values():
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*self._reads.values(), return_exceptions=True)
        self._reads.clear()

    def config_valid(self, config: ProjectConfig, root: Path) -> None:
        try:
            self.session = ProviderSession.for_project(config, root)
        except SeqsyncError:
            self.session = None  # said by the plan that follows, if the project is valid

    def sequence_valid(self, loaded: LoadedSequence) -> None:
        model = loaded.model
        sequence_id = model.live_id
        if self.session is None or sequence_id is None or not self.wanted(model.name):
            return
        key = (model.connection, sequence_id)
        if key in self._reads:
            return  # two documents on one live sequence: the plan refuses that later
        try:
            provider = self.session.provider(model.connection)
        except SeqsyncError:
            return  # a missing key is said once, before any read, by the plan
        context = f"reading sequence {model.name} ({sequence_id})"
        self._reads[key] = asyncio.ensure_future(
            self._read(provider, model.connection, sequence_id, context)
        )

    async def _read(
        self, provider: Provider, connection: str, sequence_id: str, context: str
    ) -> Prefetched:
        async with self.slots.of(connection):
            live = await provider.read(sequence_id, context=context)
        return Prefetched(live, time.monotonic())

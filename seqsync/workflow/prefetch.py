"""Reads that start while the project is still being validated.

A plan's reads are GETs of the live sequences its documents pin by id. Validating a
large project takes a millisecond or so a document, and the reads, at a provider's
latency, take longer still; done one after the other, the second waits for the first.
So the project loads a file at a time on the event loop (``loader.loading``), which
runs the reads between files, and each pinned document's read starts as soon as that
document is valid, while the others are still checked. One thread: no lock, and no
time lost handing the interpreter between a loader and the reads.

The reads of a connection are made by up to ``--parallelism`` readers, each holding one
of its slots while there is a read waiting: a reader sends the next request as soon as
it has the answer to the last, in the same turn of the event loop. A task per read,
waiting for a slot, was woken a turn after the slot was freed, behind whatever file or
plan that turn held: a millisecond or so a round trip, 60 of them in a plan of 1,000.

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
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

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


@dataclass(frozen=True)
class _Waiting:
    """A read a reader has yet to make, and where its result goes."""

    provider: Provider
    sequence_id: str
    context: str
    result: asyncio.Future[Prefetched]


class Prefetch:
    """The early reads of one plan: a LoadWatcher, told by the loader (on the event
    loop, between files) what is valid so far."""

    def __init__(self, slots: ConnectionSlots, wanted: Callable[[str], bool]) -> None:
        self.slots = slots
        self.wanted = wanted  # the sequence names the plan will read (--target, --exclude)
        self.session: ProviderSession | None = None
        self._reads: dict[tuple[str, str], asyncio.Future[Prefetched]] = {}
        self._waiting: dict[str, deque[_Waiting]] = {}  # by connection, in order
        self._readers: dict[str, set[asyncio.Task[None]]] = {}

    def take(self, connection: str, sequence_id: str) -> asyncio.Future[Prefetched] | None:
        """The read already under way for this sequence, if any (each is taken once)."""
        return self._reads.pop((connection, sequence_id), None)

    async def drop(self) -> None:
        """Cancel and forget the reads nobody took (an invalid project's, say)."""
        readers = [reader for running in self._readers.values() for reader in running]
        for read in self._reads.values():
            read.cancel()
        for reader in readers:
            reader.cancel()
        with contextlib.suppress(asyncio.CancelledError):  # a failed read's error is retrieved
            await asyncio.gather(*self._reads.values(), *readers, return_exceptions=True)
        self._reads.clear()
        self._waiting.clear()

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
        result: asyncio.Future[Prefetched] = asyncio.get_running_loop().create_future()
        self._reads[key] = result
        waiting = self._waiting.setdefault(model.connection, deque())
        waiting.append(_Waiting(provider, sequence_id, context, result))
        readers = self._readers.setdefault(model.connection, set())
        if len(readers) < self.slots.parallelism:
            readers.add(asyncio.ensure_future(self._reader(model.connection, waiting, readers)))

    async def _reader(
        self, connection: str, waiting: deque[_Waiting], readers: set[asyncio.Task[None]]
    ) -> None:
        """Reads what waits on ``connection`` in one of its slots, until nothing does."""
        try:
            async with self.slots.of(connection):
                await self._read_all(waiting)
        finally:
            # Gone from the readers in the turn it stops: a read that becomes valid in
            # the same turn starts a reader, rather than wait for one that has stopped.
            readers.discard(cast("asyncio.Task[None]", asyncio.current_task()))

    @staticmethod
    async def _read_all(waiting: deque[_Waiting]) -> None:
        while waiting:
            read = waiting.popleft()
            if read.result.done():
                continue  # cancelled: nobody waits for it any more
            try:
                live = await read.provider.read(read.sequence_id, context=read.context)
            except asyncio.CancelledError:
                read.result.cancel()  # the reader is stopped: so is the read it made
                raise
            except Exception as exc:  # the plan says it, under its sequence
                if not read.result.done():
                    read.result.set_exception(exc)
            else:
                if not read.result.done():
                    read.result.set_result(Prefetched(live, time.monotonic()))

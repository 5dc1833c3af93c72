"""Make a Plan: read every targeted live sequence concurrently, then plan each (pure).

A sequence whose read fails is reported in its SequencePlan's errors; the others still
plan. Reads are one request per sequence (Saleshandy steps-with-variants, Supaglue
sequence, Inbox campaign); documents without ``id`` cost one listing per connection.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import difflib
import fnmatch
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from seqsync import __version__
from seqsync.apply.executor import Read
from seqsync.config.connections import ConnectionBase
from seqsync.errors import MissingSecret, SeqsyncError, UsageError
from seqsync.model.common import SequenceBase
from seqsync.model.live import LiveSequence
from seqsync.plan.common import Target, sequence_plan
from seqsync.plan.drift import with_drift
from seqsync.plan.model import Plan, SequencePlan, Unmanaged
from seqsync.plan.unkept import with_unkept
from seqsync.project.identity import comparable_title
from seqsync.project.loader import LoadedSequence, Project
from seqsync.providers.base import Kind, SequenceSummary
from seqsync.providers.registry import kind_named, kind_of_connection
from seqsync.providers.slots import ConnectionSlots
from seqsync.workflow.prefetch import Prefetch, Prefetched
from seqsync.workflow.removals import removal_plans, removed_entries, unlisted
from seqsync.workflow.renames import renamed_from
from seqsync.workflow.session import ProviderSession
from seqsync.workflow.turns import Turns
from seqsync.workflow.unkept_memory import remembered

log = logging.getLogger(__name__)


def plan_sequence(target: Target[SequenceBase], live: LiveSequence | None) -> SequencePlan:
    """The provider's planner for ``target`` (pure); ``live`` None means "not there yet"."""
    return kind_named(target.provider).checked_plan(target, live)


@dataclass(frozen=True)
class Selection:
    targets: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()

    def choose(self, sequences: Sequence[LoadedSequence]) -> list[LoadedSequence]:
        """Sequences whose name matches a --target glob (all without one) and no --exclude."""
        chosen = set(self.choose_names([loaded.model.name for loaded in sequences]))
        return [loaded for loaded in sequences if loaded.model.name in chosen]

    def choose_names(self, names: Sequence[str]) -> list[str]:
        """The names a --target glob matches (all without one) that no --exclude does; a
        --target that matches nothing is a usage error naming the closest names."""
        # An --exclude that matches nothing is as likely a typo as such a --target, and
        # silently leaves the sequence it meant in the plan.
        for option, patterns in (("--target", self.targets), ("--exclude", self.excludes)):
            for pattern in patterns:
                if not any(_matches(name, pattern) for name in names):
                    close = difflib.get_close_matches(pattern, names, n=3, cutoff=0.5)
                    hint = f"; did you mean {', '.join(close)}?" if close else ""
                    raise UsageError(f"{option} {pattern!r} matches no sequence{hint}")
        return [name for name in names if self.selects(name)]

    def selects(self, name: str) -> bool:
        """Whether ``name`` is chosen: it matches a --target (or there is none) and no
        --exclude."""
        return (not self.targets or any(_matches(name, t) for t in self.targets)) and not any(
            _matches(name, e) for e in self.excludes
        )


def _matches(name: str, pattern: str) -> bool:
    """A glob, or the name itself: `founders-q4[acme]` names one account's copy, though
    `[acme]` would be a character class to a glob."""
    return name == pattern or fnmatch.fnmatchcase(name, pattern)


@dataclass(frozen=True)
class Listed:
    """A connection's listing indexed once per plan: titles by id, ids by NFC title."""

    titles: dict[str, str]
    ids_by_title: dict[str, list[str]]

    @classmethod
    def of(cls, summaries: Sequence[SequenceSummary]) -> Listed:
        ids_by_title: dict[str, list[str]] = {}
        for summary in summaries:
            ids_by_title.setdefault(comparable_title(summary.title), []).append(summary.id)
        return cls({summary.id: summary.title for summary in summaries}, ids_by_title)


@dataclass
class ReadResult:
    target: Target[SequenceBase]
    live: LiveSequence | None
    error: str | None = None
    at: float | None = None  # time.monotonic() when the read returned


class PlanMaker:
    def __init__(
        self,
        project: Project,
        session: ProviderSession,
        parallelism: int = 8,
        base: Project | None = None,
        show_unmanaged: bool = False,
        reads: dict[tuple[str, str], Read] | None = None,
        prefetch: Prefetch | None = None,
    ) -> None:
        self.project = project
        self.reads = reads  # given what each read found, and when (for apply)
        self.base = base
        self.show_unmanaged = show_unmanaged
        self.session = session
        self.prefetch = prefetch  # reads started while the project was validated
        # A budget wait holds its connection only; early reads took the same slots.
        self.slots = prefetch.slots if prefetch is not None else ConnectionSlots(parallelism)
        self._listings: dict[str, asyncio.Task[list[SequenceSummary]]] = {}
        self._indexed: dict[str, Listed] = {}
        self._pinned: dict[str, dict[str, str]] | None = None
        self._unkept = remembered(project.root)
        self._turns = Turns()  # plans one per turn of the event loop

    async def plan(self, selection: Selection) -> Plan:
        removed = [entry.name for entry in removed_entries(self)]
        chosen_names = set(
            selection.choose_names([s.model.name for s in self.project.sequences] + removed)
        )
        chosen = [loaded for loaded in self.project.sequences if loaded.model.name in chosen_names]
        self._check_keys(chosen)
        # Each sequence is planned as soon as its read returns, while the others are still
        # on the wire: the planning of the first overlaps the waiting for the last.
        documents = asyncio.gather(*(self._read_and_plan(loaded) for loaded in chosen))
        planned, removals = await asyncio.gather(documents, removal_plans(self, selection))
        sequences = (*planned, *removals)
        return Plan(
            sequences=sequences,
            unmanaged=await self._unmanaged(sequences) if self.show_unmanaged else None,
            seqsync_version=__version__,
            created_at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        )

    def _check_keys(self, chosen: Sequence[LoadedSequence]) -> None:
        """A key missing from the environment is one error per connection, said once
        before any read, not the same error under every sequence that uses it."""
        missing = []
        for connection in sorted({loaded.model.connection for loaded in chosen}):
            try:
                self.session.provider(connection)
            except MissingSecret as exc:
                missing.append(str(exc))
        if missing:
            raise MissingSecret("; ".join(missing))

    async def _read_and_plan(self, loaded: LoadedSequence) -> SequencePlan:
        result = await self.read(loaded)
        await self._turns.take()  # the reads still on the wire go on between the plans
        plan = self._with_drift(plan_one(result), result)
        self._record(result, plan)
        plan = self._identified(dataclasses.replace(plan, includes=tuple(sorted(loaded.includes))))
        return with_unkept(plan, self._unkept, plan.connection_identity or plan.connection)

    def _with_drift(self, plan: SequencePlan, result: ReadResult) -> SequencePlan:
        """With a base project (plan --base), the changes that undo edits made outside
        seqsync named as drift: the base branch's file of the same sequence, planned
        against the same live state, makes them too."""
        if self.base is None or result.live is None or not plan.operations:
            return plan
        base = next(
            (
                loaded
                for loaded in self.base.sequences
                if loaded.model.name == plan.name and loaded.model.connection == plan.connection
            ),
            None,
        )
        if base is None:
            return plan
        target = self.target(base, result.target.sequence_id)
        return with_drift(plan, plan_sequence(target, result.live))

    def _identified(self, plan: SequencePlan) -> SequencePlan:
        config = self.project.config
        connection = config.connections.get(plan.connection) if config else None
        if connection is None:
            return plan
        return dataclasses.replace(plan, connection_identity=connection.identity())

    async def read(self, loaded: LoadedSequence) -> ReadResult:
        """The target and its live state, or the error that kept it from being read."""
        model = loaded.model
        sequence_id = model.live_id
        target = self.target(loaded, sequence_id)
        if self.prefetch is not None and sequence_id is not None:
            early = self.prefetch.take(model.connection, sequence_id)
            if early is not None:  # outside the slots: the early read held one itself
                return await self._read_early(loaded, target, sequence_id, early)
        async with self.slots.of(model.connection):
            try:
                provider = self.session.provider(model.connection)
                if sequence_id is None:
                    sequence_id = await self._match_title(model.connection, target)
                    if sequence_id is None:
                        sequence_id = await renamed_from(self, loaded, target)
                    target = self.target(loaded, sequence_id)
                if sequence_id is None:
                    return ReadResult(target, None)
                context = f"reading sequence {model.name} ({sequence_id})"
                live = await provider.read(sequence_id, context=context)
                at = time.monotonic()
                return ReadResult(target, await self._titled(live, model, loaded.kind), at=at)
            except SeqsyncError as exc:
                return ReadResult(target, None, str(exc))

    async def _read_early(
        self,
        loaded: LoadedSequence,
        target: Target[SequenceBase],
        sequence_id: str,
        early: asyncio.Future[Prefetched],
    ) -> ReadResult:
        """The result of a read started while the files were validated."""
        model = loaded.model
        try:
            found = await early
            titled = await self._titled(found.live, model, loaded.kind)
            return ReadResult(target, titled, at=found.at)
        except SeqsyncError as exc:
            return ReadResult(target, None, str(exc))

    def _record(self, result: ReadResult, plan: SequencePlan) -> None:
        """What a read found, and when, for apply to use instead of a re-read while fresh.
        Its fingerprint is the plan's, made from that read: the live state is digested
        once (the title, which a listing may have filled in, is not part of it)."""
        if self.reads is None or result.live is None or result.at is None:
            return
        if plan.sequence_id is None:
            return
        version = self.session.provider(plan.connection).version_of(result.live)
        key = (plan.connection, plan.sequence_id)
        self.reads[key] = Read(result.at, plan.fingerprint, version)

    def target(self, loaded: LoadedSequence, sequence_id: str | None) -> Target[SequenceBase]:
        model = loaded.model
        connection = self._connection(model.connection)
        target = Target.for_document(
            model,
            loaded.provider,
            settings=connection,
            files=loaded.files,
            unmanaged_steps=connection.unmanaged_steps if connection is not None else "pause",
        )
        return dataclasses.replace(target, sequence_id=sequence_id)

    async def _titled(self, live: LiveSequence, model: SequenceBase, kind: Kind) -> LiveSequence:
        """``live`` with its title, where the read has none (Saleshandy) and the file names
        one: from the connection's listing (one request per plan), so that a renamed
        title is refused rather than silently ignored."""
        capabilities = kind.capabilities_of(self._connection(model.connection))
        if capabilities.titles_in_read or model.title is None or live.title:
            return live
        title = (await self._listed(model.connection)).titles.get(live.id)
        if title is None or not dataclasses.is_dataclass(live):
            return live
        return dataclasses.replace(live, title=title)

    def _connection(self, name: str) -> ConnectionBase | None:
        config = self.project.config
        return config.connections.get(name) if config else None

    async def _listing(self, connection: str) -> list[SequenceSummary]:
        """The connection's live sequences, listed once per plan however often asked."""
        if connection not in self._listings:
            provider = self.session.provider(connection)
            self._listings[connection] = asyncio.ensure_future(provider.list_sequences())
        return await self._listings[connection]

    async def _listed(self, connection: str) -> Listed:
        """The connection's listing, indexed once per plan however often asked (indexing
        it per sequence made a plan quadratic in the listing's length)."""
        listing = await self._listing(connection)
        if connection not in self._indexed:
            self._indexed[connection] = Listed.of(listing)
        return self._indexed[connection]

    def _pinned_on(self, connection: str) -> dict[str, str]:
        """The live ids the project's documents pin on ``connection``, to their names."""
        if self._pinned is None:
            self._pinned = {}
            for loaded in self.project.sequences:
                if loaded.model.live_id is not None:
                    pins = self._pinned.setdefault(loaded.model.connection, {})
                    pins[loaded.model.live_id] = loaded.model.name
        return self._pinned.get(connection, {})

    async def _unmanaged(self, plans: Sequence[SequencePlan]) -> tuple[Unmanaged, ...]:
        """Every connection's live sequences that no document manages, by id (pinned or
        matched by title) or by the title a document without id would match; a provider
        that cannot list is named, so an empty list is never mistaken for "none"."""
        config = self.project.config
        managed: dict[str, set[str]] = {}
        titles: dict[str, set[str]] = {}
        for plan in plans:
            if plan.sequence_id is not None:
                managed.setdefault(plan.connection, set()).add(plan.sequence_id)
        for loaded in self.project.sequences:
            model = loaded.model
            if model.live_id is not None:
                managed.setdefault(model.connection, set()).add(model.live_id)
            else:
                titles.setdefault(model.connection, set()).add(model.effective_title)
        found: list[Unmanaged] = []
        for name, connection in sorted((config.connections if config else {}).items()):
            kind = kind_of_connection(connection)
            if not kind.capabilities_of(connection).list_sequences:
                found.append(Unmanaged(name, None, unlisted(self, name, kind.name)))
                continue
            found += [
                Unmanaged(name, summary.id, summary.title)
                for summary in await self._listing(name)
                if summary.id not in managed.get(name, set())
                and summary.title not in titles.get(name, set())
            ]
        return tuple(found)

    async def _match_title(self, connection: str, target: Target[SequenceBase]) -> str | None:
        """The one live sequence titled like the document; None when there is none."""
        # NFC on both sides: a title typed as "é" or as "e" and an accent is one title
        # (validation finds duplicates the same way), whichever form the provider keeps.
        title = comparable_title(target.title)
        found = (await self._listed(connection)).ids_by_title.get(title, [])
        pinned = self._pinned_on(connection)
        owners = [f"{pinned[live_id]} ({live_id})" for live_id in found if live_id in pinned]
        if owners:
            # Matching it would plan two files against one live sequence (--target or not).
            raise SeqsyncError(
                f"{target.name}: has no `id:`, and its title {target.title!r} is the live "
                f"sequence that {', '.join(owners)} pins by id; give {target.name} its own "
                "title, or merge the two files"
            )
        if len(found) > 1:
            raise SeqsyncError(
                f"{target.name}: {len(found)} live sequences on {connection} are titled "
                f"{target.title!r} ({', '.join(found)}); set `id:` to the one this file manages"
            )
        return found[0] if found else None


def plan_one(result: ReadResult) -> SequencePlan:
    target = result.target
    if result.error is not None:
        return sequence_plan(target, None, errors=[result.error])
    return plan_sequence(target, result.live)

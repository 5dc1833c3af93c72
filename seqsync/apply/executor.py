"""Apply a Plan exactly: sequences concurrently, each sequence's operations in order.

- A plan is applied only to sequences whose live state still has the plan's
  fingerprint (and, for an Inbox campaign, its version), checked right before the
  sequence's first write: by a re-read, or by the read the plan was made from when it is
  fresh (:data:`FRESH_FOR`) and found that very state, so a sequence is read once.
- Reads, PATCH and PUT are retried by the HTTP layer; a create is never blindly resent
  (see :mod:`seqsync.apply.settle`).
- When an operation fails, the rest of that sequence is not attempted; other sequences
  go on. When asked to stop (Ctrl-C), operations in flight finish and no new one starts.
- With a replanner, a sequence whose operations all applied is read back and planned
  again (:mod:`seqsync.apply.verify`): what the provider did not keep is reported, never
  sent again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from seqsync.apply.report import (
    APPLIED,
    FAILED,
    NOT_ATTEMPTED,
    ApplyReport,
    OperationOutcome,
    SequenceOutcome,
)
from seqsync.apply.settle import created_id
from seqsync.apply.verify import Replanner, verify
from seqsync.errors import ApplyRefused, InternalError, ProviderError, SeqsyncError
from seqsync.plan.common import fingerprint, step_fingerprints
from seqsync.plan.model import Level, Operation, Plan, SequencePlan, Verb
from seqsync.providers.base import Provider, ProviderLookup
from seqsync.providers.slots import ConnectionSlots

log = logging.getLogger(__name__)

MAX_CREATE_ATTEMPTS = 4
Progress = Callable[[str, int, int], None]

FRESH_FOR = 10.0
"""Seconds for which the read a plan was made from stands in for the re-read before a
sequence's first write (measured to that moment, so time spent at the prompt counts)."""


@dataclass(frozen=True)
class Read:
    """What one read of a live sequence found, and when (``time.monotonic()``)."""

    at: float
    fingerprint: str
    version: int | None


Reads = Mapping[tuple[str, str], Read]
"""The reads this apply made, by (connection, live sequence id)."""


@dataclass
class ExecutorOptions:
    allow_destructive: bool = False  # pauses and active-campaign replaces need saying so
    parallelism: int = 8  # sequences of one connection at once
    check_stale: bool = False  # a saved plan: refuse sequences whose live state moved
    stop: asyncio.Event | None = None
    progress: Progress | None = None
    replan: Replanner | None = None  # read each changed sequence back and plan it again
    reads: Reads = field(default_factory=dict)  # the plan's own reads, for FRESH_FOR


class Executor:
    """Applies plans through ``providers`` (the provider of a connection, by name)."""

    def __init__(self, providers: ProviderLookup, options: ExecutorOptions) -> None:
        self.providers = providers
        self.options = options
        self.stop = options.stop or asyncio.Event()

    async def run(self, plan: Plan) -> ApplyReport:
        """Apply ``plan``; raises ApplyRefused, before any request, if it is unsafe under
        the options (destructive operations without ``allow_destructive``)."""
        refusal = plan.unsafe_because(allow_destructive=self.options.allow_destructive)
        if refusal is not None:
            raise ApplyRefused(refusal)
        # Per connection: one whose writes wait for its token's budget (Inbox's 30 a
        # minute) must not hold back the sequences of the others.
        slots = ConnectionSlots(self.options.parallelism)
        changed = [sequence for sequence in plan.sequences if sequence.operations]

        async def one(sequence: SequencePlan) -> SequenceOutcome:
            async with slots.of(sequence.connection):
                return await self.apply_sequence(sequence)

        outcomes = await asyncio.gather(*(one(sequence) for sequence in changed))
        return ApplyReport(sequences=list(outcomes), interrupted=self.stop.is_set())

    async def apply_sequence(self, plan: SequencePlan) -> SequenceOutcome:
        outcome = SequenceOutcome(plan.name)
        if self.stop.is_set():
            outcome.outcomes = [
                _outcome(op, NOT_ATTEMPTED, "interrupted before it started")
                for op in plan.operations
            ]
            return outcome
        try:
            provider = self.providers(plan.connection)
            if self.options.check_stale or plan.live_version is not None:
                refusal = await self._refusal(provider, plan)
                if refusal:
                    outcome.refused = refusal
                    outcome.outcomes = [
                        _outcome(op, NOT_ATTEMPTED, "plan is stale") for op in plan.operations
                    ]
                    return outcome
        except SeqsyncError as exc:
            outcome.refused = str(exc)
            outcome.outcomes = [
                _outcome(op, NOT_ATTEMPTED, "not attempted") for op in plan.operations
            ]
            return outcome
        state = _RunState(
            sequence_id=plan.sequence_id, known_steps={ref for ref, _ in plan.live_steps}
        )
        for index, operation in enumerate(plan.operations):
            if self.stop.is_set():
                outcome.outcomes += [
                    _outcome(op, NOT_ATTEMPTED, "interrupted") for op in plan.operations[index:]
                ]
                break
            try:
                message = await self._apply(provider, plan, operation, state)
                outcome.outcomes.append(_outcome(operation, APPLIED, message))
            except SeqsyncError as exc:
                detail = (
                    exc.provider_message
                    if isinstance(exc, ProviderError) and exc.provider_message
                    else ""
                )
                outcome.outcomes.append(
                    _outcome(
                        operation,
                        FAILED,
                        str(exc) if not detail or detail in str(exc) else f"{exc} ({detail})",
                    )
                )
                outcome.outcomes += [
                    _outcome(op, NOT_ATTEMPTED, f"an earlier operation of {plan.name} failed")
                    for op in plan.operations[index + 1 :]
                ]
                break
            if self.options.progress:
                self.options.progress(plan.name, index + 1, len(plan.operations))
        replan = self.options.replan
        applied = all(item.status == APPLIED for item in outcome.outcomes)
        if replan is not None and applied and state.sequence_id is not None:
            outcome.verification = await verify(provider, plan, state.sequence_id, replan)
        return outcome

    async def _refusal(self, provider: Provider, plan: SequencePlan) -> str:
        """Why the plan no longer fits this sequence's live state ("" when it does)."""
        if plan.sequence_id is None:
            taken = [s.id for s in await provider.list_sequences() if s.title == plan.title]
            return (
                f"plan is stale: a sequence titled {plan.title!r} now exists ({', '.join(taken)}); run seqsync plan again"
                if taken
                else ""
            )
        if self._freshly_read(plan):
            return ""
        live = await provider.read(
            plan.sequence_id, context=f"re-reading {plan.name} before applying"
        )
        if plan.live_version is not None:
            version = provider.version_of(live)
            if version != plan.live_version:
                return (
                    f"campaign {plan.sequence_id} moved from version {plan.live_version} to {version} "
                    "since the plan was made; run seqsync plan again"
                )
        if fingerprint(live) == plan.fingerprint:
            return ""
        return f"plan is stale: {_what_moved(plan, step_fingerprints(live))} since the plan was made; run seqsync plan again"

    def _freshly_read(self, plan: SequencePlan) -> bool:
        """Whether this apply read the sequence less than FRESH_FOR ago and found the very
        state (and version) the plan was made from; otherwise it is read again."""
        if plan.sequence_id is None:
            return False
        read = self.options.reads.get((plan.connection, plan.sequence_id))
        return (
            read is not None
            and time.monotonic() - read.at <= FRESH_FOR
            and read.fingerprint == plan.fingerprint
            and read.version == plan.live_version
        )

    async def _apply(
        self, provider: Provider, plan: SequencePlan, operation: Operation, state: _RunState
    ) -> str:
        context = f"{operation.kind} {operation.address}"
        if operation.verb is not Verb.CREATE:
            # Only a create can duplicate: what else is lost is retried by the HTTP layer
            # where its method is idempotent, and fails, never resent blind, where not.
            await provider.apply(operation, state.sequence_id)
            return ""
        for attempt in range(1, MAX_CREATE_ATTEMPTS + 1):
            try:
                created = await provider.apply(operation, state.sequence_id)
            except ProviderError as exc:
                if not exc.ambiguous:
                    raise
                log.info("%s: outcome unknown (%s); re-reading before any retry", context, exc)
                found = await self._settle(provider, plan, operation, state, exc)
                if found is not None:
                    state.remember(operation, found)
                    return f"the response was lost; re-reading found it created ({found})"
                if attempt == MAX_CREATE_ATTEMPTS:
                    raise
                continue
            state.remember(operation, created)
            return ""
        raise InternalError("the last create attempt neither returned nor raised")

    async def _settle(
        self,
        provider: Provider,
        plan: SequencePlan,
        operation: Operation,
        state: _RunState,
        cause: ProviderError,
    ) -> str | None:
        """What the ambiguous create made, if anything; if even that cannot be read, the
        outcome is unknown and the operation fails saying so (it is never resent blind)."""
        try:
            return await created_id(
                provider, operation, state.sequence_id, state.known_steps, plan.title
            )
        except SeqsyncError as exc:
            raise type(cause)(
                f"{cause}; re-reading to check whether it was applied failed too ({exc}): "
                "its outcome is unknown, run seqsync plan to see",
                provider_message=cause.provider_message,
                status=cause.status,
            ) from None


@dataclass
class _RunState:
    sequence_id: str | None
    known_steps: set[str]

    def remember(self, operation: Operation, created: str | None) -> None:
        if operation.does(Verb.CREATE, Level.SEQUENCE) and created:
            self.sequence_id = created
        elif operation.does(Verb.CREATE, Level.STEP) and created:
            self.known_steps.add(created)


def _what_moved(plan: SequencePlan, now: tuple[tuple[str, str], ...]) -> str:
    before, after = dict(plan.live_steps), dict(now)
    refs = [ref for ref in dict.fromkeys([*before, *after]) if before.get(ref) != after.get(ref)]
    if not refs:
        return f"{plan.name} changed"
    shown = ", ".join(f"{plan.name}.steps[{ref}]" for ref in refs[:5])
    return f"{shown} changed" + (f" (and {len(refs) - 5} more)" if len(refs) > 5 else "")


def _outcome(operation: Operation, status: str, message: str) -> OperationOutcome:
    return OperationOutcome(operation.kind, str(operation.address), status, message)

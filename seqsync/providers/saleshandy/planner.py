"""The Saleshandy planner: pure, from (file, live) to ordered operations.

Saleshandy can create steps, add variants and patch variants, but not delete or reorder:
a live step missing from the file is paused (destructive), a channel change is
pause-old + create-new, and a day change is a variant patch of ``absoluteDays``. Email
day changes and creates are scheduled so that no intermediate state has two email steps
on one day (see :mod:`seqsync.providers.saleshandy.email_days`).

Steps pair in :mod:`~seqsync.providers.saleshandy.pairing`, a paired step's edits are
in :mod:`~seqsync.providers.saleshandy.edits`, and each operation with its request is
made in :mod:`~seqsync.providers.saleshandy.operations`; this module walks the pairs
and puts the operations in a safe order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from seqsync.plan.align import Pair
from seqsync.plan.common import Target, letter, sequence_plan, unknown_pins
from seqsync.plan.model import NEW_SEQUENCE_ID, Operation, SequencePlan, StepMatch
from seqsync.providers.saleshandy import lower, operations
from seqsync.providers.saleshandy.edits import StepEdit, channel_error, step_operations
from seqsync.providers.saleshandy.email_days import DayChange, schedule_email_days
from seqsync.providers.saleshandy.live import LiveSaleshandySequence, LiveSaleshandyStep
from seqsync.providers.saleshandy.model import KeptStep, SaleshandySequence, SaleshandyStep
from seqsync.providers.saleshandy.pairing import (
    VariantPair,
    pair_steps,
    pair_variants,
    variant_ids,
)
from seqsync.providers.saleshandy.records import Records, variants_of

Steps = list[SaleshandyStep | KeptStep]


@dataclass
class _Work:
    """What planning one sequence collects before the operations are put in a safe
    order: where they go, what each file step paired with, and what cannot be planned."""

    target: Target[SaleshandySequence]
    sequence_id: str  # the live id, or the placeholder a create_sequence fills in
    records: Records
    free: list[Operation] = field(default_factory=list)  # no email-day constraint
    day_changes: list[DayChange] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    matches: list[StepMatch] = field(default_factory=list)


def plan_saleshandy(
    target: Target[SaleshandySequence], live: LiveSaleshandySequence | None
) -> SequencePlan:
    desired_steps: Steps = list(target.desired.steps)
    live_steps = list(live.steps) if live else []
    work = _Work(target, target.sequence_id or NEW_SEQUENCE_ID, Records(target.files))
    if live is not None:
        work.errors += unknown_pins(
            f"{target.name}.steps",
            [step.id for step in desired_steps],
            [(step.id, f"{step.channel}, day {step.day}") for step in live_steps],
        )
    pairs = pair_steps(desired_steps, live_steps, work.records)
    for pair in pairs:
        _plan_step(work, pair, desired_steps, live_steps)
    prelude = [] if live is not None else [operations.create_sequence(target)]
    ordered, schedule_errors = _scheduled(work, live_steps)
    return sequence_plan(
        target,
        live,
        lower.in_encoding(prelude + ordered, live.enums if live else None),
        matches=work.matches,
        errors=work.errors + schedule_errors,
        notes=_unseen_priorities(desired_steps, [p for p in pairs if p.live is not None]),
    )


def _plan_step(
    work: _Work, pair: Pair, desired_steps: Steps, live_steps: list[LiveSaleshandyStep]
) -> None:
    """What one pair of file step and live step needs: a create, edits, a pause, or
    nothing (a kept step is left exactly as it is live)."""
    desired = desired_steps[pair.desired] if pair.desired is not None else None
    current = live_steps[pair.live] if pair.live is not None else None
    if isinstance(desired, SaleshandyStep) and current is not None:
        _plan_paired(work, pair, desired, current)
        return
    work.matches.append(StepMatch(pair.desired, current.id if current else None, pair.reason))
    if isinstance(desired, SaleshandyStep):
        _plan_create(work, pair.desired or 0, desired)
    elif desired is None and current is not None and not work.target.keep_unmanaged:
        why = "is not in the file"
        work.free.extend(operations.pause_step(work.target, work.sequence_id, current, why))


def _plan_paired(
    work: _Work, pair: Pair, desired: SaleshandyStep, live: LiveSaleshandyStep
) -> None:
    """A file step and its live step: the pairing of their variants is recorded, and
    unless they pair as "exact" (equal in every compared field) the edits are planned."""
    exact = pair.reason == "exact"
    variant_pairs: list[VariantPair] = [] if exact else pair_variants(desired, live, work.records)
    ids = variant_ids(desired, live, exact, variant_pairs)
    work.matches.append(StepMatch(pair.desired, live.id, pair.reason, ids))
    index = pair.desired or 0
    work.errors += unknown_pins(
        f"{work.target.name}.steps[{index}].variants",
        [variant.id for variant in variants_of(desired)],
        [(v.id, f"variant {letter(j)}") for j, v in enumerate(live.variants)],
        "variant",
    )
    if not exact:
        _plan_edits(work, index, desired, live, variant_pairs)


def _plan_edits(
    work: _Work,
    index: int,
    desired: SaleshandyStep,
    live: LiveSaleshandyStep,
    variant_pairs: list[VariantPair],
) -> None:
    if desired.channel != live.channel:
        work.errors.append(channel_error(work.target, index, desired, live))
        return
    step = StepEdit.of(work.target, work.sequence_id, index, desired, live)
    planned = step_operations(step, variant_pairs, work.records)
    if step.day is not None and live.channel == "email":
        work.day_changes.append(
            DayChange(tuple(planned), step_id=live.id, from_day=live.day, to_day=step.day)
        )
    else:
        work.free.extend(planned)


def _plan_create(work: _Work, index: int, step: SaleshandyStep) -> None:
    operation = operations.create_step(work.target, work.sequence_id, index, step, work.records)
    if operation is None:
        return  # every variant paused: nothing would ever be sent, so nothing to create
    if step.channel == "email":
        work.day_changes.append(
            DayChange(operations=(operation,), step_id=None, from_day=None, to_day=step.day)
        )
    else:
        work.free.append(operation)


def _scheduled(
    work: _Work, live_steps: list[LiveSaleshandyStep]
) -> tuple[list[Operation], list[str]]:
    """Every operation in a safe order, and errors for email-day changes none makes safe."""
    occupied = {step.day: step.id for step in live_steps if step.channel == "email"}
    ordered, errors = schedule_email_days(
        work.day_changes, occupied, work.target.name, work.sequence_id
    )
    return _in_file_order(work.free, ordered), errors


def _unseen_priorities(steps: Steps, matched: list[Pair]) -> list[str]:
    """A note for the priorities of steps that are live already: no Saleshandy read
    returns a step's priority (the steps and variants reads list none), so an edit to
    one could be neither compared nor verified; saying so beats a silent "No changes"."""
    unseen = [
        f"steps[{pair.desired}]"
        for pair in matched
        if pair.desired is not None
        and isinstance(step := steps[pair.desired], SaleshandyStep)
        and step.priority is not None
    ]
    if not unseen:
        return []
    return [
        f"the priority of {', '.join(unseen)} is not compared: Saleshandy's reads do not "
        "return a step's priority, so seqsync sends it only when it creates a step and "
        "cannot see an edit to a live one; change it in Saleshandy"
    ]


def _in_file_order(free: list[Operation], scheduled: list[Operation]) -> list[Operation]:
    """All operations, in the file's step order as far as the email-day schedule allows:
    ``scheduled`` keeps its order (each move waits for its day to be free), and the
    operations with no day constraint join it where their step stands in the file. Live
    steps the file lacks come last."""
    pending = sorted(free, key=_file_position)
    merged: list[Operation] = []
    for operation in scheduled:
        while pending and _file_position(pending[0]) <= _file_position(operation):
            merged.append(pending.pop(0))
        merged.append(operation)
    return merged + pending


def _file_position(operation: Operation) -> float:
    step = operation.address.step
    return int(step) if step is not None and step.isdigit() else float("inf")

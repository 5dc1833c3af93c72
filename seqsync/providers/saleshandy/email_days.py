"""Order email-step day changes so every intermediate state has one email step per day.

Saleshandy rejects a second email step on a day, so moving or creating email steps is a
scheduling problem: a change may go once its target day is free. Two steps that swap
days block each other; one of them is first moved through a free day.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace

from seqsync.errors import InternalError
from seqsync.plan.model import FieldChange, Level, Operation, Verb
from seqsync.providers.saleshandy import lower
from seqsync.providers.saleshandy.lower import VariantPatch

MAX_DAY = 999


@dataclass(frozen=True)
class DayChange:
    """Operations that put an email step on ``to_day``: a move (``step_id``) or a create."""

    operations: tuple[Operation, ...]
    step_id: str | None
    from_day: int | None
    to_day: int


def schedule_email_days(
    changes: list[DayChange], occupied: dict[int, str], sequence: str, sequence_id: str
) -> tuple[list[Operation], list[str]]:
    """The operations in a safe order, and errors for changes no order can make safe."""
    held = dict(occupied)  # day -> live step id (or a marker for steps created here)
    pending = list(changes)
    ordered: list[Operation] = []
    errors: list[str] = []
    while pending:
        ready = [change for change in pending if held.get(change.to_day) in (None, change.step_id)]
        for change in ready:
            ordered.extend(_moved_from(operation, change) for operation in change.operations)
            if change.from_day is not None and held.get(change.from_day) == change.step_id:
                del held[change.from_day]
            held[change.to_day] = change.step_id or f"new@{change.to_day}"
            pending.remove(change)
        if ready:
            continue
        moving = {change.step_id for change in pending if change.step_id}
        stuck = [change for change in pending if held[change.to_day] not in moving]
        for change in stuck:
            errors.append(
                f"{sequence}: day {change.to_day} already holds live email step {held[change.to_day]}, "
                "which stays there; Saleshandy allows one email step per day: choose another day, "
                "or pin that step with its id to change it instead"
            )
            pending.remove(change)
        if stuck:
            continue
        mover = next(change for change in pending if change.step_id)
        free = _free_day(held, pending)
        if free is None:
            errors.append(f"{sequence}: no free day to swap email steps through; free one day")
            break
        ordered.extend(
            _park(operation, mover, free, sequence_id)
            for operation in mover.operations
            if operation.does(Verb.PATCH, Level.VARIANT)
        )
        if mover.from_day is None:
            raise InternalError("only a live email step can be parked on a free day")
        del held[mover.from_day]
        held[free] = mover.step_id or ""
        pending[pending.index(mover)] = replace(mover, from_day=free)
    return ordered, errors


def _free_day(held: dict[int, str], pending: list[DayChange]) -> int | None:
    wanted = {change.to_day for change in pending}
    return next(
        (day for day in range(MAX_DAY, 0, -1) if day not in held and day not in wanted), None
    )


def _moved_from(operation: Operation, change: DayChange) -> Operation:
    """The operation with its day change shown from where the step is now: after a step
    was parked on a free day, its final move starts there, not on its original day."""
    if change.from_day is None or not operation.does(Verb.PATCH, Level.VARIANT):
        return operation
    changes = tuple(
        dataclasses.replace(field, before=change.from_day)
        if field.path == f"steps[{operation.address.step}].day"
        else field
        for field in operation.changes
    )
    return dataclasses.replace(operation, changes=changes)


def _park(operation: Operation, change: DayChange, day: int, sequence_id: str) -> Operation:
    step_id, variant_id = operation.live.step, operation.live.variant
    if step_id is None or variant_id is None:
        raise InternalError(f"{operation.address}: a day move without its live variant")
    return Operation(
        Verb.PATCH,
        Level.VARIANT,
        address=operation.address,
        request=lower.patch_variant(sequence_id, step_id, variant_id, VariantPatch(day=day)),
        live=operation.live,
        reason=f"moves through free day {day} first, so another email step can take day {change.from_day}",
        changes=(FieldChange(f"steps[{operation.address.step}].day", change.from_day, day),),
    )

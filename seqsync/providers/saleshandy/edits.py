"""What to do to a live step its file step paired with (not "exact"): the operations
for each of its variants, and a day move every variant of the step shares.

Saleshandy keeps a step's day and task note on each variant (``absoluteDays``), so a
step edit is a patch of variants: a variant the file drops is paused, one it adds is
created, one it changes is patched whole, and one nothing else touches still moves
with its step's day.
"""

from __future__ import annotations

from dataclasses import dataclass

from seqsync.plan import canonical
from seqsync.plan.common import Target, letter
from seqsync.plan.diff import changed_keys
from seqsync.plan.model import Address, FieldChange, Operation
from seqsync.providers.saleshandy import operations
from seqsync.providers.saleshandy.live import LiveSaleshandyStep, LiveSaleshandyVariant
from seqsync.providers.saleshandy.lower import VariantPatch
from seqsync.providers.saleshandy.model import SaleshandySequence, SaleshandyStep, SaleshandyVariant
from seqsync.providers.saleshandy.pairing import VariantPair
from seqsync.providers.saleshandy.records import (
    PAYLOAD_FIELDS,
    Records,
    sendable_fields,
    variants_of,
)


@dataclass(frozen=True)
class StepEdit:
    """One file step and the live step it paired with, and what changes for the step
    as a whole (its day, its task note), which its variants' patches carry."""

    target: Target[SaleshandySequence]
    sequence_id: str
    index: int
    desired: SaleshandyStep
    live: LiveSaleshandyStep
    day: int | None  # the new day, or None when it stays
    note: FieldChange | None  # the task note's change, or None

    @classmethod
    def of(
        cls,
        target: Target[SaleshandySequence],
        sequence_id: str,
        index: int,
        desired: SaleshandyStep,
        live: LiveSaleshandyStep,
    ) -> StepEdit:
        prefix = f"steps[{index}]"
        ignores = target.ignore.ignores
        moved = desired.day != live.day and not ignores(f"{prefix}.day")
        return cls(
            target,
            sequence_id,
            index,
            desired,
            live,
            day=desired.day if moved else None,
            note=None if ignores(f"{prefix}.task_note") else _note_change(prefix, desired, live),
        )

    @property
    def prefix(self) -> str:
        return f"steps[{self.index}]"


def channel_error(
    target: Target[SaleshandySequence],
    index: int,
    desired: SaleshandyStep,
    live: LiveSaleshandyStep,
) -> str:
    """Only a pin pairs steps of two channels. Creating a new step and pausing the
    pinned one would leave the pin on the paused step, so every later plan would create
    yet another step: the plan is refused, saying how to get the new step."""
    return (
        f"{target.name}.steps[{index}]: id {live.id!r} pins live step {live.number} "
        f"({live.channel}, day {live.day}), but the file makes it {desired.channel}, and "
        f"Saleshandy cannot change a step's channel; remove the id to create a new "
        f"{desired.channel} step (the {live.channel} step is then paused), or set channel "
        f"back to {live.channel}"
    )


def step_operations(step: StepEdit, pairs: list[VariantPair], records: Records) -> list[Operation]:
    """Every operation of the step: one per variant that changes, then day moves for
    the variants nothing else moves."""
    planned = [
        operation
        for v_desired, v_live, reason in pairs
        if (operation := _variant_operation(step, v_desired, v_live, reason, records)) is not None
    ]
    if step.day is None:
        return planned
    return planned + operations.move_untouched_variants(
        step.target, step.sequence_id, step.live, planned, step.index, step.day
    )


def _note_change(
    prefix: str, desired: SaleshandyStep, live: LiveSaleshandyStep
) -> FieldChange | None:
    """An email has no task note; another step's note is on its variants (the first
    one's is the step's)."""
    if desired.channel == "email" or not live.variants:
        return None
    live_note = live.variants[0].task_note
    if canonical.text(desired.task_note) == canonical.text(live_note):
        return None
    return FieldChange(f"{prefix}.task_note", live_note, desired.task_note)


def _variant_operation(
    step: StepEdit, v_desired: int | None, v_live: int | None, reason: str, records: Records
) -> Operation | None:
    """The operation for one pair of variants, or None when nothing changes."""
    shown = v_desired if v_desired is not None else v_live or 0
    address = Address(step.target.name, str(step.index), letter(shown))
    if v_desired is None:
        return _pause_dropped(step, v_live or 0, address)
    wanted = variants_of(step.desired)[v_desired]
    if v_live is None:
        if wanted.status != "active":
            return None  # a paused variant that is not live is never created
        return operations.create_variant(
            step.target,
            step.sequence_id,
            step.live,
            step.desired,
            wanted,
            address,
            v_desired,
            records,
        )
    current = step.live.variants[v_live]
    return _patch(step, v_desired, current, wanted, address, reason, records)


def _pause_dropped(step: StepEdit, v_live: int, address: Address) -> Operation | None:
    """A live variant the file no longer has is paused (if it still sends), moving
    with its step's day."""
    variant = step.live.variants[v_live]
    if variant.status != "active":
        return None
    return operations.pause_variant(
        step.sequence_id,
        step.live,
        variant,
        address,
        f"{step.prefix}.variants[{v_live}]",
        "is not in the file",
        day=step.day,
    )


def _patch(
    step: StepEdit,
    v_desired: int,
    current: LiveSaleshandyVariant,
    wanted: SaleshandyVariant,
    address: Address,
    reason: str,
    records: Records,
) -> Operation | None:
    """A patch of a paired variant with whatever differs in it and in its step (day,
    the note the first variant carries); None when nothing does."""
    before = records.live(step.live.channel, current)
    after = records.desired(step.desired.channel, wanted)
    at = f"{step.prefix}.variants[{v_desired}]"
    ignores = step.target.ignore.ignores
    keys = [key for key in changed_keys(before, after) if not ignores(f"{at}.{key}")]
    note = step.note if v_desired == 0 or len(step.live.variants) == 1 else None
    if not keys and note is None and step.day is None:
        return None
    changes = [FieldChange(f"{at}.{key}", before.get(key), after.get(key)) for key in keys]
    if note is not None:
        changes.insert(0, note)
    if step.day is not None:
        changes.insert(0, FieldChange(f"{step.prefix}.day", step.live.day, step.day))
    fields = {*keys, *(["task_note"] if note else []), *(["day"] if step.day else [])}
    return operations.patch_variant(
        step.sequence_id,
        step.live,
        current,
        _variant_patch(step, wanted, keys, note),
        fields,
        changes,
        address,
        reason,
    )


def _variant_patch(
    step: StepEdit, wanted: SaleshandyVariant, keys: list[str], note: FieldChange | None
) -> VariantPatch:
    """What the patch sends: only the parts that changed, the payload whole (a PATCH
    replaces it)."""
    changed = set(keys)
    return VariantPatch(
        payload=sendable_fields(wanted, step.target.files)
        if changed & set(PAYLOAD_FIELDS)
        else None,
        active=wanted.status == "active" if "status" in changed else None,
        attachments=tuple(wanted.attachments or ()) if "attachments" in changed else None,
        task_note=None if note is None else note.after or "",
        day=step.day,
    )

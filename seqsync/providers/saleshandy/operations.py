"""Saleshandy's operations, each with the exact request ``lower`` makes for it.

The planner decides what changes; this module says how each decision reads in a plan
(verb and target, address, reason, changes, destructiveness) so that every pause reads
the same and is destructive, wherever it was decided.
"""

from __future__ import annotations

from typing import Any

from seqsync.plan.common import Target, letter
from seqsync.plan.model import Address, FieldChange, Level, LiveIds, Operation, Verb
from seqsync.providers.saleshandy import lower
from seqsync.providers.saleshandy.live import LiveSaleshandyStep, LiveSaleshandyVariant
from seqsync.providers.saleshandy.lower import VariantContent, VariantPatch
from seqsync.providers.saleshandy.model import SaleshandySequence, SaleshandyStep, SaleshandyVariant
from seqsync.providers.saleshandy.records import Records, sendable_fields, variants_of

PAUSE_WHY = "prospects stop receiving this variant"


def create_sequence(target: Target[SaleshandySequence]) -> Operation:
    return Operation(
        Verb.CREATE,
        Level.SEQUENCE,
        address=Address(target.name),
        request=lower.create_sequence(target.title),
        reason=f"no live sequence is titled {target.title!r}",
        changes=(FieldChange("title", None, target.title),),
    )


def create_step(
    target: Target[SaleshandySequence],
    sequence_id: str,
    index: int,
    step: SaleshandyStep,
    records: Records,
) -> Operation | None:
    """The step with its active variants; None when every variant is paused, as nothing
    would ever be sent."""
    active = [v for v in variants_of(step) if v.status == "active"]
    if not active:
        return None
    variants = [
        VariantContent(sendable_fields(v, target.files), tuple(v.attachments or ()), step.task_note)
        for v in active
    ]
    return Operation(
        Verb.CREATE,
        Level.STEP,
        address=Address(target.name, str(index)),
        request=lower.create_step(sequence_id, step.channel, step.day, step.priority, variants),
        reason=f"step {index + 1} ({step.channel}, day {step.day}) is in the file but not live",
        changes=tuple(
            FieldChange(f"steps[{index}].{key}", None, value)
            for key, value in _create_summary(step, records).items()
        ),
    )


def _create_summary(step: SaleshandyStep, records: Records) -> dict[str, Any]:
    summary: dict[str, Any] = {"channel": step.channel, "day": step.day}
    if step.task_note:
        summary["task_note"] = step.task_note
    for v_index, variant in enumerate(variants_of(step)):
        if variant.status == "paused":
            continue  # a paused variant is not created: the plan lists only what is sent
        for key, value in records.desired(step.channel, variant).items():
            if key not in ("status", "attachments") or value:
                summary[f"variants[{v_index}].{key}"] = value
    return summary


def create_variant(
    target: Target[SaleshandySequence],
    sequence_id: str,
    live: LiveSaleshandyStep,
    desired: SaleshandyStep,
    wanted: SaleshandyVariant,
    address: Address,
    index: int,
    records: Records,
) -> Operation:
    content = VariantContent(sendable_fields(wanted, target.files), tuple(wanted.attachments or ()))
    record = records.desired(desired.channel, wanted)
    return Operation(
        Verb.CREATE,
        Level.VARIANT,
        address=address,
        request=lower.create_variant(sequence_id, live.id, desired.channel, content),
        reason=f"variant {letter(index)} is in the file but not live",
        changes=tuple(
            FieldChange(f"steps[{address.step}].variants[{index}].{key}", None, value)
            for key, value in record.items()
        ),
        live=LiveIds(live.id),
    )


def patch_variant(
    sequence_id: str,
    live: LiveSaleshandyStep,
    current: LiveSaleshandyVariant,
    patch: VariantPatch,
    fields: set[str],
    changes: list[FieldChange],
    address: Address,
    reason: str,
) -> Operation:
    """A patch of a live variant; one that only deactivates it is a pause (destructive)."""
    pausing = fields == {"status"} and patch.active is False
    return Operation(
        Verb.PATCH,
        Level.VARIANT,
        address=address,
        request=lower.patch_variant(sequence_id, live.id, current.id, patch),
        live=LiveIds(live.id, current.id),
        reason=f"live variant {current.id} ({reason}) differs from the file in {', '.join(sorted(fields))}",
        changes=tuple(changes),
        stops=pausing,
        destructive=pausing,
        destructive_why=PAUSE_WHY if pausing else "",
    )


def move_untouched_variants(
    target: Target[SaleshandySequence],
    sequence_id: str,
    live: LiveSaleshandyStep,
    done: list[Operation],
    step_index: int,
    day: int,
) -> list[Operation]:
    """Day-only patches for live variants no other operation moves: a step's variants
    share its day, so every one of them gets the new ``absoluteDays``."""
    touched = {operation.live.variant for operation in done}
    return [
        Operation(
            Verb.PATCH,
            Level.VARIANT,
            address=Address(target.name, str(step_index), letter(index)),
            request=lower.patch_variant(sequence_id, live.id, variant.id, VariantPatch(day=day)),
            live=LiveIds(live.id, variant.id),
            reason=f"live variant {variant.id} moves with its step to day {day}",
            changes=(FieldChange(f"steps[{step_index}].day", live.day, day),),
        )
        for index, variant in enumerate(live.variants)
        if variant.id not in touched
    ]


def pause_step(
    target: Target[SaleshandySequence], sequence_id: str, live: LiveSaleshandyStep, why: str
) -> list[Operation]:
    """Saleshandy cannot delete a step: a live step the file lacks stops by pausing
    each of its active variants."""
    return [
        pause_variant(
            sequence_id,
            live,
            variant,
            Address(target.name, f"id:{live.id}", letter(index)),
            f"steps[id:{live.id}].variants[{index}]",
            f"belongs to live step {live.number} ({live.channel}, day {live.day}), which {why}; "
            "Saleshandy cannot delete steps",
        )
        for index, variant in enumerate(live.variants)
        if variant.status == "active"
    ]


def pause_variant(
    sequence_id: str,
    live: LiveSaleshandyStep,
    variant: LiveSaleshandyVariant,
    address: Address,
    field_path: str,
    why: str,
    day: int | None = None,
) -> Operation:
    changes = [FieldChange(f"{field_path}.status", "active", "paused")]
    if day is not None:  # a paused variant still moves with its step
        changes.insert(0, FieldChange(f"steps[{address.step}].day", live.day, day))
    return Operation(
        Verb.PATCH,
        Level.VARIANT,
        address=address,
        request=lower.patch_variant(
            sequence_id, live.id, variant.id, VariantPatch(active=False, day=day)
        ),
        live=LiveIds(live.id, variant.id),
        reason=f"live variant {variant.id} {why}: pausing it",
        changes=tuple(changes),
        stops=True,
        destructive=True,
        destructive_why=PAUSE_WHY,
    )

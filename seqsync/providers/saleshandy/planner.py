"""The Saleshandy planner: pure, from (file, live) to ordered operations.

Saleshandy can create steps, add variants and patch variants, but not delete or reorder:
a live step missing from the file is paused (destructive), a channel change is
pause-old + create-new, and a day change is a variant patch of ``absoluteDays``. Email
day changes and creates are scheduled so that no intermediate state has two email steps
on one day (see :mod:`seqsync.providers.saleshandy.email_days`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from seqsync.plan import canonical
from seqsync.plan.align import Pair, align_unordered, step_score
from seqsync.plan.common import Target, letter, sequence_plan, unknown_pins
from seqsync.plan.diff import changed_keys
from seqsync.plan.model import (
    NEW_SEQUENCE_ID,
    Address,
    CreateSequence,
    CreateStep,
    CreateVariant,
    FieldChange,
    LiveIds,
    Operation,
    PatchVariant,
    SequencePlan,
    StepMatch,
)
from seqsync.providers.saleshandy import lower
from seqsync.providers.saleshandy.email_days import DayChange, schedule_email_days
from seqsync.providers.saleshandy.live import (
    LiveSaleshandySequence,
    LiveSaleshandyStep,
    LiveSaleshandyVariant,
)
from seqsync.providers.saleshandy.lower import VariantContent, VariantPatch
from seqsync.providers.saleshandy.model import KeptStep, SaleshandyStep, SaleshandyVariant
from seqsync.providers.saleshandy.records import (
    PAYLOAD_FIELDS,
    Records,
    StepKey,
    desired_key,
    exact_pairs,
    live_key,
    pins,
    sendable_fields,
    variants_of,
)

PAUSE_WHY = "prospects stop receiving this variant"


@dataclass
class _Work:
    """Operations collected for one sequence before they are put in a safe order, and
    the variants' records they are made from."""

    records: Records
    free: list[Operation] = field(default_factory=list)  # no email-day constraint
    day_changes: list[DayChange] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    matches: list[StepMatch] = field(default_factory=list)


def plan_saleshandy(target: Target, live: LiveSaleshandySequence | None) -> SequencePlan:
    desired_steps: list[SaleshandyStep | KeptStep] = list(target.desired.steps)
    live_steps = list(live.steps) if live else []
    work = _Work(Records(target.files))
    sequence_path_id = target.sequence_id or NEW_SEQUENCE_ID
    prelude: list[Operation] = []
    if live is None:
        prelude.append(_create_sequence(target))
    records = work.records
    desired_keys = [
        desired_key(step, records) if isinstance(step, SaleshandyStep) else KEPT_KEY
        for step in desired_steps
    ]
    live_keys = [live_key(step, records) for step in live_steps]

    def score(i: int, j: int) -> float:
        (channel, day, text, _), (live_channel, live_day, live_text, _) = (
            desired_keys[i],
            live_keys[j],
        )
        if channel != live_channel:
            return 0.0
        if desired_keys[i] == live_keys[j]:
            return 1.0
        # Below 1.0 unless every compared field is equal: "exact" pairs are not re-planned.
        timing = 1.0 / (1 + abs(day - live_day))
        return min(0.99, step_score(canonical.similarity(text, live_text), timing))

    pinned = pins(desired_steps, live_steps)
    if live is not None:
        work.errors += unknown_pins(
            f"{target.name}.steps",
            [step.id for step in desired_steps],
            [(step.id, f"{step.channel}, day {step.day}") for step in live_steps],
        )
    pairs = align_unordered(
        len(desired_steps),
        len(live_steps),
        score,
        pinned,
        exact=exact_pairs(desired_keys, live_keys, pinned),
    )
    for pair in pairs:
        desired = desired_steps[pair.desired] if pair.desired is not None else None
        current = live_steps[pair.live] if pair.live is not None else None
        if isinstance(desired, KeptStep):
            work.matches.append(
                StepMatch(pair.desired, current.id if current else None, pair.reason)
            )
            continue  # left exactly as it is live (a pin to nothing is an error above)
        variant_ids: tuple[str | None, ...] = ()
        variant_pairs: list[tuple[int | None, int | None, str]] = []
        if desired is not None and current is not None and pair.reason == "exact":
            variant_ids = tuple(variant.id for variant in current.variants)  # equal, in order
        elif desired is not None and current is not None:
            variant_pairs = _variant_pairs(desired, current, work.records)  # once: planning uses it
            live_of = {
                d: current.variants[j].id
                for d, j, _ in variant_pairs
                if d is not None and j is not None
            }
            variant_ids = tuple(live_of.get(index) for index in range(len(variants_of(desired))))
        work.matches.append(
            StepMatch(pair.desired, current.id if current else None, pair.reason, variant_ids)
        )
        if desired is not None and current is not None:
            work.errors += unknown_pins(
                f"{target.name}.steps[{pair.desired}].variants",
                [variant.id for variant in variants_of(desired)],
                [(v.id, f"variant {letter(j)}") for j, v in enumerate(current.variants)],
                "variant",
            )
            if pair.reason != "exact":  # exact: equal in every compared field
                _plan_pair(
                    target,
                    sequence_path_id,
                    pair.desired or 0,
                    desired,
                    current,
                    variant_pairs,
                    work,
                )
        elif desired is not None:
            _plan_create(target, sequence_path_id, pair.desired or 0, desired, work)
        elif current is not None and not target.keep_unmanaged:
            work.free.extend(_pause_step(target, sequence_path_id, current, "is not in the file"))
    occupied = {step.day: step.id for step in live_steps if step.channel == "email"}
    ordered, schedule_errors = schedule_email_days(
        work.day_changes, occupied, target.name, sequence_path_id
    )
    return sequence_plan(
        target,
        live,
        lower.in_encoding(
            prelude + _in_file_order(work.free, ordered), live.enums if live else None
        ),
        matches=work.matches,
        errors=work.errors + schedule_errors,
        notes=_unseen_priorities(desired_steps, [p for p in pairs if p.live is not None]),
    )


def _unseen_priorities(steps: list[SaleshandyStep | KeptStep], matched: list[Pair]) -> list[str]:
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


# A kept step's key: equal to no live step's, so only its pin pairs it.
KEPT_KEY: StepKey = ("", 0, "", "")

# --- operations ----------------------------------------------------------------------


def _create_sequence(target: Target) -> Operation:
    return CreateSequence(
        address=Address(target.name),
        request=lower.create_sequence(target.title),
        reason=f"no live sequence is titled {target.title!r}",
        changes=(FieldChange("title", None, target.title),),
    )


def _plan_create(
    target: Target, sequence_id: str, index: int, step: SaleshandyStep, work: _Work
) -> None:
    active = [v for v in variants_of(step) if v.status == "active"]
    if not active:
        return  # every variant paused: nothing would ever be sent, so nothing to create
    variants = [
        VariantContent(sendable_fields(v, target.files), tuple(v.attachments or ()), step.task_note)
        for v in active
    ]
    operation = CreateStep(
        address=Address(target.name, str(index)),
        request=lower.create_step(sequence_id, step.channel, step.day, step.priority, variants),
        reason=f"step {index + 1} ({step.channel}, day {step.day}) is in the file but not live",
        changes=tuple(
            FieldChange(f"steps[{index}].{key}", None, value)
            for key, value in _create_summary(step, work.records).items()
        ),
    )
    if step.channel == "email":
        work.day_changes.append(
            DayChange(operations=(operation,), step_id=None, from_day=None, to_day=step.day)
        )
    else:
        work.free.append(operation)


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


def _plan_pair(
    target: Target,
    sequence_id: str,
    index: int,
    desired: SaleshandyStep,
    live: LiveSaleshandyStep,
    variant_pairs: list[tuple[int | None, int | None, str]],
    work: _Work,
) -> None:
    if desired.channel != live.channel:
        # Only a pin pairs steps of two channels. Creating a new step and pausing the
        # pinned one would leave the pin on the paused step, so every later plan would
        # create yet another step: refuse, and say how to get the new step.
        work.errors.append(
            f"{target.name}.steps[{index}]: id {live.id!r} pins live step {live.number} "
            f"({live.channel}, day {live.day}), but the file makes it {desired.channel}, and "
            f"Saleshandy cannot change a step's channel; remove the id to create a new "
            f"{desired.channel} step (the {live.channel} step is then paused), or set channel "
            f"back to {live.channel}"
        )
        return
    ignore = target.ignore
    prefix = f"steps[{index}]"
    day_change = (
        None
        if ignore.ignores(f"{prefix}.day")
        else (desired.day if desired.day != live.day else None)
    )
    live_note = live.variants[0].task_note if live.variants else None
    note_change = (
        FieldChange(f"{prefix}.task_note", live_note, desired.task_note)
        if desired.channel != "email"
        and live.variants
        and canonical.text(desired.task_note) != canonical.text(live_note)
        and not ignore.ignores(f"{prefix}.task_note")
        else None
    )
    step_operations: list[Operation] = []
    for v_desired, v_live, reason in variant_pairs:
        address = Address(
            target.name, str(index), letter(v_desired if v_desired is not None else v_live or 0)
        )
        if v_desired is None:
            variant = live.variants[v_live or 0]
            if variant.status == "active":
                step_operations.append(
                    _pause_variant(
                        target,
                        sequence_id,
                        live,
                        variant,
                        address,
                        f"{prefix}.variants[{v_live}]",
                        "is not in the file",
                        day=day_change,
                    )
                )
            continue
        wanted = variants_of(desired)[v_desired]
        if v_live is None:
            if wanted.status == "active":
                step_operations.append(
                    _create_variant(
                        target, sequence_id, live, desired, wanted, address, v_desired, work.records
                    )
                )
            continue
        current = live.variants[v_live]
        before = work.records.live(live.channel, current)
        after = work.records.desired(desired.channel, wanted)
        at = f"{prefix}.variants[{v_desired}]"
        keys = [key for key in changed_keys(before, after) if not ignore.ignores(f"{at}.{key}")]
        note = note_change if v_desired == 0 or len(live.variants) == 1 else None
        if not keys and note is None and day_change is None:
            continue
        changes = [FieldChange(f"{at}.{key}", before.get(key), after.get(key)) for key in keys]
        if note is not None:
            changes.insert(0, note)
        if day_change is not None:
            changes.insert(0, FieldChange(f"{prefix}.day", live.day, day_change))
        patch = VariantPatch(
            payload=sendable_fields(wanted, target.files)  # sent whole: PATCH replaces it
            if set(keys) & set(PAYLOAD_FIELDS)
            else None,
            active=wanted.status == "active" if "status" in keys else None,
            attachments=tuple(wanted.attachments or ()) if "attachments" in keys else None,
            task_note=None if note is None else note.after or "",
            day=day_change,
        )
        fields = {*keys, *(["task_note"] if note else []), *(["day"] if day_change else [])}
        step_operations.append(
            _patch_variant(sequence_id, live, current, patch, fields, changes, address, reason)
        )
    if day_change is not None:
        step_operations += _move_untouched_variants(
            target, sequence_id, live, step_operations, index, day_change
        )
    if day_change is not None and live.channel == "email":
        work.day_changes.append(
            DayChange(tuple(step_operations), step_id=live.id, from_day=live.day, to_day=day_change)
        )
    else:
        work.free.extend(step_operations)


def _move_untouched_variants(
    target: Target,
    sequence_id: str,
    live: LiveSaleshandyStep,
    done: list[Operation],
    step_index: int,
    day: int,
) -> list[Operation]:
    """Day-only patches for live variants no other operation moves: a step's variants
    share its day, so every one of them gets the new ``absoluteDays``."""
    touched = {operation.live.variant for operation in done}
    moves: list[Operation] = []
    for index, variant in enumerate(live.variants):
        if variant.id not in touched:
            moves.append(
                PatchVariant(
                    address=Address(target.name, str(step_index), letter(index)),
                    request=lower.patch_variant(
                        sequence_id, live.id, variant.id, VariantPatch(day=day)
                    ),
                    live=LiveIds(live.id, variant.id),
                    reason=f"live variant {variant.id} moves with its step to day {day}",
                    changes=(FieldChange(f"steps[{step_index}].day", live.day, day),),
                )
            )
    return moves


def _payload_text(record: dict[str, Any]) -> str:
    return "\n".join(str(record.get(key, "")) for key in PAYLOAD_FIELDS)


def _variant_pairs(
    desired: SaleshandyStep, live: LiveSaleshandyStep, records: Records
) -> list[tuple[int | None, int | None, str]]:
    """Variants pair by id, then by content (best first, whatever their order: a variant
    Saleshandy adds always goes last, so order cannot be what pairs them), then the
    leftovers by position."""
    wanted = variants_of(desired)
    desired_records = [records.desired(desired.channel, v) for v in wanted]
    live_records = [records.live(live.channel, v) for v in live.variants]
    live_ids = {variant.id: j for j, variant in enumerate(live.variants)}
    pins = {i: live_ids[v.id] for i, v in enumerate(wanted) if v.id in live_ids}

    desired_texts = [_payload_text(record) for record in desired_records]
    live_texts = [_payload_text(record) for record in live_records]

    def score(i: int, j: int) -> float:
        return canonical.similarity(desired_texts[i], live_texts[j])

    def kept_fields(i: int, j: int, value: float) -> tuple[float, ...]:
        # A variant that kept a field word for word is the variant it was: an edit to
        # C's subject must not hand C's statistics to a B whose text happens to be nearer.
        kept = sum(
            1
            for key in PAYLOAD_FIELDS
            if desired_records[i].get(key)
            and desired_records[i].get(key) == live_records[j].get(key)
        )
        return (kept, value)

    pairs = align_unordered(len(desired_records), len(live_records), score, pins, rank=kept_fields)
    leftover_desired = [p.desired for p in pairs if p.live is None and p.desired is not None]
    leftover_live = [p.live for p in pairs if p.desired is None and p.live is not None]
    by_position = dict(zip(leftover_desired, leftover_live, strict=False))
    result: list[tuple[int | None, int | None, str]] = []
    for pair in pairs:
        if pair.desired is not None and pair.desired in by_position:
            result.append((pair.desired, by_position[pair.desired], "position"))
        elif pair.live is not None and pair.desired is None and pair.live in by_position.values():
            continue
        else:
            result.append((pair.desired, pair.live, pair.reason))
    return result


def _patch_variant(
    sequence_id: str,
    live: LiveSaleshandyStep,
    current: LiveSaleshandyVariant,
    patch: VariantPatch,
    fields: set[str],
    changes: list[FieldChange],
    address: Address,
    reason: str,
) -> Operation:
    pausing = fields == {"status"} and patch.active is False
    return PatchVariant(
        address=address,
        request=lower.patch_variant(sequence_id, live.id, current.id, patch),
        live=LiveIds(live.id, current.id),
        reason=f"live variant {current.id} ({reason}) differs from the file in {', '.join(sorted(fields))}",
        changes=tuple(changes),
        pauses=pausing,
        destructive=pausing,
        destructive_why=PAUSE_WHY if pausing else "",
    )


def _create_variant(
    target: Target,
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
    return CreateVariant(
        address=address,
        request=lower.create_variant(sequence_id, live.id, desired.channel, content),
        reason=f"variant {letter(index)} is in the file but not live",
        changes=tuple(
            FieldChange(f"steps[{address.step}].variants[{index}].{key}", None, value)
            for key, value in record.items()
        ),
        live=LiveIds(live.id),
    )


def _pause_step(
    target: Target, sequence_id: str, live: LiveSaleshandyStep, why: str
) -> list[Operation]:
    return [
        _pause_variant(
            target,
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


def _pause_variant(
    target: Target,
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
    return PatchVariant(
        address=address,
        request=lower.patch_variant(
            sequence_id, live.id, variant.id, VariantPatch(active=False, day=day)
        ),
        live=LiveIds(live.id, variant.id),
        reason=f"live variant {variant.id} {why}: pausing it",
        changes=tuple(changes),
        pauses=True,
        destructive=True,
        destructive_why=PAUSE_WHY,
    )

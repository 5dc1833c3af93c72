"""The Supaglue planner: pure, from (file, live) to ordered operations.

Through Supaglue a step can be created, and on Apollo and Outreach its template's
subject and body patched; nothing else about a live step can change, and nothing can be
deleted. Every other difference is a plan error that says what the user can do.
"""

from __future__ import annotations

from typing import Any

from seqsync.plan.common import Target, sequence_plan, unknown_pins, written_text
from seqsync.plan.diff import changed_keys
from seqsync.plan.model import (
    Address,
    FieldChange,
    Level,
    LiveIds,
    Operation,
    SequencePlan,
    StepMatch,
    Verb,
)
from seqsync.providers.supaglue import lower, salesloft
from seqsync.providers.supaglue.connection import engine_of
from seqsync.providers.supaglue.live import LiveSupaglueSequence, LiveSupaglueStep
from seqsync.providers.supaglue.lower import step_record, template_record
from seqsync.providers.supaglue.model import SupaglueSequence, SupaglueStep
from seqsync.providers.supaglue.pairing import Steps, desired_record, live_record, pair_steps
from seqsync.providers.supaglue.provider import capabilities_for
from seqsync.providers.supaglue.reorder import reorder_error

PATCHABLE = frozenset({"subject", "body"})


def plan_supaglue(
    target: Target[SupaglueSequence], live: LiveSupaglueSequence | None
) -> SequencePlan:
    desired_steps: list[SupaglueStep] = list(target.desired.steps)
    if live is None:
        return sequence_plan(target, live, [_create_sequence(target, desired_steps)])
    live_steps = list(live.steps)
    by_id = {step.id: j for j, step in enumerate(live_steps) if step.id}
    pins = {i: by_id[step.id] for i, step in enumerate(desired_steps) if step.id in by_id}
    pin_errors = unknown_pins(
        f"{target.name}.steps",
        [step.id for step in desired_steps],
        [(step.id, step.type) for step in live_steps if step.id],
    )
    wanted = [desired_record(step, target.files) for step in desired_steps]
    live_offset: list[int | None] = [None] * len(live_steps)
    if engine_of(target.settings) == "salesloft":  # day-based: compare offsets from the start
        live_offset = salesloft.live_offsets(live_steps)
        for position, (step, offset) in enumerate(
            zip(desired_steps, salesloft.desired_offsets(desired_steps), strict=True)
        ):
            salesloft.project(wanted[position], step, position, offset)

    def live_of(j: int, like: dict[str, Any]) -> dict[str, Any]:
        return live_record(live_steps[j], like, offset=live_offset[j])

    pairs = pair_steps(
        Steps(desired_steps, wanted, live_steps, live_of), pins, engine_of(target.settings)
    )
    operations: list[Operation] = []
    errors: list[str] = list(pin_errors)
    matches: list[StepMatch] = []
    new_steps = [pair.desired for pair in pairs if pair.live is None and pair.desired is not None]
    for pair in pairs:
        current = live_steps[pair.live] if pair.live is not None else None
        matches.append(StepMatch(pair.desired, _live_ref(current, pair.live), pair.reason))
        if pair.desired is not None and current is not None:
            operation, problems = _plan_pair(
                target,
                live.id,
                pair.desired,
                desired_steps[pair.desired],
                wanted[pair.desired],
                current,
                live_of(pair.live, wanted[pair.desired]) if pair.live is not None else {},
            )
            operations.extend([operation] if operation else [])
            errors.extend(problems)
        elif pair.desired is not None:
            operation, problems = _plan_create(
                target, live, pair.desired, desired_steps[pair.desired], len(new_steps)
            )
            operations.extend([operation] if operation else [])
            errors.extend(problems)
        elif current is not None and pair.live is not None and not target.keep_unmanaged:
            errors.append(_not_in_file(target, current, pair.live))
    if len(errors) > len(pin_errors) and engine_of(target.settings) != "outreach":
        # What the pairs cannot do may all follow from one move the user made: say that.
        reordered = reorder_error(target, wanted, live_steps, live_of)
        errors = [*pin_errors, reordered] if reordered else errors
    return sequence_plan(target, live, operations, errors=errors, matches=matches)


def _live_ref(step: LiveSupaglueStep | None, position: int | None) -> str | None:
    if step is None:
        return None
    return step.id or f"#{(position or 0) + 1}"


# --- operations ----------------------------------------------------------------------


def _plan_pair(
    target: Target[SupaglueSequence],
    sequence_id: str,
    index: int,
    desired: SupaglueStep,
    wanted: dict[str, Any],
    live: LiveSupaglueStep,
    before: dict[str, Any],
) -> tuple[Operation | None, list[str]]:
    prefix = f"steps[{index}]"
    keys = [
        key for key in changed_keys(before, wanted) if not target.ignore.ignores(f"{prefix}.{key}")
    ]
    if not keys:
        return None, []
    changes = [FieldChange(f"{prefix}.{key}", before.get(key), wanted.get(key)) for key in keys]
    fields = set(keys)
    fixed = sorted(fields - PATCHABLE)
    engine = engine_of(target.settings)
    capabilities = capabilities_for(engine)
    ui, where = capabilities.app, f"{target.name}.{prefix}"
    step_id = live.id  # Salesloft reads back no step ids: nothing to address a patch to
    patchable = capabilities.can(Verb.PATCH, Level.STEP) and step_id is not None
    if fixed or not patchable or step_id is None:
        what = ", ".join(fixed) if fixed and patchable else ", ".join(sorted(fields))
        return None, [capabilities.cannot_change(where, what, _can_change(patchable), ui)]
    source = desired.template
    if source is None:  # a live template the file does not have: Supaglue cannot remove it
        return None, [
            capabilities.cannot_change(where, "the template", "a template cannot be removed", ui)
        ]
    subject = source.subject or "" if "subject" in fields else None
    body = (
        written_text(source.body, source.body_file, target.files) or ""
        if "body" in fields
        else None
    )
    shared = (
        " (Outreach changes the template everywhere it is used)" if engine == "outreach" else ""
    )
    return (
        Operation(
            Verb.PATCH,
            Level.STEP,
            address=Address(target.name, str(index)),
            live=LiveIds(step_id),
            request=lower.patch_template(sequence_id, step_id, subject=subject, body=body),
            reason=f"live step {live.id} differs from the file in {', '.join(sorted(fields))}{shared}",
            changes=tuple(changes),
        ),
        [],
    )


def _can_change(patchable: bool) -> str:
    if not patchable:
        return "Supaglue cannot update this engine's steps at all"
    return "only a template's subject and body can be patched"


def _plan_create(
    target: Target[SupaglueSequence],
    live: LiveSupaglueSequence,
    index: int,
    desired: SupaglueStep,
    new_count: int,
) -> tuple[Operation | None, list[str]]:
    if engine_of(target.settings) == "salesloft" and live.steps:
        return None, [
            f"{target.name}.steps[{index}]: Salesloft (through Supaglue) adds steps only to an empty "
            "cadence, in one import; remove `id` (and change `title`) so seqsync creates "
            "the cadence with all its steps at once"
        ]
    if engine_of(target.settings) == "salesloft" and new_count > 1:
        return _import_into_empty_cadence(target, live, index)
    # Apollo inserts at `position`, Outreach sorts by `order`, and Salesloft names an
    # unnamed step "Step <order>" (its mapper writes "Step undefined" without one).
    order = index + 1
    record = _step_request(target, desired, order)
    return (
        Operation(
            Verb.CREATE,
            Level.STEP,
            address=Address(target.name, str(index)),
            request=lower.create_step(live.id, record),
            reason=f"step {index + 1} ({desired.type}) is in the file but not live",
            changes=_step_changes(target, index, desired),
        ),
        [],
    )


def _import_into_empty_cadence(
    target: Target[SupaglueSequence], live: LiveSupaglueSequence, index: int
) -> tuple[Operation | None, list[str]]:
    """Every step of the file in one Salesloft cadence import, planned on the first step
    (the cadence is empty, so every file step is new): see
    ``salesloft.cadence_step_groups`` for why the groups go in ``custom_fields``."""
    steps: list[SupaglueStep] = list(target.desired.steps)
    if index != 0:
        return None, []  # carried by the first step's import
    custom = [position for position, step in enumerate(steps) if step.custom_fields]
    if custom:
        return None, [
            f"{target.name}.steps[{custom[0]}]: custom_fields cannot be sent when several steps "
            "go into an empty Salesloft cadence in one import; add this step in Salesloft, or "
            "remove its custom_fields"
        ]
    records = [_step_request(target, step, order) for order, step in enumerate(steps, start=1)]
    first = {**records[0], "custom_fields": {"step_groups": salesloft.cadence_step_groups(records)}}
    return (
        Operation(
            Verb.CREATE,
            Level.STEP,
            address=Address(target.name, "0"),
            request=lower.create_step(live.id, first),
            reason=(
                f"the cadence is empty: its {len(steps)} steps go in one Salesloft cadence "
                "import (custom_fields.step_groups), as Salesloft takes steps only into an "
                "empty cadence"
            ),
            changes=tuple(
                change
                for position, step in enumerate(steps)
                for change in _step_changes(target, position, step)
            ),
        ),
        [],
    )


def _step_request(
    target: Target[SupaglueSequence], step: SupaglueStep, order: int | None
) -> dict[str, Any]:
    template = None
    if step.template is not None:
        body = written_text(step.template.body, step.template.body_file, target.files)
        template = template_record(
            template_id=step.template.id,
            subject=step.template.subject,
            body=body,
            name=step.template.name,
        )
    return step_record(
        step_type=step.type,
        delay=step.delay,
        date=step.date.isoformat() if step.date else None,
        template=template,
        is_reply=step.is_reply,
        task_note=step.task_note,
        custom_fields=dict(step.custom_fields),
        name=step.name,
        order=order,
    )


def _create_sequence(target: Target[SupaglueSequence], steps: list[SupaglueStep]) -> Operation:
    record: dict[str, Any] = {
        "name": target.title,
        "type": target.desired.share_type,
        "steps": [_step_request(target, step, None) for step in steps],
    }
    if target.desired.tags:
        record["tags"] = list(target.desired.tags)
    return Operation(
        Verb.CREATE,
        Level.SEQUENCE,
        address=Address(target.name),
        request=lower.create_sequence(record),
        reason=f"no live sequence is named {target.title!r}: created with its {len(steps)} steps in one request",
        changes=(
            FieldChange("title", None, target.title),
            *(
                change
                for index, step in enumerate(steps)
                for change in _step_changes(target, index, step)
            ),
        ),
    )


def _step_changes(
    target: Target[SupaglueSequence], index: int, step: SupaglueStep
) -> tuple[FieldChange, ...]:
    """A new step's fields as the plan shows them: everything the create sends."""
    return tuple(
        FieldChange(f"steps[{index}].{key}", None, value)
        for key, value in desired_record(step, target.files).items()
        if value not in ("", None)
    )


def _not_in_file(target: Target[SupaglueSequence], step: LiveSupaglueStep, position: int) -> str:
    subject = f" {step.template.subject!r}" if step.template and step.template.subject else ""
    ref = step.id or f"#{position + 1}"
    return capabilities_for(engine_of(target.settings)).cannot_remove(
        target.name, f"{ref} ({step.type}{subject})", engine_of(target.settings).capitalize()
    )

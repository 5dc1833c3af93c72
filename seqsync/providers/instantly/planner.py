"""The Instantly planner: any difference becomes one PATCH of the campaign's whole
sequence (or, for a campaign that does not exist yet, one create).

Steps and variants have no ids, so identity is positional; the plan still aligns the
steps as an ordered list so a reviewer sees what changes. Replacing the sequence of a
campaign that is sending is destructive: leads part-way through it continue on the new
steps (docs/providers/instantly.md §5).
"""

from __future__ import annotations

from typing import Any

from seqsync.model.common import format_duration
from seqsync.plan import canonical
from seqsync.plan.align import align_ordered
from seqsync.plan.common import Target, sequence_plan, written_text
from seqsync.plan.model import Address, FieldChange, Level, Operation, SequencePlan, StepMatch, Verb
from seqsync.providers.instantly import lower
from seqsync.providers.instantly.live import (
    LiveInstantlyCampaign,
    LiveInstantlyStep,
    LiveInstantlyVariant,
)
from seqsync.providers.instantly.mapping import SENDING_STATUSES, STATUS_NAMES
from seqsync.providers.instantly.model import InstantlySequence


def desired_steps(target: Target[InstantlySequence]) -> list[LiveInstantlyStep]:
    """The file's steps as the values a read would return after applying them."""
    return [
        LiveInstantlyStep(
            variants=tuple(
                LiveInstantlyVariant(
                    subject=variant.subject,
                    body=written_text(variant.body, variant.body_file, target.files) or "",
                    disabled=bool(variant.disabled),
                )
                for variant in step.variants
            ),
            wait=None if index == 0 else int(step.delay or 0),
        )
        for index, step in enumerate(target.desired.steps)
    ]


def desired_schedule(target: Target[InstantlySequence]) -> dict[str, Any] | None:
    schedule = target.desired.schedule
    if schedule is None:
        return None
    return {
        "name": schedule.name or target.title,
        "timezone": schedule.timezone,
        "days": tuple(sorted(set(schedule.days))),
        "from": schedule.from_,
        "to": schedule.to,
    }


def variant_form(variant: LiveInstantlyVariant) -> tuple[str, str, bool]:
    return canonical.text(variant.subject), canonical.html(variant.body), variant.disabled


def step_form(step: LiveInstantlyStep) -> dict[str, Any]:
    """Compared form: the wait, and each variant's subject, body and whether it is off."""
    return {"wait": step.wait, "variants": [variant_form(v) for v in step.variants]}


def describe(step: LiveInstantlyStep) -> str:
    """How a step reads in a plan."""
    shown = " / ".join(
        f"{variant.subject!r}{' (disabled)' if variant.disabled else ''}"
        for variant in step.variants
    )
    wait = "" if step.wait is None else f"{format_duration(step.wait)} later: "
    return f"{wait}email {shown}"


def plan_instantly(
    target: Target[InstantlySequence], live: LiveInstantlyCampaign | None
) -> SequencePlan:
    wanted = desired_steps(target)
    schedule = desired_schedule(target)
    if live is None:
        return _create(target, wanted, schedule)
    wanted_forms = [step_form(step) for step in wanted]
    live_forms = [step_form(step) for step in live.steps]

    def score(i: int, j: int) -> float:
        if wanted_forms[i] == live_forms[j]:
            return 1.0
        return 0.01 + 0.98 * canonical.similarity(describe(wanted[i]), describe(live.steps[j]))

    pairs = align_ordered(len(wanted), len(live.steps), score)
    changes: list[FieldChange] = []
    matches: list[StepMatch] = []
    for pair in pairs:
        matches.append(
            StepMatch(pair.desired, None if pair.live is None else f"#{pair.live + 1}", pair.reason)
        )
        if pair.desired is None:
            assert pair.live is not None
            changes.append(
                FieldChange(f"live_steps[{pair.live}]", describe(live.steps[pair.live]), None)
            )
        elif pair.live is None:
            changes.append(
                FieldChange(f"steps[{pair.desired}]", None, describe(wanted[pair.desired]))
            )
        else:
            changes += _step_changes(
                f"steps[{pair.desired}]", wanted[pair.desired], live.steps[pair.live]
            )
    # Identity is positional: a step that moved is rewritten in place too.
    moved = any(p.desired != p.live for p in pairs if p.desired is not None and p.live is not None)
    changes = [change for change in changes if not target.ignore.ignores(change.path)]
    live_schedule = dict(live.schedule) if live.schedule is not None else None
    schedule_changed = schedule is not None and _schedule_differs(schedule, live_schedule)
    if schedule_changed and not target.ignore.ignores("schedule"):
        changes.append(FieldChange("schedule", _shown(live_schedule), _shown(schedule)))
    else:
        schedule_changed = False
    steps_changed = moved or any(change.path != "schedule" for change in changes)
    operations: tuple[Operation, ...] = ()
    if steps_changed or schedule_changed:
        sending = live.status in SENDING_STATUSES and steps_changed
        status = STATUS_NAMES.get(live.status or 0, str(live.status))
        operations = (
            Operation(
                Verb.REPLACE,
                Level.SEQUENCE,
                address=Address(target.name),
                request=lower.replace_sequence(
                    live.id, wanted, schedule if schedule_changed else None
                ),
                reason=f"Instantly writes a campaign's sequence whole: {len(changes)} "
                f"difference(s); the campaign is {status}",
                changes=tuple(changes),
                destructive=sending,
                destructive_why="the campaign is sending: leads part-way through it continue "
                "on the new steps"
                if sending
                else "",
            ),
        )
    return sequence_plan(target, live, operations, matches=matches)


def _create(
    target: Target[InstantlySequence],
    wanted: list[LiveInstantlyStep],
    schedule: dict[str, Any] | None,
) -> SequencePlan:
    if target.sequence_id is not None:
        return sequence_plan(
            target,
            None,
            errors=[
                f"{target.name}: Instantly campaign {target.sequence_id} was not found; "
                "remove `id` to create the campaign, or fix the id"
            ],
        )
    if schedule is None:
        return sequence_plan(
            target,
            None,
            errors=[
                f"{target.name}: no Instantly campaign is titled {target.title!r}, and "
                "creating one needs a sending schedule: add `schedule:` (timezone, days, "
                "from, to)"
            ],
        )
    changes = [
        FieldChange("title", None, target.title),
        FieldChange("schedule", None, _shown(schedule)),
    ]
    changes += [
        FieldChange(f"steps[{index}]", None, describe(step)) for index, step in enumerate(wanted)
    ]
    operation = Operation(
        Verb.CREATE,
        Level.SEQUENCE,
        address=Address(target.name),
        request=lower.create_campaign(target.title, wanted, schedule),
        reason=f"no Instantly campaign is titled {target.title!r}: created as a draft with its "
        f"{len(wanted)} email(s) in one request (it sends nothing until it is activated)",
        changes=tuple(changes),
    )
    return sequence_plan(target, None, (operation,))


def _step_changes(
    path: str, wanted: LiveInstantlyStep, live: LiveInstantlyStep
) -> list[FieldChange]:
    changes = []
    if wanted.wait != live.wait:
        changes.append(
            FieldChange(
                f"{path}.delay",
                None if live.wait is None else format_duration(live.wait),
                None if wanted.wait is None else format_duration(wanted.wait),
            )
        )
    for number in range(max(len(wanted.variants), len(live.variants))):
        here = f"{path}.variants[{number}]"
        after = wanted.variants[number] if number < len(wanted.variants) else None
        before = live.variants[number] if number < len(live.variants) else None
        if after is None or before is None:
            changes.append(
                FieldChange(
                    here,
                    None if before is None else before.subject,
                    None if after is None else after.subject,
                )
            )
            continue
        if canonical.text(after.subject) != canonical.text(before.subject):
            changes.append(FieldChange(f"{here}.subject", before.subject, after.subject))
        if canonical.html(after.body) != canonical.html(before.body):
            changes.append(FieldChange(f"{here}.body", before.body, after.body))
        if after.disabled != before.disabled:
            changes.append(FieldChange(f"{here}.disabled", before.disabled, after.disabled))
    return changes


def _schedule_differs(wanted: dict[str, Any], live: dict[str, Any] | None) -> bool:
    if live is None:
        return True
    keys = ("timezone", "days", "from", "to", "name")
    return any(wanted[key] != live.get(key) for key in keys)


def _shown(schedule: dict[str, Any] | None) -> str | None:
    if schedule is None:
        return None
    days = ",".join(str(day) for day in schedule.get("days") or ())
    return (
        f"{schedule.get('name')}: days {days}, {schedule.get('from')}-{schedule.get('to')} "
        f"{schedule.get('timezone')}"
    )

"""The Inbox planner: any difference becomes one replace of the whole sequence.

The plan still shows the step-level difference (aligned as an ordered list) so a
reviewer sees what changes. Replacing an active campaign's sequence is destructive:
prospects part-way through it continue on the new steps.
"""

from __future__ import annotations

from typing import Any

from seqsync.model.common import format_duration
from seqsync.plan import canonical
from seqsync.plan.align import align_ordered
from seqsync.plan.common import Target, sequence_plan
from seqsync.plan.model import (
    Address,
    FieldChange,
    Level,
    Operation,
    SequencePlan,
    StepMatch,
    Verb,
)
from seqsync.providers.inbox import lower
from seqsync.providers.inbox.live import LiveInboxCampaign, LiveInboxStep
from seqsync.providers.inbox.mapping import BUILTIN_VARIABLES, DELAY_UNIT
from seqsync.providers.inbox.message import parse_message, render_message
from seqsync.providers.inbox.model import InboxSequence, InboxStep


def desired_steps(sequence: InboxSequence) -> list[LiveInboxStep]:
    """The file's steps as the values a read would return after applying them."""
    return [_desired_step(step) for step in sequence.steps]


def _desired_step(step: InboxStep) -> LiveInboxStep:
    if step.delay is not None:
        return LiveInboxStep(kind="delay", delay=step.delay, unit=DELAY_UNIT)
    if step.like_tweet:
        return LiveInboxStep(kind="like_tweet")
    if step.message is not None:
        return LiveInboxStep(kind="message", segments=tuple(parse_message(step.message)))
    segments = [segment.model_dump(exclude_none=True) for segment in step.segments or []]
    return LiveInboxStep(kind="message", segments=tuple(segments))


def canonical_step(step: LiveInboxStep) -> dict[str, Any]:
    """Compared form: adjacent static text merged, text normalised, delay unit ignored."""
    if step.kind == "delay":
        return {"kind": "delay", "delay": step.delay}
    if step.kind == "like_tweet":
        return {"kind": "like_tweet"}
    merged: list[dict[str, Any]] = []
    for segment in step.segments:
        if segment.get("type") == "static" and merged and merged[-1].get("type") == "static":
            merged[-1] = {"type": "static", "text": merged[-1]["text"] + segment.get("text", "")}
        else:
            merged.append(dict(segment))
    if merged and merged[-1].get("type") == "static":
        merged[-1] = {"type": "static", "text": merged[-1]["text"].rstrip()}
    return {"kind": "message", "segments": merged}


def describe(step: LiveInboxStep) -> str:
    """How a step reads in a plan."""
    if step.kind == "delay":
        return f"wait {format_duration(step.delay or 0)}"
    if step.kind == "like_tweet":
        return "like their latest tweet"
    return render_message(list(step.segments)) or str(list(step.segments))


def plan_inbox(target: Target[InboxSequence], live: LiveInboxCampaign) -> SequencePlan:
    wanted = desired_steps(target.desired)
    wanted_forms = [canonical_step(step) for step in wanted]
    live_forms = [canonical_step(step) for step in live.steps]

    def score(i: int, j: int) -> float:
        if wanted_forms[i] == live_forms[j]:
            return 1.0
        if wanted_forms[i]["kind"] != live_forms[j]["kind"]:
            return 0.0
        return 0.99 * canonical.similarity(describe(wanted[i]), describe(live.steps[j]))

    pairs = align_ordered(len(wanted), len(live.steps), score)
    changes: list[FieldChange] = []
    matches: list[StepMatch] = []
    ignore = target.ignore
    for pair in pairs:
        matches.append(
            StepMatch(pair.desired, None if pair.live is None else f"#{pair.live + 1}", pair.reason)
        )
        before = describe(live.steps[pair.live]) if pair.live is not None else None
        after = describe(wanted[pair.desired]) if pair.desired is not None else None
        same = (
            pair.live is not None
            and pair.desired is not None
            and wanted_forms[pair.desired] == live_forms[pair.live]
        )
        path = f"steps[{pair.desired}]" if pair.desired is not None else f"live_steps[{pair.live}]"
        if not same and not ignore.ignores(path):
            changes.append(FieldChange(path, before, after))
    reordered = [p.live for p in pairs if p.live is not None and p.desired is not None] != sorted(
        p.live for p in pairs if p.live is not None and p.desired is not None
    )
    errors = _unknown_variables(target, wanted, live)
    operations: tuple[Operation, ...] = ()
    if (changes or reordered) and not errors:
        # Only live steps can be under way: filling an empty active campaign stops nothing.
        active = live.status == "active" and bool(live.steps)
        operations = (
            Operation(
                Verb.REPLACE,
                Level.SEQUENCE,
                address=Address(target.name),
                request=lower.replace_sequence(live.id, wanted, live.like_tweet),
                reason=f"Inbox replaces whole sequences: {len(changes)} step difference(s); "
                f"campaign version {live.version} becomes {live.version + 1}",
                changes=tuple(changes),
                destructive=active,
                destructive_why="the campaign is active: prospects part-way through it continue on the new steps"
                if active
                else "",
            ),
        )
    return sequence_plan(
        target, live, operations, matches=matches, errors=errors, live_version=live.version
    )


def _unknown_variables(
    target: Target[InboxSequence], wanted: list[LiveInboxStep], live: LiveInboxCampaign
) -> list[str]:
    known = BUILTIN_VARIABLES | set(live.custom_variables)
    errors = []
    for index, step in enumerate(wanted):
        for segment in step.segments:
            if segment.get("type") == "variable" and segment.get("name") not in known:
                errors.append(
                    f"{target.name}.steps[{index}]: variable {segment.get('name')!r} is neither built in "
                    f"nor a custom variable of campaign {live.id} ({', '.join(sorted(known))}); "
                    "fix the name or add the column to the campaign's lead list"
                )
    return errors

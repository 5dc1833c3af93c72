"""The lemlist planner: pure, from (file, live) to ordered operations.

lemlist steps are an ordered list patched one by one (docs/providers/lemlist.md §2): a
step is created at a position, patched (its ``type`` cannot change) or deleted, and an
email step's A/B variant B is started, patched or deleted. So file steps pair with live
steps in order (an LCS, pins first); a paired step of another type is deleted and created
anew (destructive); a live step the file lacks is deleted (destructive). No route moves a
step, so pins that cross the live order are an error. lemlist refuses a step delete and
an A/B start or end while the campaign runs: such a plan is an error saying to pause it.

Operations go in this order: deletes, then each file step in order (create, or patch,
then its variant B), so each create's position is that of its file step among the steps
there when it is sent.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from seqsync.plan import canonical
from seqsync.plan.align import Pair, align_ordered, step_score
from seqsync.plan.common import Target, sequence_plan, unknown_pins, written_text
from seqsync.plan.model import (
    NEW_SEQUENCE_ID,
    Address,
    FieldChange,
    Level,
    LiveIds,
    Operation,
    SequencePlan,
    StepMatch,
    Verb,
)
from seqsync.providers.lemlist import lower
from seqsync.providers.lemlist.client import new_step
from seqsync.providers.lemlist.live import LiveLemlistSequence, LiveLemlistStep
from seqsync.providers.lemlist.model import FIELDS, KeptStep, LemlistSequence, LemlistStep, VariantB

Files = Mapping[str, str]
DELETE_WHY = "prospects stop receiving this step: lemlist deletes it"
RUNNING = "running"
HTML_FIELDS = frozenset({"message"})
DAY = 86_400  # a `.delay` change is shown in seconds, as every plan does: lemlist's are days  # an email body: compared as HTML (tags, whitespace)


@dataclass
class _Work:
    target: Target[LemlistSequence]
    live: LiveLemlistSequence | None
    sequence_id: str
    deletes: list[Operation] = field(default_factory=list)
    writes: list[Operation] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    matches: list[StepMatch] = field(default_factory=list)


def plan_lemlist(target: Target[LemlistSequence], live: LiveLemlistSequence | None) -> SequencePlan:
    desired = list(target.desired.steps)
    live_steps = list(live.steps) if live else []
    work = _Work(target, live, live.sequence_id if live else NEW_SEQUENCE_ID)
    if live is not None:
        work.errors += unknown_pins(
            f"{target.name}.steps",
            [step.id for step in desired],
            [(step.id, f"{step.type}, delay {step.delay}") for step in live_steps],
        )
    pairs = _pairs(desired, live_steps, target.files)
    _check_order(work, pairs, live_steps)
    # The steps present, by live id, as the writes are sent: deletes go first.
    present = [
        step.id
        for j, step in enumerate(live_steps)
        if any(p.live == j and p.desired is not None for p in pairs) or target.keep_unmanaged
    ]
    retyped: set[int] = set()
    for pair in pairs:
        if pair.desired is None and pair.live is not None:
            current = live_steps[pair.live]
            work.matches.append(StepMatch(None, current.id, pair.reason))
            if not target.keep_unmanaged:
                work.deletes.append(_delete(work, current, "is not in the file"))
        elif pair.desired is not None and pair.live is not None:
            wanted, current = desired[pair.desired], live_steps[pair.live]
            if isinstance(wanted, LemlistStep) and wanted.type != current.type:
                retyped.add(pair.desired)
                present.remove(current.id)
                why = f"its type changes from {current.type} to {wanted.type}, which lemlist cannot patch"
                work.deletes.append(_delete(work, current, why))
    # Each file step in order: the previous one's place says where a new one goes.
    at = -1  # the position of the previous file step in `present`
    by_desired = {p.desired: p for p in pairs if p.desired is not None}
    for index, wanted in enumerate(desired):
        pair = by_desired[index]
        paired = live_steps[pair.live] if pair.live is not None else None
        if paired is not None and index not in retyped:
            work.matches.append(StepMatch(index, paired.id, pair.reason))
            at = present.index(paired.id)
            if isinstance(wanted, LemlistStep):
                _plan_paired(work, index, wanted, paired)
            continue
        work.matches.append(StepMatch(index, None, "new" if paired is None else "retyped"))
        if not isinstance(wanted, LemlistStep):
            continue  # a kept step that is not live: unknown_pins said so
        at += 1
        position = at if at < len(present) else None
        present.insert(at, new_step(index))
        _plan_create(work, index, wanted, position)
    prelude = [] if live is not None else [_create_campaign(target)]
    work.errors += _refused_while_running(work)
    return sequence_plan(
        target,
        live,
        prelude + work.deletes + work.writes,
        matches=sorted(work.matches, key=_match_order),
        errors=work.errors,
        notes=work.notes,
    )


def _match_order(match: StepMatch) -> float:
    return match.desired if match.desired is not None else float("inf")


# --- pairing ---------------------------------------------------------------------------


def _pairs(
    desired: list[LemlistStep | KeptStep], live: list[LiveLemlistStep], files: Files
) -> list[Pair]:
    ids = {step.id: j for j, step in enumerate(live)}
    pinned = {i: ids[step.id] for i, step in enumerate(desired) if step.id in ids}

    def score(i: int, j: int) -> float:
        wanted, current = desired[i], live[j]
        if not isinstance(wanted, LemlistStep) or wanted.type != current.type:
            return 0.0
        if not _differences(wanted, current, files) and _variant_b_equal(wanted, current, files):
            return 1.0
        content = _similarity(wanted, current, files)
        timing = 1.0 / (1 + abs(wanted.delay - current.delay))
        return step_score(content, timing)

    return align_ordered(len(desired), len(live), score, pinned)


def _similarity(wanted: LemlistStep, current: LiveLemlistStep, files: Files) -> float:
    written = wanted.written(files)
    mine = " ".join(str(v) for v in written.values())
    theirs = " ".join(str(current.fields.get(k, "")) for k in written)
    if not mine and not theirs:
        return 1.0
    return difflib.SequenceMatcher(None, mine, theirs).ratio()


def _check_order(work: _Work, pairs: list[Pair], live: list[LiveLemlistStep]) -> None:
    """lemlist has no route to move a step: paired steps must keep the live order."""
    paired = sorted(
        (p.desired, p.live) for p in pairs if p.desired is not None and p.live is not None
    )
    last = -1
    for desired, live_index in paired:
        if live_index < last:
            work.errors.append(
                f"{work.target.name}.steps[{desired}]: pinned to live step "
                f"{live[live_index].id}, which comes before a step the file puts ahead of it; "
                "lemlist cannot move a step: put the steps in their live order, or remove "
                "the id to delete it and create it at its new place"
            )
            return
        last = live_index


# --- comparing -------------------------------------------------------------------------


def _differences(
    wanted: LemlistStep, current: LiveLemlistStep, files: Files
) -> dict[str, tuple[Any, Any]]:
    """(live, file) for each field the file writes and the read shows that differ, and the
    delay. A field the read does not return cannot be compared (see _unseen)."""
    found: dict[str, tuple[Any, Any]] = {}
    if wanted.delay != current.delay:
        found["delay"] = (current.delay, wanted.delay)
    for key, value in wanted.written(files).items():
        if key not in current.fields:
            continue
        if not _same(key, current.fields[key], value):
            found[key] = (current.fields[key], value)
    return found


def _same(key: str, live: Any, wanted: Any) -> bool:
    if isinstance(wanted, str) and isinstance(live, str):
        if key in HTML_FIELDS:
            return canonical.html(live) == canonical.html(wanted)
        return canonical.text(live) == canonical.text(wanted)
    if isinstance(wanted, list) and isinstance(live, list):
        return [str(v) for v in live] == [str(v) for v in wanted]
    return bool(live == wanted)


def _variant_b_equal(wanted: LemlistStep, current: LiveLemlistStep, files: Files) -> bool:
    b, live_b = wanted.variant_b, current.variant_b
    if b is None or live_b is None:
        return b is None and live_b is None
    return _same("subject", live_b.subject or "", b.subject) and _same(
        "message", live_b.message or "", b_message(b, files)
    )


def b_message(b: VariantB, files: Files) -> str:
    """Variant B's body, inline or from its file (the loader read it)."""
    return written_text(b.message, b.message_file, files) or ""


# --- operations ------------------------------------------------------------------------


def _create_campaign(target: Target[LemlistSequence]) -> Operation:
    return Operation(
        Verb.CREATE,
        Level.SEQUENCE,
        address=Address(target.name),
        request=lower.create_campaign(target.title),
        reason=f"no live campaign is named {target.title!r}",
        changes=(FieldChange("title", None, target.title),),
    )


def _plan_create(work: _Work, index: int, step: LemlistStep, position: int | None) -> None:
    fields = step.written(work.target.files)
    summary = {"type": step.type, "delay": step.delay * DAY, **fields}
    work.writes.append(
        Operation(
            Verb.CREATE,
            Level.STEP,
            address=Address(work.target.name, str(index)),
            request=lower.create_step(work.sequence_id, step.type, step.delay, fields, position),
            reason=f"step {index + 1} ({step.type}) is in the file but not live",
            changes=tuple(
                FieldChange(f"steps[{index}].{key}", None, value) for key, value in summary.items()
            ),
        )
    )
    if step.variant_b is not None:
        _plan_variant_b(work, index, new_step(index), None, step)


def _plan_paired(work: _Work, index: int, wanted: LemlistStep, current: LiveLemlistStep) -> None:
    files = work.target.files
    differences = _differences(wanted, current, files)
    unseen = [key for key in wanted.written(files) if key not in current.fields]
    if unseen:
        work.notes.append(
            f"{work.target.name}.steps[{index}]: {', '.join(unseen)} not compared: lemlist's "
            f"read of this {wanted.type} step does not return them, so seqsync sends them "
            "only when it creates the step; change a live one in lemlist"
        )
    if differences:
        delay = differences.get("delay")
        fields = {key: value for key, (_, value) in differences.items() if key != "delay"}
        work.writes.append(
            Operation(
                Verb.PATCH,
                Level.STEP,
                address=Address(work.target.name, str(index)),
                request=lower.patch_step(
                    work.sequence_id,
                    current.id,
                    current.type,
                    delay[1] if delay is not None else None,
                    fields,
                ),
                reason=f"live step {current.id} differs from the file in "
                + ", ".join(sorted(differences)),
                changes=tuple(
                    FieldChange(f"steps[{index}].{key}", before * DAY, after * DAY)
                    if key == "delay"
                    else FieldChange(f"steps[{index}].{key}", before, after)
                    for key, (before, after) in differences.items()
                ),
                live=LiveIds(current.id),
            )
        )
    if not _variant_b_equal(wanted, current, files):
        _plan_variant_b(work, index, current.id, current, wanted)


def _plan_variant_b(
    work: _Work, index: int, step_id: str, current: LiveLemlistStep | None, wanted: LemlistStep
) -> None:
    address = Address(work.target.name, str(index), "B")
    live_ids = LiveIds(current.id if current else None)
    live_b = current.variant_b if current else None
    b = wanted.variant_b
    if b is None:
        if live_b is not None:
            work.writes.append(
                Operation(
                    Verb.DELETE,
                    Level.VARIANT,
                    address=address,
                    request=lower.end_a_b(work.sequence_id, step_id),
                    reason="the file has no variant B: the A/B test ends, variant A stays",
                    changes=(FieldChange(f"steps[{index}].variant_b", _b_data(live_b), None),),
                    destructive=True,
                    destructive_why="prospects stop receiving variant B",
                    live=live_ids,
                )
            )
        return
    if live_b is None:
        if current is not None and current.ab_winner is not None:
            work.errors.append(
                f"{work.target.name}.steps[{index}]: this step's A/B test picked variant "
                f"{current.ab_winner} as its winner, and lemlist starts no second test on a "
                "step: remove variant_b, or add a new email step"
            )
            return
        work.writes.append(
            Operation(
                Verb.CREATE,
                Level.VARIANT,
                address=address,
                request=lower.start_a_b(work.sequence_id, step_id),
                reason="variant B is in the file but not live: lemlist starts the A/B test "
                "with B a copy of A",
                changes=(FieldChange(f"steps[{index}].variant_b", None, "copy of A"),),
                live=live_ids,
            )
        )
    before = _b_data(live_b) if live_b else {}
    after = {"subject": b.subject, "message": b_message(b, work.target.files)}
    changed = {
        key: value
        for key, value in after.items()
        if live_b is None or not _same(key, before.get(key) or "", value)
    }
    work.writes.append(
        Operation(
            Verb.PATCH,
            Level.VARIANT,
            address=address,
            request=lower.patch_variant_b(work.sequence_id, step_id, changed),
            reason="variant B differs from the file in " + ", ".join(sorted(changed)),
            changes=tuple(
                FieldChange(f"steps[{index}].variant_b.{key}", before.get(key), value)
                for key, value in changed.items()
            ),
            live=live_ids,
        )
    )


def _b_data(b: Any) -> dict[str, Any]:
    return {"subject": b.subject, "message": b.message}


def _delete(work: _Work, step: LiveLemlistStep, why: str) -> Operation:
    return Operation(
        Verb.DELETE,
        Level.STEP,
        address=Address(work.target.name, f"id:{step.id}"),
        request=lower.delete_step(work.sequence_id, step.id),
        reason=f"live step {step.id} ({step.type}) {why}",
        changes=(FieldChange(f"steps[id:{step.id}]", step.type, None),),
        destructive=True,
        destructive_why=DELETE_WHY,
        live=LiveIds(step.id),
    )


def _refused_while_running(work: _Work) -> list[str]:
    """lemlist refuses these while a campaign runs (docs/providers/lemlist.md §2)."""
    if work.live is None or work.live.status != RUNNING:
        return []
    refused = [
        op
        for op in work.deletes + work.writes
        if op.verb is Verb.DELETE or op.does(Verb.CREATE, Level.VARIANT)
    ]
    return [
        f"{op.address}: lemlist refuses to {'delete a step' if op.target is Level.STEP else 'start or end an A/B test'} "
        f"while campaign {work.live.id} is running; pause the campaign in lemlist, plan and "
        "apply, then start it again"
        for op in refused
    ]


__all__ = ["FIELDS", "plan_lemlist"]

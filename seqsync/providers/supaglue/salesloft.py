"""How Salesloft stores what Supaglue sends it, so a plan compares like with like.

From Supaglue's Salesloft mapper (``packages/core/remotes/impl/salesloft/mappers.ts``,
``toSalesloftCadenceStepImportParams`` and ``fromSalesloftCadenceStepToSequenceStep``):

- an email step's task note is folded into its name: ``"<name or Step N>: <note>"``, and
  it reads back with no task note;
- a step that is neither email nor call is stored with instructions ``"<type>: <note>"``
  and reads back as a ``task`` (the mapping strips the prefix again);
- cadences are day-based: a step's place is its day from the start of the cadence, and
  only Email and Phone steps read back with an offset (the others carry none).

So the planner compares a Salesloft step by its offset from the start (the running sum
of the file's delays) and an email step's name as Salesloft will have made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from seqsync.providers.supaglue.live import LiveSupaglueStep
from seqsync.providers.supaglue.model import EMAIL_TYPES, SupaglueStep

TASK_PREFIX = "task: "


def desired_offsets(steps: Sequence[SupaglueStep]) -> list[int]:
    """Each file step's offset from the start of the cadence (delays accumulate)."""
    offsets, running = [], 0
    for step in steps:
        running += step.delay or 0
        offsets.append(running)
    return offsets


def live_offsets(steps: Sequence[LiveSupaglueStep]) -> list[int | None]:
    """Each live step's offset from the start, None where Salesloft gives none."""
    offsets: list[int | None] = []
    running = 0
    for step in steps:
        if step.delay is None:
            offsets.append(None)
            continue
        running += step.delay  # the mapping made known offsets relative to the last known
        offsets.append(running)
    return offsets


def project(record: dict[str, Any], step: SupaglueStep, position: int, offset: int) -> None:
    """``record`` (a file step's canonical record) as Salesloft will store it."""
    record["delay"] = offset
    if step.type in EMAIL_TYPES and (step.name is not None or step.task_note):
        parts = [step.name or f"Step {position + 1}", step.task_note]
        record["name"] = ": ".join(part for part in parts if part)
        record["task_note"] = ""


def strip_task_prefix(note: str | None) -> str | None:
    """A task step's instructions without the ``task: `` Supaglue put in front."""
    if note is not None and note.startswith(TASK_PREFIX):
        return note[len(TASK_PREFIX) :] or None
    return note

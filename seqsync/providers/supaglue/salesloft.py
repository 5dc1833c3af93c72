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


DAY = 86_400


def cadence_step_groups(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Salesloft's ``cadence_content.step_groups`` for ``create_sequence_step`` records,
    built as Supaglue's own mapper builds them for a new cadence
    (``toSalesloftCadenceImportParams`` over ``toSalesloftCadenceStepImportParams``): one
    group per step, days accumulated from the start, ``reference_id`` the step's order.

    Why seqsync builds them: Supaglue imports one step per request, and Salesloft's
    import works only on a cadence with no steps, so a second step can never follow the
    first. But Supaglue spreads a step's ``custom_fields`` into ``cadence_content`` after
    its one group, so ``custom_fields.step_groups`` carries every step in one import.
    """
    groups: list[dict[str, Any]] = []
    day_offset = 0
    for order, record in enumerate(records, start=1):
        interval = int(record.get("interval_seconds") or 0) + day_offset * DAY
        day = interval // DAY + 1  # the model allows whole days only for Salesloft
        automated = record["type"] == "auto_email"
        group: dict[str, Any] = {"day": day, "automated": automated}
        if automated:
            group["automated_settings"] = {
                "send_type": "after_time_delay",
                "delay_time": (interval % DAY) // 60,
            }
        group.update(due_immediately=False, steps=[_cadence_step(record, order)])
        group["reference_id"] = order
        groups.append(group)
        day_offset = day - 1
    return groups


def _cadence_step(record: dict[str, Any], order: int) -> dict[str, Any]:
    name = record.get("name") or f"Step {order}"
    note = record.get("task_note")
    template = record.get("template")
    if record["type"] in EMAIL_TYPES and isinstance(template, dict) and "body" in template:
        email = {key: template[key] for key in ("subject", "body")}
        if template.get("name") is not None:
            email = {"title": template["name"], **email}
        return {
            "enabled": True,
            "type": "Email",
            "name": ": ".join(part for part in (name, note) if part),
            "type_settings": {"email_template": email},
        }
    if record["type"] == "call":
        return {
            "enabled": True,
            "type": "Phone",
            "name": name,
            "type_settings": {"instructions": note or ""},
        }
    return {
        "enabled": True,
        "type": "Other",
        "name": name,
        "type_settings": {"instructions": f"{record['type']}: {note or ''}"},
    }

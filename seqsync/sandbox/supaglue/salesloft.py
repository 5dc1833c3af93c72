"""What Salesloft keeps of the steps Supaglue imports into a cadence, for the emulator.

Sources: Supaglue 0.25.7 ``packages/core/remotes/impl/salesloft/mappers.ts``
(``toSalesloftCadenceStepImportParams``, ``toSalesloftCadenceImportParams``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from seqsync.sandbox.supaglue.errors import remote_bad_request
from seqsync.sandbox.supaglue.rules import DAY
from seqsync.sandbox.worlds import World


def imported_groups(
    groups: list[Any],
    templates: dict[str, Any],
    new_id: Callable[[], str],
    now: str,
    world: World,
) -> list[dict[str, Any]]:
    """Steps as Salesloft keeps them from a cadence import's step groups (Salesloft's
    own shape, not Supaglue's): a group per day from the cadence start, each with its
    steps; Email steps carry an email template, Phone and Other steps instructions."""
    stored: list[dict[str, Any]] = []
    running = 0  # stored intervals are relative; the read sums them into offsets
    for group in groups:
        if not isinstance(group, dict) or not isinstance(group.get("day"), int):
            raise remote_bad_request("salesloft", "step_groups: each group needs a day", world)
        settings = group.get("automated_settings") or {}
        minutes = int(settings.get("delay_time") or 0) if group.get("automated") else 0
        for step in group.get("steps") or []:
            kind = step.get("type")
            type_settings = step.get("type_settings") or {}
            template_id = None
            if kind == "Email":
                email = type_settings.get("email_template") or {}
                template_id = new_id()
                templates[template_id] = {
                    "subject": email.get("subject") or "",
                    "body": email.get("body") or "",
                    "name": email.get("title"),
                }
                step_type = "auto_email" if group.get("automated") else "manual_email"
            elif kind in ("Phone", "Other"):
                step_type = "call" if kind == "Phone" else "task"
            else:
                raise remote_bad_request("salesloft", f"unknown step type {kind!r}", world)
            offset = (group["day"] - 1) * DAY + minutes * 60
            stored.append(
                {
                    "id": new_id(),
                    "type": step_type,
                    "interval": offset - running,
                    "date": None,
                    "template_id": template_id,
                    "task_note": None if kind == "Email" else type_settings.get("instructions"),
                    "is_reply": False,
                    "name": step.get("name"),
                    "automated": bool(group.get("automated")),
                    "created_at": now,
                }
            )
            running = offset
    return stored


def salesloft_stored(step: dict[str, Any]) -> dict[str, Any]:
    """The name and instructions Salesloft keeps for a step Supaglue imported, as its
    mapper builds them (packages/core/remotes/impl/salesloft/mappers.ts,
    toSalesloftCadenceStepImportParams): an email's task note is folded into its name;
    another step's note is prefixed with its type. JavaScript writes a missing order as
    "undefined", so an unnumbered step is literally named "Step undefined"."""
    order = step.get("order")
    default = f"Step {order if order is not None else 'undefined'}"
    name, note = step.get("name"), step.get("task_note")
    if step["type"] in ("auto_email", "manual_email"):
        return {
            "name": ": ".join(part for part in (name or default, note) if part),
            "task_note": None,
        }
    if step["type"] == "call":
        return {"name": name or default, "task_note": note or ""}
    return {"name": name or default, "task_note": f"{step['type']}: {note or ''}"}

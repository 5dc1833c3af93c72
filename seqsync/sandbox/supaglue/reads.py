"""What Supaglue's reads return: sequences and steps in its common model, with each
engine's quirks applied as Supaglue's mappers apply them (docs/providers/supaglue.md §4)."""

from __future__ import annotations

import base64
import json
from typing import Any

from seqsync.sandbox.state import Transaction
from seqsync.sandbox.supaglue.errors import failure
from seqsync.sandbox.supaglue.rules import DAY
from seqsync.sandbox.supaglue.store import engine_state
from seqsync.sandbox.worlds import World


def public_sequence(
    tx: Transaction,
    now: str,
    engine: str,
    sequence: dict[str, Any],
    *,
    with_steps: bool,
    world: World | None = None,
) -> dict[str, Any]:
    public: dict[str, Any] = {
        "id": sequence["id"],
        "owner_id": sequence.get("owner_id"),
        "name": sequence["name"],
        "is_enabled": sequence.get("is_enabled", False),
        "tags": list(sequence.get("tags") or []),
        "num_steps": len(sequence["steps"]),
        "metrics": {},
        "created_at": sequence["created_at"],
        "updated_at": None if engine == "apollo" else sequence["updated_at"],
        "last_modified_at": now if engine == "apollo" else sequence["updated_at"],
        "is_archived": False,
        "share_type": sequence.get("share_type"),
    }
    if with_steps:
        public["steps"] = _public_steps(tx, engine, sequence, world or World())
    return public


def _public_steps(
    tx: Transaction, engine: str, sequence: dict[str, Any], world: World
) -> list[dict[str, Any]]:
    templates = engine_state(tx, engine)["templates"]
    steps: list[dict[str, Any]] = []
    running = 0
    listed = sequence["steps"]
    if engine == "outreach" and world.outreach_read_order == "creation":
        # GET /sequenceSteps?filter[sequence][id]=… with no sort (outreach/index.ts
        # getCommonObjectRecord): in the order Outreach made them. Steps stored before
        # creation was counted keep their place, first.
        listed = sorted(listed, key=lambda s: s.get("created", 0))
    for step in listed:
        template = templates.get(step["template_id"]) if step["template_id"] else None
        if engine == "outreach" and template is None:
            raise failure(
                500,
                "INTERNAL_SERVER_ERROR",
                "Cannot read properties of undefined (reading 'template')",
            )
        public: dict[str, Any] = {
            "id": step["id"],
            "type": step["type"],
            "sequence_id": sequence["id"],
            "created_at": step["created_at"],
            "updated_at": step["created_at"],
            "last_modified_at": step["created_at"],
            "is_deleted": False,
        }
        if step.get("task_note") is not None:
            public["task_note"] = step["task_note"]
        if step.get("date") is not None:
            public["date"] = step["date"]
        if engine == "apollo":
            # Apollo's exact_datetime is a full timestamp, set even on the first step of
            # an interval sequence (Supaglue's captured Apollo response:
            # packages/core/remotes/impl/apollo/examples/emailer-campaign-response.example.json).
            if step.get("date") is not None:
                public["date"] = f"{step['date']}T00:00:00.000+00:00"
            elif not steps and not step.get("interval"):
                public["date"] = step["created_at"].replace("+00:00", ".000+00:00")
        interval = step.get("interval")
        if interval is not None:
            running += interval
            if engine == "apollo":
                public["interval_seconds"] = running  # Supaglue's cumulative quirk
            elif engine == "outreach":
                public["interval_seconds"] = interval
            elif step["type"] in ("auto_email", "manual_email", "call"):
                days, minutes = divmod(running, DAY)
                public["interval_seconds"] = days * DAY + (minutes // 60) * 60
        if template is not None:
            body = template["body"]
            if engine == "apollo" and world.apollo_body == "document":
                # Supaglue's captured Apollo campaign (apollo/examples/
                # emailer-campaign-response.example.json) has body_html as a document.
                body = f"<html><head></head><body>{body}</body></html>"
            public["template"] = {
                "id": step["template_id"],
                "subject": template["subject"],
                "body": body,
                **({"name": template["name"]} if template.get("name") else {}),
            }
        elif engine == "apollo":
            # Supaglue's Apollo mapper builds a template for every step, with empty
            # subject and body when the step has none (apollo/index.ts, getSequence).
            public["template"] = {"subject": "", "body": ""}
        if engine == "salesloft":
            # fromSalesloftCadenceStepToSequenceStep: the export carries no step ids;
            # an email reads back with no task note, a step that is neither Email nor
            # Phone as a "task" with its instructions (and, above, no offset).
            del public["id"]
            if step.get("name"):
                public["name"] = step["name"]
            if step["type"] in ("auto_email", "manual_email"):
                public.pop("task_note", None)
            elif step["type"] != "call":
                public["type"] = "task"
        steps.append(public)
    return steps


def page(
    ordered: list[dict[str, Any]], cursor: str | None, size: int
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The sequences a list cursor points at, and the pagination block that goes with them."""
    start = 0
    if cursor:
        try:
            position = json.loads(base64.b64decode(cursor))
            start = next(i for i, s in enumerate(ordered) if s["id"] == position["id"])
        except (ValueError, KeyError, StopIteration, TypeError):
            raise failure(400, "BAD_REQUEST", "Invalid cursor") from None
    window = ordered[start : start + size]
    following = ordered[start + size] if start + size < len(ordered) else None
    previous = ordered[max(0, start - size)] if start > 0 else None
    return window, {
        "next": _cursor(following["id"], False) if following else None,
        "previous": _cursor(previous["id"], True) if previous else None,
        "total_count": len(ordered),
    }


def _cursor(sequence_id: str, reverse: bool) -> str:
    return base64.b64encode(json.dumps({"id": sequence_id, "reverse": reverse}).encode()).decode()

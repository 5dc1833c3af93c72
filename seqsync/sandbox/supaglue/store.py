"""How the Supaglue emulator keeps each engine's sequences, steps and templates.

State per engine: ``{"sequences": {id: ...}, "templates": {id: {subject, body, name}}}``.
Steps keep the delay *as written* (relative seconds) and a template id; every engine
quirk is applied when reading back (reads.py), as Supaglue's mappers do.
"""

from __future__ import annotations

import random
from typing import Any

from seqsync.sandbox.ids import numeric_id
from seqsync.sandbox.state import Transaction
from seqsync.sandbox.supaglue.errors import failure
from seqsync.sandbox.supaglue.salesloft import salesloft_stored
from seqsync.sandbox.worlds import World

# Apollo makes a touch (and so a template) only for the steps that send something: a call
# or an action item has none (apollo/index.ts createSequenceStep: "if (r.emailer_touch &&
# r.emailer_template)"). Whether it keeps one anyway is the `apollo.call_template` world.
APOLLO_UNTEMPLATED = frozenset({"call", "task"})


def engine_state(tx: Transaction, engine: str) -> dict[str, Any]:
    engines: dict[str, Any] = tx.state.setdefault("engines", {})
    state: dict[str, Any] = engines.setdefault(engine, {"sequences": {}, "templates": {}})
    return state


def new_id(rng: random.Random, engine: str) -> str:
    if engine == "apollo":
        return "".join(rng.choice("0123456789abcdef") for _ in range(24))
    return numeric_id(rng)


def stored_step(
    tx: Transaction,
    rng: random.Random,
    now: str,
    engine: str,
    step: dict[str, Any],
    world: World,
) -> dict[str, Any]:
    """A checked step as the engine keeps it: its delay as written and a template id,
    a template made for it unless it names one."""
    template = step.get("template")
    state = engine_state(tx, engine)
    templates = state["templates"]
    template_id = None
    if (
        engine == "apollo"
        and step["type"] in APOLLO_UNTEMPLATED
        and world.apollo_call_template == "none"
    ):
        template = None  # no touch to put it on: taken, and dropped
    if isinstance(template, dict) and "id" in template and "subject" not in template:
        template_id = str(template["id"])
        if template_id not in templates:
            raise failure(404, "NOT_FOUND_ERROR", f"Template {template_id} not found")
    elif isinstance(template, dict):
        template_id = new_id(rng, engine)
        templates[template_id] = {
            "subject": template["subject"],
            "body": template["body"],
            "name": template.get("name"),
        }
    # The creation order, for engines that list steps unsorted (outreach.read_order).
    state["step_counter"] = state.get("step_counter", 0) + 1
    stored = {
        "id": new_id(rng, engine),
        "created": state["step_counter"],
        "type": step["type"],
        "interval": step["interval_seconds"] if step.get("date") is None else None,
        "date": step.get("date"),
        "template_id": template_id,
        "task_note": step.get("task_note"),
        "is_reply": bool(step.get("is_reply")),
        "name": step.get("name"),
        "automated": step["type"] != "manual_email",
        "created_at": now,
        "custom_fields": step.get("custom_fields"),
    }
    if engine == "salesloft":
        stored.update(salesloft_stored(step))
    return stored

"""What Saleshandy's reads return: sequences, steps and variants in their public shape.

Steps are stored in the wire shape (numeric ``type``, ``absoluteDays``, variants with
``payload``); a read copies them, spelling the channel as the world says.
"""

from __future__ import annotations

from typing import Any

from seqsync.sandbox.saleshandy.rules import CHANNEL_CODES_BY_NAME
from seqsync.sandbox.worlds import World

# A read in the `names` world spells each code one way: for 6, the step page's spelling.
CHANNEL_NAMES: dict[int, str] = {
    code: name for name, code in reversed(CHANNEL_CODES_BY_NAME.items())
}


def listed_sequence(sequence: dict[str, Any]) -> dict[str, Any]:
    """A sequence as the list route shows it: its steps by id and name only."""
    return {
        "id": sequence["id"],
        "title": sequence["title"],
        "active": sequence.get("active", False),
        "steps": [{"id": step["id"], "name": step["name"]} for step in sequence["steps"]],
        "client": None,
        "user": {
            "id": 1,
            "firstName": "Sandbox",
            "lastName": "User",
            "email": "sandbox@example.com",
        },
    }


def public_step(step: dict[str, Any], world: World) -> dict[str, Any]:
    return {
        **step_summary(step, world),
        "variants": [shown(v, world) for v in step["variants"]],
    }


def step_summary(step: dict[str, Any], world: World) -> dict[str, Any]:
    return shown(
        {key: step[key] for key in ("id", "name", "number", "type", "absoluteDays")}, world
    )


def shown(record: dict[str, Any], world: World) -> dict[str, Any]:
    """A copy of a stored step or variant as a read returns it: the channel code is
    stored, and read back as its name only in the `names` world."""
    copy = dict(record)
    if world.saleshandy_enums == "names" and "type" in copy:
        copy["type"] = CHANNEL_NAMES[copy["type"]]
    return copy

"""What lemlist's reads return (docs/providers/lemlist.md §3): a campaign, its sequences
keyed by id with their steps in order, and a step's variant B.

Which step fields beyond the read schema's come back is not documented: the world's
``lemlist.read_fields`` decides (all stored fields, or only the documented ones)."""

from __future__ import annotations

from typing import Any

from seqsync.sandbox.worlds import World

# The read schema's step fields (§3).
DOCUMENTED = ("_id", "delay", "emailTemplateId", "type", "index", "sequenceId", "sequenceStep",
              "message", "subject")  # fmt: skip
INTERNAL = ("b",)  # the emulator's own: variant B's record


def public_campaign(campaign: dict[str, Any]) -> dict[str, Any]:
    return {key: campaign[key] for key in ("_id", "name", "createdAt", "status") if key in campaign}


def listed_campaign(campaign: dict[str, Any]) -> dict[str, Any]:
    return {**public_campaign(campaign), "sequenceId": campaign["sequenceId"]}


def public_sequences(sequences: list[dict[str, Any]], world: World) -> dict[str, Any]:
    return {
        sequence["_id"]: {
            "_id": sequence["_id"],
            "level": sequence["level"],
            "steps": [
                _shown(step, position, sequence["_id"], world)
                for position, step in enumerate(sequence["steps"])
            ],
        }
        for sequence in sequences
    }


def _shown(step: dict[str, Any], position: int, sequence_id: str, world: World) -> dict[str, Any]:
    stored = {key: value for key, value in step.items() if key not in INTERNAL}
    full = {**stored, "index": position + 1, "sequenceStep": position, "sequenceId": sequence_id}
    if world.lemlist_read_fields == "documented":
        return {key: full[key] for key in DOCUMENTED if key in full}
    return full


def variant_b(step: dict[str, Any]) -> dict[str, Any]:
    b = step["b"]
    return {
        "stepId": step["_id"],
        "abTest": step.get("abTest", True),
        "emailTemplateBId": b["emailTemplateBId"],
        "subject": b["subject"],
        "message": b["message"],
        **{key: b[key] for key in ("altMessage", "cc", "plainText") if key in b},
    }


def written_step(step: dict[str, Any]) -> dict[str, Any]:
    """A step create's or patch's answer: ``{_id, type, delay, emailTemplateId, message}``."""
    return {key: step.get(key) for key in ("_id", "type", "delay", "emailTemplateId", "message")}

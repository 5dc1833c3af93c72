"""JSON Schema of the plan document (``seqsync plan --format json`` and ``--out``)."""

from __future__ import annotations

from typing import Any

from seqsync.plan.model import COUNTED_AS, FORMAT_VERSION, OPERATION_KINDS

_ANY = {"description": "Any JSON value."}
_CHANGE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["path", "before", "after"],
    "properties": {
        "path": {
            "type": "string",
            "description": "Field path in the file, e.g. steps[2].variants[0].subject.",
        },
        "before": {**_ANY, "description": "Live value (null: absent)."},
        "after": {**_ANY, "description": "Value from the file (null: removed)."},
    },
}
_OPERATION = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "kind",
        "address",
        "reason",
        "pause",
        "destructive",
        "destructive_why",
        "changes",
        "request",
        "live",
        "drifted",
    ],
    "properties": {
        "kind": {
            "enum": list(OPERATION_KINDS),
            "description": "verb_target: what the operation does (create, patch, delete, "
            "reorder, replace) to what (the sequence, a step, a variant). Which of them a "
            "provider can do is its own; a plan holds only those.",
        },
        "address": {"type": "string", "description": "e.g. founders-q4.steps[2].B"},
        "reason": {"type": "string"},
        "pause": {"type": "boolean", "description": "The operation pauses live variants."},
        "destructive": {"type": "boolean"},
        "destructive_why": {"type": "string"},
        "changes": {"type": "array", "items": _CHANGE},
        "drifted": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Paths of changes whose live value differs from the base branch's "
            "file too (plan --base): edited outside seqsync, reverted by apply.",
        },
        "unkept": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Paths of changes the last apply sent exactly so and the provider "
            "did not keep (read back after apply): sending them again will not stick.",
        },
        "request": {
            "type": "object",
            "additionalProperties": False,
            "required": ["method", "path", "body"],
            "properties": {
                "method": {"enum": ["GET", "POST", "PATCH", "PUT", "DELETE"]},
                "path": {
                    "type": "string",
                    "description": "Relative to the connection's base URL; {new_sequence_id} is filled in by apply.",
                },
                "body": _ANY,
            },
        },
        "live": {
            "type": "object",
            "additionalProperties": False,
            "required": ["step", "variant"],
            "description": "The live step and variant the operation acts on (null: new, or not addressed).",
            "properties": {
                "step": {"type": ["string", "null"]},
                "variant": {"type": ["string", "null"]},
            },
        },
    },
}
_MATCH = {
    "type": "object",
    "additionalProperties": False,
    "required": ["desired", "live", "reason", "variants"],
    "properties": {
        "desired": {"type": ["integer", "null"], "description": "Index of the step in the file."},
        "live": {"type": ["string", "null"], "description": "Live step id, or #N by position."},
        "reason": {"type": "string", "description": "id pin, exact, similar N%, new, not in file."},
        "variants": {
            "type": "array",
            "items": {"type": ["string", "null"]},
            "description": "The live variant id each file variant pairs with (null: new), "
            "where variants have ids; what `seqsync pin` writes.",
        },
    },
}
_SEQUENCE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "name",
        "connection",
        "connection_identity",
        "includes",
        "timeline",
        "provider",
        "sequence_id",
        "title",
        "fingerprint",
        "live_version",
        "live_steps",
        "errors",
        "matches",
        "operations",
    ],
    "properties": {
        "name": {"type": "string"},
        "connection": {"type": "string"},
        "connection_identity": {
            "type": "string",
            "description": "Where the connection's requests go (provider, URL, customer); never a key.",
        },
        "timeline": {
            "type": ["object", "null"],
            "description": "The cadence day by day: [day, what] before (live) and after.",
            "additionalProperties": False,
            "required": ["before", "after"],
            "properties": {
                "before": {"type": "array", "items": {"type": "array"}},
                "after": {"type": "array", "items": {"type": "array"}},
                "moved": {
                    "type": "array",
                    "description": "Present when a touch moved: known by its words, on "
                    "another day after than before (two emails that swap days).",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["what", "from", "to"],
                        "properties": {
                            "what": {"type": "string"},
                            "from": {"type": "integer"},
                            "to": {"type": "integer"},
                        },
                    },
                },
            },
        },
        "includes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "The snippets the sequence's file includes.",
        },
        "provider": {"type": "string"},
        "sequence_id": {
            "type": ["string", "null"],
            "description": "null when the plan creates it.",
        },
        "title": {"type": "string"},
        "fingerprint": {
            "type": "string",
            "description": "Digest of the live state the plan was made from.",
        },
        "live_version": {"type": ["integer", "null"], "description": "Inbox campaign version."},
        "live_steps": {
            "type": "array",
            "description": "Per live step: [id or #position, digest], to name what moved.",
            "items": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 2},
        },
        "errors": {"type": "array", "items": {"type": "string"}},
        "notes": {
            "type": "array",
            "items": {"type": "string"},
            "description": "What the plan cannot see or vouch for (a field the provider's "
            "reads do not return); never an operation.",
        },
        "matches": {"type": "array", "items": _MATCH},
        "operations": {"type": "array", "items": _OPERATION},
    },
}
_COUNT = {"type": "integer", "minimum": 0}


def plan_schema(providers: list[str]) -> dict[str, Any]:
    """The plan document's schema; ``providers`` are the registered provider names."""
    sequence = {
        **_SEQUENCE,
        "properties": {
            **_SEQUENCE["properties"],
            "provider": {
                "enum": [*providers, ""],
                "description": "Empty only for a removed: entry whose connection the plan "
                "cannot reach (not in seqsync.yaml, or not in the environment): it is "
                "blocked, with an error saying so.",
            },
        },
    }
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["format_version", "seqsync_version", "created_at", "summary", "sequences"],
        "properties": {
            "format_version": {"const": FORMAT_VERSION},
            "seqsync_version": {"type": "string"},
            "created_at": {"type": "string", "format": "date-time"},
            "summary": {
                "type": "object",
                "additionalProperties": False,
                "required": ["create", "change", "replace", "pause", "errors", "destructive"],
                "properties": {
                    **dict.fromkeys((*COUNTED_AS, "errors", "destructive"), _COUNT),
                    "delete": {**_COUNT, "description": "Present when the plan deletes."},
                },
            },
            "sequences": {"type": "array", "items": sequence},
            "unmanaged": {
                "type": ["array", "null"],
                "description": "With plan --show-unmanaged: the live sequences no file manages "
                "(id null: a connection whose provider cannot list its sequences).",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["connection", "id", "title"],
                    "properties": {
                        "connection": {"type": "string"},
                        "id": {"type": ["string", "null"]},
                        "title": {"type": "string"},
                    },
                },
            },
            "checksum": {"type": "string", "description": "In saved plans: guards against edits."},
        },
    }

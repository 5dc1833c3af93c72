"""What apply did: every operation as applied, failed (with the provider's words) or not
attempted, per sequence. A value with a data form, rendered by the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

REPORT_FORMAT_VERSION = 1
APPLIED, FAILED, NOT_ATTEMPTED = "applied", "failed", "not attempted"


@dataclass(frozen=True)
class OperationOutcome:
    kind: str
    address: str
    status: str  # applied | failed | not attempted
    message: str = ""  # why it failed, or how an ambiguous create was settled

    def to_data(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "address": self.address,
            "status": self.status,
            "message": self.message,
        }


@dataclass
class SequenceOutcome:
    name: str
    outcomes: list[OperationOutcome] = field(default_factory=list)
    refused: str = ""  # why nothing was attempted (stale plan, version moved, …)

    @property
    def failed(self) -> bool:
        return bool(self.refused) or any(o.status == FAILED for o in self.outcomes)

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "refused": self.refused or None,
            "operations": [outcome.to_data() for outcome in self.outcomes],
        }


@dataclass
class ApplyReport:
    sequences: list[SequenceOutcome] = field(default_factory=list)
    interrupted: bool = False

    def count(self, status: str) -> int:
        return sum(o.status == status for s in self.sequences for o in s.outcomes)

    @property
    def failed(self) -> bool:
        return any(sequence.failed for sequence in self.sequences)

    def to_data(self) -> dict[str, Any]:
        return {
            "format_version": REPORT_FORMAT_VERSION,
            "interrupted": self.interrupted,
            "summary": {
                "applied": self.count(APPLIED),
                "failed": self.count(FAILED),
                "not_attempted": self.count(NOT_ATTEMPTED),
                "refused_sequences": sum(bool(s.refused) for s in self.sequences),
            },
            "sequences": [sequence.to_data() for sequence in self.sequences],
        }


def report_schema() -> dict[str, Any]:
    outcome = {
        "type": "object",
        "additionalProperties": False,
        "required": ["kind", "address", "status", "message"],
        "properties": {
            "kind": {"type": "string"},
            "address": {"type": "string"},
            "status": {"enum": [APPLIED, FAILED, NOT_ATTEMPTED]},
            "message": {"type": "string"},
        },
    }
    count = {"type": "integer", "minimum": 0}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["format_version", "interrupted", "summary", "sequences"],
        "properties": {
            "format_version": {"const": REPORT_FORMAT_VERSION},
            "interrupted": {"type": "boolean", "description": "Ctrl-C stopped the apply early."},
            "summary": {
                "type": "object",
                "additionalProperties": False,
                "required": ["applied", "failed", "not_attempted", "refused_sequences"],
                "properties": dict.fromkeys(
                    ("applied", "failed", "not_attempted", "refused_sequences"), count
                ),
            },
            "sequences": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "refused", "operations"],
                    "properties": {
                        "name": {"type": "string"},
                        "refused": {"type": ["string", "null"]},
                        "operations": {"type": "array", "items": outcome},
                    },
                },
            },
        },
    }

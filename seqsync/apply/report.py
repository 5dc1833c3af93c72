"""What apply did: every operation as applied, failed (with the provider's words) or not
attempted, per sequence. A value with a data form, rendered by the CLI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from seqsync.apply.verify import Verification

REPORT_FORMAT_VERSION = 2
"""2: each sequence carries ``verification``: what reading it back after apply showed."""
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
    verification: Verification | None = None  # None: not read back (something failed)

    @property
    def failed(self) -> bool:
        return (
            bool(self.refused)
            or any(o.status == FAILED for o in self.outcomes)
            or (self.verification is not None and not self.verification.consistent)
        )

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "refused": self.refused or None,
            "operations": [outcome.to_data() for outcome in self.outcomes],
            "verification": None if self.verification is None else self.verification.to_data(),
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

    @property
    def verified(self) -> list[Verification]:
        return [s.verification for s in self.sequences if s.verification is not None]

    def to_data(self) -> dict[str, Any]:
        return {
            "format_version": REPORT_FORMAT_VERSION,
            "interrupted": self.interrupted,
            "summary": {
                "applied": self.count(APPLIED),
                "failed": self.count(FAILED),
                "not_attempted": self.count(NOT_ATTEMPTED),
                "refused_sequences": sum(bool(s.refused) for s in self.sequences),
                "verified_sequences": len(self.verified),
                "inconsistent_sequences": sum(not v.consistent for v in self.verified),
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
    unkept = {
        "type": "object",
        "additionalProperties": False,
        "required": ["address", "path", "sent", "kept", "cause"],
        "properties": {
            "address": {"type": "string"},
            "path": {"type": "string", "description": "The field, as plans name it."},
            "sent": {"description": "The value apply sent."},
            "kept": {"description": "The value read back after apply (null: none)."},
            "cause": {"type": "string", "description": "The likely cause, where known."},
        },
    }
    verification = {
        "type": ["object", "null"],
        "description": "The sequence read back after its writes and planned again "
        "(null: not read back, as an operation did not apply).",
        "additionalProperties": False,
        "required": ["sequence_id", "consistent", "problem", "unkept"],
        "properties": {
            "sequence_id": {"type": "string"},
            "consistent": {"type": "boolean"},
            "problem": {"type": ["string", "null"]},
            "unkept": {"type": "array", "items": unkept},
        },
    }
    summary_keys = (
        "applied",
        "failed",
        "not_attempted",
        "refused_sequences",
        "verified_sequences",
        "inconsistent_sequences",
    )
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
                "required": list(summary_keys),
                "properties": dict.fromkeys(summary_keys, count),
            },
            "sequences": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "refused", "operations", "verification"],
                    "properties": {
                        "name": {"type": "string"},
                        "refused": {"type": ["string", "null"]},
                        "operations": {"type": "array", "items": outcome},
                        "verification": verification,
                    },
                },
            },
        },
    }

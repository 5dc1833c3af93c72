"""The Plan: immutable values with a deterministic order and a versioned data form.

A Plan holds one SequencePlan per targeted sequence; each holds the ordered operations
that make that sequence match its file, the exact request each will send, why, and
whether it is destructive. The JSON form (``to_data``) is what ``--out`` saves,
``--format json`` prints, and ``schemas/plan.schema.json`` documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

FORMAT_VERSION = 1

OPERATION_KINDS = (
    "create_sequence",
    "create_step",
    "create_variant",
    "patch_variant",
    "patch_step",
    "replace_sequence",
)

NEW_SEQUENCE_ID = "{new_sequence_id}"
"""Placeholder in request paths for the id a create_sequence earlier in the plan returns."""


@dataclass(frozen=True)
class FieldChange:
    path: str
    before: Any
    after: Any

    def to_data(self) -> dict[str, Any]:
        return {"path": self.path, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class PlannedRequest:
    method: str
    path: str
    body: Any = None

    def to_data(self) -> dict[str, Any]:
        return {"method": self.method, "path": self.path, "body": self.body}


@dataclass(frozen=True)
class Operation:
    kind: str
    address: str
    request: PlannedRequest
    reason: str
    changes: tuple[FieldChange, ...] = ()
    destructive: bool = False
    destructive_why: str = ""
    pause: bool = False  # a patch whose point is to pause live variants

    def to_data(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "address": self.address,
            "reason": self.reason,
            "pause": self.pause,
            "destructive": self.destructive,
            "destructive_why": self.destructive_why,
            "changes": [change.to_data() for change in self.changes],
            "request": self.request.to_data(),
        }


@dataclass(frozen=True)
class StepMatch:
    """Why a file step and a live step were paired (or that one has no partner)."""

    desired: int | None  # index in the file's steps
    live: str | None  # live step id, or "#N" (position) where the API gives none
    reason: str  # "id pin", "exact", "similar 87%", "new", "not in file"

    def to_data(self) -> dict[str, Any]:
        return {"desired": self.desired, "live": self.live, "reason": self.reason}


@dataclass(frozen=True)
class SequencePlan:
    name: str
    connection: str
    provider: str
    sequence_id: str | None  # None: the plan creates it
    title: str
    operations: tuple[Operation, ...] = ()
    matches: tuple[StepMatch, ...] = ()
    errors: tuple[str, ...] = ()
    fingerprint: str = ""
    live_version: int | None = None  # Inbox campaignVersion the plan was made from
    live_steps: tuple[tuple[str, str], ...] = ()  # (step ref, digest): names what moved

    def to_data(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "connection": self.connection,
            "provider": self.provider,
            "sequence_id": self.sequence_id,
            "title": self.title,
            "fingerprint": self.fingerprint,
            "live_version": self.live_version,
            "live_steps": [list(step) for step in self.live_steps],
            "errors": list(self.errors),
            "matches": [match.to_data() for match in self.matches],
            "operations": [operation.to_data() for operation in self.operations],
        }


@dataclass(frozen=True)
class Counts:
    create: int = 0
    change: int = 0
    replace: int = 0
    pause: int = 0

    @property
    def total(self) -> int:
        return self.create + self.change + self.replace + self.pause


@dataclass(frozen=True)
class Plan:
    sequences: tuple[SequencePlan, ...]
    seqsync_version: str
    created_at: str
    format_version: int = FORMAT_VERSION

    @property
    def operations(self) -> list[Operation]:
        return [operation for sequence in self.sequences for operation in sequence.operations]

    @property
    def errors(self) -> list[tuple[str, str]]:
        return [(sequence.name, error) for sequence in self.sequences for error in sequence.errors]

    @property
    def destructive(self) -> list[tuple[str, Operation]]:
        return [
            (sequence.name, operation)
            for sequence in self.sequences
            for operation in sequence.operations
            if operation.destructive
        ]

    @property
    def counts(self) -> Counts:
        create = change = replace = pause = 0
        for operation in self.operations:
            if operation.kind.startswith("create"):
                create += 1
            elif operation.kind == "replace_sequence":
                replace += 1
            elif operation.pause:
                pause += 1
            else:
                change += 1
        return Counts(create, change, replace, pause)

    def to_data(self) -> dict[str, Any]:
        counts = self.counts
        return {
            "format_version": self.format_version,
            "seqsync_version": self.seqsync_version,
            "created_at": self.created_at,
            "summary": {
                "create": counts.create,
                "change": counts.change,
                "replace": counts.replace,
                "pause": counts.pause,
                "errors": len(self.errors),
                "destructive": len(self.destructive),
            },
            "sequences": [sequence.to_data() for sequence in self.sequences],
        }


def plan_from_data(data: dict[str, Any]) -> Plan:
    """Rebuild a Plan from its data form; raises KeyError/TypeError/ValueError on bad data."""
    sequences = tuple(
        SequencePlan(
            name=str(item["name"]),
            connection=str(item["connection"]),
            provider=str(item["provider"]),
            sequence_id=item["sequence_id"],
            title=str(item["title"]),
            fingerprint=str(item["fingerprint"]),
            live_version=item["live_version"],
            live_steps=tuple((str(ref), str(digest)) for ref, digest in item["live_steps"]),
            errors=tuple(str(error) for error in item["errors"]),
            matches=tuple(
                StepMatch(match["desired"], match["live"], str(match["reason"]))
                for match in item["matches"]
            ),
            operations=tuple(_operation_from_data(op) for op in item["operations"]),
        )
        for item in data["sequences"]
    )
    return Plan(
        sequences=sequences,
        seqsync_version=str(data["seqsync_version"]),
        created_at=str(data["created_at"]),
        format_version=int(data["format_version"]),
    )


def _operation_from_data(data: dict[str, Any]) -> Operation:
    if data["kind"] not in OPERATION_KINDS:
        raise ValueError(f"unknown operation kind {data['kind']!r}")
    request = data["request"]
    return Operation(
        kind=str(data["kind"]),
        address=str(data["address"]),
        reason=str(data["reason"]),
        pause=bool(data["pause"]),
        destructive=bool(data["destructive"]),
        destructive_why=str(data["destructive_why"]),
        changes=tuple(
            FieldChange(str(change["path"]), change["before"], change["after"])
            for change in data["changes"]
        ),
        request=PlannedRequest(str(request["method"]), str(request["path"]), request["body"]),
    )

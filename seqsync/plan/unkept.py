"""Writes a provider did not keep, remembered from the last apply's read back, named
again in the next plan: a change that would be sent once more as if new is called out
as one that did not stick (see :mod:`seqsync.apply.verify`)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from seqsync.plan.model import SequencePlan


@dataclass(frozen=True)
class UnkeptWrite:
    """A field the last apply sent to a live sequence and read back otherwise."""

    connection: str
    sequence_id: str
    address: str
    path: str
    sent: Any
    kept: Any

    def key(self) -> tuple[str, ...]:
        return (
            self.connection,
            self.sequence_id,
            self.address,
            self.path,
            _json(self.sent),
            _json(self.kept),
        )

    def to_data(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> UnkeptWrite:
        return cls(
            str(data["connection"]),
            str(data["sequence_id"]),
            str(data["address"]),
            str(data["path"]),
            data.get("sent"),
            data.get("kept"),
        )


def with_unkept(
    plan: SequencePlan, remembered: Iterable[UnkeptWrite], connection: str
) -> SequencePlan:
    """``plan`` with each change that repeats a remembered unkept write to the same
    account (``connection``: its identity) named."""
    keys = {write.key() for write in remembered}
    if not keys or plan.sequence_id is None:
        return plan
    operations = []
    for operation in plan.operations:
        paths = tuple(
            change.path
            for change in operation.changes
            if (
                connection,
                plan.sequence_id,
                str(operation.address),
                change.path,
                _json(change.after),
                _json(change.before),
            )
            in keys
        )
        operations.append(dataclasses.replace(operation, unkept=paths) if paths else operation)
    return dataclasses.replace(plan, operations=tuple(operations))


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)

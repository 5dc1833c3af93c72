"""Every write is read back: after a sequence's operations all applied, the sequence is
read once more and planned again against its file. A plan that is not empty means the
provider accepted a write and kept something else (a field it normalises, a step type
that keeps no template, an order it chose); each difference is reported with the value
sent and the value read back, and nothing is sent again (Terraform's "Provider produced
inconsistent result after apply").

Costs one read per changed sequence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from seqsync.errors import SeqsyncError
from seqsync.model.live import LiveSequence
from seqsync.plan.model import FieldChange, Operation, SequencePlan
from seqsync.providers.base import Provider

Replanner = Callable[[SequencePlan, str, LiveSequence], SequencePlan]
"""Plans ``plan``'s sequence again from its file against a live state read back (the
sequence id given, as one created by this apply had none in the plan)."""


@dataclass(frozen=True)
class Unkept:
    """One field the provider did not keep as sent."""

    address: str
    path: str
    sent: Any
    kept: Any
    cause: str = ""  # the likely reason, where seqsync knows one

    def to_data(self) -> dict[str, Any]:
        return {
            "address": self.address,
            "path": self.path,
            "sent": self.sent,
            "kept": self.kept,
            "cause": self.cause,
        }


@dataclass(frozen=True)
class Verification:
    """What reading a sequence back after its writes showed."""

    sequence_id: str
    unkept: tuple[Unkept, ...] = ()
    problem: str = ""  # the read back failed, or the sequence cannot be planned any more

    @property
    def consistent(self) -> bool:
        return not self.unkept and not self.problem

    def to_data(self) -> dict[str, Any]:
        return {
            "sequence_id": self.sequence_id,
            "consistent": self.consistent,
            "problem": self.problem or None,
            "unkept": [item.to_data() for item in self.unkept],
        }


async def verify(
    provider: Provider, plan: SequencePlan, sequence_id: str, replan: Replanner
) -> Verification:
    """Read ``sequence_id`` back and plan it again; what is left is what was not kept."""
    try:
        live = await provider.read(sequence_id, context=f"reading {plan.name} back after apply")
    except SeqsyncError as exc:
        return Verification(
            sequence_id,
            problem=f"the writes were made, but reading {plan.name} back to check them failed "
            f"({exc}); run seqsync plan to see where it stands",
        )
    again = replan(plan, sequence_id, live)
    if again.errors:
        return Verification(
            sequence_id,
            problem=f"read back after apply, {plan.name} cannot be planned: {again.errors[0]}",
        )
    return Verification(
        sequence_id,
        unkept=tuple(
            item for operation in again.operations for item in unkept(provider, operation)
        ),
    )


def unkept(provider: Provider, operation: Operation) -> list[Unkept]:
    """The fields an operation still planned after apply would send again: the provider
    kept ``before`` where seqsync sent ``after``."""
    address = str(operation.address)
    if not operation.changes:
        return [
            Unkept(address, operation.kind, operation.reason, None, _cause(provider, operation))
        ]
    return [
        Unkept(
            address, change.path, change.after, change.before, _cause(provider, operation, change)
        )
        for change in operation.changes
    ]


def _cause(provider: Provider, operation: Operation, change: FieldChange | None = None) -> str:
    return provider.unkept_cause(operation, change) or ""

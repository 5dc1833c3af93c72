"""The safety thresholds (config/safety.py) applied to a plan, per connection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from seqsync.config.safety import Safety
from seqsync.plan.model import PatchVariant, Plan, ReplaceSequence


@dataclass(frozen=True)
class Exceeded:
    connection: str
    what: str  # "pause" | "replace"
    steps: int
    live: int
    limit: float

    def __str__(self) -> str:
        return (
            f"{self.connection}: the plan would {self.what} {self.steps} of its {self.live} "
            f"live steps ({self.steps / self.live:.0%}), over the {self.limit:.0%} limit"
        )


def exceeded(plan: Plan, safety_of: Callable[[str], Safety]) -> list[Exceeded]:
    """Every limit the plan goes over. A step counts as paused when any of its variants
    is, as replaced when a whole-sequence replace changes it. Shares are of the live steps
    of the connection's sequences in the plan."""
    live: dict[str, int] = {}
    touched: dict[tuple[str, str], set[str]] = {}
    for sequence in plan.sequences:
        live[sequence.connection] = live.get(sequence.connection, 0) + len(sequence.live_steps)
        for operation in sequence.operations:
            if isinstance(operation, PatchVariant) and operation.pauses and operation.live.step:
                steps = {f"{sequence.name}/{operation.live.step}"}
                what = "pause"
            elif isinstance(operation, ReplaceSequence):
                # A replace rewrites the whole sequence, but what it changes (adds, drops,
                # rewrites) is what its changes list: a typo fixed is one step, not all.
                steps = {
                    f"{sequence.name}/{change.path.split('.', 1)[0]}"
                    for change in operation.changes
                }
                what = "replace"
            else:
                continue
            touched.setdefault((sequence.connection, what), set()).update(steps)
    found = []
    for (connection, what), steps in sorted(touched.items()):
        safety = safety_of(connection)
        limit = safety.max_pause_share if what == "pause" else safety.max_replace_share
        total = live[connection]
        if total >= safety.min_live_steps and total and len(steps) / total > limit:
            found.append(Exceeded(connection, what, len(steps), total, limit))
    return found

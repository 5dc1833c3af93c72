"""The safety thresholds (config/safety.py) applied to a plan, per connection."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from seqsync.config.safety import Safety
from seqsync.plan.model import Effect, Operation, Plan


@dataclass(frozen=True)
class Exceeded:
    connection: str
    what: str  # what the plan does to them: "pause", "delete", "pause or delete", "replace"
    steps: int
    live: int
    limit: float

    def __str__(self) -> str:
        return (
            f"{self.connection}: the plan would {self.what} {self.steps} of its {self.live} "
            f"live steps ({self.steps / self.live:.0%}), over the {self.limit:.0%} limit"
        )


def exceeded(plan: Plan, safety_of: Callable[[str], Safety]) -> list[Exceeded]:
    """Every limit the plan goes over, measured by what operations do to live steps
    (their ``effect``), never by their kind. A step counts as stopped when any of its
    variants is paused or deleted, or it is deleted: pauses and deletes share
    ``max_pause_share``, as prospects stop receiving the step either way. It counts as
    rewritten when a whole-sequence replace changes it. Shares are of the live steps of
    the connection's sequences in the plan."""
    live: dict[str, int] = {}
    touched: dict[tuple[str, Effect], set[str]] = {}
    said: dict[tuple[str, Effect], set[str]] = {}  # how the plan words it: pause, delete
    for sequence in plan.sequences:
        live[sequence.connection] = live.get(sequence.connection, 0) + sequence.digests.step_count
        for operation in sequence.operations:
            steps = _live_steps(sequence.name, operation)
            if steps:
                key = (sequence.connection, operation.effect)
                touched.setdefault(key, set()).update(steps)
                said.setdefault(key, set()).add(operation.counted_as)
    found = []
    # Per connection, stopped before rewritten, as the limits are listed.
    for (connection, effect), steps in sorted(
        touched.items(), key=lambda item: (item[0][0], item[0][1] is not Effect.STOPS)
    ):
        safety = safety_of(connection)
        limit = safety.max_pause_share if effect is Effect.STOPS else safety.max_replace_share
        total = live[connection]
        if total >= safety.min_live_steps and total and len(steps) / total > limit:
            what = " or ".join(sorted(said[connection, effect], key=_WORDS.index))
            found.append(Exceeded(connection, what, len(steps), total, limit))
    return found


_WORDS = ("pause", "delete", "replace")


def _live_steps(sequence: str, operation: Operation) -> set[str]:
    """The live steps an operation stops or rewrites (none for what it adds or changes)."""
    if operation.effect is Effect.STOPS and operation.live.step:
        return {f"{sequence}/{operation.live.step}"}
    if operation.effect is Effect.REWRITES:
        # A replace rewrites the whole sequence, but what it changes (adds, drops,
        # rewrites) is what its changes list: a typo fixed is one step, not all.
        return {f"{sequence}/{change.path.split('.', 1)[0]}" for change in operation.changes}
    return set()

"""Steps the file has in another order than live: no engine reorders through Supaglue,
so the plan names the move the user made instead of the errors it causes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from seqsync.plan.common import Target
from seqsync.providers.supaglue.connection import engine_of
from seqsync.providers.supaglue.live import LiveSupaglueStep
from seqsync.providers.supaglue.model import SupaglueSequence
from seqsync.providers.supaglue.provider import capabilities_for


def reorder_error(
    target: Target[SupaglueSequence],
    wanted: list[dict[str, Any]],
    live_steps: list[LiveSupaglueStep],
    live_of: Callable[[int, dict[str, Any]], dict[str, Any]],
) -> str | None:
    """The error for file steps that equal live steps in another order (no engine can
    reorder through Supaglue), or None when nothing was reordered."""
    # Salesloft compares by offset from the start and numbers its names by position:
    # a moved step differs in both, so only its content tells it.
    positional = {"delay", "name"} if engine_of(target.settings) == "salesloft" else set()

    def same(i: int, j: int) -> bool:
        mine, theirs = wanted[i], live_of(j, wanted[i])
        return all(mine.get(k) == theirs.get(k) for k in mine.keys() - positional) and all(
            k in mine for k in theirs.keys() - positional
        )

    exact: dict[int, int] = {}
    for i in range(len(wanted)):
        taken = set(exact.values())
        j = next((j for j in range(len(live_steps)) if j not in taken and same(i, j)), None)
        if j is not None:
            exact[i] = j
    moved = sorted(exact.keys() - _in_live_order(exact))
    if not moved:
        return None
    capabilities = capabilities_for(engine_of(target.settings))
    listed = ", ".join(
        f"steps[{i}] is live step {live_steps[exact[i]].id or f'#{exact[i] + 1}'}" for i in moved
    )
    return (
        f"{target.name}: the file has live steps in another order ({listed}), and "
        f"{capabilities.service} cannot reorder steps; reorder them in {capabilities.app} "
        "itself, or put them back in the live order"
    )


def _in_live_order(exact: dict[int, int]) -> set[int]:
    """The most file steps (by index) whose live positions already increase: the longest
    increasing run of ``exact``'s values. The others are the ones the user moved."""
    indexes = sorted(exact)
    best: list[list[int]] = []
    for n, i in enumerate(indexes):
        earlier = [best[m] for m in range(n) if exact[indexes[m]] < exact[i]]
        best.append([*max(earlier, key=_length), i] if earlier else [i])
    if not best:
        return set()
    longest: list[int] = max(best, key=_length)
    return set(longest)


def _length(run: list[int]) -> int:
    return len(run)

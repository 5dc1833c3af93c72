"""Pair file steps with live steps without a state file.

Steps pinned with ``id:`` pair with that live step. The rest pair by a score in 0..1
(exact equality scores 1; otherwise channel, timing and content similarity, as each
provider's planner defines it), never below ``THRESHOLD``:

- ordered lists (Supaglue, Inbox) use a weighted LCS: pairs keep their order, so one
  step inserted in the middle is one unpaired file step, never a rewrite of the rest;
- Saleshandy's steps are a set keyed by day, so pairing there ignores order (best score
  first), which makes two steps that swap days two day changes, not two rewrites.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Mapping
from dataclasses import dataclass

THRESHOLD = 0.5


def step_score(content: float, timing: float) -> float:
    """Combine content similarity and timing closeness (each 0..1) into a pairing score.

    Equal content outranks equal timing: two steps that swap days pair with their own
    content (two day changes), not with whatever now sits on their old day (two rewrites).
    """
    if content >= 1.0:
        return 1.0 if timing >= 1.0 else 0.98 + 0.019 * timing
    return min(0.97, 0.7 * content + 0.3 * timing)


@dataclass(frozen=True)
class Pair:
    desired: int | None
    live: int | None
    reason: str


Score = Callable[[int, int], float]


def align_ordered(
    desired_count: int, live_count: int, score: Score, pinned: Mapping[int, int] | None = None
) -> list[Pair]:
    pinned = dict(pinned or {})
    free_desired = [i for i in range(desired_count) if i not in pinned]
    free_live = [j for j in range(live_count) if j not in pinned.values()]
    # Equal steps at the start and at the end pair as they are: an exact pair scores the
    # most a pair can, so some best alignment always keeps them (a pair that crossed one
    # would break the order). Only the middle, where the lists differ, is scored as a
    # matrix; one edited step in ten is 1 score there instead of 100.
    head, tail = _equal_ends(free_desired, free_live, score)
    matched: dict[int, tuple[int, float]] = {
        free_desired[k]: (free_live[k], 1.0) for k in range(head)
    }
    for k in range(1, tail + 1):
        matched[free_desired[-k]] = (free_live[-k], 1.0)
    free_desired = free_desired[head : len(free_desired) - tail]
    free_live = free_live[head : len(free_live) - tail]
    n, m = len(free_desired), len(free_live)
    scores = [[_usable(score(free_desired[a], free_live[b])) for b in range(m)] for a in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            take = best[a + 1][b + 1] + scores[a][b] if scores[a][b] else 0.0
            best[a][b] = max(best[a + 1][b], best[a][b + 1], take)
    a = b = 0
    while a < n and b < m:
        if scores[a][b] and best[a][b] == best[a + 1][b + 1] + scores[a][b]:
            matched[free_desired[a]] = (free_live[b], scores[a][b])
            a, b = a + 1, b + 1
        elif best[a][b] == best[a + 1][b]:
            a += 1
        else:
            b += 1
    return _pairs(desired_count, live_count, pinned, matched)


def _equal_ends(desired: list[int], live: list[int], score: Score) -> tuple[int, int]:
    """How many leading and trailing positions pair exactly (score 1.0), in order."""
    shorter = min(len(desired), len(live))
    head = 0
    while head < shorter and score(desired[head], live[head]) >= 1.0:
        head += 1
    tail = 0
    while tail < shorter - head and score(desired[-1 - tail], live[-1 - tail]) >= 1.0:
        tail += 1
    return head, tail


def align_unordered(
    desired_count: int,
    live_count: int,
    score: Score,
    pinned: Mapping[int, int] | None = None,
    *,
    exact: Mapping[int, int] | None = None,
    rank: Callable[[int, int, float], tuple[float, ...]] | None = None,
    bound: Score | None = None,
) -> list[Pair]:
    """``exact`` pairs (known equal) are taken as they are, before any score is computed.
    Usable pairs are taken best first: by score, or by ``rank(i, j, score)`` when given
    (the score still decides what is usable and what the plan says of a pair).

    ``bound(i, j)``, when given, is a cheap upper limit of ``score(i, j)``: pairs are
    then scored only when they come up as the best left (by their bound), and a pair
    whose file step or live step is taken by then is never scored. The pairs are the
    same as when every pair is scored (``rank`` must not decrease as the score grows)."""
    pinned = dict(pinned or {})
    matched: dict[int, tuple[int, float]] = {i: (j, 1.0) for i, j in (exact or {}).items()}
    taken: set[int] = {j for j, _ in matched.values()} | set(pinned.values())
    order = rank or (lambda i, j, value: (value,))
    free = [
        (i, j)
        for i in range(desired_count)
        if i not in pinned and i not in matched
        for j in range(live_count)
        if j not in taken
    ]
    if bound is not None:
        _best_first(free, score, bound, order, matched, taken)
        return _pairs(desired_count, live_count, pinned, matched)
    candidates = [(value, i, j) for i, j in free if (value := _usable(score(i, j)))]
    candidates.sort(key=lambda c: (tuple(-key for key in order(c[1], c[2], c[0])), c[1], c[2]))
    for value, i, j in candidates:
        if i not in matched and j not in taken:
            matched[i] = (j, value)
            taken.add(j)
    return _pairs(desired_count, live_count, pinned, matched)


def _best_first(
    free: list[tuple[int, int]],
    score: Score,
    bound: Score,
    order: Callable[[int, int, float], tuple[float, ...]],
    matched: dict[int, tuple[int, float]],
    taken: set[int],
) -> None:
    """The greedy of ``align_unordered`` with scores computed lazily. Each pair waits
    under its key, from its bound until it is scored, then from its score; a bound is
    never below the score, and ``order`` grows with it, so a scored pair that comes up
    first is first among every pair's real key too: the pairs are taken in the same order
    as when all are scored and sorted (keys end with ``i, j``: no two are equal)."""
    waiting: list[tuple[tuple[float, ...], int, int, float | None]] = []
    for i, j in free:
        limit = bound(i, j)
        if limit >= THRESHOLD:
            waiting.append((tuple(-key for key in order(i, j, limit)), i, j, None))
    heapq.heapify(waiting)
    while waiting:
        _, i, j, value = heapq.heappop(waiting)
        if i in matched or j in taken:
            continue  # it would be passed over whatever its score
        if value is None:
            real = _usable(score(i, j))
            if real:
                key = tuple(-key for key in order(i, j, real))
                heapq.heappush(waiting, (key, i, j, real))
            continue
        matched[i] = (j, value)
        taken.add(j)


def _usable(value: float) -> float:
    return value if value >= THRESHOLD else 0.0


def _pairs(
    desired_count: int,
    live_count: int,
    pinned: dict[int, int],
    matched: dict[int, tuple[int, float]],
) -> list[Pair]:
    pairs: list[Pair] = []
    for i in range(desired_count):
        if i in pinned:
            pairs.append(Pair(i, pinned[i], "id pin"))
        elif i in matched:
            j, value = matched[i]
            pairs.append(Pair(i, j, "exact" if value >= 1.0 else f"similar {int(value * 100)}%"))
        else:
            pairs.append(Pair(i, None, "new"))
    used = set(pinned.values()) | {j for j, _ in matched.values()}
    pairs.extend(Pair(None, j, "not in file") for j in range(live_count) if j not in used)
    return pairs

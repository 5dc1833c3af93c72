"""Instantly's rate limit: at most 100 requests a second and 6,000 a minute, for the whole
workspace, reads and writes alike (docs/providers/instantly.md §1). One window per key
(the workspace it belongs to cannot be known), shared by every session of the process."""

from __future__ import annotations

import contextlib
import hashlib
from collections import deque

from seqsync.providers.ratelimit import Budget, RateLimiter

PER_SECOND = Budget(100, 1.0)
PER_MINUTE = Budget(6_000, 60.0)


class WorkspaceLimiter(RateLimiter):
    """Every request, whatever its method, counts against both budgets."""

    def __init__(self) -> None:
        super().__init__()
        self._windows: tuple[tuple[Budget, deque[float]], ...] = (
            (PER_SECOND, deque()),
            (PER_MINUTE, deque()),
        )

    async def acquire(self, method: str) -> float:
        async with self._lock("request"):
            for budget, sent in self._windows:
                await self._wait_for_window(sent, budget)
            ticket = self._clock()
            for _, sent in self._windows:
                sent.append(ticket)
            return ticket

    def refund(self, method: str, ticket: float) -> None:
        for _, sent in self._windows:
            with contextlib.suppress(ValueError):
                sent.remove(ticket)


_SHARED: dict[str, WorkspaceLimiter] = {}


def workspace_limiter(key: str) -> WorkspaceLimiter:
    digest = hashlib.sha256(key.encode()).hexdigest()
    if digest not in _SHARED:
        _SHARED[digest] = WorkspaceLimiter()
    return _SHARED[digest]

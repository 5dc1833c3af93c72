"""Instantly's rate limit: at most 100 requests a second and 6,000 a minute, for the whole
workspace, reads and writes alike, shared by every key (docs/providers/instantly.md §1).
One window per workspace a connection acts in, shared by every session of the process:
per key when it acts in the key's own workspace (which workspace that is cannot be
known), per sub-workspace with ``x-as-workspace`` (its id names the workspace, whatever
admin key acts in it), so each sub-workspace under one admin key spends its own budget."""

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


def workspace_limiter(key: str, workspace: str | None = None) -> WorkspaceLimiter:
    """The window of ``key`` acting in ``workspace`` (None: the key's own workspace).
    Keyed by a hash, so the key itself is kept nowhere new."""
    # The prefixes keep a key and a sub-workspace id that are the same text apart.
    acting = f"key {key}" if workspace is None else f"workspace {workspace}"
    digest = hashlib.sha256(acting.encode()).hexdigest()
    if digest not in _SHARED:
        _SHARED[digest] = WorkspaceLimiter()
    return _SHARED[digest]

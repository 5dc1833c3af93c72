"""A per-connection rate limiter: documented budgets, plus what the server's headers say.

Budgets are sliding windows (``100 reads per 60 s``) kept per bucket (reads, writes), so
seqsync never sends the request that would be answered 429. When a response says
``X-RateLimit-Remaining: 0``, every request waits until ``X-RateLimit-Reset`` (unix
seconds) as well.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from seqsync.providers.retry import Sleep

READ_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class Budget:
    requests: int
    per_seconds: float


class RateLimiter:
    """Waits before a request when sending it now would exceed a budget."""

    def __init__(
        self,
        *,
        reads: Budget | None = None,
        writes: Budget | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._budgets = {"read": reads, "write": writes}
        self._sent: dict[str, deque[float]] = {"read": deque(), "write": deque()}
        self._locks = {"read": asyncio.Lock(), "write": asyncio.Lock()}
        self._clock = clock
        self._wall_clock = wall_clock
        self._sleep = sleep
        self._blocked_until = 0.0  # on the monotonic clock

    async def acquire(self, method: str) -> None:
        bucket = "read" if method.upper() in READ_METHODS else "write"
        async with self._locks[bucket]:
            wait = self._blocked_until - self._clock()
            if wait > 0:
                await self._sleep(wait)
            budget = self._budgets[bucket]
            if budget is not None:
                await self._wait_for_window(self._sent[bucket], budget)
                self._sent[bucket].append(self._clock())

    async def _wait_for_window(self, sent: deque[float], budget: Budget) -> None:
        while True:
            now = self._clock()
            while sent and now - sent[0] >= budget.per_seconds:
                sent.popleft()
            if len(sent) < budget.requests:
                return
            await self._sleep(budget.per_seconds - (now - sent[0]))

    def observe(self, response: httpx.Response) -> None:
        """Learn from ``X-RateLimit-Remaining`` / ``X-RateLimit-Reset`` on any response."""
        remaining = response.headers.get("x-ratelimit-remaining")
        reset = response.headers.get("x-ratelimit-reset")
        if remaining is None or reset is None:
            return
        try:
            exhausted = int(remaining) <= 0
            reset_at = float(reset)
        except ValueError:
            return
        if exhausted:
            delay = max(0.0, reset_at - self._wall_clock())
            self._blocked_until = max(self._blocked_until, self._clock() + min(delay, 120.0))

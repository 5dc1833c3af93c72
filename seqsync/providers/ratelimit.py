"""A per-token rate limiter: documented budgets, plus what the server's headers say.

Budgets are sliding windows (``100 reads per 60 s``) kept per bucket (reads, writes), so
seqsync never sends the request that would be answered 429. Reads and writes are
separate in everything: their windows, and the wait a response's headers impose (when a
read says ``X-RateLimit-Remaining: 0``, only reads wait for ``X-RateLimit-Reset``).

Budgets belong to the API token, not to one command's session (Inbox: "per API token",
docs/providers/inbox.md §6): ``shared_limiter`` gives every session of this process that
uses the same token the same windows, so an apply knows the reads its plan just made.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from seqsync.providers.retry import Sleep

READ_METHODS = frozenset({"GET", "HEAD"})
RESET_RESOLUTION = 1.0
"""``X-RateLimit-Reset`` is in whole unix seconds: the window may end anywhere within
that second, so a wait for it lasts one second more (otherwise the first request after
it can arrive early and be refused)."""
LONGEST_WAIT = 120.0
"""No header makes seqsync wait longer than this at once (a wrong clock must not hang it)."""


@dataclass(frozen=True)
class Budget:
    requests: int
    per_seconds: float


def bucket_of(method: str) -> str:
    return "read" if method.upper() in READ_METHODS else "write"


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
        self._blocked_until = {"read": 0.0, "write": 0.0}  # on the monotonic clock
        # One lock per bucket and event loop: plan and apply may each run their own loop,
        # and an asyncio lock belongs to the loop that first waited on it.
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]]
        self._locks = weakref.WeakKeyDictionary()
        self._clock = clock
        self._wall_clock = wall_clock
        self._sleep = sleep

    async def acquire(self, method: str) -> float:
        """Wait for a slot; returns its ticket, to give back if the server refuses."""
        bucket = bucket_of(method)
        async with self._lock(bucket):
            wait = self._blocked_until[bucket] - self._clock()
            if wait > 0:
                await self._sleep(wait)
            budget = self._budgets[bucket]
            ticket = self._clock()
            if budget is not None:
                await self._wait_for_window(self._sent[bucket], budget)
                ticket = self._clock()
                self._sent[bucket].append(ticket)
            return ticket

    def refund(self, method: str, ticket: float) -> None:
        """A request answered 429 was refused unprocessed and did not count against the
        server's budget; it must not count against ours either."""
        with contextlib.suppress(ValueError):  # already out of the window
            self._sent[bucket_of(method)].remove(ticket)

    def _lock(self, bucket: str) -> asyncio.Lock:
        locks = self._locks.setdefault(asyncio.get_running_loop(), {})
        return locks.setdefault(bucket, asyncio.Lock())

    async def _wait_for_window(self, sent: deque[float], budget: Budget) -> None:
        while True:
            now = self._clock()
            while sent and now - sent[0] >= budget.per_seconds:
                sent.popleft()
            if len(sent) < budget.requests:
                return
            await self._sleep(budget.per_seconds - (now - sent[0]))

    def observe(self, response: httpx.Response, method: str | None = None) -> None:
        """Learn from ``X-RateLimit-Remaining`` / ``X-RateLimit-Reset`` on any response:
        when the server says the budget of this request's bucket is spent, that bucket
        waits for the reset."""
        remaining = response.headers.get("x-ratelimit-remaining")
        reset = response.headers.get("x-ratelimit-reset")
        if remaining is None or reset is None:
            return
        try:
            exhausted = int(remaining) <= 0
            reset_at = float(reset) + RESET_RESOLUTION
        except ValueError:
            return
        if exhausted:
            bucket = bucket_of(method or response.request.method)
            delay = min(max(0.0, reset_at - self._wall_clock()), LONGEST_WAIT)
            self._blocked_until[bucket] = max(self._blocked_until[bucket], self._clock() + delay)


_SHARED: dict[tuple[str, str], RateLimiter] = {}


def shared_limiter(
    api: str, token: str, *, reads: Budget | None = None, writes: Budget | None = None
) -> RateLimiter:
    """The process's limiter for this API token (created on first use). Keyed by a hash,
    so the token itself is kept nowhere new."""
    key = (api, hashlib.sha256(token.encode()).hexdigest())
    if key not in _SHARED:
        _SHARED[key] = RateLimiter(reads=reads, writes=writes)
    return _SHARED[key]


def forget_spent_budgets() -> None:
    """Start every token's budget afresh (for harnesses that stand for many runs)."""
    _SHARED.clear()

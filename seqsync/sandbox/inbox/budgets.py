"""Inbox's rate limits: per token, in this process's memory, 100 reads and 30 writes a
minute (docs/providers/inbox.md §6), with the X-RateLimit headers it sends on every
answer."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from seqsync.sandbox.inbox.errors import RATE_LIMITED_MESSAGE, failure

READS_PER_MINUTE = 100
WRITES_PER_MINUTE = 30


class Budgets:
    def __init__(self, *, enforced: bool, clock: Callable[[], float]) -> None:
        self.enforced = enforced
        self.clock = clock
        self.windows: dict[tuple[str, str], deque[float]] = {}

    def spend(self, token: str, bucket: str) -> dict[str, str]:
        """Count the request against the token's budget; 429 when the minute is spent.
        The headers to answer with otherwise."""
        limit = READS_PER_MINUTE if bucket == "read" else WRITES_PER_MINUTE
        now = self.clock()
        window = self.windows.setdefault((token, bucket), deque())
        while window and now - window[0] >= 60:
            window.popleft()
        reset = int((window[0] if window else now) + 60)
        if self.enforced and len(window) >= limit:
            limited = failure(429, "RATE_LIMITED", RATE_LIMITED_MESSAGE)
            limited.response.headers.update(
                {
                    "X-RateLimit-Limit": str(limit),
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": str(reset),
                    "Retry-After": str(max(1, reset - int(now))),
                }
            )
            raise limited
        window.append(now)
        return {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - len(window))),
            "X-RateLimit-Reset": str(reset),
        }

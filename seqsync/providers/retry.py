"""When a failed request may be sent again, and how long to wait first.

Like stamina, the caller names what is transient: ``on`` has no default. Each provider's
error mapping decides which responses are which error (Supaglue's 500 that wraps a remote
400 is a rejection, not a transient failure), and the policy retries by error type. A POST
is never in ``methods``: creating twice is worse than failing once, so an ambiguous create
is settled by re-reading (see the apply executor), not by resending. The one exception is
429: a rate-limited request was refused unprocessed (RFC 6585), so it is resent after the
server's ``Retry-After`` whatever its method.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import httpx

from seqsync.errors import ProviderError, RateLimited, Transient

Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    """Which requests are retried, how often, and the backoff between attempts."""

    on: tuple[type[ProviderError], ...]
    methods: frozenset[str] = frozenset({"GET", "PATCH", "PUT"})
    max_attempts: int = 8
    base_delay: float = 0.25
    max_delay: float = 20.0
    sleep: Sleep = field(default=asyncio.sleep, compare=False)
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def may_retry(self, method: str, error: ProviderError | None = None) -> bool:
        """Whether a request with ``method`` that failed with ``error`` may be resent.
        ``error`` None means the transport failed before any response."""
        if isinstance(error, RateLimited) and isinstance(error, self.on):
            return True  # a 429 was refused before it was processed: even a create may resend
        if method.upper() not in self.methods:
            return False
        return error is None or isinstance(error, self.on)

    def backoff(self, attempt: int, response: httpx.Response | None = None) -> float:
        """Seconds to wait before attempt ``attempt + 1``: Retry-After if the server set
        one, else capped exponential backoff with full jitter."""
        if response is not None:
            advised = retry_after_seconds(response)
            if advised is not None:
                return min(advised, self.max_delay * 3)
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return self.rng.uniform(ceiling / 2, ceiling)


DEFAULT_POLICY = RetryPolicy(on=(Transient, RateLimited))


def retry_after_seconds(response: httpx.Response) -> float | None:
    """``Retry-After`` as seconds (delta or HTTP date), or None when absent or unreadable."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

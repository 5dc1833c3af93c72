"""Instantly's rate limit: 100 requests a second and 6,000 a minute for the workspace,
every request alike; a request over either is answered 429 (no rate headers are
documented, so none are sent)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from seqsync.sandbox.instantly.errors import rate_limited
from seqsync.sandbox.wire import ApiFailure

WINDOWS = ((100, 1.0), (6_000, 60.0))


class Budgets:
    def __init__(self, *, enforced: bool, clock: Callable[[], float]) -> None:
        self.enforced = enforced
        self.clock = clock
        self.sent: dict[str, tuple[deque[float], ...]] = {}

    def spend(self, workspace: str) -> None:
        now = self.clock()
        windows = self.sent.setdefault(workspace, tuple(deque() for _ in WINDOWS))
        for (limit, seconds), window in zip(WINDOWS, windows, strict=True):
            while window and now - window[0] >= seconds:
                window.popleft()
            if self.enforced and len(window) >= limit:
                raise ApiFailure(rate_limited())
        for window in windows:
            window.append(now)

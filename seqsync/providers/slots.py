"""How many of one connection's sequences are in flight at once (``--parallelism``).

A connection's requests may wait for its API token's budget (:mod:`ratelimit`: Inbox's
writes a minute, say). Slots shared by every connection let those waits hold the slots,
and with them every other connection's reads and writes; each connection has slots of
its own, so a wait holds back only the connection that waits."""

from __future__ import annotations

import asyncio


class ConnectionSlots:
    """A semaphore of ``parallelism`` slots per connection, made on first use."""

    def __init__(self, parallelism: int) -> None:
        self.parallelism = max(1, parallelism)
        self._slots: dict[str, asyncio.Semaphore] = {}

    def of(self, connection: str) -> asyncio.Semaphore:
        if connection not in self._slots:
            self._slots[connection] = asyncio.Semaphore(self.parallelism)
        return self._slots[connection]

"""One at a time, one turn of the event loop each: CPU work that must not stall the wire.

A plan's reads finish in bursts (all those that finished while the files were still
being validated are ready together), and each sequence then costs about a millisecond of
planning. Planned back to back in one turn of the event loop, a burst of hundreds holds
every reply already on the wire unread and every slot it frees unused for a third of a
second. Taking a turn first puts each plan in a turn of its own, with the replies that
arrived and the requests that can go out handled between them.
"""

from __future__ import annotations

import asyncio
from collections import deque


class Turns:
    """Lets the tasks waiting in ``take`` go on one per turn of the event loop, in the
    order they came."""

    def __init__(self) -> None:
        self._waiting: deque[asyncio.Future[None]] = deque()
        self._releasing = False

    async def take(self) -> None:
        loop = asyncio.get_running_loop()
        turn: asyncio.Future[None] = loop.create_future()
        self._waiting.append(turn)
        if not self._releasing:
            self._releasing = True
            loop.call_soon(self._release_next)
        await turn

    def _release_next(self) -> None:
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():  # a cancelled waiter gives its turn to the next
                turn.set_result(None)
                # Called again in the next turn, after the one just released has run
                # and after the loop has polled for what arrived meanwhile.
                asyncio.get_running_loop().call_soon(self._release_next)
                return
        self._releasing = False

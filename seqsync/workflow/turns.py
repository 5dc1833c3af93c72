"""One at a time, one turn of the event loop each: CPU work that must not stall the wire.

A plan's reads finish in bursts (all those that finished while the files were still
being validated are ready together), and each sequence then costs about a millisecond of
planning. Planned back to back in one turn of the event loop, a burst of hundreds holds
every reply already on the wire unread and every slot it frees unused for a third of a
second. Taking a turn first puts each plan in a turn of its own, with the replies that
arrived and the requests that can go out handled between them.

A plan (or a file's validation, ``after_the_wire``) goes on a turn after the tasks woken
by the answers that came meanwhile: a reader woken by its answer sends its next request
at once, and waiting behind a plan made every round trip of a plan a millisecond longer.
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
                # Set in the next turn, so that the waiter runs in the one after it: the
                # tasks woken by what arrived in this turn (an answer, whose reader sends
                # its next request) run first.
                asyncio.get_running_loop().call_soon(_settle, turn)
                # Called again in the next turn, after the one just released has run
                # and after the loop has polled for what arrived meanwhile.
                asyncio.get_running_loop().call_soon(self._release_next)
                return
        self._releasing = False


def _settle(turn: asyncio.Future[None]) -> None:
    if not turn.done():
        turn.set_result(None)


async def after_the_wire() -> None:
    """Give the event loop two turns: the tasks woken by what arrived while the caller
    worked (an answer, whose reader then sends its next request) run before the caller
    goes on. With one, the caller would go on first: it was scheduled before them."""
    await asyncio.sleep(0)
    await asyncio.sleep(0)

"""Turns: tasks that take a turn go on one per turn of the event loop, in order."""

from __future__ import annotations

import asyncio

from seqsync.workflow.turns import Turns


def test_a_burst_goes_on_one_per_turn_with_other_work_between() -> None:
    """Ten tasks ready at once, and a ticker that notes each turn of the loop: no two of
    the ten run in the same turn, and they run in the order they asked."""

    async def go() -> tuple[list[tuple[int, int]], int]:
        turns = Turns()
        ticks = 0
        ran: list[tuple[int, int]] = []

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0)

        async def worker(index: int) -> None:
            await turns.take()
            ran.append((index, ticks))

        tick = asyncio.ensure_future(ticker())
        await asyncio.gather(*(worker(index) for index in range(10)))
        tick.cancel()
        return ran, ticks

    ran, _ = asyncio.run(go())
    assert [index for index, _ in ran] == list(range(10))
    seen_at = [tick for _, tick in ran]
    assert len(set(seen_at)) == 10, f"two plans shared a turn of the loop: {seen_at}"


def test_a_cancelled_waiter_passes_its_turn_on() -> None:
    async def go() -> list[str]:
        turns = Turns()
        ran: list[str] = []

        async def worker(name: str) -> None:
            await turns.take()
            ran.append(name)

        first = asyncio.ensure_future(worker("first"))
        second = asyncio.ensure_future(worker("second"))
        await asyncio.sleep(0)
        first.cancel()
        await asyncio.gather(second, return_exceptions=True)
        await asyncio.gather(first, return_exceptions=True)
        return ran

    assert asyncio.run(go()) == ["second"]

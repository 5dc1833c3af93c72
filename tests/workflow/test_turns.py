"""Turns: tasks that take a turn go on one per turn of the event loop, in order."""

from __future__ import annotations

import asyncio

from seqsync.workflow.turns import Turns, after_the_wire


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


def test_a_task_woken_by_an_answer_goes_before_the_plan_released_in_the_same_turn() -> None:
    """An answer arrives in the turn that releases the first plan: its reader (which
    then sends its next request) runs before that plan, not a plan's length later."""

    async def go() -> list[str]:
        loop = asyncio.get_running_loop()
        turns = Turns()
        answer: asyncio.Future[None] = loop.create_future()
        ran: list[str] = []

        async def reader() -> None:
            await answer
            ran.append("reader")

        async def planner(index: int) -> None:
            await turns.take()
            ran.append(f"plan {index}")

        async def network() -> None:
            # Runs after the planners asked for their turns: the answer's callback comes
            # in the next turn, after the one that releases the first plan, as the
            # callbacks of what select(2) found come after what was already scheduled.
            loop.call_soon(answer.set_result, None)

        await asyncio.gather(reader(), planner(0), planner(1), network())
        return ran

    assert asyncio.run(go()) == ["reader", "plan 0", "plan 1"]


def test_after_the_wire_lets_a_task_woken_meanwhile_go_first() -> None:
    """A file is validated (a step of CPU work) while an answer arrives: its reader runs
    before the next file, though the loader was scheduled first."""

    async def go() -> list[str]:
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[None] = loop.create_future()
        ran: list[str] = []

        async def reader() -> None:
            await answer
            ran.append("reader")

        async def loader() -> None:
            for index in range(3):
                ran.append(f"file {index}")
                if index == 0:
                    loop.call_soon(answer.set_result, None)  # arrived during file 0
                await after_the_wire()

        await asyncio.gather(reader(), loader())
        return ran

    assert asyncio.run(go()) == ["file 0", "reader", "file 1", "file 2"]

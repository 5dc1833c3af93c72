"""Run a command's coroutine to its end, as ``asyncio.run`` does, without its hidden cost.

On CPython 3.11, ``asyncio.Runner.run`` ends by asking ``signal.getsignal`` whether its
SIGINT handler is still installed. ``signal`` turns the handler into a ``Handlers`` enum
member by trying it and catching the ValueError, whose message holds ``repr(handler)``:
a partial of the finished main task, whose repr holds the repr of its result. For a
plan of 1,000 sequences that result is the whole project and plan, and the two reprs
cost about an eighth of the command's CPU (CPython's Lib/asyncio/runners.py and
Lib/signal.py ``_int_to_enum``). The main task here returns nothing; the result is
handed over beside it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

from seqsync import collector

T = TypeVar("T")


def run_to_end(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)``'s result, the main task holding no result to repr; in a
    command's process it lasts until the process ends (``collector.outlive``)."""
    results: list[T] = []
    collector.work_begins()

    async def main() -> None:
        results.append(await coroutine)

    asyncio.run(main())
    collector.outlive(results[0])
    return results[0]

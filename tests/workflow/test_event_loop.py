"""run_to_end: a command's result is never repr'd on its way out of the event loop."""

from __future__ import annotations

import asyncio

import pytest

from seqsync.workflow.event_loop import run_to_end


class CountsReprs:
    """Stands in for a plan: every repr of it is counted."""

    def __init__(self) -> None:
        self.reprs = 0

    def __repr__(self) -> str:
        self.reprs += 1
        return "CountsReprs()"


async def produce(result: CountsReprs) -> CountsReprs:
    await asyncio.sleep(0)
    return result


def test_the_result_comes_back_unrepresented() -> None:
    result = CountsReprs()
    assert run_to_end(produce(result)) is result
    assert result.reprs == 0


def test_an_exception_comes_back_as_raised() -> None:
    async def fails() -> None:
        raise LookupError("no such sequence")

    with pytest.raises(LookupError, match="no such sequence"):
        run_to_end(fails())

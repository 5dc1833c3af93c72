"""Early reads (workflow/prefetch.py): up to --parallelism readers a connection, each
sending its next read in the turn it gets the answer to the last; a failed read is the
plan's to report and stops no other; reads nobody takes are cancelled."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any, cast

import pytest

from seqsync.errors import ProviderError
from seqsync.project.loader import LoadedSequence
from seqsync.providers.slots import ConnectionSlots
from seqsync.workflow.prefetch import Prefetch
from seqsync.workflow.session import ProviderSession


class Answers:
    """A provider whose reads wait until the test answers them, in any order."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.pending: dict[str, asyncio.Future[Any]] = {}
        self.in_flight = 0
        self.most_in_flight = 0

    async def read(self, sequence_id: str, *, context: str) -> Any:
        self.asked.append(sequence_id)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        answer = asyncio.get_running_loop().create_future()
        self.pending[sequence_id] = answer
        try:
            return await answer
        finally:
            self.in_flight -= 1

    def answer(self, sequence_id: str, error: Exception | None = None) -> None:
        future = self.pending.pop(sequence_id)
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(f"live {sequence_id}")


def prefetch_for(provider: Answers, parallelism: int) -> Prefetch:
    prefetch = Prefetch(ConnectionSlots(parallelism), wanted=lambda name: True)
    prefetch.session = cast(ProviderSession, SimpleNamespace(provider=lambda name: provider))
    return prefetch


def valid(prefetch: Prefetch, sequence_id: str, connection: str = "sh") -> None:
    model = SimpleNamespace(live_id=sequence_id, name=f"seq-{sequence_id}", connection=connection)
    prefetch.sequence_valid(cast(LoadedSequence, SimpleNamespace(model=model)))


async def turns(count: int = 3) -> None:
    for _ in range(count):
        await asyncio.sleep(0)


def test_reads_go_out_up_to_the_parallelism_and_the_next_goes_in_the_turn_of_an_answer() -> None:
    async def go() -> tuple[list[str], list[str], int, object]:
        provider = Answers()
        prefetch = prefetch_for(provider, parallelism=2)
        for sequence_id in ("a", "b", "c", "d"):
            valid(prefetch, sequence_id)
        await turns()
        first_asked = list(provider.asked)
        provider.answer("a")
        # One turn: the reader woken by a's answer sends c in that same turn (a task a
        # read, waiting for the slot a's frees, would be woken a turn later).
        await asyncio.sleep(0)
        after_one_answer = list(provider.asked)
        provider.answer("b")
        provider.answer("c")
        await turns()
        provider.answer("d")
        taken = prefetch.take("sh", "a")
        assert taken is not None
        live = (await taken).live
        await prefetch.drop()
        return first_asked, after_one_answer, provider.most_in_flight, live

    first_asked, after_one_answer, most, live = asyncio.run(go())
    assert first_asked == ["a", "b"]
    assert after_one_answer == ["a", "b", "c"]
    assert most == 2
    assert live == "live a"


def test_a_failed_read_goes_to_its_taker_and_the_reader_goes_on() -> None:
    async def go() -> tuple[BaseException | None, object]:
        provider = Answers()
        prefetch = prefetch_for(provider, parallelism=1)
        valid(prefetch, "a")
        valid(prefetch, "b")
        await turns()
        provider.answer("a", error=ProviderError("404 on a"))
        await turns()
        provider.answer("b")
        failed, fine = prefetch.take("sh", "a"), prefetch.take("sh", "b")
        assert failed is not None
        assert fine is not None
        error = (await asyncio.gather(failed, return_exceptions=True))[0]
        return error if isinstance(error, BaseException) else None, (await fine).live

    error, live = asyncio.run(go())
    assert isinstance(error, ProviderError)
    assert "404 on a" in str(error)
    assert live == "live b"


def test_drop_cancels_what_nobody_took_and_sends_no_more() -> None:
    async def go() -> tuple[list[str], int]:
        provider = Answers()
        prefetch = prefetch_for(provider, parallelism=1)
        for sequence_id in ("a", "b", "c"):
            valid(prefetch, sequence_id)
        await turns()
        await prefetch.drop()
        await turns()
        return provider.asked, provider.in_flight

    asked, in_flight = asyncio.run(go())
    assert asked == ["a"]  # b and c were never sent
    assert in_flight == 0  # a's read was cancelled, not left on the wire


@pytest.mark.parametrize("parallelism", [1, 3])
def test_each_connection_has_readers_of_its_own(parallelism: int) -> None:
    async def go() -> tuple[list[str], list[str]]:
        first, second = Answers(), Answers()
        prefetch = Prefetch(ConnectionSlots(parallelism), wanted=lambda name: True)
        prefetch.session = cast(
            ProviderSession,
            SimpleNamespace(provider=lambda name: first if name == "one" else second),
        )
        for sequence_id in ("a", "b", "c"):
            valid(prefetch, sequence_id, "one")
            valid(prefetch, sequence_id, "two")
        await turns()
        asked = (list(first.asked), list(second.asked))
        await prefetch.drop()
        return asked

    first, second = asyncio.run(go())
    assert first == second == ["a", "b", "c"][:parallelism]


def test_a_read_valid_in_the_turn_its_connection_s_last_reader_stops_is_still_read() -> None:
    async def go() -> list[str]:
        provider = Answers()
        prefetch = prefetch_for(provider, parallelism=1)
        valid(prefetch, "a")
        await turns()
        provider.answer("a")
        await asyncio.sleep(0)  # the reader takes the answer and, nothing left, stops
        valid(prefetch, "b")  # in that same turn
        await turns()
        provider.answer("b")
        taken = prefetch.take("sh", "b")
        assert taken is not None
        await asyncio.wait_for(taken, 1.0)  # a stranded read would never finish
        return provider.asked

    assert asyncio.run(go()) == ["a", "b"]

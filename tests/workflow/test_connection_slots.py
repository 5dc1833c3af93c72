"""A wait for one API token's budget holds back only its own connection: the other
connections' reads (plan) and writes (apply) go on while it waits, whatever
--parallelism is (here 1, the tightest)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, cast

import pytest

from seqsync.apply.executor import Executor, ExecutorOptions
from seqsync.apply.report import APPLIED
from seqsync.plan.model import Address, Level, Operation, Plan, Request, SequencePlan, Verb
from seqsync.providers.base import Provider
from seqsync.providers.ratelimit import Budget, RateLimiter
from seqsync.workflow.commands import valid_project
from seqsync.workflow.plan import PlanMaker, Selection
from tests.helpers import make_project
from tests.plan.inprocess import InProcess

DEADLOCK = 10.0  # seconds: only reached when one connection's wait holds the other back
WAITS, INBOX_SENT = "inbox waits for its token's budget", "inbox request sent"


class SpentBudget:
    """An Inbox token whose minute is spent, on a fake clock: its next request waits at
    a gate until another connection's request is done, then the minute passes."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waiting = asyncio.Event()
        self.other_done = asyncio.Event()
        self.events: list[str] = []
        budget = Budget(1, 60.0)
        self.limiter = RateLimiter(
            reads=budget, writes=budget, clock=lambda: self.now, sleep=self._sleep
        )

    async def spend(self) -> None:
        await self.limiter.acquire("GET")
        await self.limiter.acquire("PUT")

    async def _sleep(self, seconds: float) -> None:
        self.events.append(WAITS)
        self.waiting.set()
        await self.other_done.wait()
        self.now += seconds

    async def other_connection(self, what: str) -> None:
        """Another connection's request: it starts once the Inbox wait is on, whichever of
        the two took a slot first, so holding one slot for both can only deadlock."""
        await self.waiting.wait()
        self.events.append(what)
        self.other_done.set()


def _changed(name: str, connection: str, provider: str) -> SequencePlan:
    operation = Operation(
        Verb.PATCH, Level.SEQUENCE, Address(name), Request("PUT", f"/{name}"), "test"
    )
    return SequencePlan(name, connection, provider, name, name, operations=(operation,))


def test_an_inbox_write_waiting_for_its_budget_holds_back_no_saleshandy_write() -> None:
    async def run() -> list[str]:
        budget = SpentBudget()
        await budget.spend()

        class Inbox:
            async def apply(self, operation: Operation, sequence_id: str | None) -> None:
                await budget.limiter.acquire(operation.request.method)
                budget.events.append(INBOX_SENT)

        class Saleshandy:
            async def apply(self, operation: Operation, sequence_id: str | None) -> None:
                await budget.other_connection("saleshandy write sent")

        providers: dict[str, Any] = {"x": Inbox(), "sh": Saleshandy()}
        plan = Plan(
            sequences=(_changed("dms", "x", "inbox"), _changed("intro", "sh", "saleshandy")),
            seqsync_version="t",
            created_at="t",
        )
        executor = Executor(lambda name: cast(Provider, providers[name]), ExecutorOptions())
        executor.options.parallelism = 1
        report = await asyncio.wait_for(executor.run(plan), DEADLOCK)
        assert {o.status for s in report.sequences for o in s.outcomes} == {APPLIED}
        return budget.events

    assert asyncio.run(run()) == [WAITS, "saleshandy write sent", INBOX_SENT]


INBOX_DOC = "name: dms\nconnection: x\nid: usdjpdql3f90seqk13rwuo7z\nsteps:\n  - message: Hi\n"


def test_an_inbox_read_waiting_for_its_budget_holds_back_no_saleshandy_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = InProcess()
    intro = run.new_saleshandy_sequence("Intro")
    email = "  - {channel: email, day: 1, variants: [{subject: Hi, content: '<p>Hi</p>'}]}\n"
    make_project(
        tmp_path,
        {
            "a-dms.yaml": INBOX_DOC,
            "b-intro.yaml": f"name: intro\nconnection: sh\nid: '{intro}'\nsteps:\n{email}",
        },
    )
    monkeypatch.chdir(tmp_path)
    project = valid_project([tmp_path])

    async def plan() -> tuple[Plan, list[str]]:
        budget = SpentBudget()
        await budget.spend()
        monkeypatch.setattr(
            "seqsync.providers.inbox.kind.shared_limiter", lambda *_, **__: budget.limiter
        )
        async with run.session() as session:
            saleshandy = session.provider("sh")
            read = saleshandy.read

            async def read_after_inbox_waits(sequence_id: str, *, context: str) -> Any:
                await budget.other_connection("saleshandy read")
                return await read(sequence_id, context=context)

            monkeypatch.setattr(saleshandy, "read", read_after_inbox_waits)
            maker = PlanMaker(project, session, parallelism=1)
            planned = await asyncio.wait_for(maker.plan(Selection()), DEADLOCK)
        return planned, budget.events

    planned, events = asyncio.run(plan())
    assert events == [WAITS, "saleshandy read"]
    assert {s.name: s.errors for s in planned.sequences} == {"dms": (), "intro": ()}

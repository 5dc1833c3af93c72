"""One read per sequence per apply: the read a plan was made from stands in for the re-read
before a sequence's first write while it is fresh (FRESH_FOR) and found the state the
plan was made from; otherwise the sequence is read again, and refused if it moved."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from typing import Any

import pytest

from seqsync.apply.executor import FRESH_FOR, Executor, ExecutorOptions, Read
from seqsync.apply.report import APPLIED, NOT_ATTEMPTED, ApplyReport
from seqsync.plan.digests import LiveDigests
from seqsync.plan.model import Plan
from seqsync.workflow.commands import MOVED
from tests.apply.test_fault_suite import desired, plan_all
from tests.plan.inprocess import InProcess


def planned(run: InProcess) -> Plan:
    ids = [run.new_saleshandy_sequence(f"fresh {n}") for n in range(3)]
    return plan_all(run, [desired(sequence_id, n) for n, sequence_id in enumerate(ids)])


def applied(
    run: InProcess, plan: Plan, reads: dict[tuple[str, str], Read], monkeypatch: pytest.MonkeyPatch
) -> tuple[ApplyReport, list[str]]:
    """The report, and the sequences the executor read before writing."""
    reread: list[str] = []

    async def go() -> ApplyReport:
        async with run.session() as session:
            provider = session.provider("sh")
            read = provider.read

            async def counted(sequence_id: str, *, context: str) -> Any:
                reread.append(sequence_id)
                return await read(sequence_id, context=context)

            monkeypatch.setattr(provider, "read", counted)
            options = ExecutorOptions(allow_destructive=True, check_stale=True, reads=reads)
            return await Executor(session.provider, options).run(plan)

    return asyncio.run(go()), reread


def fresh(plan: Plan, age: float = 0.0) -> dict[tuple[str, str], Read]:
    at = time.monotonic() - age
    return {
        (s.connection, s.sequence_id or ""): Read(at, s.fingerprint, s.live_version)
        for s in plan.sequences
    }


def test_a_fresh_read_of_the_planned_state_is_not_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = InProcess()
    plan = planned(run)
    report, reread = applied(run, plan, fresh(plan), monkeypatch)
    assert reread == []
    assert {o.status for s in report.sequences for o in s.outcomes} == {APPLIED}


def test_a_read_older_than_fresh_for_is_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = InProcess()
    plan = planned(run)
    report, reread = applied(run, plan, fresh(plan, age=FRESH_FOR + 1), monkeypatch)
    assert sorted(reread) == sorted(s.sequence_id or "" for s in plan.sequences)
    assert {o.status for s in report.sequences for o in s.outcomes} == {APPLIED}


def test_a_sequence_that_moved_is_read_again_and_refused_however_fresh(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = InProcess()
    plan = planned(run)
    reads = fresh(plan)
    moved = plan.sequences[0]
    plan = dataclasses.replace(
        plan,
        sequences=(
            dataclasses.replace(
                moved, digests=LiveDigests.known(MOVED + moved.fingerprint, moved.live_steps)
            ),
            *plan.sequences[1:],
        ),
    )
    report, reread = applied(run, plan, reads, monkeypatch)
    assert reread == [moved.sequence_id]
    refused = next(s for s in report.sequences if s.name == moved.name)
    assert refused.refused is not None
    assert "plan is stale" in refused.refused
    assert {o.status for o in refused.outcomes} == {NOT_ATTEMPTED}

"""The destructive gate belongs to the apply workflow, not to the command line: a
destructive plan handed to the executor from Python is refused before any request."""

from __future__ import annotations

import asyncio

import pytest

from seqsync.apply.executor import Executor, ExecutorOptions
from seqsync.apply.report import APPLIED, ApplyReport
from seqsync.errors import ApplyRefused
from seqsync.plan.model import Plan, SequencePlan
from tests.plan.builders import saleshandy_doc
from tests.plan.inprocess import InProcess

STEPS = [
    {"channel": "email", "day": 1, "variants": [{"subject": "Hi", "content": "<p>Hello</p>"}]},
    {"channel": "linkedin_message", "day": 3, "variants": [{"message": "Saw your post"}]},
]


def _destructive_plan(run: InProcess) -> SequencePlan:
    sequence_id = run.new_saleshandy_sequence("Gate test")
    run.apply(run.plan(saleshandy_doc(STEPS, id=sequence_id), "saleshandy"))
    plan = run.plan(saleshandy_doc(STEPS[:1], id=sequence_id), "saleshandy")
    assert [op.destructive for op in plan.operations] == [True]  # the LinkedIn step pauses
    return plan


def _execute(run: InProcess, plan: SequencePlan, allow: bool) -> ApplyReport:
    async def go() -> ApplyReport:
        async with run.session() as session:
            whole = Plan(sequences=(plan,), seqsync_version="test", created_at="now")
            options = ExecutorOptions(allow_destructive=allow)
            return await Executor(session.provider, options).run(whole)

    return asyncio.run(go())


def test_a_destructive_plan_is_refused_without_the_allowance_and_sends_nothing() -> None:
    run = InProcess()
    plan = _destructive_plan(run)
    before = len(run.sandbox.recorder.requests)
    with pytest.raises(ApplyRefused, match="destructive operation"):
        _execute(run, plan, allow=False)
    assert run.sandbox.recorder.requests[before:] == []


def test_the_same_plan_applies_with_the_allowance() -> None:
    run = InProcess()
    plan = _destructive_plan(run)
    report = _execute(run, plan, allow=True)
    assert [outcome.status for outcome in report.sequences[0].outcomes] == [APPLIED]

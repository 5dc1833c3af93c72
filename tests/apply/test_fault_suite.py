"""Applying 100 sequences through injected faults: every run converges or reports exactly
what failed, nothing is ever duplicated, and a second apply converges to zero changes."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest

from seqsync.apply.executor import Executor, ExecutorOptions
from seqsync.apply.report import APPLIED, FAILED, NOT_ATTEMPTED, ApplyReport
from seqsync.plan.model import Plan, SequencePlan
from seqsync.sandbox.faults import FaultInjector, Faults
from tests.plan.builders import saleshandy_doc
from tests.plan.inprocess import InProcess

SEQUENCES = 100


def desired(sequence_id: str, n: int) -> Any:
    return saleshandy_doc(
        [
            {
                "channel": "email",
                "day": 1,
                "variants": [
                    {"subject": f"Hello {n}", "content": f"<p>First {n}</p>"},
                    {"subject": f"Hi {n}", "content": f"<p>First B {n}</p>"},
                ],
            },
            {
                "channel": "linkedin_message",
                "day": 3,
                "task_note": "note",
                "variants": [{"message": f"Ping {n}"}],
            },
            {
                "channel": "email",
                "day": 5,
                "variants": [{"subject": f"Follow up {n}", "content": f"<p>Again {n}</p>"}],
            },
        ],
        id=sequence_id,
        name=f"seq-{n}",
    )


def plan_all(run: InProcess, docs: list[Any]) -> Plan:
    plans: list[SequencePlan] = [run.plan(doc, "saleshandy") for doc in docs]
    return Plan(sequences=tuple(plans), seqsync_version="test", created_at="now")


def apply_all(run: InProcess, plan: Plan) -> ApplyReport:
    async def go() -> ApplyReport:
        async with run.session() as session:
            return await Executor(
                session.provider, ExecutorOptions(allow_destructive=True, parallelism=8)
            ).run(plan)

    return asyncio.run(go())


def live_steps(run: InProcess, sequence_id: str) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = run.sandbox.store._load()["saleshandy"]["sequences"][sequence_id][
        "steps"
    ]
    return steps


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_apply_through_faults_converges_without_duplicates(seed: int) -> None:
    run = InProcess()
    run.sandbox.injector = FaultInjector(Faults())
    ids = [run.new_saleshandy_sequence(f"fault suite {n}") for n in range(SEQUENCES)]
    docs = [desired(sequence_id, n) for n, sequence_id in enumerate(ids)]
    plan = plan_all(run, docs)
    assert len(plan.operations) == 3 * SEQUENCES

    run.sandbox.injector = FaultInjector(
        Faults(
            error_rate=0.08,
            burst_429_every=40,
            burst_429_length=3,
            drop_rate=0.05,
            lost_response_rate=0.1,
            slow_rate=0.03,
            seed=seed,
        )
    )
    run.sandbox.recorder.requests.clear()
    report = apply_all(run, plan)
    outcomes = Counter(o.status for s in report.sequences for o in s.outcomes)
    assert outcomes[APPLIED] + outcomes[FAILED] + outcomes[NOT_ATTEMPTED] == len(plan.operations)
    faults = Counter(r.outcome for r in run.sandbox.recorder.requests)
    assert faults["lost_response"] > 0, "the suite must exercise lost create responses"
    assert faults["dropped"] + faults["5xx"] + faults["429"] > 0

    run.sandbox.injector = FaultInjector(Faults())
    for sequence_id in ids:  # never a duplicated step or variant, whatever happened
        steps = live_steps(run, sequence_id)
        assert len({(s["type"], s["absoluteDays"]) for s in steps}) == len(steps)
        assert all(len(s["variants"]) <= (2 if s["absoluteDays"] == 1 else 1) for s in steps)

    remaining = plan_all(run, docs)
    failed_sequences = {s.name for s in report.sequences if s.failed}
    assert {s.name for s in remaining.sequences if s.operations} <= failed_sequences
    assert len(remaining.operations) == outcomes[FAILED] + outcomes[NOT_ATTEMPTED]

    second = apply_all(run, remaining)
    assert not second.failed
    assert plan_all(run, docs).operations == []
    for sequence_id in ids:
        steps = live_steps(run, sequence_id)
        assert sorted((s["type"], s["absoluteDays"], len(s["variants"])) for s in steps) == [
            (1, 1, 2),
            (1, 5, 1),
            (3, 3, 1),
        ]


def test_a_failed_operation_stops_its_sequence_and_no_other() -> None:
    run = InProcess()
    ids = [run.new_saleshandy_sequence(f"stop {n}") for n in range(3)]
    docs = [desired(sequence_id, n) for n, sequence_id in enumerate(ids)]
    plan = plan_all(run, docs)
    # Someone puts an email on day 5 of the second sequence between plan and apply.
    with run.sandbox.store.transaction() as tx:
        steps = tx.state["saleshandy"]["sequences"][ids[1]]["steps"]
        steps.append(
            {
                "id": "Intruder01",
                "name": "Step 9",
                "number": 9,
                "type": 1,
                "absoluteDays": 5,
                "priority": 3,
                "variants": [
                    {
                        "id": "IntruderV1",
                        "type": 1,
                        "payload": {"subject": "x", "content": "y"},
                        "status": 1,
                        "stepStatus": 1,
                        "executionType": 1,
                        "taskNote": None,
                        "attachmentIds": [],
                    }
                ],
            }
        )
    report = apply_all(run, plan)
    by_name = {s.name: [o.status for o in s.outcomes] for s in report.sequences}
    assert by_name["seq-0"] == by_name["seq-2"] == [APPLIED] * 3
    assert by_name["seq-1"] == [APPLIED, APPLIED, FAILED]
    failure = next(o for o in report.sequences[1].outcomes if o.status == FAILED)
    assert "one Email step" in failure.message

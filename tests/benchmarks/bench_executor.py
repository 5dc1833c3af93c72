"""Benchmark the executor alone: apply changes to N sequences through an in-memory sandbox
with injected latency, and compare with the floor (requests x latency / parallelism).

    python -m tests.benchmarks.bench_executor [--sequences 500] [--latency-ms 50] [--parallelism 8]

The sandbox keeps its state in memory here, so what is measured is seqsync's scheduling,
not the sandbox's persistence (bench_apply measures the whole CLI).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time

from seqsync.apply.executor import Executor, ExecutorOptions
from seqsync.plan.model import Plan
from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.faults import FaultInjector, Faults
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.state import StateStore
from tests.apply.test_fault_suite import desired
from tests.benchmarks.runner import figure
from tests.plan.inprocess import InProcess


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sequences", type=int, default=500)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--parallelism", type=int, default=8)
    args = parser.parse_args()
    run = InProcess(Sandbox(StateStore(None, initial_state), rng=random.Random(5)))
    ids = [run.new_saleshandy_sequence(f"bench {n}") for n in range(args.sequences)]
    plans = [run.plan(desired(sequence_id, n), "saleshandy") for n, sequence_id in enumerate(ids)]
    plan = Plan(sequences=tuple(plans), seqsync_version="bench", created_at="now")
    run.sandbox.injector = FaultInjector(Faults(latency_ms=args.latency_ms))
    run.sandbox.faults = run.sandbox.injector.faults
    run.sandbox.recorder.requests.clear()

    async def apply() -> None:
        async with run.session() as session:
            await Executor(
                session.provider,
                ExecutorOptions(allow_destructive=True, parallelism=args.parallelism),
            ).run(plan)

    start = time.perf_counter()
    asyncio.run(apply())
    wall = time.perf_counter() - start
    requests = len(run.sandbox.recorder.requests)
    floor = requests * args.latency_ms / 1000 / args.parallelism
    figure(
        f"executor: {args.sequences} sequences, {len(plan.operations)} operations, {requests} requests, "
        f"{args.latency_ms:.0f} ms latency, parallelism {args.parallelism}: {wall:.2f} s; "
        f"floor {floor:.2f} s ({wall / floor:.2f}x)"
    )


if __name__ == "__main__":
    main()

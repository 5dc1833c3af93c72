"""Benchmark `seqsync apply` on the embedded sandbox and over loopback, at a latency.

    python -m tests.benchmarks.bench_apply [--sequences 500] [--latency-ms 50]
        [--parallelism 4] [--repeat 3]

The project has one change per sequence. ``seqsync apply --auto-approve`` plans and
applies it; every request waits ``--latency-ms`` (the embedded sandbox's injected
latency, or `seqsync sandbox serve --latency-ms`). The floor is the time the requests
need at that parallelism, which is per connection: the busiest connection's requests x
latency / parallelism (the default 4 on each of the two connections is 8 in flight). Writes over the planned
operations must be exactly 1. Figures are medians of ``--repeat`` fresh runs; prints
figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from tests.benchmarks.runner import (
    Measured,
    figure,
    latency_floor,
    median,
    over_loopback,
    seqsync,
    seqsync_served,
)
from tests.benchmarks.workload import generate


def planned_operations(root: Path) -> int:
    seqsync(root, ["plan", "--format", "json", "--out", "plan.json"])
    plan = json.loads((root / "plan.json").read_text(encoding="utf-8"))
    (root / "plan.json").unlink()
    return sum(len(sequence["operations"]) for sequence in plan["sequences"])


def apply_once(
    folder: Path, name: str, sequences: int, where: str, args: argparse.Namespace
) -> tuple[Measured, int]:
    root = folder / name
    generate(root, sequences)
    operations = planned_operations(root)
    command = ["apply", "--auto-approve", "--parallelism", str(args.parallelism)]
    if where == "embedded":
        return seqsync(root, command, faults={"latency_ms": args.latency_ms}), operations
    with over_loopback(root, "--latency-ms", f"{args.latency_ms:g}") as served:
        return seqsync_served(root, served, command), operations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sequences", type=int, default=500)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--parallelism", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for where in ("embedded", "loopback"):
            runs = [
                apply_once(Path(folder), f"{where}-{n}", args.sequences, where, args)
                for n in range(args.repeat)
            ]
            ratios = []
            for measured, _ in runs:
                floor = latency_floor(measured.requests, args.latency_ms, args.parallelism)
                ratios.append(measured.wall / floor)
            measured, operations = runs[0]
            floor = latency_floor(measured.requests, args.latency_ms, args.parallelism)
            figure(
                f"apply {args.sequences} sequences on the {where} sandbox, {args.latency_ms:g} ms "
                f"latency, parallelism {args.parallelism} per connection: {median([m.wall for m, _ in runs]):.2f} s "
                f"for {len(measured.requests)} requests; floor {floor:.2f} s "
                f"({median(ratios):.2f}x floor); {measured.writes} writes for {operations} "
                f"planned operations ({measured.writes / operations:.2f}); exit {measured.code}"
            )


if __name__ == "__main__":
    main()

"""Benchmark `seqsync plan` and `seqsync apply` on generated sandbox workloads.

    python -m tests.benchmarks.bench_plan_apply [--plan-sequences 1000] [--apply-sequences 500] [--latency-ms 50]

Runs the real console script against the in-process sandbox and prints wall time, peak
memory and the requests the sandbox recorded; for apply, also the floor
(requests x latency / parallelism). Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from tests.benchmarks.workload import generate
from tests.helpers import installed_script


def run(
    root: Path, args: list[str], faults: dict[str, float]
) -> tuple[float, float, list[dict[str, object]]]:
    record = root / "requests.jsonl"
    record.unlink(missing_ok=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "NO_COLOR": "1",
        "SEQSYNC_SANDBOX_FAULTS": json.dumps(faults),
        "SEQSYNC_SANDBOX_RECORD": str(record),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(
        [installed_script("seqsync") or "seqsync", *args],
        cwd=root,
        env=env,
        capture_output=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    peak_mib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    requests = (
        [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    )
    return wall, peak_mib, requests


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plan-sequences", type=int, default=1000)
    parser.add_argument("--apply-sequences", type=int, default=500)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--parallelism", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "plan"
        generate(root, args.plan_sequences)
        wall, peak, requests = run(root, ["plan", "--parallelism", str(args.parallelism)], {})
        gets = sum(r["method"] == "GET" for r in requests)
        print(
            f"plan {args.plan_sequences} sequences x 10 steps (in-process sandbox, no latency): "
            f"{wall:.2f} s, peak RSS {peak:.0f} MiB, {len(requests)} requests ({gets} GET)"
        )
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "apply"
        generate(root, args.apply_sequences)
        faults = {"latency_ms": args.latency_ms}
        wall, peak, requests = run(
            root, ["apply", "--auto-approve", "--parallelism", str(args.parallelism)], faults
        )
        floor = len(requests) * args.latency_ms / 1000 / args.parallelism
        writes = sum(r["method"] != "GET" for r in requests)
        print(
            f"apply {args.apply_sequences} sequences ({writes} writes) with {args.latency_ms:.0f} ms latency, "
            f"parallelism {args.parallelism}: {wall:.2f} s for {len(requests)} requests; "
            f"floor {floor:.2f} s ({wall / floor if floor else 0:.2f}x)"
        )
        wall, _, requests = run(root, ["plan", "--detailed-exitcode"], {})
        print(f"plan after apply: {len(requests)} requests, {wall:.2f} s")


if __name__ == "__main__":
    main()

"""`python -m tests.benchmarks`: every benchmark, each figure beside its budget.

Benchmarks measure and print; they assert nothing (a shared 2-core machine makes timed
assertions flaky). Each figure is read from the benchmark's own output line and compared
with the budget the speed issue sets; "over" is a finding to look into, not a failure.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Budget:
    what: str
    pattern: str  # a regular expression whose first group is the figure
    limit: float
    unit: str


@dataclass(frozen=True)
class Bench:
    module: str
    args: tuple[str, ...]
    budgets: tuple[Budget, ...]


BENCHES = (
    Bench(
        "bench_long_emails",
        ("--sequences", "5"),
        (
            Budget(
                "plan, 10 steps of 4 KB each edited (Saleshandy)",
                r"saleshandy: .*?: ([\d.]+) ms CPU per sequence",
                10,
                "ms/sequence",
            ),
            Budget(
                "plan, 10 steps of 4 KB each edited (Supaglue)",
                r"supaglue: .*?: ([\d.]+) ms CPU per sequence",
                10,
                "ms/sequence",
            ),
        ),
    ),
    Bench(
        "bench_plan_apply",
        ("--plan-sequences", "1000", "--apply-sequences", "100"),
        (
            Budget(
                "plan 1,000 x 10 steps, no latency",
                r"plan 1000 sequences .*?: ([\d.]+) s",
                2,
                "ms/sequence",  # the wall seconds of 1,000 sequences are ms per sequence
            ),
            Budget("peak RSS of that plan", r"peak RSS (\d+) MiB", 200, "MiB"),
            Budget(
                "apply at 50 ms latency: wall / floor", r"floor [\d.]+ s \(([\d.]+)x\)", 1.2, "x"
            ),
        ),
    ),
    Bench(
        "bench_executor",
        (),
        (Budget("executor alone: wall / floor", r"\(([\d.]+)x\)", 1.2, "x"),),
    ),
    Bench(
        "bench_validate",
        (),
        (Budget("seqsync --help cold start", r"cold start\): (\d+) ms", 150, "ms"),),
    ),
    Bench("bench_import", (), ()),
)


def main() -> int:
    rows: list[tuple[str, str, str, str]] = []
    for bench in BENCHES:
        print(f"== {bench.module} {' '.join(bench.args)}", flush=True)
        done = subprocess.run(
            [sys.executable, "-m", f"tests.benchmarks.{bench.module}", *bench.args],
            capture_output=True,
            text=True,
            check=False,
        )
        print(done.stdout + done.stderr, end="", flush=True)
        for budget in bench.budgets:
            found = re.search(budget.pattern, done.stdout)
            if found is None:
                rows.append(
                    (budget.what, "not measured", f"<= {budget.limit:g} {budget.unit}", "?")
                )
                continue
            value = float(found.group(1))
            verdict = "within" if value <= budget.limit else "over"
            rows.append((budget.what, f"{value:g} {budget.unit}", f"<= {budget.limit:g}", verdict))
    width = max(len(row[0]) for row in rows)
    print("\n== figures and budgets")
    for what, figure, limit, verdict in rows:
        print(f"  {what:<{width}}  {figure:>16}  {limit:>8}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

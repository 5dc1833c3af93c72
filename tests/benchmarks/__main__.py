"""`python -m tests.benchmarks`: every benchmark, each figure beside its budget.

Benchmarks measure and print; they assert nothing (a shared 2-core machine makes timed
assertions flaky). Each figure is read from the benchmark's own output line and compared
with the budget the speed issue sets; "missed" is a finding to look into, not a failure.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass

from tests.benchmarks.runner import conditions, cpu_model


@dataclass(frozen=True)
class Budget:
    what: str
    pattern: str  # a regular expression whose first group is the figure
    limit: float
    unit: str
    at_least: bool = False  # the figure must reach the limit, not stay under it

    def met(self, value: float) -> bool:
        return value >= self.limit if self.at_least else value <= self.limit

    def shown(self) -> str:
        return f"{'>=' if self.at_least else '<='} {self.limit:g}"


@dataclass(frozen=True)
class Bench:
    module: str
    args: tuple[str, ...]
    budgets: tuple[Budget, ...]


BENCHES = (
    Bench(
        "bench_long_emails",
        ("--sequences", "200"),
        (
            Budget(
                "plan, 10 steps of 4 KB each edited (Saleshandy A/B: 20 bodies)",
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
            Budget(
                "long email over unchanged, Saleshandy (same run)",
                r"saleshandy: .*?([\d.]+)x unchanged",
                3,
                "x",
            ),
            Budget(
                "long email over unchanged, Supaglue (same run)",
                r"supaglue: .*?([\d.]+)x unchanged",
                3,
                "x",
            ),
            Budget(
                "worst case: 10 bodies of 100 KB rewritten, plan and render",
                r"worst case: .*?: ([\d.]+) s wall",
                2,
                "s",
            ),
        ),
    ),
    Bench(
        "bench_plan",
        ("--sequences", "1000", "--growth", "100,1000,5000", "--naive-sequences", "200"),
        (
            Budget(
                "plan 1,000 x 10 steps, no latency: CPU",
                r"plan 1000 sequences x 10 steps over loopback, no latency: ([\d.]+) ms CPU",
                2,
                "ms/sequence",
            ),
            Budget(
                "peak RSS of that plan",
                r"plan 1000 sequences x 10 steps .*?peak RSS (\d+) MiB",
                200,
                "MiB",
            ),
            Budget(
                "growth exponent, 100 to 5,000 sequences", r"growth exponent .*?: ([\d.]+)", 1.1, ""
            ),
            Budget(
                "plan at 50 ms latency, 16 reads in flight: wall / floor",
                r"16 in flight\): .*?\(([\d.]+)x floor",
                1.15,
                "x",
            ),
            Budget(
                "seqsync over a naive sequential script",
                r"\(seqsync ([\d.]+)x faster\)",
                5,
                "x",
                at_least=True,
            ),
        ),
    ),
    Bench(
        "bench_apply",
        ("--sequences", "500"),
        (
            Budget(
                "apply 500 at 50 ms, embedded sandbox: wall / floor",
                r"embedded sandbox.*?\(([\d.]+)x floor\)",
                1.2,
                "x",
            ),
            Budget(
                "apply 500 at 50 ms, over loopback: wall / floor",
                r"loopback sandbox.*?\(([\d.]+)x floor\)",
                1.2,
                "x",
            ),
            Budget(
                "writes / planned operations",
                r"embedded sandbox.*?planned operations \(([\d.]+)\)",
                1.0,
                "",
            ),
        ),
    ),
    Bench(
        "bench_inbox_rate",
        ("--campaigns", "61"),
        (
            Budget(
                "Inbox: share of its write limit used",
                r"\(([\d.]+)% of the limit",
                95,
                "%",
                at_least=True,
            ),
            Budget("Inbox: runs a 429 failed", r"exit (\d+)", 0, ""),
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
        (Budget("seqsync --help over bare Python", r"cold start\): (-?\d+) ms", 150, "ms"),),
    ),
    Bench(
        "bench_import",
        (),
        (
            Budget(
                "import --all, Saleshandy: CPU per sequence written",
                r"import --all .*?: ([\d.]+) ms CPU per sequence",
                5,
                "ms/sequence",
            ),
        ),
    ),
)


def main() -> int:
    rows: list[tuple[str, str, str, str]] = []
    print(f"== machine: {cpu_model()}; at the start {conditions()}", flush=True)
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
                rows.append((budget.what, "not measured", budget.shown(), "?"))
                continue
            value = float(found.group(1))
            verdict = "within" if budget.met(value) else "missed"
            rows.append((budget.what, f"{value:g} {budget.unit}", budget.shown(), verdict))
    width = max(len(row[0]) for row in rows)
    print(
        f"\n== figures and budgets (each figure's conditions are on its line above; now {conditions()})"
    )
    for what, figure, limit, verdict in rows:
        print(f"  {what:<{width}}  {figure:>16}  {limit:>8}  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: `seqsync validate` over a generated folder, and `seqsync --help` cold start.

    python -m tests.benchmarks.bench_validate [--sequences 1000] [--steps 10]

Prints wall times (best of three runs of the real console script); asserts nothing, so it
never flakes: the figures go in the notes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.runner import figure
from tests.helpers import installed_script

CONFIG = "connections:\n  sh: {provider: saleshandy, sandbox: true}\n"


def generate(root: Path, sequences: int, steps: int) -> None:
    (root / "seqsync.yaml").write_text(CONFIG, encoding="utf-8")
    folder = root / "sequences"
    folder.mkdir()
    for n in range(sequences):
        lines = [f"name: seq-{n}", "connection: sh", f"title: Sequence {n}", "steps:"]
        for day in range(1, steps + 1):
            if day % 2:
                lines += [
                    "  - channel: email",
                    f"    day: {day}",
                    "    variants:",
                    f"      - subject: 'Step {day}, {{{{firstName}}}}'",
                    f"        content: '<p>Hi {{{{firstName}}}}, note {day} of seq {n}.</p>'",
                    f"      - subject: 'B {day}'",
                    "        content: '<p>Variant B</p>'",
                ]
            else:
                lines += [
                    "  - channel: linkedin_message",
                    f"    day: {day}",
                    "    task_note: personalise",
                    "    variants:",
                    f"      - message: 'Hi {{{{firstName}}}} ({day})'",
                ]
        (folder / f"seq-{n:04d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def best_of(command: list[str], cwd: Path, runs: int = 3) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sequences", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=10)
    args = parser.parse_args()
    seqsync = installed_script("seqsync") or "seqsync"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        generate(root, args.sequences, args.steps)
        validate = best_of([seqsync, "validate", "."], root)
        help_time = best_of([seqsync, "--help"], root)
        bare = best_of([sys.executable, "-c", "pass"], root)
    figure(f"validate {args.sequences} sequences x {args.steps} steps: {validate:.2f} s")
    figure(
        f"seqsync --help (cold start): {(help_time - bare) * 1000:.0f} ms over bare Python "
        f"({help_time * 1000:.0f} ms against {bare * 1000:.0f} ms for python -c pass)"
    )


if __name__ == "__main__":
    main()

"""Benchmark `seqsync import --all` of N sandbox sequences (CPU, wall time and requests).

python -m tests.benchmarks.bench_import [--sequences 400]

Half the generated sequences are Saleshandy's; those are imported (one listing and one
read each), then planned against what was imported. The CPU per sequence is the import
process's user and system CPU (start-up and the embedded sandbox included) divided by
the sequences written. Its system part is mostly the kernel creating files (eleven a
sequence here: the document and ten email bodies), which varies with the machine's
file system and with what else is writing to it.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from tests.benchmarks.runner import figure, seqsync
from tests.benchmarks.workload import generate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sequences", type=int, default=400)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "import"
        generate(root, args.sequences)
        shutil.rmtree(root / "sequences")
        imported = seqsync(root, ["import", "--connection", "sh", "--all", "--dir", "imported"])
        written = len(list((root / "imported").glob("*.yaml")))
        figure(
            f"import --all of a Saleshandy account with {written} sequences: "
            f"{imported.cpu / max(written, 1) * 1000:.2f} ms CPU per sequence "
            f"({imported.cpu:.2f} s CPU: user {imported.user:.2f} s, system "
            f"{imported.system:.2f} s), {imported.wall:.2f} s wall, "
            f"{len(imported.requests)} requests, peak RSS "
            f"{imported.peak_mib:.0f} MiB, exit {imported.code}"
        )
        planned = seqsync(root, ["plan", "--detailed-exitcode", "--target", "*"])
        figure(
            f"plan after import: {planned.wall:.2f} s, {len(planned.requests)} requests, "
            f"exit {planned.code} (0: no changes)"
        )


if __name__ == "__main__":
    main()

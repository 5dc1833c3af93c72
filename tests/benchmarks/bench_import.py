"""Benchmark `seqsync import --all` of N sandbox sequences (wall time and requests).

python -m tests.benchmarks.bench_import [--sequences 200]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from tests.benchmarks.bench_plan_apply import run
from tests.benchmarks.workload import generate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sequences", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "import"
        generate(root, args.sequences)
        shutil.rmtree(root / "sequences")
        wall, peak, requests = run(
            root, ["import", "--connection", "sh", "--all", "--dir", "imported"], {}
        )
        written = len(list((root / "imported").glob("*.yaml")))
        print(
            f"import --all of {args.sequences} sequences: {wall:.2f} s, {len(requests)} requests "
            f"({written} files written), peak RSS {peak:.0f} MiB"
        )
        wall, _, requests = run(root, ["plan", "--detailed-exitcode"], {})
        print(f"plan after import: {wall:.2f} s, {len(requests)} requests")


if __name__ == "__main__":
    main()

"""Benchmark an Inbox apply against its documented budget: 100 reads and 30 writes a
minute per token (docs/providers/inbox.md §6), enforced by the embedded sandbox's emulator.

    python -m tests.benchmarks.bench_inbox_rate [--campaigns 61]

Every campaign has one change (so many replaces that the safety limits need --force), so apply reads each (plan), re-reads it right before its
replace, and writes it once. The fastest any client could go is set by the server's
sliding windows: write k (from 0) no sooner than floor(k / 30) minutes after the first.
The share of the limit used is that fastest time over the time seqsync took from its
first write to its last (1.00 is the limit itself). 429s are counted from the sandbox's
record; a run that a 429 failed exits non-zero. Takes a few minutes; prints figures,
asserts nothing.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tests.benchmarks.runner import figure, seqsync
from tests.benchmarks.workload import generate_inbox

WRITES_PER_MINUTE = 30


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--campaigns", type=int, default=61)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "inbox"
        generate_inbox(root, args.campaigns)
        measured = seqsync(root, ["apply", "--auto-approve", "--force", "--parallelism", "8"])
        writes = [r for r in measured.requests if r["method"] != "GET"]
        reads = [r for r in measured.requests if r["method"] == "GET"]
        refused = sum(r["status"] == 429 for r in measured.requests)
        times = sorted(float(str(r["at"])) for r in writes if r["status"] != 429)
        fastest = (len(times) - 1) // WRITES_PER_MINUTE * 60.0
        took = times[-1] - times[0] if len(times) > 1 else 0.0
        share = fastest / took if took else 1.0
        figure(
            f"inbox apply of {args.campaigns} campaigns: {len(reads)} reads, {len(writes)} "
            f"writes in {measured.wall:.1f} s; first to last write {took:.1f} s against "
            f"{fastest:.0f} s at the limit ({share:.1%} of the limit used); "
            f"{refused} answered 429; exit {measured.code}"
        )


if __name__ == "__main__":
    main()

"""The collector policy: in a process that is seqsync's, what exists when the work
begins is frozen out of every collection; in any other, nothing changes."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import gc, sys
from seqsync import collector
if sys.argv[1] == "owned":
    collector.take_over()
before = gc.get_freeze_count()
import seqsync.workflow.planning  # a command's modules, imported once it runs
collector.work_begins()
print(before, gc.get_freeze_count(), gc.get_threshold()[0])
"""


def probe(mode: str) -> tuple[int, int, int]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, check=True
    )
    before, after, threshold = (int(part) for part in done.stdout.split())
    return before, after, threshold


def test_a_command_s_modules_are_frozen_once_its_work_begins() -> None:
    before, after, threshold = probe("owned")
    assert after > before + 10_000, "the imported modules were left for the collector"
    assert threshold == 20_000


def test_a_process_seqsync_does_not_own_keeps_its_collector() -> None:
    before, after, threshold = probe("library")
    assert (before, after) == (0, 0)
    assert threshold == 700

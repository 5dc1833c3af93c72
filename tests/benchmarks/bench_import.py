"""Benchmark `seqsync import --all` of a Saleshandy account (CPU, wall time and requests).

    python -m tests.benchmarks.bench_import [--sequences 200] [--large 1000] [--repeat 3]
        [--folder DIR]

The live sequences are served by `seqsync sandbox serve` in its own process over
loopback (as in bench_plan), so the CPU measured is the seqsync process's alone: the
emulator's listing and reads are not in it. Each size is a generated account whose
Saleshandy half (``--sequences`` and ``--large`` sequences; the other half is Outreach's
and not imported) is imported with one listing and one read per sequence, each run into
a project of its own; figures are of the run with the median CPU of ``--repeat``.
Printed per size:

- the import's total user + system CPU divided by the sequences written (start-up
  included, so it falls as the size grows);
- the CPU per sequence above an import of an empty account (start-up, imports and the
  listing subtracted), split into user and system CPU.

The system part is mostly the kernel creating files: eleven a sequence here (the
document and ten email bodies) and a folder. What that costs depends on the file system
the projects are on (``--folder``; default the temporary folder) and on what else uses
it: ext4 without a journal, for one, passes over every inode freed in the last minutes
when it looks for a free one (fs/ext4/ialloc.c, ``find_inode_bit`` and
``recently_deleted``), so files deleted shortly before, by anything, make creating
files dearer. Nothing is deleted here until the end: the generated sequence files are
moved out of the project rather than deleted, and each run has a folder of its own.

A plan after the largest import checks that what was written plans to zero changes.
Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import shutil
import tempfile
from pathlib import Path

from tests.benchmarks.runner import Measured, figure, over_loopback, seqsync_served
from tests.benchmarks.workload import generate

IMPORT = ["import", "--connection", "sh", "--all", "--dir", "imported"]
_RUNS = itertools.count(1)


def median_run(runs: list[tuple[Measured, Path]]) -> tuple[Measured, Path]:
    """The run whose CPU is the median (its user/system split is a real run's)."""
    return sorted(runs, key=lambda run: run[0].cpu)[len(runs) // 2]


def imports(root: Path, repeat: int) -> list[tuple[Measured, Path]]:
    """``repeat`` imports of ``root``'s account over loopback, each into a new project
    (the served ``seqsync.yaml`` and nothing else), with the project it wrote."""
    runs = []
    with over_loopback(root) as served:
        for _ in range(repeat):
            project = root.parent / f"run-{next(_RUNS)}"
            project.mkdir()
            shutil.copy(root / "seqsync.yaml", project / "seqsync.yaml")
            runs.append((seqsync_served(project, served, IMPORT), project))
    return runs


def account(folder: Path, name: str, saleshandy: int) -> Path:
    """A project whose account has ``saleshandy`` Saleshandy sequences (and as many of
    Outreach's). Its sequence files are moved out of it, not deleted (see above)."""
    root = folder / name
    generate(root, 2 * saleshandy)
    (root / "sequences").rename(folder / f"{name}-generated")
    return root


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sequences", type=int, default=200, help="Saleshandy sequences")
    parser.add_argument("--large", type=int, default=1000, help="a larger account's")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--folder", help="where to make the projects (a file system)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        base = Path(folder)
        empty, _ = median_run(imports(account(base, "empty", 0), args.repeat))
        figure(
            f"import --all of an empty account over loopback: {empty.cpu * 1000:.0f} ms CPU "
            f"(user {empty.user * 1000:.0f} ms, system {empty.system * 1000:.0f} ms; "
            f"start-up and the listing, subtracted below), exit {empty.code}"
        )
        served_root = last = base
        for size in dict.fromkeys([args.sequences, args.large]):
            served_root = account(base, f"account-{size}", size)
            run, last = median_run(imports(served_root, args.repeat))
            written = max(len(list((last / "imported").glob("*.yaml"))), 1)
            above, user, system = (
                (run.cpu - empty.cpu) / written * 1000,
                (run.user - empty.user) / written * 1000,
                (run.system - empty.system) / written * 1000,
            )
            figure(
                f"import --all of {written} Saleshandy sequences over loopback: "
                f"{run.cpu / written * 1000:.2f} ms CPU per sequence with start-up "
                f"({run.cpu:.2f} s: user {run.user:.2f} s, system {run.system:.2f} s); "
                f"{above:.2f} ms per sequence above the empty import (user {user:.2f} ms, "
                f"system {system:.2f} ms); wall {run.wall:.2f} s, {len(run.requests)} "
                f"requests, exit {run.code}"
            )
        with over_loopback(served_root) as served:
            shutil.copy(served_root / "seqsync.yaml", last / "seqsync.yaml")
            planned = seqsync_served(last, served, ["plan", "--detailed-exitcode", "--target", "*"])
        figure(
            f"plan after the last import: {planned.wall:.2f} s, {len(planned.requests)} "
            f"requests, exit {planned.code} (0: no changes)"
        )


if __name__ == "__main__":
    main()

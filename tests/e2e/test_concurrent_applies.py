"""Two applies on one project at once never duplicate anything: the second waits for
the project lock (or, without --lock-timeout, refuses clearly), then finds no work."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parent.parent.parent / "examples"
TRIES = int(os.environ.get("SEQSYNC_CONCURRENT_TRIES", "3"))


def _start(root: Path, *extra: str, latency_ms: int = 20) -> subprocess.Popen[str]:
    environment = {
        **os.environ,
        "NO_COLOR": "1",
        # Slow requests widen the window in which two applies would both create.
        "SEQSYNC_SANDBOX_FAULTS": json.dumps({"latency_ms": latency_ms}),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "seqsync", "apply", "--auto-approve", "--allow-destructive", *extra],
        cwd=root,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _plan_exit(root: Path) -> int:
    environment = {**os.environ, "NO_COLOR": "1"}
    environment.pop("SEQSYNC_SANDBOX_FAULTS", None)
    command = [sys.executable, "-m", "seqsync", "plan", "--detailed-exitcode"]
    return subprocess.run(
        command, cwd=root, env=environment, capture_output=True, check=False
    ).returncode


@pytest.mark.parametrize("attempt", range(TRIES))
def test_two_applies_at_once_wait_for_each_other_and_duplicate_nothing(
    tmp_path: Path, attempt: int
) -> None:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".seqsync"))
    first, second = _start(root, "--lock-timeout", "120"), _start(root, "--lock-timeout", "120")
    outputs = [process.communicate(timeout=180) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outputs
    # The seeded plan is 10 operations over the five examples: one apply makes them all,
    # the other, waiting on the lock, then finds nothing to do.
    assert sum("Apply complete: 10 applied, 0 failed" in out for out, _ in outputs) == 1, outputs
    assert sum("No changes." in out for out, _ in outputs) == 1, outputs
    assert _plan_exit(root) == 0, "a duplicate would show as a change (or an error)"


def test_without_a_lock_timeout_the_second_apply_refuses_naming_the_holder(
    tmp_path: Path,
) -> None:
    root = tmp_path / "project"
    shutil.copytree(EXAMPLES, root, ignore=shutil.ignore_patterns(".seqsync"))
    first = _start(root, "--lock-timeout", "120", latency_ms=400)
    # Wait until the first apply holds the lock (it writes its holder into the file).
    lock = root / ".seqsync" / "apply.lock"
    for _ in range(600):
        if lock.exists() and lock.read_text(encoding="utf-8").strip():
            break
        subprocess.run(["sleep", "0.05"], check=True)
    second = _start(root)
    _, refused = second.communicate(timeout=60)
    first.communicate(timeout=180)
    assert second.returncode == 1
    assert "another seqsync apply is running on this project (process" in refused
    assert first.returncode == 0
    assert _plan_exit(root) == 0

"""Ctrl-C during apply: operations in flight finish, the report is accurate, the exit code
is 130, and the next plan shows exactly the remaining work."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

CONFIG = "connections:\n  sh: {provider: saleshandy, sandbox: true}\n"
SEQUENCES = 12


def write_project(root: Path) -> None:
    root.mkdir()
    (root / "seqsync.yaml").write_text(CONFIG, encoding="utf-8")
    documents = []
    for n in range(SEQUENCES):
        documents.append(
            f"name: interrupt-{n}\nconnection: sh\ntitle: Interrupt test {n}\nsteps:\n"
            f"  - {{channel: email, day: 1, variants: [{{subject: 'Hi {n}', content: '<p>{n}</p>'}}]}}\n"
            f"  - {{channel: linkedin_message, day: 2, variants: [{{message: 'Ping {n}'}}]}}\n"
            f"  - {{channel: call_demo, day: 3, task_note: 'Call {n}'}}\n"
        )
    (root / "sequences.yaml").write_text("---\n".join(documents), encoding="utf-8")


def run(root: Path, *args: str, latency_ms: int = 0) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "NO_COLOR": "1",
        "SEQSYNC_SANDBOX_FAULTS": json.dumps({"latency_ms": latency_ms}),
    }
    return subprocess.run(
        [sys.executable, "-m", "seqsync", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def start_apply(root: Path, latency_ms: int, *args: str) -> subprocess.Popen[str]:
    """`seqsync apply --auto-approve ARGS` running in the background, every sandbox
    request slowed by ``latency_ms`` so that an interrupt lands mid-apply."""
    return subprocess.Popen(
        [sys.executable, "-m", "seqsync", "apply", "--auto-approve", *args],
        cwd=root,
        env={
            "PATH": "/usr/bin:/bin",
            "NO_COLOR": "1",
            "SEQSYNC_SANDBOX_FAULTS": json.dumps({"latency_ms": latency_ms}),
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        stdin=subprocess.DEVNULL,
    )


def _wait_until_applying(state: Path, created: int = 2, timeout: float = 60.0) -> None:
    """Until the apply has created a few sequences: the interrupt lands mid-apply on any machine."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            sequences = json.loads(state.read_text())["saleshandy"]["sequences"].values()
            if sum(s["title"].startswith("Interrupt test") for s in sequences) >= created:
                return
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.05)
    raise AssertionError("the apply never started")


def test_sigint_mid_apply_reports_accurately_and_plan_shows_the_rest(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root)
    process = start_apply(root, 200, "--parallelism", "2", "--format", "json")
    _wait_until_applying(root / ".seqsync" / "sandbox.json")
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Interrupted: the operations in flight finish" in stderr
    report = json.loads(stdout)
    assert report["interrupted"] is True
    summary = report["summary"]
    assert summary["failed"] == 0
    assert summary["applied"] > 0, "the interrupt came too early to test anything"
    assert summary["not_attempted"] > 0, "the interrupt came too late to test anything"
    assert summary["applied"] + summary["not_attempted"] == SEQUENCES * 4

    remaining = run(root, "plan", "--format", "json")
    assert remaining.returncode == 0, remaining.stderr
    assert (
        sum(
            json.loads(remaining.stdout)["summary"][k]
            for k in ("create", "change", "replace", "pause")
        )
        == summary["not_attempted"]
    )

    finished = run(root, "apply", "--auto-approve")
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert run(root, "plan", "--detailed-exitcode").returncode == 0


def test_a_second_sigint_stops_at_once_and_says_what_that_means(tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_project(root)
    process = start_apply(root, 400, "--parallelism", "1")
    _wait_until_applying(root / ".seqsync" / "sandbox.json", created=1)
    process.send_signal(signal.SIGINT)
    time.sleep(0.1)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=10)
    assert process.returncode == 130, stderr
    assert "Press Ctrl-C again to stop at once." in stderr
    assert "Stopped at once: operations in flight may or may not have been applied" in stderr
    remaining = run(root, "plan", "--detailed-exitcode")
    assert remaining.returncode == 2, "the rest is still to do, and plan says so"

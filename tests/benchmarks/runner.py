"""Run the real console script on a generated project and measure it.

Two places for the live sequences: the embedded sandbox (``sandbox: true``, state in the
project's ``.seqsync/``) or ``seqsync sandbox serve`` in its own process over loopback,
so that what is measured is seqsync's CPU and not the emulator's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import platform
import resource
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import installed_script
from tests.sandbox_server import ServedSandbox, served_sandbox

KEY_VARIABLE = "SEQSYNC_BENCH_KEY"
API_KEY = "sk-bench-0c9e1f4a"


@dataclass(frozen=True)
class Measured:
    wall: float  # seconds
    cpu: float  # seconds of user + system CPU of the seqsync process
    peak_mib: float
    requests: list[dict[str, object]]
    code: int
    output: str
    user: float = 0.0  # the user CPU seconds of ``cpu``
    system: float = 0.0  # and its system CPU seconds (the kernel: files, sockets)
    started: float = 0.0  # unix seconds when the process was started

    @property
    def writes(self) -> int:
        return sum(request["method"] != "GET" for request in self.requests)


def seqsync(root: Path, args: list[str], *, faults: dict[str, float] | None = None) -> Measured:
    """``seqsync ARGS`` in ``root``; requests are those the embedded sandbox recorded."""
    record = root / "requests.jsonl"
    record.unlink(missing_ok=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "NO_COLOR": "1",
        KEY_VARIABLE: API_KEY,
        "SEQSYNC_SANDBOX_FAULTS": json.dumps(faults or {}),
        "SEQSYNC_SANDBOX_RECORD": str(record),
    }
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    start = time.perf_counter()
    done = subprocess.run(
        [installed_script("seqsync") or "seqsync", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    user, system = after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime
    cpu = user + system
    requests = (
        [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    )
    return Measured(
        wall,
        cpu,
        after.ru_maxrss / 1024,
        requests,
        done.returncode,
        done.stdout + done.stderr,
        user,
        system,
        started,
    )


@contextlib.contextmanager
def over_loopback(root: Path, *serve_args: str) -> Iterator[ServedSandbox]:
    """Serve the project's sandbox state from its own process and point the project at
    it; the recorded requests are then the server's (read them with ``served_requests``)."""
    folder = root.parent / f"{root.name}-server"
    shutil.rmtree(folder, ignore_errors=True)  # a fresh copy of the state for each server
    folder.mkdir()
    shutil.copy(root / ".seqsync" / "sandbox.json", folder / "sandbox.json")
    config = root / "seqsync.yaml"
    embedded = config.read_text(encoding="utf-8")
    with served_sandbox(folder, *serve_args) as served:
        config.write_text(
            embedded.replace(
                "{provider: saleshandy, sandbox: true}",
                f"{{provider: saleshandy, base_url: '{served.base_url('saleshandy')}', "
                f"api_key: '${{{KEY_VARIABLE}}}'}}",
            ).replace(
                "{provider: supaglue, sandbox: true,",
                f"{{provider: supaglue, base_url: '{served.base_url('supaglue')}', "
                f"api_key: '${{{KEY_VARIABLE}}}',",
            ),
            encoding="utf-8",
        )
        try:
            yield served
        finally:
            config.write_text(embedded, encoding="utf-8")


def served_requests(served: ServedSandbox) -> list[dict[str, object]]:
    """Every request the server has recorded so far (slice off those of earlier runs)."""
    if not served.record.exists():
        return []
    return [json.loads(line) for line in served.record.read_text().splitlines()]


def seqsync_served(root: Path, served: ServedSandbox, args: list[str]) -> Measured:
    """``seqsync ARGS`` against the served sandbox; requests are the server's for this run."""
    before = len(served_requests(served))
    measured = seqsync(root, args)
    return dataclasses.replace(measured, requests=served_requests(served)[before:])


def cpu_model() -> str:
    """The processor's model name (Linux), or what the platform says."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def conditions() -> str:
    """What a figure was measured under, said beside it: the load averages (1, 5, 15
    minutes) against the CPUs, the CPU model and the Python."""
    one, five, fifteen = os.getloadavg()
    return (
        f"[load {one:.2f}/{five:.2f}/{fifteen:.2f} on {os.cpu_count()} CPUs, {cpu_model()}, "
        f"Python {platform.python_version()}]"
    )


def figure(text: str) -> None:
    """Print a figure with the conditions it was measured under."""
    print(f"{text} {conditions()}", flush=True)


def reference_ms(repeat: int = 5) -> float:
    """CPU milliseconds of a fixed pure-Python job (JSON round trips and dict work on a
    10-step sequence document), the best of ``repeat``: measured in the same run as the
    figures it is a ratio for, so those ratios compare across machines and loads."""
    document = {
        "name": "reference",
        "steps": [
            {"day": day, "subject": f"Step {day}", "content": "<p>" + "word " * 90 + "</p>"}
            for day in range(10)
        ],
    }
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for _ in range(200):
            loaded = json.loads(json.dumps(document))
            sorted(str(step) for step in loaded["steps"])
        best = min(best, time.process_time() - start)
    return best * 1000


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def latency_floor(requests: list[dict[str, object]], latency_ms: float, parallelism: int) -> float:
    """The least wall time ``requests`` need at ``latency_ms`` each: every connection has
    ``--parallelism`` slots of its own, so it is the busiest connection's requests x
    latency / parallelism (in these projects, one connection per API)."""
    per_api = Counter(str(request["api"]) for request in requests)
    return max(per_api.values(), default=0) * latency_ms / 1000 / parallelism

"""Run `seqsync sandbox serve` as a real process on loopback, for end-to-end tests."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from seqsync.sandbox.recorder import RecordedRequest, read_recording


@dataclass(frozen=True)
class ServedSandbox:
    url: str
    state: Path
    record: Path

    def base_url(self, api: str) -> str:
        return f"{self.url}/{api}"

    def requests(self) -> list[RecordedRequest]:
        return read_recording(self.record)


@contextlib.contextmanager
def served_sandbox(folder: Path, *extra: str) -> Iterator[ServedSandbox]:
    folder.mkdir(parents=True, exist_ok=True)
    state, record = folder / "sandbox.json", folder / "requests.jsonl"
    errors = (folder / "stderr.txt").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "seqsync",
            "sandbox",
            "serve",
            "--port",
            "0",
            "--state",
            str(state),
            "--record",
            str(record),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=errors,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        if found is None:
            process.kill()
            process.wait()
            errors.seek(0)
            raise RuntimeError(f"sandbox did not start: {line!r} {errors.read()}")
        yield ServedSandbox(found.group(0), state, record)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
        errors.close()

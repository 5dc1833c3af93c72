"""One apply at a time per project: an exclusive lock on ``.seqsync/apply.lock``.

Two applies that plan from the same live state would both create what is missing, so
apply holds this lock from before it plans until its last write. The lock is an
advisory ``flock`` (released by the kernel if the process dies, so it never goes
stale); the file names the holder, so the second apply can say who has it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from seqsync.errors import ApplyRefused

LOCK_FILE = Path(".seqsync") / "apply.lock"
POLL_SECONDS = 0.2


@contextlib.contextmanager
def project_lock(root: Path, timeout: float) -> Iterator[None]:
    """Hold the project's apply lock, waiting up to ``timeout`` seconds for it."""
    path = root / LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        _acquire(handle, path, timeout)
        try:
            handle.seek(0)
            handle.truncate()
            holder = {"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()}
            handle.write(json.dumps(holder))
            handle.flush()
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _acquire(handle: IO[str], path: Path, timeout: float) -> None:
    deadline = time.monotonic() + max(0.0, timeout)
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise ApplyRefused(
                    f"another seqsync apply is running on this project ({_holder(path)}), so "
                    "nothing was planned or applied; wait for it to finish, or pass "
                    "--lock-timeout SECONDS to wait for it"
                ) from None
            time.sleep(POLL_SECONDS)


def _holder(path: Path) -> str:
    try:
        holder = json.loads(path.read_text(encoding="utf-8") or "{}")
        since = time.strftime("%H:%M:%S", time.localtime(float(holder["since"])))
        return f"process {holder['pid']} on {holder['host']}, since {since}"
    except (OSError, ValueError, KeyError, TypeError):
        return f"lock file {path}"

"""One apply at a time per project: an exclusive lock on ``.seqsync/apply.lock``.

Two applies that plan from the same live state would both create what is missing, so
apply holds this lock from before it plans until its last write. The lock is an
advisory ``flock`` (released by the kernel if the process dies, so it never goes
stale); the file names the holder, so the second apply can say who has it.

The lock file is truncated and written, and ``.seqsync/`` may come from a checkout, so
it is opened without following links: a link planted there must not make apply empty a
file elsewhere, and a FIFO or folder in its place is refused by name, not hung on.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import socket
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from seqsync.errors import ApplyRefused

LOCK_FILE = Path(".seqsync") / "apply.lock"
POLL_SECONDS = 0.2

_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFLNK: "a symbolic link",
}


@contextlib.contextmanager
def project_lock(root: Path, timeout: float) -> Iterator[None]:
    """Hold the project's apply lock, waiting up to ``timeout`` seconds for it."""
    path = root / LOCK_FILE
    with open_regular_file(root, path) as handle:
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


def open_regular_file(root: Path, path: Path) -> IO[str]:
    """``path`` (under ``root``'s ``.seqsync/``) opened for reading and writing, created
    if missing; ApplyRefused, naming it, when it or its folder is anything but what
    seqsync made: a link, a FIFO, a folder, a device."""
    folder = path.parent
    _check_folder(root, folder)
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        fd = os.open(path, flags, 0o644)
    except OSError as exc:
        raise ApplyRefused(_not_regular(path, _kind_of(path, exc))) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise ApplyRefused(_not_regular(path, _KINDS.get(stat.S_IFMT(mode), "not a file")))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "r+", encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise


def _check_folder(root: Path, folder: Path) -> None:
    if folder.is_symlink() and not folder.resolve().is_relative_to(root.resolve()):
        raise ApplyRefused(
            f"{folder} is a symbolic link to {folder.resolve()}, outside the project; seqsync "
            f"keeps its lock and sandbox state inside the project: remove the link "
            f"(seqsync creates {folder.name}/ again)"
        )
    if folder.exists() and not folder.is_dir():
        raise ApplyRefused(
            f"{folder} is not a folder; seqsync keeps its lock and sandbox state there: "
            "remove it (seqsync creates it again)"
        )
    folder.mkdir(parents=True, exist_ok=True)


def _kind_of(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP or path.is_symlink():
        return "a symbolic link"
    try:
        return _KINDS.get(stat.S_IFMT(path.lstat().st_mode), "not a regular file")
    except OSError:
        return f"not openable ({exc.strerror or exc})"


def _not_regular(path: Path, kind: str) -> str:
    return (
        f"{path} is {kind}, not a regular file; seqsync does not follow links or open "
        "anything else there: remove it (seqsync creates it again), then run apply again"
    )


def _acquire(handle: IO[str], path: Path, timeout: float) -> None:
    deadline = time.monotonic() + max(0.0, timeout)
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise ApplyRefused(
                    f"another seqsync apply is running on this project ({_holder(handle, path)}), "
                    "so nothing was planned or applied; wait for it to finish, or pass "
                    "--lock-timeout SECONDS to wait for it"
                ) from None
            time.sleep(POLL_SECONDS)


def _holder(handle: IO[str], path: Path) -> str:
    # Read through the handle already checked, never by opening the path again.
    try:
        handle.seek(0)
        holder = json.loads(handle.read() or "{}")
        since = time.strftime("%H:%M:%S", time.localtime(float(holder["since"])))
        return f"process {holder['pid']} on {holder['host']}, since {since}"
    except (OSError, ValueError, KeyError, TypeError):
        return f"lock file {path}"

"""The sandbox's state: one JSON file, safe when several processes use it at once.

Every request runs as a transaction under an exclusive ``flock`` on a lock file beside
the state: load (only if another process saved since we last looked: the lock file holds
a generation number that each save changes), handle, and mark the state changed.

A change is written behind, not at once: rewriting the whole file on every write made
the embedded sandbox, not the network, the bottleneck of an apply (a 500-sequence
state takes ~17 ms to serialise, and the event loop waited for each). The process that
changed the state keeps holding the lock (a lease) until it writes the file, at most
``FLUSH_AFTER`` seconds later, when its transport closes, before a hard exit and at
interpreter exit (``sandbox serve`` turns SIGTERM into an exit); so another process can
never load a state that misses a write, and none is lost unless the process is killed
outright (SIGKILL), as a real server that crashed would lose it. Without a path the
state lives in memory only.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
import fcntl
import json
import os
import stat
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from seqsync.errors import ConfigError

State = dict[str, Any]

FLUSH_AFTER = 1.0
"""Seconds a change may stay in memory (with the lock held) before it is written: each
write serialises the whole state (~30 ms for a thousand sequences, the GIL held), so
writing four times a second took a tenth of an apply; another process waits at most
this long for the lock."""

_OPEN_STORES: weakref.WeakSet[StateStore] = weakref.WeakSet()


def flush_all() -> None:
    """Write every store's pending changes: at exit, and before a hard exit."""
    for store in list(_OPEN_STORES):
        store.flush()


atexit.register(flush_all)


class Transaction:
    """The state for one request; a handler that changes it sets ``changed``."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.changed = False


class StateStore:
    def __init__(
        self, path: Path | None, seed: Callable[[], State], *, flush_after: float = FLUSH_AFTER
    ) -> None:
        self.path = path
        self._seed = seed
        self._flush_after = flush_after
        self._state: State | None = None
        self._generation: str | None = None
        self._lock_file: IO[str] | None = None  # opened once, kept for the store's life
        self._locked = False  # this process holds the flock (a request, or the lease)
        self._close_lock_file: Callable[[], Any] = lambda: None
        self._dirty = False
        self._timer: threading.Timer | None = None
        self._thread_lock = threading.Lock()
        _OPEN_STORES.add(self)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """The current state; written (soon) when the block ends normally and marked it
        changed."""
        with self._thread_lock:
            self._lock()
            try:
                transaction = Transaction(self._load())
                yield transaction
                if self.path is not None and transaction.changed:
                    self._dirty = True
                    self._schedule_flush()
            finally:
                if not self._dirty:
                    self._unlock()

    def flush(self) -> None:
        """Write pending changes now and give the lock back."""
        with self._thread_lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._dirty and self._state is not None:
                self._save(self._state)
                self._dirty = False
            self._unlock()

    def reset(self) -> None:
        with self._thread_lock:
            self._lock()
            try:
                self._state = self._seed()
                if self.path is not None:
                    self._save(self._state)
                self._dirty = False
            finally:
                self._unlock()

    def _schedule_flush(self) -> None:
        if self._timer is None:
            self._timer = threading.Timer(self._flush_after, self.flush)
            self._timer.daemon = True
            self._timer.start()

    def _lock(self) -> None:
        if self.path is None or self._locked:
            return  # memory only, or the lease is still ours
        # The lock file stays open between requests: opening it (and checking the folder)
        # on each one was most of a served request's time under the lock. A file that
        # was removed or replaced meanwhile (the folder deleted, say) locks nothing any
        # other process sees, so the path is checked against it once the lock is held.
        while True:
            if self._lock_file is None:
                _check_folder(self.path.parent)
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._lock_file = os.fdopen(
                    _open_regular(self._lock_path()), "r+", encoding="utf-8"
                )
                # Closed with the store, which has no close of its own to call.
                self._close_lock_file = weakref.finalize(self, self._lock_file.close)
            fcntl.flock(self._lock_file, fcntl.LOCK_EX)
            if self._still_at_its_path(self._lock_file):
                self._locked = True
                return
            self._close_lock_file()  # closing gives the flock back
            self._lock_file = None

    def _lock_path(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + ".lock")

    def _still_at_its_path(self, lock: IO[str]) -> bool:
        try:
            named = os.lstat(self._lock_path())
        except FileNotFoundError:
            return False
        held = os.fstat(lock.fileno())
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)

    def _unlock(self) -> None:
        if self._lock_file is not None and self._locked:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._locked = False

    def _load(self) -> State:
        if self.path is None:
            if self._state is None:
                self._state = self._seed()
            return self._state
        if self._dirty and self._state is not None:
            return self._state  # the lock has been ours since this state was loaded
        if not self.path.exists():
            self._state = self._seed()
            self._save(self._state)
            return self._state
        generation = self._read_generation()
        if self._state is None or generation != self._generation:
            with os.fdopen(_open_regular(self.path, create=False), "rb") as handle:
                self._state = json.loads(handle.read().decode("utf-8"))
            self._generation = generation
        return self._state

    def _read_generation(self) -> str:
        assert self._lock_file is not None
        self._lock_file.seek(0)
        return self._lock_file.read().strip()

    def _save(self, state: State) -> None:
        assert self.path is not None
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()  # a crashed run's, or a planted link: never written through
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "wb") as handle:
            handle.write(json.dumps(state, separators=(",", ":")).encode("utf-8"))
        os.replace(temporary, self.path)  # replaces a link itself, never what it points to
        generation = f"{os.getpid()}-{time.time_ns()}"
        assert self._lock_file is not None
        self._lock_file.seek(0)
        self._lock_file.truncate()
        self._lock_file.write(generation)
        self._lock_file.flush()
        self._generation = generation


# The embedded sandbox keeps its files in a project's .seqsync/, which a checkout can
# fill: they are opened without following links, and only a regular file is used, so
# a link planted there cannot make the sandbox read or overwrite a file elsewhere.
_KINDS = {
    stat.S_IFDIR: "a folder",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def _open_regular(path: Path, *, create: bool = True) -> int:
    flags = os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC  # a FIFO must not block the open
    try:
        fd = os.open(path, flags | (os.O_RDWR | os.O_CREAT if create else os.O_RDONLY), 0o644)
    except OSError as exc:
        kind = "a symbolic link" if exc.errno == errno.ELOOP or path.is_symlink() else None
        if kind is None:
            try:
                kind = _KINDS.get(stat.S_IFMT(path.lstat().st_mode), "not a regular file")
            except OSError:
                raise exc from None
        raise ConfigError(_not_regular(path, kind)) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ConfigError(_not_regular(path, _KINDS.get(stat.S_IFMT(mode), "not a regular file")))
    os.set_blocking(fd, True)
    return fd


def _check_folder(folder: Path) -> None:
    """A project's .seqsync/ must not lead outside the project (the folder above it)."""
    if folder.name != ".seqsync" or not folder.is_symlink():
        return
    if not folder.resolve().is_relative_to(folder.parent.resolve()):
        raise ConfigError(
            f"{folder} is a symbolic link to {folder.resolve()}, outside the project; the "
            "sandbox keeps its state inside the project: remove the link (seqsync creates "
            f"{folder.name}/ again)"
        )


def _not_regular(path: Path, kind: str) -> str:
    return (
        f"{path} is {kind}, not a regular file; the sandbox does not follow links or open "
        "anything else there: remove it (seqsync creates it again)"
    )

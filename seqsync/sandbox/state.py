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
import fcntl
import json
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

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
        self._lock_file: IO[str] | None = None  # open while this process holds the lock
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
        if self.path is None or self._lock_file is not None:
            return  # memory only, or the lease is still ours
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(self.path.with_name(self.path.name + ".lock"), "a+", encoding="utf-8")  # noqa: SIM115 (held across transactions)
        fcntl.flock(lock, fcntl.LOCK_EX)
        self._lock_file = lock

    def _unlock(self) -> None:
        if self._lock_file is not None:
            fcntl.flock(self._lock_file, fcntl.LOCK_UN)
            self._lock_file.close()
            self._lock_file = None

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
            self._state = json.loads(self.path.read_text(encoding="utf-8"))
            self._generation = generation
        return self._state

    def _read_generation(self) -> str:
        assert self._lock_file is not None
        self._lock_file.seek(0)
        return self._lock_file.read().strip()

    def _save(self, state: State) -> None:
        assert self.path is not None
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        temporary.write_text(json.dumps(state, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, self.path)
        generation = f"{os.getpid()}-{time.time_ns()}"
        assert self._lock_file is not None
        self._lock_file.seek(0)
        self._lock_file.truncate()
        self._lock_file.write(generation)
        self._lock_file.flush()
        self._generation = generation

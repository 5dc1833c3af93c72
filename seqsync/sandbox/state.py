"""The sandbox's state: one JSON file, safe when several processes use it at once.

Every request runs as a transaction under an exclusive ``flock`` on a lock file beside
the state: load (only if another process saved since we last looked: the lock file holds
a generation number that each save increments), handle, and save with an atomic rename.
Without a path the state lives in memory only.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

State = dict[str, Any]


class Transaction:
    """The state for one request; a handler that changes it sets ``changed``."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.changed = False


class StateStore:
    def __init__(self, path: Path | None, seed: Callable[[], State]) -> None:
        self.path = path
        self._seed = seed
        self._state: State | None = None
        self._generation: str | None = None
        self._lock_file: IO[str] | None = None
        self._thread_lock = threading.Lock()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """The current state; saved when the block ends normally and marked it changed."""
        with self._thread_lock, self._file_lock():
            transaction = Transaction(self._load())
            yield transaction
            if self.path is not None and transaction.changed:
                self._save(transaction.state)

    def reset(self) -> None:
        with self._thread_lock, self._file_lock():
            self._state = self._seed()
            if self.path is not None:
                self._save(self._state)

    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        if self.path is None:
            yield
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_name(self.path.name + ".lock"), "a+", encoding="utf-8") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._lock_file = lock
            try:
                yield
            finally:
                self._lock_file = None
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _load(self) -> State:
        if self.path is None:
            if self._state is None:
                self._state = self._seed()
            return self._state
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

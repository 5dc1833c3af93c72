"""Every request the sandbox receives, for tests that assert exactly which calls were made."""

from __future__ import annotations

import json
import threading
import weakref
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

ENV_VAR = "SEQSYNC_SANDBOX_RECORD"


@dataclass(frozen=True)
class RecordedRequest:
    api: str
    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int  # 0 when no response was sent
    outcome: str
    at: float = 0.0  # unix seconds when the sandbox took it (for rate measurements)


class Recorder:
    """Keeps requests in memory and, with a path, appends each as a JSON line (written
    through at once, for a test or benchmark reading the file while the server runs)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._log: IO[str] | None = None  # opened at the first request, kept open

    def record(self, entry: RecordedRequest) -> None:
        line = json.dumps(asdict(entry)) + "\n"
        with self._lock:
            self.requests.append(entry)
            if self.path is None:
                return
            if self._log is None:
                self._log = self.path.open("a", encoding="utf-8")
                weakref.finalize(self, self._log.close)  # closed with the recorder
            self._log.write(line)
            self._log.flush()


def read_recording(path: Path) -> list[RecordedRequest]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [RecordedRequest(**json.loads(line)) for line in lines if line.strip()]

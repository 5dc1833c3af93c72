"""Every request the sandbox receives, for tests that assert exactly which calls were made."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

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
    """Keeps requests in memory and, with a path, appends each as a JSON line."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()

    def record(self, entry: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(entry)
            if self.path is not None:
                with self.path.open("a", encoding="utf-8") as log:
                    log.write(json.dumps(asdict(entry)) + "\n")


def read_recording(path: Path) -> list[RecordedRequest]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [RecordedRequest(**json.loads(line)) for line in lines if line.strip()]

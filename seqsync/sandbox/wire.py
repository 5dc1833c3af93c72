"""Requests and responses as the emulators see them, independent of how they arrived."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from seqsync.sandbox.worlds import World


@dataclass(frozen=True)
class SandboxRequest:
    method: str
    path: str  # without the API's mount prefix, e.g. /v1/sequences/abc/steps
    query: dict[str, str]
    headers: dict[str, str]  # lower-case names
    body: Any = None  # parsed JSON, or None
    body_error: bool = False  # a body was sent but it is not JSON
    world: World = field(default_factory=World)  # the answers to the open questions


@dataclass
class SandboxResponse:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class ApiFailure(Exception):
    """Raised inside an emulator handler to answer with an error response."""

    def __init__(self, response: SandboxResponse) -> None:
        super().__init__(response.status)
        self.response = response

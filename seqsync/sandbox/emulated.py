"""What an emulator folder declares about itself, once: the registry lists these, and
the sandbox's core reads everything API-specific from them (never from an API's name).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from seqsync.sandbox.state import Transaction
from seqsync.sandbox.wire import SandboxRequest, SandboxResponse
from seqsync.sandbox.worlds import World


class Emulator(Protocol):
    def handle(self, request: SandboxRequest, tx: Transaction) -> SandboxResponse: ...


@dataclass(frozen=True)
class EmulatorOptions:
    """How a sandbox asks its emulators to run; an emulator takes what applies to it."""

    # Off for `sandbox serve --no-rate-limits` and tests that measure something else; an
    # API whose emulator keeps no budgets has nothing to switch off.
    rate_limits: bool = True


def _always(world: World) -> bool:
    return True


@dataclass(frozen=True)
class FaultEnvelope:
    """How an API answers the faults the sandbox injects before its emulator runs, in
    the API's own error shape, so a client is tested against the body it will parse."""

    # Each call builds a fresh response: the sandbox adds headers to it, and some
    # envelopes carry a per-response id.
    server_error: Callable[[], SandboxResponse]  # an injected 5xx
    rate_limited: Callable[[], SandboxResponse]  # an injected 429, before Retry-After
    # Whether that 429 carries Retry-After in a world: not every API sends one.
    retry_after: Callable[[World], bool] = _always


@dataclass(frozen=True)
class EmulatedApi:
    """One emulated API: the name its client is built under (the mount prefix, the
    state's key), how to make its emulator, and its fault envelope."""

    name: str
    make: Callable[[random.Random, EmulatorOptions], Emulator]
    faults: FaultEnvelope

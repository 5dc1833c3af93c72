"""The sandbox: the registered emulators over one state store, with faults and a recorder.

Transports (in-process and loopback HTTP) hand it a SandboxRequest for an API and carry
out the Result: a response, or a fault such as a dropped connection.
"""

from __future__ import annotations

import dataclasses
import random
import time
from dataclasses import dataclass
from pathlib import Path

from seqsync.sandbox.emulated import EmulatedApi, Emulator, EmulatorOptions
from seqsync.sandbox.faults import FaultInjector, Faults, Outcome
from seqsync.sandbox.recorder import RecordedRequest, Recorder
from seqsync.sandbox.registry import BY_NAME, EMULATED
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.state import StateStore, Transaction
from seqsync.sandbox.wire import ApiFailure, SandboxRequest, SandboxResponse
from seqsync.sandbox.worlds import World

STATE_FILE = Path(".seqsync") / "sandbox.json"


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    response: SandboxResponse | None  # None: the connection is dropped without a response
    latency: float  # seconds to wait before answering
    slow_seconds: float


def _fault_response(api: EmulatedApi, status: int, world: World) -> SandboxResponse:
    """A 503 or 429 in the API's own envelope."""
    envelope = api.faults
    response = envelope.server_error() if status >= 500 else envelope.rate_limited()
    if status == 429 and envelope.retry_after(world):
        response.headers["Retry-After"] = "1"
    return response


class Sandbox:
    def __init__(
        self,
        store: StateStore,
        *,
        faults: Faults | None = None,
        recorder: Recorder | None = None,
        rng: random.Random | None = None,
        inbox_rate_limits: bool = True,
        world: World | None = None,
    ) -> None:
        self.store = store
        self.world = world or World()  # for requests that bring none
        self.faults = faults or Faults()
        self.injector = FaultInjector(self.faults)
        self.recorder = recorder or Recorder()
        rng = rng or random.Random()
        # `inbox_rate_limits` keeps its name for its callers: Inbox's is the emulator
        # that keeps rate budgets; the option reaches every emulator alike.
        options = EmulatorOptions(rate_limits=inbox_rate_limits)
        self.emulators: dict[str, Emulator] = {api.name: api.make(rng, options) for api in EMULATED}

    @classmethod
    def at(
        cls,
        state_file: Path | None,
        *,
        faults: Faults | None = None,
        recorder: Recorder | None = None,
        inbox_rate_limits: bool = True,
        world: World | None = None,
    ) -> Sandbox:
        """A sandbox whose state lives in ``state_file`` (memory only when None), seeded."""
        return cls(
            StateStore(state_file, initial_state),
            faults=faults,
            recorder=recorder,
            inbox_rate_limits=inbox_rate_limits,
            world=world,
        )

    def handle(self, api: str, request: SandboxRequest, world: World | None = None) -> Result:
        """Answer one request in ``world`` (the sandbox's own when None): the world
        travels with the request, so connections sharing one state may differ."""
        request = dataclasses.replace(request, world=world or self.world)
        outcome = self.injector.decide(request.method)
        response: SandboxResponse | None = None
        if outcome is Outcome.SERVER_ERROR:
            response = _fault_response(BY_NAME[api], 503, request.world)
        elif outcome is Outcome.RATE_LIMITED:
            response = _fault_response(BY_NAME[api], 429, request.world)
        elif outcome is not Outcome.DROPPED:
            response = self._emulate(api, request)
        status = response.status if response and outcome is not Outcome.LOST_RESPONSE else 0
        self.recorder.record(
            RecordedRequest(
                api,
                request.method,
                request.path,
                request.query,
                request.body,
                status,
                outcome.value,
                time.time(),
            )
        )
        return Result(outcome, response, self.faults.latency_ms / 1000, self.faults.slow_seconds)

    def _emulate(self, api: str, request: SandboxRequest) -> SandboxResponse:
        emulator = self.emulators[api]
        with self.store.transaction() as tx:
            try:
                return emulator.handle(request, _Scoped(tx, api))
            except ApiFailure as failure:
                return failure.response


class _Scoped(Transaction):
    """One API's part of the shared state, inside the shared transaction."""

    def __init__(self, outer: Transaction, api: str) -> None:
        self._outer = outer
        super().__init__(outer.state.setdefault(api, {}))

    @property
    def changed(self) -> bool:
        return self._outer.changed

    @changed.setter
    def changed(self, value: bool) -> None:
        self._outer.changed = self._outer.changed or value

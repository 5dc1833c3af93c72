"""Fault injection: what can go wrong between a client and a real API, on demand.

Configured per run, from ``seqsync sandbox serve`` flags or, for the in-process sandbox,
the ``SEQSYNC_SANDBOX_FAULTS`` environment variable holding JSON with the fields below.
"""

from __future__ import annotations

import enum
import json
import os
import random
import threading
from dataclasses import dataclass, fields

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ENV_VAR = "SEQSYNC_SANDBOX_FAULTS"


class FaultSettingsError(ValueError):
    """The fault settings cannot be read. The sandbox raises its own error, as it does
    for a world: it imports nothing of the client, whose caller says what it means."""


class Outcome(enum.Enum):
    NORMAL = "normal"
    SERVER_ERROR = "5xx"  # answered 503 before being handled
    RATE_LIMITED = "429"  # answered 429 before being handled
    DROPPED = "dropped"  # connection dropped before being handled
    LOST_RESPONSE = "lost_response"  # handled (the write happened), then the connection dropped
    SLOW = "slow"  # handled, answered only after the client has given up


@dataclass(frozen=True)
class Faults:
    latency_ms: float = 0.0
    error_rate: float = 0.0
    burst_429_every: int = 0  # every Nth request starts a burst of 429s
    burst_429_length: int = 3
    drop_rate: float = 0.0
    lost_response_rate: float = 0.0  # writes only: "the create succeeded but the response was lost"
    slow_rate: float = 0.0
    slow_seconds: float = 35.0
    seed: int | None = None

    @classmethod
    def from_json(cls, text: str) -> Faults:
        try:
            data = json.loads(text)
            names = {f.name for f in fields(cls)}
            unknown = set(data) - names
            if unknown:
                raise FaultSettingsError(
                    f"unknown sandbox fault setting(s): {', '.join(sorted(unknown))}"
                )
            return cls(**data)
        except FaultSettingsError:
            raise
        except (ValueError, TypeError) as exc:
            raise FaultSettingsError(
                f"{ENV_VAR} must be a JSON object of fault settings: {exc}"
            ) from None

    @classmethod
    def from_environment(cls) -> Faults:
        text = os.environ.get(ENV_VAR, "").strip()
        return cls.from_json(text) if text else cls()


class FaultInjector:
    """Decides, request by request, which fault (if any) happens. Thread-safe."""

    def __init__(self, faults: Faults) -> None:
        self.faults = faults
        self._rng = random.Random(faults.seed)
        self._count = 0
        self._burst_left = 0
        self._lock = threading.Lock()

    def decide(self, method: str) -> Outcome:
        faults = self.faults
        with self._lock:
            self._count += 1
            if faults.burst_429_every and self._count % faults.burst_429_every == 0:
                self._burst_left = faults.burst_429_length
            if self._burst_left > 0:
                self._burst_left -= 1
                return Outcome.RATE_LIMITED
            roll = self._rng.random()
            for outcome, share in (
                (Outcome.SERVER_ERROR, faults.error_rate),
                (Outcome.DROPPED, faults.drop_rate),
                (Outcome.SLOW, faults.slow_rate),
                (
                    Outcome.LOST_RESPONSE,
                    faults.lost_response_rate if method in WRITE_METHODS else 0.0,
                ),
            ):
                if roll < share:
                    return outcome
                roll -= share
            return Outcome.NORMAL

"""Saleshandy's emulator as the sandbox's registry sees it."""

from __future__ import annotations

from seqsync.apis import SALESHANDY_API
from seqsync.sandbox.emulated import EmulatedApi, FaultEnvelope
from seqsync.sandbox.saleshandy.emulator import SaleshandyEmulator
from seqsync.sandbox.saleshandy.errors import rate_limited, server_error

SALESHANDY = EmulatedApi(
    name=SALESHANDY_API,  # the one declaration the client builds under too
    make=lambda rng, options: SaleshandyEmulator(rng),
    faults=FaultEnvelope(server_error=server_error, rate_limited=rate_limited),
)

"""Saleshandy's emulator as the sandbox's registry sees it."""

from __future__ import annotations

from seqsync.sandbox.emulated import EmulatedApi, FaultEnvelope
from seqsync.sandbox.saleshandy.emulator import SaleshandyEmulator
from seqsync.sandbox.saleshandy.errors import rate_limited, server_error

# The name Saleshandy's client is built under (seqsync.model.apis.SALESHANDY_API): the
# sandbox imports nothing of the client, so it is spelled here too, and
# tests/sandbox/test_registry.py holds the two equal.
SALESHANDY = EmulatedApi(
    name="saleshandy",
    make=lambda rng, options: SaleshandyEmulator(rng),
    faults=FaultEnvelope(server_error=server_error, rate_limited=rate_limited),
)

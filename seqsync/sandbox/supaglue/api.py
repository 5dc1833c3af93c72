"""Supaglue's emulator as the sandbox's registry sees it."""

from __future__ import annotations

from seqsync.sandbox.emulated import EmulatedApi, FaultEnvelope
from seqsync.sandbox.supaglue.emulator import SupaglueEmulator
from seqsync.sandbox.supaglue.errors import rate_limited, retry_after, server_error

# The name Supaglue's client is built under (seqsync.model.apis.SUPAGLUE_API): the
# sandbox imports nothing of the client, so it is spelled here too, and
# tests/sandbox/test_registry.py holds the two equal.
SUPAGLUE = EmulatedApi(
    name="supaglue",
    make=lambda rng, options: SupaglueEmulator(rng),
    faults=FaultEnvelope(
        server_error=server_error, rate_limited=rate_limited, retry_after=retry_after
    ),
)

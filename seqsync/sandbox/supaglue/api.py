"""Supaglue's emulator as the sandbox's registry sees it."""

from __future__ import annotations

from seqsync.apis import SUPAGLUE_API
from seqsync.sandbox.emulated import EmulatedApi, FaultEnvelope
from seqsync.sandbox.supaglue.emulator import SupaglueEmulator
from seqsync.sandbox.supaglue.errors import rate_limited, retry_after, server_error

SUPAGLUE = EmulatedApi(
    name=SUPAGLUE_API,  # the one declaration the client builds under too
    make=lambda rng, options: SupaglueEmulator(rng),
    faults=FaultEnvelope(
        server_error=server_error, rate_limited=rate_limited, retry_after=retry_after
    ),
)

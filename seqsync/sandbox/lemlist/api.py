"""lemlist's emulator as the sandbox's registry sees it."""

from __future__ import annotations

from seqsync.apis import LEMLIST_API
from seqsync.sandbox.emulated import EmulatedApi, FaultEnvelope
from seqsync.sandbox.lemlist.emulator import LemlistEmulator
from seqsync.sandbox.lemlist.errors import rate_limited, server_error

LEMLIST = EmulatedApi(
    name=LEMLIST_API,  # the one declaration the client builds under too
    make=lambda rng, options: LemlistEmulator(rng, rate_limits=options.rate_limits),
    faults=FaultEnvelope(server_error=server_error, rate_limited=rate_limited),
)

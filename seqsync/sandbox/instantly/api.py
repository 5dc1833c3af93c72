"""Instantly's emulator as the sandbox's registry sees it."""

from __future__ import annotations

from seqsync.apis import INSTANTLY_API
from seqsync.sandbox.emulated import EmulatedApi, FaultEnvelope
from seqsync.sandbox.instantly.emulator import InstantlyEmulator
from seqsync.sandbox.instantly.errors import rate_limited, server_error
from seqsync.sandbox.worlds import World


def _no_retry_after(world: World) -> bool:
    return False  # Instantly documents no Retry-After on its workspace 429


INSTANTLY = EmulatedApi(
    name=INSTANTLY_API,  # the one declaration the client builds under too
    make=lambda rng, options: InstantlyEmulator(rng, rate_limits=options.rate_limits),
    faults=FaultEnvelope(
        server_error=server_error, rate_limited=rate_limited, retry_after=_no_retry_after
    ),
)

"""Inbox's emulator as the sandbox's registry sees it."""

from __future__ import annotations

from seqsync.apis import INBOX_API
from seqsync.sandbox.emulated import EmulatedApi, FaultEnvelope
from seqsync.sandbox.inbox.emulator import InboxEmulator
from seqsync.sandbox.inbox.errors import rate_limited, server_error

INBOX = EmulatedApi(
    name=INBOX_API,  # the one declaration the client builds under too
    make=lambda rng, options: InboxEmulator(rng, rate_limits=options.rate_limits),
    faults=FaultEnvelope(server_error=server_error, rate_limited=rate_limited),
)

"""Inbox's emulator as the sandbox's registry sees it."""

from __future__ import annotations

from seqsync.sandbox.emulated import EmulatedApi, FaultEnvelope
from seqsync.sandbox.inbox.emulator import InboxEmulator
from seqsync.sandbox.inbox.errors import rate_limited, server_error

# The name Inbox's client is built under (seqsync.model.apis.INBOX_API): the sandbox
# imports nothing of the client, so it is spelled here too, and
# tests/sandbox/test_registry.py holds the two equal.
INBOX = EmulatedApi(
    name="inbox",
    make=lambda rng, options: InboxEmulator(rng, rate_limits=options.rate_limits),
    faults=FaultEnvelope(server_error=server_error, rate_limited=rate_limited),
)

"""The names of the APIs seqsync talks to: the key a provider's client is built under,
and so the emulator (and mount prefix) that answers it in the sandbox.

A name is neither a provider's kind nor one of its facts: it is how the client asks the
sandbox for its emulator. The sandbox imports nothing of the client, so each emulator's
``api.py`` spells its name again; tests/sandbox/test_registry.py holds the two equal.
"""

from __future__ import annotations

from typing import Final

SALESHANDY_API: Final = "saleshandy"
SUPAGLUE_API: Final = "supaglue"
INBOX_API: Final = "inbox"
LEMLIST_API: Final = "lemlist"
INSTANTLY_API: Final = "instantly"

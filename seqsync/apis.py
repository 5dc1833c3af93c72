"""The names of the APIs seqsync talks to: the key a provider's client is built under,
and so the emulator (and mount prefix) that answers it in the sandbox.

A name is neither a provider's fact nor one of the client's models: it is an address,
how the client asks for an API and under which one the sandbox answers, like the mount
prefix it becomes. So it is declared once, here, beside neither side (the sandbox imports
nothing of the client or its models; this module is the one thing both sides name).
"""

from __future__ import annotations

from typing import Final

SALESHANDY_API: Final = "saleshandy"
SUPAGLUE_API: Final = "supaglue"
INBOX_API: Final = "inbox"
LEMLIST_API: Final = "lemlist"
INSTANTLY_API: Final = "instantly"

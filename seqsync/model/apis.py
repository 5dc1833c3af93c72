"""The names of the APIs seqsync talks to: the key a provider's client is built under,
and the emulator (and mount prefix) that answers it in the sandbox.

A name is neither a provider's kind nor one of its facts: a kind may reach more than one
engine through one API (Supaglue), and the sandbox must answer the name its client asks
for, so the name is declared once, here.
"""

from __future__ import annotations

from typing import Final

SALESHANDY_API: Final = "saleshandy"
SUPAGLUE_API: Final = "supaglue"
INBOX_API: Final = "inbox"

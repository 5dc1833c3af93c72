"""Every emulated API, in one place: adding an emulator is its folder and one line here."""

from __future__ import annotations

from seqsync.sandbox.emulated import EmulatedApi
from seqsync.sandbox.inbox.api import INBOX
from seqsync.sandbox.instantly.api import INSTANTLY
from seqsync.sandbox.lemlist.api import LEMLIST
from seqsync.sandbox.saleshandy.api import SALESHANDY
from seqsync.sandbox.supaglue.api import SUPAGLUE

EMULATED: tuple[EmulatedApi, ...] = (SALESHANDY, SUPAGLUE, INBOX, LEMLIST, INSTANTLY)

BY_NAME: dict[str, EmulatedApi] = {api.name: api for api in EMULATED}

"""The Inbox provider: one GET per campaign; changes go as one whole-sequence replace."""

from __future__ import annotations

from typing import Any

from seqsync.model.live import LiveInboxCampaign
from seqsync.providers.base import Capabilities, Request, SequenceSummary
from seqsync.providers.inbox.client import InboxClient
from seqsync.providers.inbox.mapping import live_campaign

CAPABILITIES = Capabilities(
    create_sequence=False,  # campaigns are created in the Inbox app (create route unconfirmed)
    create_step=False,
    add_variant=False,
    patch_variant=False,
    patch_step_template=False,
    remove_step="replace",
    replace_sequence=True,
    list_sequences=False,  # no documented list route (providers.md 5.7)
)


class InboxProvider:
    kind = "inbox"
    capabilities = CAPABILITIES

    def __init__(self, connection: str, client: InboxClient) -> None:
        self.connection = connection
        self.client = client

    async def read(self, sequence_id: str, *, context: str) -> LiveInboxCampaign:
        return live_campaign(await self.client.get_campaign(sequence_id, context=context))

    async def list_sequences(self) -> list[SequenceSummary]:
        return []

    async def send(self, request: Request, *, context: str) -> Any:
        return await self.client.api.request(
            request.method, request.path, json=request.body, context=context
        )

    async def aclose(self) -> None:
        await self.client.api.aclose()

"""The Saleshandy provider: reads a sequence in one request, sends planned requests."""

from __future__ import annotations

from typing import Any

from seqsync.model.live import LiveSaleshandySequence
from seqsync.providers.base import Capabilities, Request, SequenceSummary
from seqsync.providers.saleshandy.client import SaleshandyClient
from seqsync.providers.saleshandy.mapping import live_sequence

LIST_PAGE_SIZE = 1000  # the documented maximum

CAPABILITIES = Capabilities(
    create_sequence=True,
    create_step=True,
    add_variant=True,
    patch_variant=True,
    patch_step_template=False,
    remove_step="pause",
    replace_sequence=False,
    list_sequences=True,
)


class SaleshandyProvider:
    kind = "saleshandy"
    capabilities = CAPABILITIES

    def __init__(self, connection: str, client: SaleshandyClient) -> None:
        self.connection = connection
        self.client = client

    async def read(self, sequence_id: str, *, context: str) -> LiveSaleshandySequence:
        steps = await self.client.get_steps(sequence_id, context=context)
        return live_sequence(sequence_id, steps)

    async def list_sequences(self) -> list[SequenceSummary]:
        summaries: list[SequenceSummary] = []
        page = 1
        while True:
            rows = await self.client.list_sequences(page=page, page_size=LIST_PAGE_SIZE)
            summaries.extend(SequenceSummary(str(row["id"]), str(row["title"])) for row in rows)
            if len(rows) < LIST_PAGE_SIZE:
                return summaries
            page += 1

    async def send(self, request: Request, *, context: str) -> Any:
        return await self.client.api.request(
            request.method, request.path, json=request.body, context=context
        )

    async def aclose(self) -> None:
        await self.client.api.aclose()

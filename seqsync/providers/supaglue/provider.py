"""The Supaglue provider: one GET per sequence, engine-dependent capabilities."""

from __future__ import annotations

from typing import Any

from seqsync.model.live import LiveSupaglueSequence
from seqsync.providers.base import Capabilities, Request, SequenceSummary
from seqsync.providers.supaglue.client import SupaglueClient
from seqsync.providers.supaglue.mapping import live_sequence

LIST_PAGE_SIZE = 1000  # the documented maximum


def capabilities_for(engine: str) -> Capabilities:
    """Salesloft cannot patch steps at all; no engine can delete through Supaglue."""
    return Capabilities(
        create_sequence=True,
        create_step=True,
        add_variant=False,
        patch_variant=False,
        patch_step_template=engine in {"apollo", "outreach"},
        remove_step="none",
        replace_sequence=False,
        list_sequences=True,
    )


class SupaglueProvider:
    kind = "supaglue"

    def __init__(self, connection: str, engine: str, client: SupaglueClient) -> None:
        self.connection = connection
        self.engine = engine
        self.client = client
        self.capabilities = capabilities_for(engine)

    async def read(self, sequence_id: str, *, context: str) -> LiveSupaglueSequence:
        body = await self.client.get_sequence(sequence_id, context=context)
        return live_sequence(body, self.engine)

    async def list_sequences(self) -> list[SequenceSummary]:
        summaries: list[SequenceSummary] = []
        cursor: str | None = None
        while True:
            page = await self.client.list_sequences(cursor=cursor, page_size=LIST_PAGE_SIZE)
            summaries.extend(
                SequenceSummary(str(row["id"]), str(row.get("name") or ""))
                for row in page.get("records") or []
            )
            cursor = (page.get("pagination") or {}).get("next")
            if not cursor:
                return summaries

    async def send(self, request: Request, *, context: str) -> Any:
        return await self.client.api.request(
            request.method, request.path, json=request.body, context=context
        )

    async def aclose(self) -> None:
        await self.client.api.aclose()

"""Inbox campaign endpoints, one method each."""

from __future__ import annotations

from typing import Any

from seqsync.providers.endpoints import EndpointClient
from seqsync.providers.http import segment


def campaign_path(campaign_id: str) -> str:
    return f"/campaigns/{segment(campaign_id)}"


def sequence_path(campaign_id: str) -> str:
    return f"/campaigns/v2/{segment(campaign_id)}/sequence"


class InboxClient(EndpointClient):
    async def get_campaign(self, campaign_id: str, *, context: str) -> dict[str, Any]:
        return dict(
            await self.api.request("GET", campaign_path(campaign_id), context=context) or {}
        )

    async def replace_sequence(
        self, campaign_id: str, steps: list[dict[str, Any]]
    ) -> dict[str, Any]:
        body = await self.api.request(
            "PUT",
            sequence_path(campaign_id),
            json={"steps": steps},
            context=f"replacing the sequence of campaign {campaign_id}",
        )
        return dict(body or {})

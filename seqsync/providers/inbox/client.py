"""Inbox campaign endpoints, one method each."""

from __future__ import annotations

from typing import Any

from seqsync.plan.model import Request
from seqsync.providers.http import ApiClient, segment


def campaign_path(campaign_id: str) -> str:
    return f"/campaigns/{segment(campaign_id)}"


def sequence_path(campaign_id: str) -> str:
    return f"/campaigns/v2/{segment(campaign_id)}/sequence"


class InboxClient:
    def __init__(self, api: ApiClient) -> None:
        self.api = api

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

    async def send(self, request: Request, *, context: str) -> Any:
        """A planned request exactly as planned; the parsed answer."""
        return await self.api.request(
            request.method, request.path, json=request.body, context=context
        )

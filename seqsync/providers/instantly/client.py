"""Instantly API v2 campaign endpoints, one method each (docs/providers/instantly.md §2)."""

from __future__ import annotations

from typing import Any

from seqsync.providers.endpoints import EndpointClient
from seqsync.providers.http import segment

CAMPAIGNS = "/campaigns"
PAGE_SIZE = 100  # the largest `limit` a listing takes


def campaign_path(campaign_id: str) -> str:
    return f"{CAMPAIGNS}/{segment(campaign_id)}"


class InstantlyClient(EndpointClient):
    async def get_campaign(self, campaign_id: str, *, context: str) -> dict[str, Any]:
        return dict(
            await self.api.request("GET", campaign_path(campaign_id), context=context) or {}
        )

    async def list_campaigns(self, starting_after: str | None = None) -> dict[str, Any]:
        """One page: ``{items, next_starting_after}``."""
        params: dict[str, str | int] = {"limit": PAGE_SIZE}
        if starting_after is not None:
            params["starting_after"] = starting_after
        body = await self.api.request("GET", CAMPAIGNS, params=params, context="listing campaigns")
        return dict(body or {})

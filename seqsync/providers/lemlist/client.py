"""lemlist endpoints, one method each. Paths are built here and nowhere else
(docs/providers/lemlist.md §2)."""

from __future__ import annotations

from typing import Any

from seqsync.providers.endpoints import EndpointClient
from seqsync.providers.http import segment

CAMPAIGNS = "/campaigns"
PAGE_SIZE = 100  # the documented maximum of `limit`


def campaign_path(campaign_id: str) -> str:
    return f"{CAMPAIGNS}/{segment(campaign_id)}"


def sequences_path(campaign_id: str) -> str:
    return f"{campaign_path(campaign_id)}/sequences"


def steps_path(sequence_id: str) -> str:
    return f"/sequences/{segment(sequence_id)}/steps"


def step_path(sequence_id: str, step_id: str) -> str:
    return f"{steps_path(sequence_id)}/{step_segment(step_id)}"


def ab_test_path(sequence_id: str, step_id: str) -> str:
    return f"{step_path(sequence_id, step_id)}/ab-test"


NEW_STEP = "{new_step:"
"""A step created earlier in the same apply, by its file position: ``{new_step:3}``. The
provider fills in the id the create answered with (its variant B is written to it)."""


def new_step(position: int) -> str:
    return f"{NEW_STEP}{position}}}"


def step_segment(step_id: str) -> str:
    return step_id if step_id.startswith(NEW_STEP) else segment(step_id)


class LemlistClient(EndpointClient):
    async def list_campaigns(self, *, offset: int) -> list[dict[str, Any]]:
        body = await self.api.request(
            "GET",
            CAMPAIGNS,
            params={
                "offset": offset,
                "limit": PAGE_SIZE,
                "sortBy": "createdAt",
                "sortOrder": "asc",
            },
            context="listing campaigns",
        )
        return [row for row in body or [] if isinstance(row, dict)]

    async def get_campaign(self, campaign_id: str, *, context: str) -> dict[str, Any]:
        body = await self.api.request("GET", campaign_path(campaign_id), context=context)
        return dict(body or {})

    async def get_sequences(self, campaign_id: str, *, context: str) -> dict[str, Any]:
        body = await self.api.request("GET", sequences_path(campaign_id), context=context)
        return dict(body or {})

    async def get_variant_b(
        self, sequence_id: str, step_id: str, *, context: str
    ) -> dict[str, Any]:
        body = await self.api.request("GET", ab_test_path(sequence_id, step_id), context=context)
        return dict(body or {})

    async def delete_step(self, sequence_id: str, step_id: str, *, context: str) -> None:
        await self.api.request("DELETE", step_path(sequence_id, step_id), context=context)

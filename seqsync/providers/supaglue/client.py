"""Supaglue engagement v2 endpoints, one method each."""

from __future__ import annotations

from typing import Any

from seqsync.providers.endpoints import EndpointClient
from seqsync.providers.http import segment

SEQUENCES = "/sequences"


def sequence_path(sequence_id: str) -> str:
    return f"{SEQUENCES}/{segment(sequence_id)}"


def steps_path(sequence_id: str) -> str:
    return f"{sequence_path(sequence_id)}/sequence_steps"


def step_path(sequence_id: str, step_id: str) -> str:
    return f"{steps_path(sequence_id)}/{segment(step_id)}"


class SupaglueClient(EndpointClient):
    async def get_sequence(self, sequence_id: str, *, context: str) -> dict[str, Any]:
        """One sequence with its steps embedded (a bare object, not wrapped in ``record``)."""
        return dict(
            await self.api.request("GET", sequence_path(sequence_id), context=context) or {}
        )

    async def list_sequences(self, *, cursor: str | None, page_size: int) -> dict[str, Any]:
        params: dict[str, str | int] = {"page_size": str(page_size)}
        if cursor:
            params["cursor"] = cursor
        body = await self.api.request("GET", SEQUENCES, params=params, context="listing sequences")
        return dict(body or {})

    async def create_sequence(self, record: dict[str, Any]) -> str:
        body = await self.api.request(
            "POST",
            SEQUENCES,
            json={"record": record},
            context=f"creating sequence {record.get('name')!r}",
        )
        return str(body["record"]["id"])

    async def create_step(self, sequence_id: str, record: dict[str, Any]) -> str:
        body = await self.api.request(
            "POST",
            steps_path(sequence_id),
            json={"record": record},
            context=f"creating a step in sequence {sequence_id}",
        )
        return str(body["record"]["id"])

    async def update_step(self, sequence_id: str, step_id: str, record: dict[str, Any]) -> None:
        await self.api.request(
            "PATCH",
            step_path(sequence_id, step_id),
            json={"record": record},
            context=f"updating step {step_id} of sequence {sequence_id}",
        )

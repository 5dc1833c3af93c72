"""Saleshandy endpoints, one method each. Paths are built here and nowhere else."""

from __future__ import annotations

from typing import Any

from seqsync.plan.model import Request
from seqsync.providers.endpoints import EndpointClient
from seqsync.providers.http import segment

BASE = "/v1/sequences"


def steps_path(sequence_id: str) -> str:
    return f"{BASE}/{segment(sequence_id)}/steps"


def variants_path(sequence_id: str, step_id: str) -> str:
    return f"{steps_path(sequence_id)}/{segment(step_id)}/variants"


def variant_path(sequence_id: str, step_id: str, variant_id: str) -> str:
    return f"{variants_path(sequence_id, step_id)}/{segment(variant_id)}"


class SaleshandyClient(EndpointClient):
    """GET requests carry no Content-Type: Saleshandy answers those with 406."""

    async def get_steps(self, sequence_id: str, *, context: str) -> list[dict[str, Any]]:
        """All steps of a sequence with their variants (docs/providers/saleshandy.md §9,
        an ASSUMPTION shape)."""
        body = await self.api.request("GET", steps_path(sequence_id), context=context)
        return list(_payload(body) or [])

    async def list_sequences(
        self, *, page: int, page_size: int, name: str | None = None
    ) -> list[dict[str, Any]]:
        params: dict[str, str | int] = {"page": page, "pageSize": page_size}
        if name:
            params["sequenceName"] = name
        body = await self.api.request("GET", BASE, params=params, context="listing sequences")
        return list(_payload(body) or [])

    async def create_sequence(self, title: str) -> dict[str, Any]:
        body = await self.api.request(
            "POST", BASE, json={"title": title}, context=f"creating sequence {title!r}"
        )
        return dict(_payload(body) or {})

    async def create_step(self, sequence_id: str, step: dict[str, Any]) -> dict[str, Any]:
        # Documented 201 body is the bare step, not the {message, payload} envelope.
        body = await self.api.request(
            "POST", steps_path(sequence_id), json=step, context=f"creating a step in {sequence_id}"
        )
        return dict(_payload(body) or {})

    async def add_variant(
        self, sequence_id: str, step_id: str, variant: dict[str, Any]
    ) -> dict[str, Any]:
        body = await self.api.request(
            "POST",
            variants_path(sequence_id, step_id),
            json=variant,
            context=f"adding a variant to step {step_id} of {sequence_id}",
        )
        return dict(_payload(body) or {})

    async def update_variant(
        self, sequence_id: str, step_id: str, variant_id: str, changes: dict[str, Any]
    ) -> None:
        await self.api.request(
            "PATCH",
            variant_path(sequence_id, step_id, variant_id),
            json=changes,
            context=f"updating variant {variant_id} of step {step_id} in {sequence_id}",
        )

    async def send(self, request: Request, *, context: str) -> Any:
        """A planned request as planned; the answer unwrapped from ``{message, payload}``."""
        body = await self.api.request(
            request.method, request.path, json=request.body, context=context
        )
        return _payload(body)


def _payload(body: Any) -> Any:
    """Unwrap ``{message, payload}``; bodies without the envelope are returned as they are."""
    if isinstance(body, dict) and "payload" in body and "message" in body:
        return body["payload"]
    return body

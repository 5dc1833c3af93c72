"""What every provider's client and connected provider share, written once: a client
sends a planned request exactly as planned; a provider closes its client, keeps no
version unless it says so, and knows no cause for an unkept write unless it says so."""

from __future__ import annotations

from typing import Any

from seqsync.model.live import LiveSequence
from seqsync.plan.model import FieldChange, Operation, Request
from seqsync.providers.http import ApiClient


class EndpointClient:
    """A provider's endpoints, one method each in the subclass, over one ApiClient."""

    def __init__(self, api: ApiClient) -> None:
        self.api = api

    async def send(self, request: Request, *, context: str) -> Any:
        """A planned request exactly as planned; the parsed answer (a subclass unwraps
        its API's envelope here)."""
        return await self.api.request(
            request.method, request.path, json=request.body, context=context
        )


class ConnectedProvider:
    """The parts of the Provider protocol most providers answer alike."""

    client: EndpointClient

    def version_of(self, live: LiveSequence) -> int | None:
        return None

    def unkept_cause(self, operation: Operation, change: FieldChange | None) -> str | None:
        return None

    async def aclose(self) -> None:
        await self.client.api.aclose()

"""A real HTTP transport that also keeps every exchanged request and response body."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class Exchange:
    method: str
    path: str
    request_body: Any
    status: int
    response_body: Any


class RecordingTransport(httpx.AsyncBaseTransport):
    def __init__(self, prefix: str = "") -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.prefix = prefix
        self.exchanges: list[Exchange] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raw = await request.aread()
        response = await self.inner.handle_async_request(request)
        content = await response.aread()
        self.exchanges.append(
            Exchange(
                request.method,
                request.url.path.removeprefix(self.prefix),
                json.loads(raw) if raw else None,
                response.status_code,
                json.loads(content) if content else None,
            )
        )
        return httpx.Response(
            response.status_code, headers=response.headers, content=content, request=request
        )

    async def aclose(self) -> None:
        await self.inner.aclose()

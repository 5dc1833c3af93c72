"""An API client keeps no cookies: what a provider sets is never sent back."""

from __future__ import annotations

import asyncio

import httpx

from seqsync.providers.http import ApiClient
from seqsync.providers.retry import DEFAULT_POLICY


def test_a_cookie_a_provider_sets_is_never_sent_back() -> None:
    sent_cookies: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_cookies.append(request.headers.get("cookie"))
        return httpx.Response(
            200, json={"ok": True}, headers={"set-cookie": "session=abc123; Path=/"}
        )

    async def two_reads() -> None:
        client = ApiClient(
            connection="c",
            base_url="https://api.example.test",
            headers={"x-api-key": "k"},
            policy=DEFAULT_POLICY,
            transport=httpx.MockTransport(handler),
        )
        try:
            for _ in range(2):
                assert await client.request("GET", "/things", context="reading") == {"ok": True}
        finally:
            await client.aclose()

    asyncio.run(two_reads())
    assert sent_cookies == [None, None]

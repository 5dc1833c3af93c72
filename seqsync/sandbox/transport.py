"""The in-process sandbox as an httpx transport: no socket, same requests and faults."""

from __future__ import annotations

import asyncio
import json

import httpx

from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.faults import Outcome
from seqsync.sandbox.wire import SandboxRequest
from seqsync.sandbox.worlds import World


def sandbox_request(
    method: str, path: str, query: dict[str, str], headers: dict[str, str], raw: bytes
) -> SandboxRequest:
    body, body_error = None, False
    if raw:
        try:
            body = json.loads(raw)
        except ValueError:
            body_error = True
    return SandboxRequest(
        method.upper(), path, query, {k.lower(): v for k, v in headers.items()}, body, body_error
    )


class SandboxTransport(httpx.AsyncBaseTransport):
    """Routes every request of one connection to one emulator of the sandbox, in the
    connection's world (the sandbox's own when None)."""

    def __init__(self, sandbox: Sandbox, api: str, world: World | None = None) -> None:
        self.sandbox = sandbox
        self.api = api
        self.world = world

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raw = await request.aread()
        incoming = sandbox_request(
            request.method,
            request.url.path,
            dict(request.url.params),
            dict(request.headers),
            raw,
        )
        taken = asyncio.get_running_loop().time()
        result = self.sandbox.handle(self.api, incoming, self.world)
        if result.latency:  # from the request's arrival, as over loopback (server.py)
            await asyncio.sleep(taken + result.latency - asyncio.get_running_loop().time())
        if result.outcome is Outcome.DROPPED:
            raise httpx.RemoteProtocolError(
                "Server disconnected without sending a response.", request=request
            )
        if result.outcome is Outcome.LOST_RESPONSE:
            raise httpx.ReadError("connection reset while reading the response", request=request)
        if result.outcome is Outcome.SLOW:
            # The answer would come after the client's timeout; the client sees the timeout.
            raise httpx.ReadTimeout("timed out waiting for the response", request=request)
        assert result.response is not None
        response = result.response
        content = b"" if response.body is None else json.dumps(response.body).encode()
        headers = {**response.headers, "content-type": "application/json"}
        return httpx.Response(response.status, headers=headers, content=content, request=request)

    async def aclose(self) -> None:
        # The command is done with this connection: what it changed goes to disk now,
        # not when the write-behind timer fires (a next command may start at once).
        self.sandbox.store.flush()

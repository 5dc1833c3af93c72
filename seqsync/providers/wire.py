"""Reads at wire cost: GETs over keep-alive h11 connections, everything else through httpx's
own transport.

httpx's async transport (httpcore) costs several times the CPU of the wire for each
request (pool bookkeeping, per-request locks and events); a plan is all reads. A GET is
idempotent, so a kept-alive connection the server has closed since is simply retried
once on a new one; writes keep httpcore's handling of such connections. With a proxy in the environment,
the client is built without this transport (only httpx's own honours the proxy).
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass, field

import h11
import httpx


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    state: h11.Connection = field(default_factory=lambda: h11.Connection(h11.CLIENT))

    def close(self) -> None:
        self.writer.close()


class ReadsOverH11(httpx.AsyncBaseTransport):
    """GETs over pooled h11 connections; other methods through ``writes``."""

    def __init__(self, writes: httpx.AsyncBaseTransport, tls: ssl.SSLContext | None) -> None:
        self._writes = writes
        self._tls = tls
        self._idle: dict[tuple[str, str, int], list[_Connection]] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "GET" or request.url.scheme not in {"http", "https"}:
            return await self._writes.handle_async_request(request)
        idle = self._idle.setdefault(_origin(request), [])
        while idle:
            connection = idle.pop()
            try:
                return await self._exchange(connection, request, idle, reused=True)
            except _Stale:
                continue  # closed by the server while idle: a GET may go again
        connection = await self._connect(request)
        return await self._exchange(connection, request, idle, reused=False)

    async def _connect(self, request: httpx.Request) -> _Connection:
        scheme, host, port = _origin(request)
        timeouts = request.extensions.get("timeout", {})
        tls = None
        if scheme == "https":
            tls = self._tls or ssl.create_default_context()
        try:
            async with asyncio.timeout(timeouts.get("connect")):
                reader, writer = await asyncio.open_connection(
                    host, port, ssl=tls, server_hostname=host if tls else None
                )
        except TimeoutError:
            raise httpx.ConnectTimeout("timed out connecting", request=request) from None
        except OSError as exc:
            raise httpx.ConnectError(str(exc), request=request) from None
        return _Connection(reader, writer)

    async def _exchange(
        self,
        connection: _Connection,
        request: httpx.Request,
        idle: list[_Connection],
        *,
        reused: bool,
    ) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        started = False
        try:
            headers = [(b"host", request.url.netloc)] + [
                (name, value) for name, value in request.headers.raw if name.lower() != b"host"
            ]
            connection.writer.write(
                connection.state.send(
                    h11.Request(method=b"GET", target=request.url.raw_path, headers=headers)
                )
                + connection.state.send(h11.EndOfMessage())
            )
            response: h11.Response | None = None
            chunks: list[bytes] = []
            async with asyncio.timeout(timeouts.get("read")):
                while True:
                    event = connection.state.next_event()
                    if event is h11.NEED_DATA:
                        data = await connection.reader.read(65536)
                        if not data and not started and reused:
                            raise _Stale
                        connection.state.receive_data(data)
                    elif isinstance(event, h11.Response):
                        response, started = event, True
                    elif isinstance(event, h11.Data):
                        chunks.append(bytes(event.data))
                    elif isinstance(event, h11.EndOfMessage):
                        break
                    elif isinstance(event, h11.ConnectionClosed):
                        raise httpx.RemoteProtocolError("connection closed", request=request)
        except _Stale:
            connection.close()
            raise
        except TimeoutError:
            connection.close()
            raise httpx.ReadTimeout("timed out reading", request=request) from None
        except h11.RemoteProtocolError as exc:
            connection.close()
            raise httpx.RemoteProtocolError(str(exc), request=request) from None
        except OSError as exc:
            connection.close()
            if not started and reused:
                raise _Stale from None
            raise httpx.ReadError(str(exc), request=request) from None
        except BaseException:
            connection.close()  # cancelled or failed mid-exchange: never reused
            raise
        assert response is not None
        if connection.state.our_state is h11.DONE and connection.state.their_state is h11.DONE:
            connection.state.start_next_cycle()
            idle.append(connection)
        else:
            connection.close()
        return httpx.Response(
            response.status_code,
            headers=[(bytes(name), bytes(value)) for name, value in response.headers],
            content=b"".join(chunks),
            request=request,
        )

    async def aclose(self) -> None:
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        self._idle.clear()
        await self._writes.aclose()


class _Stale(Exception):
    """A kept-alive connection the server closed before answering."""


def _origin(request: httpx.Request) -> tuple[str, str, int]:
    url = request.url
    return url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80)

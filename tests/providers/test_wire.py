"""Reads over kept-alive h11 connections (seqsync.providers.wire): one connection for many
GETs, a connection the server closed while idle retried on a new one, compressed bodies
decoded, a server that does not answer timed out, and writes through httpx's transport."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from seqsync.providers.http import ApiClient
from seqsync.providers.retry import DEFAULT_POLICY
from seqsync.providers.wire import ReadsOverH11


@dataclass
class Server:
    url: str = ""
    connections: int = 0
    methods: list[str] = field(default_factory=list)


@contextlib.contextmanager
def serving(*, close_after_each: bool = False, silent: bool = False) -> Iterator[Server]:
    """HTTP/1.1 on loopback, keep-alive unless ``close_after_each`` (which closes without
    saying so, as a server dropping an idle connection does); ``silent`` never answers."""
    served = Server()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    served.url = f"http://127.0.0.1:{listener.getsockname()[1]}"

    def handle(connection: socket.socket) -> None:
        with connection:
            buffer = b""
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = connection.recv(65536)
                    if not data:
                        return
                    buffer += data
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                served.methods.append(head.split(b" ", 1)[0].decode())
                length = next(
                    (
                        int(line.split(b":", 1)[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    0,
                )
                while len(buffer) < length:
                    buffer += connection.recv(65536)
                buffer = buffer[length:]
                if silent:
                    connection.recv(1)
                    return
                body = gzip.compress(json.dumps({"n": len(served.methods)}).encode())
                connection.sendall(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    b"content-encoding: gzip\r\n"
                    + f"content-length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                if close_after_each:
                    return

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            served.connections += 1
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield served
    finally:
        listener.close()


def client(url: str, timeout: float = 5.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=url,
        transport=ReadsOverH11(httpx.AsyncHTTPTransport(), None),
        timeout=timeout,
    )


def test_gets_share_one_kept_alive_connection_and_bodies_are_decoded() -> None:
    async def go(url: str) -> list[object]:
        async with client(url) as http:
            return [(await http.get("/x")).json() for _ in range(3)]

    with serving() as served:
        assert asyncio.run(go(served.url)) == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert served.connections == 1


def test_a_connection_closed_while_idle_is_retried_on_a_new_one() -> None:
    async def go(url: str) -> list[int]:
        async with client(url) as http:
            return [(await http.get("/x")).status_code for _ in range(3)]

    with serving(close_after_each=True) as served:
        assert asyncio.run(go(served.url)) == [200, 200, 200]
    assert served.connections == 3


def test_writes_go_through_httpx_transport() -> None:
    async def go(url: str) -> int:
        async with client(url) as http:
            return (await http.post("/x", json={"a": 1})).status_code

    with serving() as served:
        assert asyncio.run(go(served.url)) == 200
    assert served.methods == ["POST"]


def test_a_server_that_does_not_answer_times_out() -> None:
    async def go(url: str) -> None:
        async with client(url, timeout=0.3) as http:
            await http.get("/x")

    with serving(silent=True) as served, pytest.raises(httpx.ReadTimeout):
        asyncio.run(go(served.url))


def test_a_refused_connection_is_a_connect_error() -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]

    async def go() -> None:
        async with client(f"http://127.0.0.1:{port}") as http:
            await http.get("/x")

    with pytest.raises(httpx.ConnectError):
        asyncio.run(go())


PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)


@pytest.mark.parametrize("proxy", [None, "http://proxy.invalid:3128"])
def test_the_client_reads_over_h11_unless_a_proxy_is_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, proxy: str | None
) -> None:
    for variable in PROXY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    if proxy is not None:
        monkeypatch.setenv("HTTPS_PROXY", proxy)
    api = ApiClient(
        connection="c", base_url="https://api.example", headers={}, policy=DEFAULT_POLICY
    )
    try:
        assert isinstance(api._http._transport, ReadsOverH11) == (proxy is None)
    finally:
        asyncio.run(api.aclose())

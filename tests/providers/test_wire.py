"""Reads over kept-alive HTTP/1.1 connections (seqsync.providers.wire): one connection for many
GETs, a connection the server closed while idle retried on a new one, compressed bodies
decoded, a server that does not answer timed out, and writes through httpx's transport."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json
import re
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import httpx
import pytest
import trustme

from seqsync.providers import wire
from seqsync.providers.checking import watching
from seqsync.providers.http import ApiClient
from seqsync.providers.retry import DEFAULT_POLICY
from seqsync.providers.wire import KeptAliveHttp11


@dataclass
class Server:
    url: str = ""
    connections: int = 0
    heads: list[bytes] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)

    @property
    def methods(self) -> list[str]:
        return [head.split(b" ", 1)[0].decode() for head in self.heads]


@contextlib.contextmanager
def accepting(
    handle: Callable[[socket.socket, Server], None], tls: ssl.SSLContext | None = None
) -> Iterator[Server]:
    """A loopback listener that hands each connection to ``handle`` on its own thread,
    over TLS with ``tls`` (the handshake made on that thread)."""
    served = Server()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    scheme = "https" if tls else "http"
    served.url = f"{scheme}://127.0.0.1:{listener.getsockname()[1]}"

    def secured(connection: socket.socket, served: Server) -> None:
        if tls is None:
            handle(connection, served)
            return
        try:
            wrapped = tls.wrap_socket(connection, server_side=True)
        except (ssl.SSLError, OSError):
            connection.close()  # the client refused the certificate
            return
        handle(wrapped, served)

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            served.connections += 1
            threading.Thread(target=secured, args=(connection, served), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield served
    finally:
        listener.close()


def requests_on(connection: socket.socket, served: Server) -> Iterator[None]:
    """Reads each request on ``connection`` into ``served`` (its head and body), yielding
    after each; ends when the client closes."""
    buffer = b""
    while True:
        while b"\r\n\r\n" not in buffer:
            data = connection.recv(65536)
            if not data:
                return
            buffer += data
        head, buffer = buffer.split(b"\r\n\r\n", 1)
        length = re.search(rb"(?im)^content-length: *([0-9]+)", head)
        size = int(length.group(1)) if length else 0
        while len(buffer) < size:
            buffer += connection.recv(65536)
        served.heads.append(head)
        served.bodies.append(buffer[:size])
        buffer = buffer[size:]
        yield


@contextlib.contextmanager
def serving(*, close_after_each: bool = False, silent: bool = False) -> Iterator[Server]:
    """HTTP/1.1 on loopback, keep-alive unless ``close_after_each`` (which closes without
    saying so, as a server dropping an idle connection does); ``silent`` never answers."""

    def handle(connection: socket.socket, served: Server) -> None:
        with connection:
            for _ in requests_on(connection, served):
                if silent:
                    connection.recv(1)
                    return
                body = gzip.compress(json.dumps({"n": len(served.heads)}).encode())
                connection.sendall(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                    b"content-encoding: gzip\r\n"
                    + f"content-length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                if close_after_each:
                    return

    with accepting(handle) as served:
        yield served


def client(url: str, timeout: float = 5.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=url,
        transport=KeptAliveHttp11(httpx.AsyncHTTPTransport, None),
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


def test_writes_share_the_kept_alive_connection_and_head_goes_through_httpx() -> None:
    async def go(url: str) -> list[int]:
        async with client(url) as http:
            return [
                (await http.get("/x")).status_code,
                (await http.post("/x", json={"a": 1})).status_code,
                (await http.patch("/x", json={"b": "é"})).status_code,
                (await http.delete("/x")).status_code,
                (await http.head("/x")).status_code,
            ]

    with serving() as served:
        assert asyncio.run(go(served.url)) == [200] * 5
    assert served.methods == ["GET", "POST", "PATCH", "DELETE", "HEAD"]
    assert served.connections == 2  # HEAD went through httpx's own transport


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
def test_the_client_reads_over_http11_unless_a_proxy_is_in_the_environment(
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
        assert isinstance(api._http._transport, KeptAliveHttp11) == (proxy is None)
    finally:
        asyncio.run(api.aclose())


# --- responses of every shape RFC 9112 allows a GET, and some it does not --------------


@contextlib.contextmanager
def answering(*responses: bytes, tls: ssl.SSLContext | None = None) -> Iterator[Server]:
    """Answers the n-th request with ``responses[n]`` (bytes as sent); after a response
    whose head says ``connection: close``, or one with no length, the server closes; an
    empty response closes the connection without answering."""
    remaining = list(responses)

    def handle(connection: socket.socket, served: Server) -> None:
        with connection:
            for _ in requests_on(connection, served):
                response = remaining.pop(0)
                if not response:
                    return
                connection.sendall(response)
                lowered = response.split(b"\r\n\r\n", 1)[0].lower()
                if b"connection: close" in lowered or not (
                    b"content-length" in lowered or b"chunked" in lowered
                ):
                    return
                if not remaining:
                    return

    with accepting(handle, tls) as served:
        yield served


def fetch_all(url: str, count: int, headers: dict[str, str] | None = None) -> list[httpx.Response]:
    async def go() -> list[httpx.Response]:
        async with client(url) as http:
            return [await http.get("/x", headers=headers) for _ in range(count)]

    return asyncio.run(go())


def test_a_chunked_body_with_trailers_is_read_whole_and_the_connection_kept() -> None:
    chunked = (
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n"
        b'7;name=value\r\n{"n": 1\r\n1\r\n}\r\n0\r\nchecksum: x\r\n\r\n'
    )
    with answering(chunked, chunked) as served:
        responses = fetch_all(served.url, 2)
    assert [response.json() for response in responses] == [{"n": 1}, {"n": 1}]
    assert served.connections == 1


def test_connection_close_and_an_undelimited_body_are_never_reused() -> None:
    with answering(
        b"HTTP/1.1 200 OK\r\nconnection: keep-alive, Close\r\ncontent-length: 2\r\n\r\nok",
        b"HTTP/1.1 200 OK\r\n\r\nuntil the end",
        b"HTTP/1.0 200 OK\r\ncontent-length: 4\r\n\r\nold!",
        b"HTTP/1.1 204 No Content\r\n\r\n",
    ) as served:
        responses = fetch_all(served.url, 4)
    assert [response.content for response in responses] == [b"ok", b"until the end", b"old!", b""]
    assert served.connections == 4


def test_interim_responses_are_skipped_and_reason_phrases_kept() -> None:
    with answering(
        b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 404 Not Here\r\ncontent-length: 0\r\n\r\n"
    ) as served:
        (response,) = fetch_all(served.url, 1)
    assert (response.status_code, response.reason_phrase) == (404, "Not Here")


@pytest.mark.parametrize(
    "malformed",
    [
        b"HTTP/2 200 OK\r\ncontent-length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\nok",
        b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\nok!",
        b"HTTP/1.1 200 OK\r\ncontent-length: -2\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: gzip\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nx-folded: a\r\n b\r\ncontent-length: 0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n",
        b"HTTP/1.1 200 OK\r\ncontent-length: 10\r\nconnection: close\r\n\r\nshort",
        b"HTTP/1.1 200 OK\r\ncontent-length: 67108865\r\n\r\n",  # over BODY_LIMIT
        b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4000001\r\n",
    ],
)
def test_a_malformed_response_is_a_protocol_error(malformed: bytes) -> None:
    with answering(malformed) as served, pytest.raises(httpx.RemoteProtocolError):
        fetch_all(served.url, 1)


def test_a_header_that_would_start_another_line_is_never_sent() -> None:
    answer = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"
    with answering(answer) as served, pytest.raises(httpx.LocalProtocolError):
        fetch_all(served.url, 1, headers={"x-key": "k\r\nx-injected: 1"})
    assert served.heads == []


def test_api_client_reads_send_the_client_headers_and_are_seen_by_check() -> None:
    """The direct read path sends what httpx's client would, and a watched client (as
    ``seqsync check`` watches it) still sees every response."""
    answer = b'HTTP/1.1 200 OK\r\ncontent-length: 8\r\nx-ratelimit-remaining: 9\r\n\r\n{"a": 1}'

    async def go(url: str) -> tuple[object, list[str]]:
        api = ApiClient(
            connection="c",
            base_url=url + "/api/",
            headers={"x-api-key": "k"},
            policy=DEFAULT_POLICY,
        )
        try:
            body = await api.request("GET", "/items", params={"q": "a b"}, context="reading")
            async with watching(api) as responses:
                await api.request("GET", "/items", context="reading")
            return body, list(responses.headers("x-ratelimit"))
        finally:
            await api.aclose()

    with answering(answer, answer) as served:
        body, seen = asyncio.run(go(served.url))
    assert body == {"a": 1}
    assert seen == ["x-ratelimit-remaining"]
    first = served.heads[0].split(b"\r\n")
    assert first[0] == b"GET /api/items?q=a+b HTTP/1.1"
    names = {line.split(b":", 1)[0].lower() for line in first[1:]}
    assert {b"host", b"x-api-key", b"user-agent", b"accept", b"accept-encoding"} <= names


OK = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}"


def test_a_get_on_a_connection_closed_unanswered_goes_again_on_a_new_one() -> None:
    with answering(OK, b"", OK) as served:
        responses = fetch_all(served.url, 2)
    assert [response.status_code for response in responses] == [200, 200]
    assert served.connections == 2


def test_a_write_on_a_connection_closed_unanswered_is_never_sent_again() -> None:
    """The server may have acted on it: the caller hears of it (ApiClient reports it as
    possibly applied) instead of a second copy being sent."""

    async def go(url: str) -> None:
        async with client(url) as http:
            await http.get("/x")
            await http.post("/x", json={"create": "once"})

    with answering(OK, b"", OK) as served, pytest.raises(httpx.RemoteProtocolError):
        asyncio.run(go(served.url))
    assert [head.split(b" ", 1)[0] for head in served.heads] == [b"GET", b"POST"]
    assert served.bodies[1] == b'{"create":"once"}'


def test_a_connection_the_server_closed_while_idle_is_set_aside_before_a_write() -> None:
    async def go(url: str) -> int:
        async with client(url) as http:
            await http.get("/x")
            await asyncio.sleep(0.2)  # the server's close arrives while the connection idles
            return (await http.post("/x", json={"a": 1})).status_code

    with serving(close_after_each=True) as served:
        assert asyncio.run(go(served.url)) == 200
    assert served.methods == ["GET", "POST"]
    assert served.connections == 2


def test_a_body_to_the_close_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire, "BODY_LIMIT", 1000)
    over = pytest.raises(httpx.RemoteProtocolError, match="over 1000 bytes")
    with answering(b"HTTP/1.1 200 OK\r\n\r\n" + b"x" * 1001) as served, over:
        fetch_all(served.url, 1)
    with answering(b"HTTP/1.1 200 OK\r\n\r\n" + b"x" * 1000) as served:
        assert fetch_all(served.url, 1)[0].content == b"x" * 1000


# --- TLS, as every provider's API is reached ------------------------------------------


def tls_contexts() -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server context with a certificate for 127.0.0.1 from a throwaway authority, and
    a client context that trusts that authority."""
    authority = trustme.CA()
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server)
    client = ssl.create_default_context()
    authority.configure_trust(client)
    return server, client


def test_reads_and_writes_go_over_one_kept_alive_tls_connection() -> None:
    server, trusting = tls_contexts()

    async def go(url: str) -> list[object]:
        transport = KeptAliveHttp11(httpx.AsyncHTTPTransport, trusting)
        async with httpx.AsyncClient(base_url=url, transport=transport) as http:
            return [
                (await http.get("/x")).json(),
                (await http.post("/x", json={"name": "Q4"})).json(),
                (await http.get("/x")).json(),
            ]

    with answering(OK, OK, OK, tls=server) as served:
        assert asyncio.run(go(served.url)) == [{}, {}, {}]
    assert served.connections == 1
    assert served.methods == ["GET", "POST", "GET"]
    assert served.bodies[1] == b'{"name":"Q4"}'


def test_a_certificate_from_an_authority_not_trusted_is_a_connect_error() -> None:
    server, _ = tls_contexts()
    _, trusting_another = tls_contexts()

    async def go(url: str) -> None:
        transport = KeptAliveHttp11(httpx.AsyncHTTPTransport, trusting_another)
        async with httpx.AsyncClient(base_url=url, transport=transport) as http:
            await http.get("/x")

    with answering(OK, tls=server) as served, pytest.raises(httpx.ConnectError):
        asyncio.run(go(served.url))
    assert served.heads == []

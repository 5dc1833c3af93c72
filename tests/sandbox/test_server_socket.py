"""`seqsync sandbox serve` as a server: no Nagle stall (each response goes out in one
write: headers and body in two writes waited ~40 ms for the client's delayed ACK), a
listen backlog for parallel clients, kept-alive connections closed when it stops, and no
write lost when it is stopped."""

from __future__ import annotations

import contextlib
import json
import random
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx

from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.faults import Faults
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.server import SandboxServer, make_server
from seqsync.sandbox.state import StateStore
from tests.sandbox_server import served_sandbox


@contextlib.contextmanager
def serving(faults: Faults | None = None) -> Iterator[SandboxServer]:
    sandbox = Sandbox(StateStore(None, initial_state), rng=random.Random(1), faults=faults)
    server = make_server(sandbox, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    assert not thread.is_alive()


def exchange(client: socket.socket, request: bytes) -> list[bytes]:
    """Send one request; the chunks the answer arrived in (loopback delivers one write
    as one chunk when the buffer holds it)."""
    client.sendall(request)
    chunks = [client.recv(1 << 20)]
    head, _, body = chunks[0].partition(b"\r\n\r\n")
    length = int(
        next(
            line for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
        ).split(b":")[1]
    )
    while len(body) < length:
        chunks.append(client.recv(1 << 20))
        body += chunks[-1]
    return chunks


def test_each_response_goes_out_in_one_write_on_a_kept_alive_connection() -> None:
    get = b"GET /saleshandy/v1/sequences HTTP/1.1\r\nHost: x\r\nx-api-key: any\r\n\r\n"
    with serving() as server, socket.create_connection(server.server_address, timeout=5) as c:
        answers = [exchange(c, get) for _ in range(5)]
    assert all(chunks[0].startswith(b"HTTP/1.1 200 ") for chunks in answers)
    assert [len(chunks) for chunks in answers] == [1] * 5


def test_a_bad_request_line_or_two_lengths_are_refused_and_an_unknown_api_is_a_404() -> None:
    with serving(Faults(latency_ms=30)) as server:
        with socket.create_connection(server.server_address, timeout=5) as client:
            client.sendall(b"BREW /pot\r\n\r\n")
            assert client.recv(4096).startswith(b"HTTP/1.1 400 ")
        with socket.create_connection(server.server_address, timeout=5) as client:
            two = b"POST /saleshandy/v1/sequences HTTP/1.1\r\nContent-Length: 2\r\n"
            client.sendall(two + b"Content-Length: 20\r\n\r\n{}")
            assert client.recv(4096).startswith(b"HTTP/1.1 400 ")
        with socket.create_connection(server.server_address, timeout=5) as client:
            superscript = "Content-Length: \u00b2\r\n\r\n{}".encode("latin-1")
            client.sendall(b"POST /saleshandy/v1/sequences HTTP/1.1\r\n" + superscript)
            assert client.recv(4096).startswith(b"HTTP/1.1 400 ")
        with socket.create_connection(server.server_address, timeout=5) as client:
            answer = exchange(client, b"GET /nowhere/x HTTP/1.1\r\nHost: x\r\n\r\n")
            assert answer[0].startswith(b"HTTP/1.1 404 ")


def test_stopping_closes_the_connections_clients_keep_open() -> None:
    with serving() as server:
        client = socket.create_connection(server.server_address, timeout=5)
        exchange(client, b"GET /saleshandy/v1/sequences HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        assert client.recv(10) == b""  # the server's end is closed: end of stream
    finally:
        client.close()


def test_the_server_listens_with_a_backlog_for_parallel_clients() -> None:
    # With socketserver's default of 5, a client opening 8 or 16 connections at once lost
    # SYNs and waited a second for each retransmission.
    server = make_server(Sandbox(StateStore(None, initial_state), rng=random.Random(1)), 0)
    try:
        assert server.request_queue_size >= 64
    finally:
        server.server_close()


def test_a_write_just_before_sigterm_is_in_the_state_file(tmp_path: Path) -> None:
    with served_sandbox(tmp_path / "served") as served:
        created = httpx.post(
            served.base_url("saleshandy") + "/v1/sequences",
            json={"title": "written just before the stop"},
            headers={"x-api-key": "any"},
            timeout=10,
        )
        assert created.status_code in (200, 201), created.text
    # served_sandbox stops the server with SIGTERM as soon as the block ends, well within
    # the state's write-behind delay: the write must have been flushed on the way out.
    titles = [
        sequence["title"]
        for sequence in json.loads(served.state.read_text())["saleshandy"]["sequences"].values()
    ]
    assert "written just before the stop" in titles


def _post(body: bytes, *extra: bytes) -> bytes:
    head = [
        b"POST /saleshandy/v1/sequences HTTP/1.1",
        b"Host: x",
        b"x-api-key: any",
        b"Content-Type: application/json",
        b"Content-Length: " + str(len(body)).encode(),
        *extra,
    ]
    return b"\r\n".join(head) + b"\r\n\r\n"


class Responses:
    """Whole responses from a connection, however its bytes are split into reads."""

    def __init__(self, client: socket.socket) -> None:
        self.client, self.buffer = client, b""

    def next(self) -> bytes:
        while b"\r\n\r\n" not in self.buffer:
            self.buffer += self.client.recv(65536)
        head, _, rest = self.buffer.partition(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        while len(rest) < length:
            rest += self.client.recv(65536)
        self.buffer = rest[length:]
        return head + b"\r\n\r\n" + rest[:length]


def test_a_body_sent_in_pieces_and_pipelined_requests_are_answered_in_order() -> None:
    body = json.dumps({"title": "sent in pieces"}).encode()
    get = b"GET /saleshandy/v1/sequences HTTP/1.1\r\nHost: x\r\nx-api-key: any\r\n\r\n"
    with serving() as server, socket.create_connection(server.server_address, timeout=5) as c:
        responses = Responses(c)
        request = _post(body) + body
        for start in range(0, len(request), 7):
            c.sendall(request[start : start + 7])
        created = responses.next()
        c.sendall(get + get)  # two requests in one write: two answers, in order
        first, second = responses.next(), responses.next()
    assert created.split(b" ")[1] in (b"200", b"201"), created
    assert first.startswith(b"HTTP/1.1 200 ")
    assert b"sent in pieces" in first
    assert second.startswith(b"HTTP/1.1 200 ")


def test_expect_100_continue_is_answered_before_the_body() -> None:
    body = json.dumps({"title": "x" * 2000}).encode()
    with serving() as server, socket.create_connection(server.server_address, timeout=5) as c:
        c.sendall(_post(body, b"Expect: 100-continue"))
        assert c.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        c.sendall(body)
        answer = Responses(c).next()
    assert answer.startswith(b"HTTP/1.1 20"), answer[:40]


def test_a_body_over_the_limit_is_refused_before_it_is_read() -> None:
    with serving() as server, socket.create_connection(server.server_address, timeout=5) as c:
        c.sendall(_post(b"").replace(b"Content-Length: 0", b"Content-Length: 99999999999"))
        answer = c.recv(4096)
        assert answer.startswith(b"HTTP/1.1 413 "), answer
        assert c.recv(10) == b""  # and the connection is closed

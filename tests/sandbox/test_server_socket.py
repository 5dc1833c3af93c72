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


def test_a_bad_request_line_is_refused_and_an_unknown_api_answered_404() -> None:
    with serving(Faults(latency_ms=30)) as server:
        with socket.create_connection(server.server_address, timeout=5) as client:
            client.sendall(b"BREW /pot\r\n\r\n")
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

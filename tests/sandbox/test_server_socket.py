"""`seqsync sandbox serve` as a server: no Nagle stall (every accepted connection has
TCP_NODELAY: headers and body are two writes, and without it each response waited ~40 ms
for the client's delayed ACK), a listen backlog for parallel clients, and no write lost
when it is stopped."""

from __future__ import annotations

import json
import random
import socket
from pathlib import Path
from typing import Any

import httpx

from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.server import make_server
from seqsync.sandbox.state import StateStore
from tests.sandbox_server import served_sandbox


def test_each_connection_is_set_to_send_at_once() -> None:
    server = make_server(Sandbox(StateStore(None, initial_state), rng=random.Random(1)), 0)
    try:
        port = server.server_address[1]
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            accepted, address = server.socket.accept()
            handler_class: Any = server.RequestHandlerClass
            handler = object.__new__(handler_class)
            handler.request, handler.client_address, handler.server = accepted, address, server
            handler.setup()
            try:
                assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
            finally:
                handler.finish()
                accepted.close()
    finally:
        server.server_close()


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

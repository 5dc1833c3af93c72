"""`seqsync sandbox serve` answers without Nagle's stall: every accepted connection has
TCP_NODELAY (headers and body are two writes; without it each response waited ~40 ms for
the client's delayed ACK)."""

from __future__ import annotations

import random
import socket
from typing import Any

from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.server import make_server
from seqsync.sandbox.state import StateStore


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

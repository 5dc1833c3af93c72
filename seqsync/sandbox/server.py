"""The sandbox over real HTTP on loopback, for end-to-end tests and demos.

Each registered API is mounted under its name: ``http://127.0.0.1:PORT/saleshandy``,
``…/supaglue`` and ``…/inbox`` are the base URLs to put in seqsync.yaml.
"""

from __future__ import annotations

import json
import logging
import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.faults import Outcome
from seqsync.sandbox.transport import sandbox_request

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"


def make_server(sandbox: Sandbox, port: int, host: str = LOOPBACK) -> ThreadingHTTPServer:
    """A server bound to loopback (port 0 picks a free one); call serve_forever() on it."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            log.debug("sandbox: " + format, *args)

        def _serve(self) -> None:
            url = urlsplit(self.path)
            api, _, rest = url.path.lstrip("/").partition("/")
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            if api not in sandbox.emulators:
                known = ", ".join(sandbox.emulators)
                self._send(404, {"error": f"unknown API prefix /{api}; use one of {known}"}, {})
                return
            request = sandbox_request(
                self.command,
                "/" + rest,
                dict(parse_qsl(url.query)),
                dict(self.headers.items()),
                raw,
            )
            result = sandbox.handle(api, request)
            if result.latency:
                time.sleep(result.latency)
            if result.outcome in (Outcome.DROPPED, Outcome.LOST_RESPONSE):
                self.close_connection = True  # no response at all: the client sees a reset
                return
            if result.outcome is Outcome.SLOW:
                time.sleep(result.slow_seconds)
            assert result.response is not None
            self._send(result.response.status, result.response.body, result.response.headers)

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in two writes; without TCP_NODELAY, Nagle holds the
            # body back until the client's delayed ACK: about 40 ms on every response.
            self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def _send(self, status: int, body: object, headers: dict[str, str]) -> None:
            content = b"" if body is None else json.dumps(body).encode()
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)
            except (BrokenPipeError, ConnectionResetError):
                log.debug("sandbox: client went away before the response")

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    server = _Server((host, port), Handler)
    server.daemon_threads = True
    return server


class _Server(ThreadingHTTPServer):
    # socketserver's default listen backlog is 5: when a client opens more connections
    # than that at once (seqsync plans with 8 or 16 in parallel), the kernel drops the
    # extra SYNs and the client retransmits them a second later, every time.
    request_queue_size = socket.SOMAXCONN

"""The sandbox over real HTTP on loopback, for end-to-end tests, benchmarks and demos.

Each registered API is mounted under its name: ``http://127.0.0.1:PORT/saleshandy``,
``…/supaglue`` and ``…/inbox`` are the base URLs to put in seqsync.yaml.

One event loop serves every connection, and the simulated latency is a timer from the
moment a request's bytes arrived to the moment its answer is sent: the emulator's own
work (a fraction of a millisecond) is inside it, as a real server's is inside its
response time. With a thread per connection (``http.server``), sixteen connections took
turns for the GIL and the state's lock, and the server's queueing, not the latency
asked for, showed in every benchmark against it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import selectors
import socket
import threading
from collections import deque
from dataclasses import dataclass
from email.utils import formatdate
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

from seqsync.sandbox.core import Result, Sandbox
from seqsync.sandbox.faults import Outcome
from seqsync.sandbox.transport import sandbox_request

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
HEAD_LIMIT = 64 * 1024  # request line and headers
BODY_LIMIT = 64 * 1024 * 1024  # a request body; no emulated API takes more
METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})


class SandboxServer:
    """Listens from construction (port 0 picks a free one; see ``server_address``) and
    answers from ``serve_forever()`` until ``shutdown()`` (from any thread)."""

    def __init__(self, sandbox: Sandbox, port: int, host: str = LOOPBACK) -> None:
        self.sandbox = sandbox
        # The kernel's largest listen backlog: a client opening 8 or 16 connections at
        # once must not lose SYNs (socketserver's default of 5 cost a second each).
        self.request_queue_size = socket.SOMAXCONN
        self.socket = socket.create_server((host, port), backlog=self.request_queue_size)
        self.server_address: tuple[str, int] = self.socket.getsockname()[:2]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._started = threading.Event()
        self._open: set[_Connection] = set()

    def serve_forever(self) -> None:
        # select(2) waits to the microsecond; epoll and poll round every wait up to the
        # next millisecond, which made a 50 ms latency 51.3 ms on average. Its limit of
        # 1,024 descriptors is far above what a sandbox serving tests and demos holds.
        loop = asyncio.SelectorEventLoop(selectors.SelectSelector())
        try:
            loop.run_until_complete(self._serve(loop))
        finally:
            # Connections clients keep alive are closed, not left to the collector.
            for connection in list(self._open):
                connection.close()
            loop.run_until_complete(asyncio.sleep(0))  # their transports close on it
            loop.close()

    def shutdown(self) -> None:
        """Stop serving (and return once serve_forever is stopping); any thread."""
        self._started.wait()
        if self._loop is not None and self._stopping is not None:
            with contextlib.suppress(RuntimeError):  # the loop has already closed
                self._loop.call_soon_threadsafe(self._stopping.set)

    def server_close(self) -> None:
        self.socket.close()

    async def _serve(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop, self._stopping = loop, asyncio.Event()
        server = await loop.create_server(
            lambda: _Connection(self.sandbox, self._open), sock=self.socket
        )
        self._started.set()
        async with server:
            await self._stopping.wait()


@dataclass(frozen=True)
class _Request:
    method: str
    target: str
    headers: dict[str, str]  # lower-case names
    body: bytes
    keep_open: bool
    arrived: float  # the loop's time when its bytes were read
    refused: _Bad | None = None  # unreadable: answered with this, then closed


class _Bad(Exception):
    """A request the server cannot read: answered with ``status``, then closed."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class _Connection(asyncio.Protocol):
    """One client connection: its requests are answered in the order they came, one at a
    time (a pipelining client's next request waits for the answer before it)."""

    def __init__(self, sandbox: Sandbox, open_connections: set[_Connection]) -> None:
        self._sandbox = sandbox
        self._open = open_connections
        self._buffer = bytearray()  # extended in place: a large body arrives in many parts
        self._continued = False  # "100 Continue" was sent for the request being received
        self._queue: deque[_Request] = deque()
        self._busy = False  # a request is being answered
        self._closing = False
        self._refused = False  # an unreadable request came: nothing after it is read
        self._ended = False  # the client has sent all it will (half-closed)
        self._transport: asyncio.Transport | None = None
        self._timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._open.add(self)
        # asyncio sets TCP_NODELAY on TCP connections; said here too, since every answer
        # is one write and must not wait for the client's delayed ACK (~40 ms).
        sock = transport.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def connection_lost(self, exc: Exception | None) -> None:
        self._open.discard(self)
        if self._timer is not None:
            self._timer.cancel()
        self._closing = True

    def close(self) -> None:
        self._closing = True
        if self._transport is not None:
            self._transport.close()

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        self._buffer += data
        arrived = asyncio.get_running_loop().time()
        try:
            while (request := self._take_request(arrived)) is not None:
                self._queue.append(request)
        except _Bad as bad:
            self._queue.append(_Request("", "", {}, b"", False, arrived, refused=bad))
            self._refused = True
        self._answer_queued()

    def eof_received(self) -> bool:
        self._ended = True
        if not self._busy and not self._queue:
            self.close()
        return True  # kept open to answer what was sent before the end

    def _answer_queued(self) -> None:
        if not self._busy and self._queue:
            self._busy = True
            # Answered after this turn's reads: every request that arrived in it is
            # timed from its arrival before any of them is handled.
            asyncio.get_running_loop().call_soon(self._next)

    def _take_request(self, arrived: float) -> _Request | None:
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(self._buffer) > HEAD_LIMIT:
                raise _Bad(431, f"request headers over {HEAD_LIMIT} bytes")
            return None
        request_line, *lines = self._buffer[:end].decode("latin-1").split("\r\n")
        parts = request_line.split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            raise _Bad(400, f"not an HTTP/1.x request line: {request_line!r}")
        headers: dict[str, str] = {}
        for line in lines:
            name, colon, value = line.partition(":")
            if not colon or not name or name != name.strip():
                raise _Bad(400, f"malformed header line: {line!r}")
            name, value = name.lower(), value.strip()
            if name == "content-length" and headers.get(name, value) != value:
                raise _Bad(400, "two different Content-Length headers")
            headers[name] = value
        if "transfer-encoding" in headers:
            raise _Bad(501, "send the body with a Content-Length")
        length = headers.get("content-length", "0")
        if not (length.isascii() and length.isdigit()):  # "²" is a digit to str.isdigit
            raise _Bad(400, f"bad Content-Length: {length!r}")
        if int(length) > BODY_LIMIT:
            raise _Bad(413, f"request body over {BODY_LIMIT} bytes")
        start, stop = end + 4, end + 4 + int(length)
        if len(self._buffer) < stop:
            if headers.get("expect", "").lower() == "100-continue" and not self._continued:
                # curl waits a second for this before sending a body over 1 KB.
                assert self._transport is not None
                self._transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                self._continued = True
            return None  # the body is still on its way
        body = bytes(self._buffer[start:stop])
        del self._buffer[:stop]
        self._continued = False
        method, target, version = parts
        keep_open = version == "HTTP/1.1" and headers.get("connection", "").lower() != "close"
        return _Request(method, target, headers, body, keep_open, arrived)

    def _next(self) -> None:
        if self._closing or not self._queue:
            self._busy = False
            if self._ended:
                self.close()
            return
        request = self._queue.popleft()
        if request.refused is not None:
            refused = request.refused
            self._send(refused.status, {"error": str(refused)}, {}, keep_open=False)
            return
        log.debug("sandbox: %s %s", request.method, request.target)
        if request.method not in METHODS:
            self._send(501, {"error": f"unsupported method {request.method}"}, {}, keep_open=False)
            return
        url = urlsplit(request.target)
        api, _, rest = url.path.lstrip("/").partition("/")
        if api not in self._sandbox.emulators:
            known = ", ".join(self._sandbox.emulators)
            unknown = {"error": f"unknown API prefix /{api}; use one of {known}"}
            self._send(404, unknown, {}, keep_open=request.keep_open)
            return
        incoming = sandbox_request(
            request.method, "/" + rest, dict(parse_qsl(url.query)), request.headers, request.body
        )
        try:
            result = self._sandbox.handle(api, incoming)
        except Exception:  # an emulator's bug: this connection closes, the server stays
            log.exception("sandbox: %s %s failed", request.method, request.target)
            self.close()
            return
        loop = asyncio.get_running_loop()
        when = request.arrived + result.latency
        if result.outcome is Outcome.SLOW:
            when += result.slow_seconds
        self._timer = loop.call_at(when, self._answer, result, request.keep_open)

    def _answer(self, result: Result, keep_open: bool) -> None:
        self._timer = None
        if result.outcome in (Outcome.DROPPED, Outcome.LOST_RESPONSE):
            self.close()  # no response at all: the client sees the connection close
            return
        assert result.response is not None
        response = result.response
        self._send(response.status, response.body, response.headers, keep_open=keep_open)

    def _send(self, status: int, body: object, headers: dict[str, str], *, keep_open: bool) -> None:
        if self._closing or self._transport is None:
            return
        self._transport.write(_response(status, body, headers, keep_open=keep_open))
        if not keep_open:
            self.close()
            return
        self._next()


def _response(status: int, body: object, headers: dict[str, str], *, keep_open: bool) -> bytes:
    content = b"" if body is None else json.dumps(body).encode()
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    lines = [f"HTTP/1.1 {status} {phrase}", f"Date: {formatdate(usegmt=True)}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    lines += ["Content-Type: application/json", f"Content-Length: {len(content)}"]
    if not keep_open:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + content


def make_server(sandbox: Sandbox, port: int, host: str = LOOPBACK) -> SandboxServer:
    """A server bound to loopback (port 0 picks a free one); call serve_forever() on it."""
    return SandboxServer(sandbox, port, host)

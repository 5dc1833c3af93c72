"""The sandbox over real HTTP on loopback, for end-to-end tests, benchmarks and demos.

Each registered API is mounted under its name: ``http://127.0.0.1:PORT/saleshandy``,
``…/supaglue`` and ``…/inbox`` are the base URLs to put in seqsync.yaml.

One event loop serves every connection. The emulators answer in a fraction of a
millisecond, and the simulated latency is a timer, not a sleeping thread: with a thread
per connection (``http.server``), sixteen connections took turns for the GIL and for
the state's lock, and the server's own queueing, not the latency asked for, showed in
every benchmark against it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import selectors
import socket
import threading
from email.utils import formatdate
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

from seqsync.sandbox.core import Sandbox
from seqsync.sandbox.faults import Outcome
from seqsync.sandbox.transport import sandbox_request

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
HEAD_LIMIT = 64 * 1024  # request line and headers, as http.server allows per line
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
        self._connections: set[asyncio.Task[None]] = set()

    def serve_forever(self) -> None:
        # select(2) waits to the microsecond; epoll and poll round every wait up to the
        # next millisecond, which made a 50 ms latency 51.3 ms on average (and the
        # benchmarks measured against it 2% slow). Its limit of 1,024 descriptors is far
        # above what a sandbox serving tests and demos holds open.
        loop = asyncio.SelectorEventLoop(selectors.SelectSelector())
        try:
            loop.run_until_complete(self._serve(loop))
        finally:
            # Connections still open (a client's kept-alive ones) are closed, not left
            # for the collector to find unclosed.
            loop.run_until_complete(self._close_connections())
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
        server = await asyncio.start_server(self._connection, sock=self.socket, limit=HEAD_LIMIT)
        self._started.set()
        async with server:
            await self._stopping.wait()

    async def _close_connections(self) -> None:
        for connection in self._connections:
            connection.cancel()
        await asyncio.gather(*self._connections, return_exceptions=True)

    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # Headers and body go out in one write (and asyncio sets TCP_NODELAY on every TCP
        # connection): no response waits for the client's delayed ACK, as each did with
        # http.server's two writes until it was set there.
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while await self._exchange(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError):
            log.debug("sandbox: client went away")
        except Exception:  # an emulator's bug: the connection closes, the server stays
            log.exception("sandbox: request failed")
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """One request and its answer; whether the connection stays open."""
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            arrived = asyncio.get_running_loop().time()
        except asyncio.IncompleteReadError as exc:
            if exc.partial.strip():
                _respond(writer, 400, {"error": "the request ended inside its headers"}, {})
            return False
        except asyncio.LimitOverrunError:
            _respond(writer, 431, {"error": f"request headers over {HEAD_LIMIT} bytes"}, {})
            return False
        request_line, *lines = head.decode("latin-1").split("\r\n")
        parts = request_line.split()
        if len(parts) != 3 or not parts[2].startswith("HTTP/1."):
            _respond(writer, 400, {"error": f"not an HTTP/1.x request line: {request_line!r}"}, {})
            return False
        method, target, version = parts
        headers: dict[str, str] = {}
        for line in lines:
            if line:
                name, colon, value = line.partition(":")
                if not colon or not name or name != name.strip():
                    _respond(writer, 400, {"error": f"malformed header line: {line!r}"}, {})
                    return False
                headers[name.lower()] = value.strip()
        if "transfer-encoding" in headers:
            _respond(writer, 501, {"error": "send the body with a Content-Length"}, {})
            return False
        length = headers.get("content-length", "0")
        if not length.isdigit():
            _respond(writer, 400, {"error": f"bad Content-Length: {length!r}"}, {})
            return False
        raw = await reader.readexactly(int(length)) if int(length) else b""
        keep_open = headers.get("connection", "").lower() != "close" and version == "HTTP/1.1"
        log.debug("sandbox: %s %s", method, target)
        if method not in METHODS:
            _respond(writer, 501, {"error": f"unsupported method {method}"}, {})
            return False
        url = urlsplit(target)
        api, _, rest = url.path.lstrip("/").partition("/")
        if api not in self.sandbox.emulators:
            known = ", ".join(self.sandbox.emulators)
            unknown = {"error": f"unknown API prefix /{api}; use one of {known}"}
            _respond(writer, 404, unknown, {}, keep_open=keep_open)
            await writer.drain()
            return keep_open
        request = sandbox_request(method, "/" + rest, dict(parse_qsl(url.query)), headers, raw)
        result = self.sandbox.handle(api, request)
        if result.latency:
            # The latency runs from the request's arrival: the emulator's own work is
            # inside it, as a real server's is inside its response time, so sixteen
            # requests arriving together are answered together, not one after another.
            await asyncio.sleep(arrived + result.latency - asyncio.get_running_loop().time())
        if result.outcome in (Outcome.DROPPED, Outcome.LOST_RESPONSE):
            return False  # no response at all: the client sees the connection close
        if result.outcome is Outcome.SLOW:
            await asyncio.sleep(result.slow_seconds)
        assert result.response is not None
        response = result.response
        _respond(writer, response.status, response.body, response.headers, keep_open=keep_open)
        await writer.drain()
        return keep_open


def _respond(
    writer: asyncio.StreamWriter,
    status: int,
    body: object,
    headers: dict[str, str],
    *,
    keep_open: bool = False,
) -> None:
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
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + content)


def make_server(sandbox: Sandbox, port: int, host: str = LOOPBACK) -> SandboxServer:
    """A server bound to loopback (port 0 picks a free one); call serve_forever() on it."""
    return SandboxServer(sandbox, port, host)

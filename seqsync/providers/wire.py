"""Requests at wire cost: kept-alive HTTP/1.1 connections read and written directly,
beneath httpx's request and response objects.

httpx's async transport (httpcore) costs several times the CPU of the wire for each
request (pool bookkeeping, per-request locks and events), and h11 beneath it another
tenth of a millisecond in per-event bookkeeping; a plan is all reads and an apply mostly
small JSON writes. A response is one of a few shapes (RFC 9112 §6: a body delimited by
Content-Length, by chunked transfer coding, or by the connection closing; none for 1xx,
204 and 304), read here with the event loop's stream reader, strictly: anything else in
a response is a protocol error, never a guess.

A kept-alive connection the server closed while it was idle is set aside before it is
used (its end of stream has arrived); one that still fails before any answer is sent
again only for a GET, which is idempotent: for a write that is the caller's decision
(``ApiClient`` reports it as possibly applied), as with httpcore. A request this does
not cover (HEAD, a streamed body, another scheme) goes through ``fallback``, httpx's
own transport, made when first needed (httpcore's import is a tenth of start-up); with a proxy in the environment the client is built without this
transport (only httpx's own honours the proxy).
"""

from __future__ import annotations

import asyncio
import re
import ssl
from collections.abc import Callable
from dataclasses import dataclass

import httpx

HEAD_LIMIT = 64 * 1024
"""The longest response head (status line and headers) read; longer is a protocol error."""

BODY_LIMIT = 64 * 1024 * 1024
"""The largest response body read (a provider's largest page is a few megabytes); a
server that sends more, or says it will, is refused before it fills memory."""

_STATUS_LINE = re.compile(rb"HTTP/1\.([01]) ([1-9][0-9][0-9])(?: ([^\r\n]*))?")
_TOKEN = re.compile(rb"[-!#$%&'*+.^_`|~0-9A-Za-z]+")
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?")
_UNSENDABLE = re.compile(rb"[\x00\r\n]")


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    def close(self) -> None:
        self.writer.close()


@dataclass(frozen=True)
class _Head:
    status: int
    reason: bytes
    headers: list[tuple[bytes, bytes]]
    keep_alive: bool


METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE"})
"""What goes over these connections: the methods whose response always has a body as its
head says (a HEAD's does not)."""


class KeptAliveHttp11(httpx.AsyncBaseTransport):
    """Requests over pooled HTTP/1.1 connections; what they do not cover through
    ``fallback``."""

    def __init__(
        self, fallback: Callable[[], httpx.AsyncBaseTransport], tls: ssl.SSLContext | None
    ) -> None:
        self._make_fallback = fallback
        self._fallback: httpx.AsyncBaseTransport | None = None
        self._tls = tls
        self._idle: dict[tuple[str, str, int], list[_Connection]] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if (
            request.method not in METHODS
            or request.url.scheme not in {"http", "https"}
            or not isinstance(request.stream, httpx.ByteStream)
        ):
            if self._fallback is None:
                self._fallback = self._make_fallback()
            return await self._fallback.handle_async_request(request)
        message = _request_message(request)
        idle = self._idle.setdefault(_origin(request), [])
        while idle:
            connection = idle.pop()
            if connection.reader.at_eof() or connection.writer.is_closing():
                connection.close()  # the server closed it while it was idle
                continue
            try:
                return await self._exchange(connection, request, message, idle, reused=True)
            except _Stale:
                if request.method != "GET":
                    raise httpx.RemoteProtocolError(
                        "the server closed a kept-alive connection without answering",
                        request=request,
                    ) from None
                continue  # closed by the server just now: a GET may go again
        connection = await self._connect(request)
        return await self._exchange(connection, request, message, idle, reused=False)

    async def _connect(self, request: httpx.Request) -> _Connection:
        scheme, host, port = _origin(request)
        timeouts = request.extensions.get("timeout", {})
        tls = None
        if scheme == "https":
            tls = self._tls or ssl.create_default_context()
        try:
            async with asyncio.timeout(timeouts.get("connect")):
                reader, writer = await asyncio.open_connection(
                    host, port, ssl=tls, server_hostname=host if tls else None, limit=HEAD_LIMIT
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
        message: bytes,
        idle: list[_Connection],
        *,
        reused: bool,
    ) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        head: _Head | None = None
        try:
            connection.writer.write(message)
            async with asyncio.timeout(timeouts.get("read")):
                head = await _read_head(connection.reader, stale_if_empty=reused)
                body, delimited = await _read_body(connection.reader, head)
        except _Stale:
            connection.close()
            raise
        except TimeoutError:
            connection.close()
            raise httpx.ReadTimeout("timed out reading", request=request) from None
        except _Malformed as exc:
            connection.close()
            raise httpx.RemoteProtocolError(str(exc), request=request) from None
        except OSError as exc:
            connection.close()
            if reused and head is None:
                raise _Stale from None  # reset before any answer: the server had closed it
            raise httpx.ReadError(str(exc), request=request) from None
        except BaseException:
            connection.close()  # cancelled or failed mid-exchange: never reused
            raise
        assert head is not None
        if head.keep_alive and delimited:
            idle.append(connection)
        else:
            connection.close()
        return httpx.Response(
            head.status,
            headers=head.headers,
            content=body,
            request=request,
            extensions={"reason_phrase": head.reason, "http_version": b"HTTP/1.1"},
        )

    async def aclose(self) -> None:
        for idle in self._idle.values():
            for connection in idle:
                connection.close()
        self._idle.clear()
        if self._fallback is not None:
            await self._fallback.aclose()


class _Stale(Exception):
    """A kept-alive connection the server closed before answering."""


class _Malformed(Exception):
    """A response that is not well-formed HTTP/1.1 (said in the message)."""


def _request_message(request: httpx.Request) -> bytes:
    """``METHOD target HTTP/1.1``, the headers (Host first; httpx has set Content-Length
    for a body) and the body; a header name that is not a token or a value or target
    holding CR, LF or NUL is refused, never sent (it would end the line early and start
    another header, or another request)."""
    target = request.url.raw_path
    lines = [request.method.encode() + b" " + target + b" HTTP/1.1", b"Host: " + request.url.netloc]
    for name, value in request.headers.raw:
        if name.lower() == b"host":
            continue
        if not _TOKEN.fullmatch(name) or _UNSENDABLE.search(value):
            raise httpx.LocalProtocolError(f"header {name!r} cannot be sent", request=request)
        lines.append(name + b": " + value)
    if _UNSENDABLE.search(target) or b" " in target:
        raise httpx.LocalProtocolError("the request target cannot be sent", request=request)
    return b"\r\n".join(lines) + b"\r\n\r\n" + request.content


async def _read_head(reader: asyncio.StreamReader, *, stale_if_empty: bool) -> _Head:
    """The response's status line and headers; interim (1xx) responses are skipped."""
    while True:
        try:
            block = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as exc:
            if not exc.partial and stale_if_empty:
                raise _Stale from None
            raise _Malformed("the server closed the connection before a response") from None
        except asyncio.LimitOverrunError:
            raise _Malformed(f"the response head is over {HEAD_LIMIT} bytes") from None
        stale_if_empty = False
        lines = block[:-4].split(b"\r\n")
        status_line = _STATUS_LINE.fullmatch(lines[0])
        if status_line is None:
            raise _Malformed(f"not an HTTP/1.1 status line: {lines[0][:80]!r}")
        status = int(status_line.group(2))
        headers = [_header(line) for line in lines[1:]]
        if status == 101:
            raise _Malformed("the server switched protocols, which seqsync never asks for")
        if status >= 200:
            keep_alive = status_line.group(1) == b"1" and not any(
                name.lower() == b"connection"
                and b"close" in [option.strip() for option in value.lower().split(b",")]
                for name, value in headers
            )
            return _Head(status, status_line.group(3) or b"", headers, keep_alive)


def _header(line: bytes) -> tuple[bytes, bytes]:
    name, colon, value = line.partition(b":")
    if not colon or not _TOKEN.fullmatch(name):  # also a folded line (RFC 9112 §5.2)
        raise _Malformed(f"not a header line: {line[:80]!r}")
    return name, value.strip(b" \t")


async def _read_body(reader: asyncio.StreamReader, head: _Head) -> tuple[bytes, bool]:
    """The body, and whether its end was delimited (so the connection may be reused)."""
    if head.status in (204, 304):
        return b"", True
    lengths = {value for name, value in head.headers if name.lower() == b"content-length"}
    codings = [value for name, value in head.headers if name.lower() == b"transfer-encoding"]
    try:
        if codings:
            if lengths or b",".join(codings).strip().lower() != b"chunked":
                raise _Malformed("a transfer coding other than chunked alone")
            return await _read_chunked(reader), True
        if len(lengths) > 1 or (lengths and not next(iter(lengths)).isdigit()):
            raise _Malformed(f"an invalid Content-Length: {sorted(lengths)!r}")
        if lengths:
            return await reader.readexactly(_within_limit(int(next(iter(lengths))), 0)), True
    except asyncio.IncompleteReadError:
        raise _Malformed("the server closed the connection in the middle of a body") from None
    return await _read_to_close(reader), False


async def _read_to_close(reader: asyncio.StreamReader) -> bytes:
    """A body delimited by the connection closing."""
    pieces: list[bytes] = []
    read = 0
    while piece := await reader.read(HEAD_LIMIT):
        read += _within_limit(len(piece), read)
        pieces.append(piece)
    return b"".join(pieces)


def _within_limit(length: int, already: int) -> int:
    if already + length > BODY_LIMIT:
        raise _Malformed(f"a response body over {BODY_LIMIT} bytes")
    return length


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    chunks: list[bytes] = []
    read = 0
    while True:
        size_line = await _line(reader)
        size = _CHUNK_SIZE.fullmatch(size_line)
        if size is None:
            raise _Malformed(f"not a chunk size: {size_line[:40]!r}")
        length = int(size.group(1), 16)
        if length == 0:
            while await _line(reader):  # trailer fields, up to the empty line
                pass
            return b"".join(chunks)
        read += _within_limit(length, read)
        chunks.append(await reader.readexactly(length))
        if await reader.readexactly(2) != b"\r\n":
            raise _Malformed("a chunk longer than its size")


async def _line(reader: asyncio.StreamReader) -> bytes:
    try:
        return (await reader.readuntil(b"\r\n"))[:-2]
    except asyncio.LimitOverrunError:
        raise _Malformed(f"a line of a chunked body is over {HEAD_LIMIT} bytes") from None


def _origin(request: httpx.Request) -> tuple[str, str, int]:
    url = request.url
    return url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80)

"""One async HTTP client per connection: rate limited, retried by policy, errors typed.

The transport is injectable (the sandbox's in-process emulator, or httpx.MockTransport
in tests). Headers carrying secrets are never logged, repr'd or put in an error.
"""

from __future__ import annotations

import logging
import ssl
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

import certifi
import httpx

from seqsync.errors import (
    AuthError,
    Conflict,
    NotFound,
    ProviderDefect,
    ProviderError,
    RateLimited,
    Rejected,
    Transient,
)
from seqsync.plan.model import NEW_SEQUENCE_ID
from seqsync.providers.ratelimit import RateLimiter
from seqsync.providers.retry import RetryPolicy
from seqsync.providers.wire import KeptAliveHttp11

log = logging.getLogger(__name__)

ErrorMapper = Callable[[httpx.Response, str], ProviderError]
"""Turns a non-2xx response into the typed error; the str is what was being done."""

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def segment(value: str) -> str:
    """An id as one path segment: escaped, so no id (from a file or an API) can reach
    another route; the plan's placeholder for a sequence created earlier stays as it is."""
    return value if value == NEW_SEQUENCE_ID else quote(value, safe="")


class ApiClient:
    """Sends requests for one connection; returns parsed JSON or raises a ProviderError."""

    def __init__(
        self,
        *,
        connection: str,
        base_url: str,
        headers: Mapping[str, str],
        policy: RetryPolicy,
        map_error: ErrorMapper | None = None,
        limiter: RateLimiter | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.connection = connection
        self._map_error: ErrorMapper = map_error or _generic_error
        self._policy = policy
        self._limiter = limiter or RateLimiter()
        # Loading the CA bundle costs ~30 ms per client; a plain-HTTP base URL (the
        # sandbox on loopback) never reaches TLS, and redirects are not followed.
        tls = (
            None
            if base_url.startswith("http://")
            else ssl.create_default_context(cafile=certifi.where())
        )
        self._base_url = base_url.rstrip("/")
        self._wire: KeptAliveHttp11 | None = None
        if transport is None and not urllib.request.getproxies():
            # Requests at wire cost (seqsync.providers.wire). With a proxy in the
            # environment httpx's own transport carries everything, as only it honours it.
            transport = self._wire = KeptAliveHttp11(
                lambda: httpx.AsyncHTTPTransport(verify=tls or False), tls
            )
        self._http = httpx.AsyncClient(
            base_url=self._base_url,
            headers=dict(headers),
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            verify=tls or False,
        )
        # httpx's public setter copies into a plain Cookies, so the jar is replaced here.
        self._http._cookies = _NoCookies()
        self._extensions = {"timeout": self._http.timeout.as_dict()}

    def __repr__(self) -> str:
        return f"ApiClient(connection={self.connection!r}, base_url={str(self._http.base_url)!r})"

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        context: str,
        json: Any = None,
        params: Mapping[str, str | int] | None = None,
    ) -> Any:
        """Send and return the JSON body (None when empty). ``context`` names what is done,
        e.g. "reading sequence founders-q4", for error messages."""
        attempt = 0
        while True:
            attempt += 1
            ticket = await self._limiter.acquire(method)
            try:
                if self._direct(path):
                    response = await self._send_direct(method, path, json, params)
                else:
                    response = await self._http.request(
                        method, path, json=json, params=dict(params) if params else None
                    )
            except httpx.TransportError as exc:
                lost = self._transport_error(exc, method, context)
                if not self._policy.may_retry(method) or attempt >= self._policy.max_attempts:
                    raise lost from None
                delay = self._policy.backoff(attempt)
                log.info("%s %s: %s; retry %d in %.2fs", method, path, lost, attempt, delay)
                await self._policy.sleep(delay)
                continue
            self._limiter.observe(response, method)
            if response.status_code == 429:
                self._limiter.refund(method, ticket)
            log.debug("%s %s -> %d (attempt %d)", method, path, response.status_code, attempt)
            if response.is_success:
                return _json_body(response)
            error = self._map_error(response, context)
            if self._policy.may_retry(method, error) and attempt < self._policy.max_attempts:
                delay = self._policy.backoff(attempt, response)
                log.info(
                    "%s %s -> %d; retry %d in %.2fs",
                    method,
                    path,
                    response.status_code,
                    attempt,
                    delay,
                )
                await self._policy.sleep(delay)
                continue
            error.ambiguous = isinstance(
                error, Transient | ProviderDefect
            ) and method.upper() not in {
                "GET",
                "HEAD",
            }
            raise error

    def _direct(self, path: str) -> bool:
        """Whether a request for ``path`` may skip httpx's client: only over the wire
        transport, for a path under the base URL, and while no event hook watches the client
        (``check`` records every response through one)."""
        hooks = self._http.event_hooks
        return (
            self._wire is not None
            and path.startswith("/")
            and not hooks["request"]
            and not hooks["response"]
        )

    async def _send_direct(
        self, method: str, path: str, json: Any, params: Mapping[str, str | int] | None
    ) -> httpx.Response:
        """A request handed straight to the wire transport: what ``AsyncClient.request``
        sends (the same Request: the client's headers and timeouts, the path under the base
        URL, the JSON body as httpx encodes it), without its per-request merging of URLs,
        cookies and auth and its response wrapping, which cost as much CPU as the exchange."""
        request = httpx.Request(
            method,
            self._base_url + path,
            params=dict(params) if params else None,
            json=json,
            headers=self._http.headers,
            extensions=self._extensions,
        )
        assert self._wire is not None
        return await self._wire.handle_async_request(request)

    def _transport_error(self, exc: httpx.TransportError, method: str, context: str) -> Transient:
        kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "lost the connection"
        ambiguous = method.upper() not in {"GET", "HEAD"}
        return Transient(
            f"{self.connection}: {context}: the request {kind} ({type(exc).__name__})"
            + ("; it may or may not have been applied" if ambiguous else "")
            + "; check the network or try again",
            status=0,
            ambiguous=ambiguous,
        )


class _NoCookies(httpx.Cookies):
    """An API client keeps no cookies: what a provider sets is never sent back (each
    request stands on its key alone), and no response is parsed for them, which cost
    httpx a urllib request and a cookie-jar pass per response (a tenth of a read's CPU)."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return None


def _generic_error(response: httpx.Response, context: str) -> ProviderError:
    return classify(
        response.status_code,
        context,
        response.reason_phrase,
        provider="the API",
        auth_hint="check the key",
    )


def _json_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def classify(
    status: int,
    where: str,
    text: str,
    *,
    provider: str,
    auth_hint: str,
    id_hint: str = "check the id in the file",
) -> ProviderError:
    """The typed error for an HTTP status, worded for people; providers map their quirks
    (Saleshandy's 400 for a bad key, Supaglue's 500 for a remote 400) to a status first."""
    if status in (401, 403):
        return AuthError(
            f"{where}: {provider} refused the credentials ({text}); {auth_hint}",
            provider_message=text,
            status=status,
        )
    if status == 404:
        return NotFound(
            f"{where}: {provider} does not know it ({text}); {id_hint}",
            provider_message=text,
            status=status,
        )
    if status == 409:
        return Conflict(
            f"{where}: {provider} reports a conflict ({text})", provider_message=text, status=status
        )
    error = Rejected(
        f"{where}: {provider} rejected the request ({status}: {text}); fix the file and plan again",
        provider_message=text,
        status=status,
    )
    if status == 429:
        return RateLimited(
            f"{where}: {provider} kept answering 429 (rate limited: {text}); try again later",
            provider_message=text,
            status=status,
        )
    if status >= 500:
        return Transient(
            f"{where}: {provider} failed ({status}: {text}); try again later",
            provider_message=text,
            status=status,
        )
    return error

"""Build the provider for a connection: the real API, or a transport injected for it.

The embedded sandbox is not known here: the workflow passes ``sandbox_transport`` for
``sandbox: true`` connections, and tests pass ``transport`` for all others.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from seqsync.config.connections import ConnectionBase
from seqsync.errors import ConfigError
from seqsync.providers.base import ClientMaker, Provider
from seqsync.providers.http import DEFAULT_TIMEOUT, ApiClient, ErrorMapper
from seqsync.providers.ratelimit import RateLimiter
from seqsync.providers.registry import kind_of_connection
from seqsync.providers.retry import DEFAULT_POLICY, RetryPolicy

SandboxTransports = Callable[[str, str], httpx.AsyncBaseTransport]  # (api, sandbox account)
"""The sandbox transport for an API name ("saleshandy", "supaglue", "inbox")."""


@dataclass
class ProviderFactory:
    """Makes providers; ``sandbox_transport`` serves ``sandbox: true`` connections and
    ``transport`` (tests) replaces the network for all others."""

    environ: Mapping[str, str]
    sandbox_transport: SandboxTransports | None = None
    transport: httpx.AsyncBaseTransport | None = None
    policy: RetryPolicy = field(default=DEFAULT_POLICY)
    timeout: httpx.Timeout | None = None

    def build(self, name: str, connection: ConnectionBase) -> Provider:
        key = connection.resolve_api_key(name, self.environ)
        kind = kind_of_connection(connection)
        return kind.connected(name, connection, self._client_maker(name, connection), key)

    def _client_maker(self, name: str, connection: ConnectionBase) -> ClientMaker:
        def make(
            api: str,
            headers: Mapping[str, str],
            map_error: ErrorMapper,
            limiter: RateLimiter | None = None,
        ) -> ApiClient:
            transport: httpx.AsyncBaseTransport | None
            if connection.sandbox:
                if self.sandbox_transport is None:
                    raise ConfigError(
                        f"connection {name!r} says sandbox: true, but this command has no "
                        "sandbox to connect it to"
                    )
                base_url = f"http://{api}.sandbox.invalid"
                transport = self.sandbox_transport(api, connection.sandbox_account or "")
            else:
                base_url, transport = connection.api_base_url(), self.transport
            return ApiClient(
                connection=name,
                base_url=base_url,
                headers=headers,
                policy=self.policy,
                map_error=map_error,
                limiter=limiter,
                transport=transport,
                timeout=self.timeout or DEFAULT_TIMEOUT,
            )

        return make

"""Build the provider for a connection: real API, or the embedded sandbox."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from seqsync.config.connections import (
    ConnectionBase,
    InboxConnection,
    SaleshandyConnection,
    SupaglueConnection,
)
from seqsync.providers.base import Provider
from seqsync.providers.http import DEFAULT_TIMEOUT, ApiClient
from seqsync.providers.inbox.client import InboxClient
from seqsync.providers.inbox.errors import map_inbox_error
from seqsync.providers.inbox.provider import InboxProvider
from seqsync.providers.ratelimit import Budget, RateLimiter
from seqsync.providers.retry import DEFAULT_POLICY, RetryPolicy
from seqsync.providers.saleshandy.client import SaleshandyClient
from seqsync.providers.saleshandy.errors import map_saleshandy_error
from seqsync.providers.saleshandy.provider import SaleshandyProvider
from seqsync.providers.supaglue.client import SupaglueClient
from seqsync.providers.supaglue.errors import map_supaglue_error
from seqsync.providers.supaglue.provider import SupaglueProvider

# Inbox documents 100 reads and 30 writes a minute per token (providers.md 3.6).
INBOX_READS = Budget(100, 60.0)
INBOX_WRITES = Budget(30, 60.0)


@dataclass
class ProviderFactory:
    """Makes providers; ``sandbox_transport`` serves ``sandbox: true`` connections and
    ``transport`` (tests) replaces the network for all others."""

    environ: Mapping[str, str]
    sandbox_transport: Callable[[str], httpx.AsyncBaseTransport] | None = None
    transport: httpx.AsyncBaseTransport | None = None
    policy: RetryPolicy = field(default=DEFAULT_POLICY)
    timeout: httpx.Timeout | None = None

    def build(self, name: str, connection: ConnectionBase) -> Provider:
        key = connection.resolve_api_key(name, self.environ)
        match connection:
            case SaleshandyConnection():
                api = self._client(name, connection, "saleshandy", {"x-api-key": key})
                api.set_error_mapper(lambda r, context: map_saleshandy_error(r, context, name))
                return SaleshandyProvider(name, SaleshandyClient(api))
            case SupaglueConnection():
                engine = connection.provider_name
                headers = {
                    "x-api-key": key,
                    "x-customer-id": connection.customer_id,
                    "x-provider-name": engine,
                }
                api = self._client(name, connection, "supaglue", headers)
                api.set_error_mapper(
                    lambda r, context: map_supaglue_error(r, context, name, engine)
                )
                return SupaglueProvider(name, engine, SupaglueClient(api))
            case InboxConnection():
                limiter = RateLimiter(reads=INBOX_READS, writes=INBOX_WRITES)
                headers = {"authorization": f"Bearer {key}"}
                api = self._client(name, connection, "inbox", headers, limiter)
                api.set_error_mapper(lambda r, context: map_inbox_error(r, context, name))
                return InboxProvider(name, InboxClient(api))
        raise TypeError(f"no provider for {type(connection).__name__}")

    def _client(
        self,
        name: str,
        connection: ConnectionBase,
        api: str,
        headers: dict[str, str],
        limiter: RateLimiter | None = None,
    ) -> ApiClient:
        transport: httpx.AsyncBaseTransport | None
        if connection.sandbox:
            if self.sandbox_transport is None:
                raise RuntimeError("a sandbox connection needs a sandbox transport")
            base_url, transport = f"http://{api}.sandbox.invalid", self.sandbox_transport(api)
        else:
            base_url, transport = str(getattr(connection, "base_url", None) or ""), self.transport
        return ApiClient(
            connection=name,
            base_url=base_url,
            headers=headers,
            policy=self.policy,
            limiter=limiter,
            transport=transport,
            timeout=self.timeout or DEFAULT_TIMEOUT,
        )


def embedded_sandbox_transport(project_root: Path) -> Callable[[str], httpx.AsyncBaseTransport]:
    """Transports onto the project's embedded sandbox (state in ``.seqsync/``), built once."""

    from seqsync.sandbox.core import STATE_FILE, Sandbox
    from seqsync.sandbox.faults import Faults
    from seqsync.sandbox.recorder import ENV_VAR as RECORD_VAR
    from seqsync.sandbox.recorder import Recorder
    from seqsync.sandbox.transport import SandboxTransport

    record = os.environ.get(RECORD_VAR)
    sandbox = Sandbox.at(
        project_root / STATE_FILE,
        faults=Faults.from_environment(),
        recorder=Recorder(Path(record) if record else None),
    )
    return lambda api: SandboxTransport(sandbox, api)

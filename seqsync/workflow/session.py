"""One provider per connection for a command's run, opened lazily, closed together.

This is where the embedded sandbox is plugged in: a project with ``sandbox: true``
connections gets transports onto its sandbox state in ``.seqsync/``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

import httpx

from seqsync.errors import ConfigError, SeqsyncError
from seqsync.providers.base import Provider
from seqsync.providers.factory import ProviderFactory, SandboxTransports
from seqsync.providers.registry import ProjectConfig


class ProviderSession:
    """Providers for a project's connections; an async context manager that closes them."""

    def __init__(self, config: ProjectConfig, factory: ProviderFactory) -> None:
        self.config = config
        self.factory = factory
        self._providers: dict[str, Provider] = {}
        self._failures: dict[str, SeqsyncError] = {}

    @classmethod
    def for_project(
        cls, config: ProjectConfig, root: Path, environ: Mapping[str, str] | None = None
    ) -> ProviderSession:
        needs_sandbox = any(connection.sandbox for connection in config.connections.values())
        factory = ProviderFactory(
            environ=dict(os.environ if environ is None else environ),
            sandbox_transport=embedded_sandbox_transport(root) if needs_sandbox else None,
        )
        return cls(config, factory)

    def provider(self, connection: str) -> Provider:
        """The connection's provider; raises the same error each time if it cannot be built."""
        if connection in self._failures:
            raise self._failures[connection]
        if connection not in self._providers:
            settings = self.config.connections.get(connection)
            try:
                if settings is None:
                    raise ConfigError(f"connection {connection!r} is not in seqsync.yaml")
                self._providers[connection] = self.factory.build(connection, settings)
            except SeqsyncError as exc:
                self._failures[connection] = exc
                raise
        return self._providers[connection]

    async def __aenter__(self) -> ProviderSession:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        for provider in self._providers.values():
            await provider.aclose()


def embedded_sandbox_transport(project_root: Path) -> SandboxTransports:
    """Transports onto the project's embedded sandbox (state in ``.seqsync/``), built once."""

    from seqsync.sandbox.core import STATE_FILE, Sandbox
    from seqsync.sandbox.faults import Faults
    from seqsync.sandbox.recorder import ENV_VAR as RECORD_VAR
    from seqsync.sandbox.recorder import Recorder
    from seqsync.sandbox.transport import SandboxTransport

    record = os.environ.get(RECORD_VAR)
    recorder = Recorder(Path(record) if record else None)
    sandboxes: dict[str, Sandbox] = {}

    def transport(api: str, account: str) -> httpx.AsyncBaseTransport:
        # Each sandbox account has its own state, as separate real accounts do; the
        # default one is the seeded demo account in STATE_FILE.
        if account not in sandboxes:
            state = STATE_FILE if not account else STATE_FILE.with_name(f"sandbox-{account}.json")
            sandboxes[account] = Sandbox.at(
                project_root / state, faults=Faults.from_environment(), recorder=recorder
            )
        return SandboxTransport(sandboxes[account], api)

    return transport

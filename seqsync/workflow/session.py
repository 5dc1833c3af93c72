"""One provider per connection for a command's run, opened lazily, closed together.

This is where the embedded sandbox is plugged in: a project with ``sandbox: true``
connections gets transports onto its sandbox state in ``.seqsync/``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import httpx

from seqsync.errors import ConfigError, SeqsyncError, UsageError
from seqsync.project.config import ProjectConfig
from seqsync.providers.base import Provider
from seqsync.providers.factory import ProviderFactory, SandboxTransports

if TYPE_CHECKING:
    from seqsync.sandbox.core import Sandbox
    from seqsync.sandbox.worlds import World


class ProviderSession:
    """Providers for a project's connections; an async context manager that closes them."""

    def __init__(self, config: ProjectConfig, factory: ProviderFactory) -> None:
        self.config = config
        self.factory = factory
        self._providers: dict[str, Provider] = {}
        self._failures: dict[str, SeqsyncError] = {}
        # Connections whose sandbox answers in a world of their own (sandbox_world).
        self.factories: dict[str, ProviderFactory] = {}

    @classmethod
    def for_project(
        cls, config: ProjectConfig, root: Path, environ: Mapping[str, str] | None = None
    ) -> ProviderSession:
        environ = dict(os.environ if environ is None else environ)
        needs_sandbox = any(connection.sandbox for connection in config.connections.values())
        embedded = EmbeddedSandbox(root, environ) if needs_sandbox else None
        factory = ProviderFactory(environ=environ, sandbox_transport=embedded)
        session = cls(config, factory)
        if embedded is not None:
            for name, connection in config.connections.items():
                if connection.sandbox and connection.sandbox_world:
                    transports = embedded.in_world(
                        embedded.world_of(name, connection.sandbox_world)
                    )
                    session.factories[name] = dataclasses.replace(
                        factory, sandbox_transport=transports
                    )
        return session

    def provider(self, connection: str) -> Provider:
        """The connection's provider; raises the same error each time if it cannot be built."""
        if connection in self._failures:
            raise self._failures[connection]
        if connection not in self._providers:
            settings = self.config.connections.get(connection)
            try:
                if settings is None:
                    raise ConfigError(f"connection {connection!r} is not in seqsync.yaml")
                factory = self.factories.get(connection, self.factory)
                self._providers[connection] = factory.build(connection, settings)
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
        await self.aclose()

    async def aclose(self) -> None:
        """Close every provider opened (their HTTP connections)."""
        for provider in self._providers.values():
            await provider.aclose()


def embedded_sandbox_transport(
    project_root: Path, environ: Mapping[str, str] | None = None
) -> SandboxTransports:
    """Transports onto the project's embedded sandbox (state in ``.seqsync/``), built once,
    in the world ``SEQSYNC_SANDBOX_WORLD`` names."""
    return EmbeddedSandbox(project_root, dict(os.environ if environ is None else environ))


class EmbeddedSandbox:
    """The project's embedded sandbox: one Sandbox per sandbox account, opened on first
    use; a callable giving the transport for (api, account) in the environment's world.

    A world travels with each request rather than living in the Sandbox, so connections
    that share one account's state (and its lock and write-behind) may each answer in
    their own world (``in_world``)."""

    def __init__(self, project_root: Path, environ: Mapping[str, str]) -> None:
        from seqsync.sandbox.recorder import ENV_VAR as RECORD_VAR
        from seqsync.sandbox.recorder import Recorder
        from seqsync.sandbox.worlds import World

        self.project_root = project_root
        record = environ.get(RECORD_VAR)
        self.recorder = Recorder(Path(record) if record else None)
        try:
            self.world = World.from_environment(environ)
        except ValueError as exc:
            raise ConfigError(f"{exc} (docs/sandbox-worlds.md)") from None
        self.sandboxes: dict[str, Sandbox] = {}

    def world_of(self, connection: str, settings: Mapping[str, str]) -> World:
        """The connection's sandbox_world over the environment's; a ConfigError naming
        the connection if a switch or value is unknown."""
        from seqsync.sandbox.worlds import World

        try:
            return World.parse(settings, base=self.world)
        except ValueError as exc:
            raise ConfigError(f"connection {connection!r}: sandbox_world: {exc}") from None

    def sandbox(self, account: str) -> Sandbox:
        from seqsync.sandbox.core import STATE_FILE, Sandbox
        from seqsync.sandbox.faults import Faults

        # Each sandbox account has its own state, as separate real accounts do; the
        # default one is the seeded demo account in STATE_FILE.
        if account not in self.sandboxes:
            state = STATE_FILE if not account else STATE_FILE.with_name(f"sandbox-{account}.json")
            try:
                faults = Faults.from_environment()
            except ValueError as exc:  # the variable is the user's to fix, not a bug
                raise UsageError(str(exc)) from None
            self.sandboxes[account] = Sandbox.at(
                self.project_root / state,
                faults=faults,
                recorder=self.recorder,
                world=self.world,
            )
        return self.sandboxes[account]

    def __call__(self, api: str, account: str) -> httpx.AsyncBaseTransport:
        from seqsync.sandbox.transport import SandboxTransport

        return SandboxTransport(self.sandbox(account), api)

    def in_world(self, world: World) -> SandboxTransports:
        """Transports onto the same sandboxes whose requests are answered in ``world``."""
        from seqsync.sandbox.transport import SandboxTransport

        def transport(api: str, account: str) -> httpx.AsyncBaseTransport:
            return SandboxTransport(self.sandbox(account), api, world)

        return transport

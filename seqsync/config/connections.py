"""``seqsync.yaml``: the connections sequences live in, and how their secrets are found.

Secrets are written only as ``${ENV_VAR}`` references: a literal key in a file that goes
to git is an error, and its value is never repeated in any message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictBool, StrictStr

from seqsync.errors import MissingSecret
from seqsync.model.common import StrictModel, custom_error
from seqsync.model.problems import Problem

_ENV_REFERENCE = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")


def _check_secret_reference(value: str) -> str:
    if not _ENV_REFERENCE.match(value):
        # Never echo the value: it may be the real key.
        raise custom_error(
            "api_key must be an environment variable reference like ${SALESHANDY_API_KEY}; "
            "a key written in this file would end up in git: move it to the environment"
        )
    return value


SecretReference = Annotated[
    StrictStr,
    AfterValidator(_check_secret_reference),
    Field(
        description="The API key, as ${ENV_VAR}: read from the environment when a command needs it.",
        json_schema_extra={"pattern": _ENV_REFERENCE.pattern},
    ),
]


class ConnectionBase(StrictModel):
    api_key: SecretReference | None = None
    sandbox: StrictBool = Field(
        default=False, description="Use the embedded emulator instead of the real API."
    )

    def resolve_api_key(self, name: str, environ: Mapping[str, str] | None = None) -> str:
        """The key from the environment; raises MissingSecret naming the variable."""
        if self.sandbox:
            return "sandbox-key"
        reference = self.api_key or ""
        match = _ENV_REFERENCE.match(reference)
        variable = match.group(1) if match else "?"
        value = (os.environ if environ is None else environ).get(variable, "")
        if not value:
            raise MissingSecret(
                f"connection {name!r} needs the environment variable {variable} "
                "(its API key); set it, or run with a sandbox connection"
            )
        return value


class SaleshandyConnection(ConnectionBase):
    """A Saleshandy account."""

    provider: Literal["saleshandy"]
    base_url: StrictStr = Field(
        default="https://open-api.saleshandy.com", description="The Open API base URL."
    )


class SupaglueConnection(ConnectionBase):
    """A self-hosted Supaglue engagement API, for one customer and one engine."""

    provider: Literal["supaglue"]
    base_url: StrictStr | None = Field(
        default=None, description="e.g. https://supaglue.acme.internal/engagement/v2"
    )
    customer_id: StrictStr = Field(min_length=1, description="Sent as x-customer-id.")
    provider_name: Literal["apollo", "outreach", "salesloft"] = Field(
        description="The engine behind Supaglue, sent as x-provider-name."
    )


class InboxConnection(ConnectionBase):
    """An Inbox (X DM) team, through its API token."""

    provider: Literal["inbox"]
    base_url: StrictStr = Field(
        default="https://inboxapp.com/api/v1", description="The Inbox API base URL."
    )


Connection = Annotated[
    SaleshandyConnection | SupaglueConnection | InboxConnection,
    Field(discriminator="provider"),
]


class ProjectConfig(StrictModel):
    """The contents of seqsync.yaml."""

    connections: dict[StrictStr, Connection] = Field(
        description="Connections by name; sequence documents refer to them with `connection:`."
    )


def connection_problems(config: ProjectConfig) -> Iterator[Problem]:
    """What a connection needs beyond its shape: a key unless sandboxed, a URL for Supaglue."""
    for name, connection in config.connections.items():
        at = ("connections", name)
        if not connection.sandbox and connection.api_key is None:
            yield Problem(at, f"connection {name!r} needs api_key: ${{ENV_VAR}} (or sandbox: true)")
        if (
            isinstance(connection, SupaglueConnection)
            and not connection.sandbox
            and connection.base_url is None
        ):
            yield Problem(
                at,
                f"connection {name!r} needs base_url: Supaglue is self-hosted, e.g. "
                "https://supaglue.example.com/engagement/v2",
            )

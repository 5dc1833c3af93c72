"""What every connection in ``seqsync.yaml`` has, and how its secret is found.

Each provider's own connection model (``providers/<name>/connection.py``) extends
``ConnectionBase``; the registry puts them together (``project/config.py``'s ``ProjectConfig``).

Secrets are written only as ``${ENV_VAR}`` references: a literal key in a file that goes
to git is an error, and its value is never repeated in any message.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterator, Mapping
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, StrictBool, StrictStr

from seqsync.config.safety import Safety
from seqsync.errors import ConfigError, MissingSecret
from seqsync.model.common import StrictModel, UnmanagedSteps, custom_error
from seqsync.model.problems import Problem

_ENV_REFERENCE = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")


def _check_secret_reference(value: str) -> str:
    if not _ENV_REFERENCE.fullmatch(value):
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


_LOOPBACK_HOSTS = frozenset({"localhost", "::1"})


def _is_loopback(host: str) -> bool:
    try:
        return host in _LOOPBACK_HOSTS or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_base_url(value: str) -> str:
    """An API base URL a key may be sent to: https (plain http only to this machine), a
    host, and nothing that hides where it goes (no user info, query or fragment)."""
    if value != value.strip() or any(ord(char) < 0x21 or ord(char) == 0x7F for char in value):
        raise custom_error("base_url must not contain spaces or control characters")
    parts = urlsplit(value)
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host:
        raise custom_error(
            f"base_url must be an https:// URL with a host, like https://api.example.com (got {parts.scheme or 'no'} scheme)"
        )
    if parts.scheme == "http" and not _is_loopback(host):
        raise custom_error(
            "base_url must use https: the API key would cross the network in clear text "
            "(plain http is allowed only for 127.0.0.1, ::1 or localhost)"
        )
    if parts.username is not None or parts.password is not None:
        raise custom_error("base_url must not hold a user name or password; keys come from api_key")
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise custom_error("base_url must not have a query or fragment; keys come from api_key")
    return value


BaseUrl = Annotated[StrictStr, AfterValidator(_check_base_url)]


def _check_header_value(value: str) -> str:
    if not value or any(not (0x20 <= ord(char) < 0x7F) for char in value):
        raise custom_error(
            "must be printable ASCII with no line breaks: it is sent as an HTTP header"
        )
    return value


HeaderValue = Annotated[StrictStr, AfterValidator(_check_header_value)]


class ConnectionBase(StrictModel):
    api_key: SecretReference | None = None
    sandbox: StrictBool = Field(
        default=False, description="Use the embedded emulator instead of the real API."
    )
    sandbox_account: Annotated[StrictStr, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")] | None = (
        Field(
            default=None,
            description="With sandbox: true, a sandbox account of its own (its own state), as "
            "separate real accounts are; without it, the seeded demo account.",
        )
    )
    sandbox_world: dict[StrictStr, StrictStr] | None = Field(
        default=None,
        description="With sandbox: true, how the emulator answers the provider questions "
        "the public sources leave open, as {switch: value} (e.g. saleshandy.enums: names), "
        "over $SEQSYNC_SANDBOX_WORLD; the switches are in docs/sandbox-worlds.md.",
    )
    safety: Safety | None = Field(
        default=None, description="This connection's own limits (see the top-level safety)."
    )
    unmanaged_steps: UnmanagedSteps = Field(
        default="pause",
        description="What becomes of live steps a file does not have, unless the file "
        "says: `pause` them (destructive) or `keep` them as they are.",
    )

    def resolve_api_key(self, name: str, environ: Mapping[str, str] | None = None) -> str:
        """The key from the environment; raises MissingSecret naming the variable."""
        if self.sandbox:
            return "sandbox-key"
        reference = self.api_key or ""
        match = _ENV_REFERENCE.fullmatch(reference)
        variable = match.group(1) if match else "?"
        value = (os.environ if environ is None else environ).get(variable, "")
        if not value:
            raise MissingSecret(
                f"connection {name!r} needs the environment variable {variable} "
                "(its API key); set it, or run with a sandbox connection"
            )
        if any(not (0x20 < ord(char) < 0x7F) for char in value):  # never echo the value
            raise ConfigError(
                f"the environment variable {variable} (the API key of connection {name!r}) "
                "holds spaces, line breaks or non-ASCII characters, which cannot be sent in an "
                "HTTP header; set it to the key exactly as the provider shows it"
            )
        return value

    def api_base_url(self) -> str:
        """Where the real API answers; "" when the connection has none configured."""
        return ""

    def identity(self) -> str:
        """Which account requests for this connection reach, never with its key: what a
        saved plan records, so it is refused against a connection that now points
        elsewhere. Two environments often share a base URL and differ only in the key
        (or workspace, or sandbox account) they use, so the key's variable name, any
        workspace and the sandbox account are part of it; the key's value never is."""
        provider = str(getattr(self, "provider", "?"))
        workspaces = [
            f"workspace {workspace}"
            for field_name in ("workspace", "workspace_id")
            if (workspace := getattr(self, field_name, None))
        ]
        if self.sandbox:
            # The default account keeps the form plans have always recorded; a workspace
            # is named in the sandbox too, whose sub-workspaces are apart as real ones are.
            account = f" account {self.sandbox_account}" if self.sandbox_account else ""
            return f"{provider} (embedded sandbox{account}{''.join(', ' + w for w in workspaces)})"
        reference = _ENV_REFERENCE.fullmatch(self.api_key or "")
        details = [f"key ${reference.group(1)}" if reference else "no key", *workspaces]
        return f"{provider} at {self.api_base_url()} ({', '.join(details)})"

    def problems(self, name: str) -> Iterator[Problem]:
        """What the connection needs beyond its shape (a key unless sandboxed, …)."""
        if not self.sandbox and self.api_key is None:
            yield Problem(
                ("connections", name),
                f"connection {name!r} needs api_key: ${{ENV_VAR}} (or sandbox: true)",
            )
        if not self.sandbox and self.sandbox_world is not None:
            yield Problem(
                ("connections", name, "sandbox_world"),
                f"connection {name!r} has sandbox_world but not sandbox: true; a world only "
                "changes the embedded emulator",
                at_key=True,
            )

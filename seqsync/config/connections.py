"""What every connection in ``seqsync.yaml`` has, and how its secret is found.

Each provider's own connection model (``providers/<name>/connection.py``) extends
``ConnectionBase``; the registry puts them together into ``ProjectConfig``.

Secrets are written only as ``${ENV_VAR}`` references: a literal key in a file that goes
to git is an error, and its value is never repeated in any message.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from typing import Annotated

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

    @property
    def engine(self) -> str:
        """The service behind a unified API (Supaglue's ``provider_name``); "" elsewhere."""
        return ""

    def api_base_url(self) -> str:
        """Where the real API answers; "" when the connection has none configured."""
        return ""

    def problems(self, name: str) -> Iterator[Problem]:
        """What the connection needs beyond its shape (a key unless sandboxed, …)."""
        if not self.sandbox and self.api_key is None:
            yield Problem(
                ("connections", name),
                f"connection {name!r} needs api_key: ${{ENV_VAR}} (or sandbox: true)",
            )

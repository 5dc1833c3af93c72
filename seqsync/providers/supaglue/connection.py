"""A self-hosted Supaglue engagement API in seqsync.yaml: one customer, one engine."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from seqsync.config.connections import BaseUrl, ConnectionBase, HeaderValue
from seqsync.model.problems import Problem


class SupaglueConnection(ConnectionBase):
    """A self-hosted Supaglue engagement API, for one customer and one engine."""

    provider: Literal["supaglue"]
    base_url: BaseUrl | None = Field(
        default=None, description="e.g. https://supaglue.acme.internal/engagement/v2"
    )
    customer_id: HeaderValue = Field(min_length=1, description="Sent as x-customer-id.")
    provider_name: Literal["apollo", "outreach", "salesloft"] = Field(
        description="The engine behind Supaglue, sent as x-provider-name."
    )

    def api_base_url(self) -> str:
        return self.base_url or ""

    def identity(self) -> str:
        return f"{super().identity()} ({self.provider_name}, customer {self.customer_id})"

    def problems(self, name: str) -> Iterator[Problem]:
        yield from super().problems(name)
        if not self.sandbox and self.base_url is None:
            yield Problem(
                ("connections", name),
                f"connection {name!r} needs base_url: Supaglue is self-hosted, e.g. "
                "https://supaglue.example.com/engagement/v2",
            )


def engine_of(connection: ConnectionBase | None) -> str:
    """The engine a Supaglue connection fronts (its ``provider_name``); "" where it is not
    known: no connection, or one read leniently that does not say."""
    if not isinstance(connection, SupaglueConnection):
        return ""
    return str(getattr(connection, "provider_name", "") or "")

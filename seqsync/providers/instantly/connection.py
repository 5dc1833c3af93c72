"""An Instantly workspace in seqsync.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from seqsync.config.connections import BaseUrl, ConnectionBase
from seqsync.model.problems import Problem


class InstantlyConnection(ConnectionBase):
    """An Instantly workspace, through an API v2 key (sent as a Bearer token)."""

    provider: Literal["instantly"]
    base_url: BaseUrl = Field(
        default="https://api.instantly.ai/api/v2", description="The Instantly API v2 base URL."
    )

    def api_base_url(self) -> str:
        return self.base_url

    def problems(self, name: str) -> Iterator[Problem]:
        yield from super().problems(name)
        if self.unmanaged_steps == "keep":
            yield Problem(
                ("connections", name, "unmanaged_steps"),
                "Instantly writes a campaign's whole sequence at once, so live steps a file "
                "lacks cannot be kept; remove unmanaged_steps from this connection",
            )

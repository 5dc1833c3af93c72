"""A lemlist account in seqsync.yaml."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from seqsync.config.connections import BaseUrl, ConnectionBase


class LemlistConnection(ConnectionBase):
    """A lemlist team, reached with one of its API keys (docs/providers/lemlist.md §1)."""

    provider: Literal["lemlist"]
    base_url: BaseUrl = Field(
        default="https://api.lemlist.com/api", description="The lemlist API base URL."
    )

    def api_base_url(self) -> str:
        return self.base_url

"""A Saleshandy account in seqsync.yaml."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictStr

from seqsync.config.connections import ConnectionBase


class SaleshandyConnection(ConnectionBase):
    """A Saleshandy account."""

    provider: Literal["saleshandy"]
    base_url: StrictStr = Field(
        default="https://open-api.saleshandy.com", description="The Open API base URL."
    )

    def api_base_url(self) -> str:
        return self.base_url

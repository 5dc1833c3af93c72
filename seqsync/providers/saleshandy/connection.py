"""A Saleshandy account in seqsync.yaml."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from seqsync.config.connections import BaseUrl, ConnectionBase


class SaleshandyConnection(ConnectionBase):
    """A Saleshandy account."""

    provider: Literal["saleshandy"]
    base_url: BaseUrl = Field(
        default="https://open-api.saleshandy.com", description="The Open API base URL."
    )

    def api_base_url(self) -> str:
        return self.base_url

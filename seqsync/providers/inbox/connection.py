"""An Inbox (X DM) team in seqsync.yaml."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from seqsync.config.connections import BaseUrl, ConnectionBase


class InboxConnection(ConnectionBase):
    """An Inbox (X DM) team, through its API token."""

    provider: Literal["inbox"]
    base_url: BaseUrl = Field(
        default="https://inboxapp.com/api/v1", description="The Inbox API base URL."
    )

    def api_base_url(self) -> str:
        return self.base_url

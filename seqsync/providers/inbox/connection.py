"""An Inbox (X DM) team in seqsync.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from seqsync.config.connections import BaseUrl, ConnectionBase
from seqsync.model.problems import Problem


class InboxConnection(ConnectionBase):
    """An Inbox (X DM) team, through its API token."""

    provider: Literal["inbox"]
    base_url: BaseUrl = Field(
        default="https://inboxapp.com/api/v1", description="The Inbox API base URL."
    )

    def api_base_url(self) -> str:
        return self.base_url

    def problems(self, name: str) -> Iterator[Problem]:
        yield from super().problems(name)
        if self.unmanaged_steps == "keep":
            yield Problem(
                ("connections", name, "unmanaged_steps"),
                "Inbox replaces a campaign's whole sequence, so live steps a file lacks "
                "cannot be kept; remove unmanaged_steps from this connection",
            )

"""An Instantly workspace in seqsync.yaml."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from seqsync.config.connections import BaseUrl, ConnectionBase, HeaderValue
from seqsync.model.problems import Problem

# Acting in a sub-workspace with an admin workspace's key (docs/providers/instantly.md §1);
# documented beside the OpenAPI, which declares no header parameters.
WORKSPACE_HEADER = "x-as-workspace"


class InstantlyConnection(ConnectionBase):
    """An Instantly workspace, through an API v2 key (sent as a Bearer token), or one
    sub-workspace of the admin workspace the key belongs to."""

    provider: Literal["instantly"]
    base_url: BaseUrl = Field(
        default="https://api.instantly.ai/api/v2", description="The Instantly API v2 base URL."
    )
    # Part of identity() (ConnectionBase reads a field named `workspace`), so a saved
    # plan made for one sub-workspace is refused against another.
    workspace: HeaderValue | None = Field(
        default=None,
        description="The id of a sub-workspace to act in, sent as the x-as-workspace header: "
        "api_key must then be a key of its admin workspace. Without it, the key's own "
        "workspace.",
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

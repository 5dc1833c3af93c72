"""`removed:` in seqsync.yaml: sequences whose files are gone, and what becomes of their
live sequences (as Terraform's `removed` block): paused where the provider can pause
them, or left running, no longer managed."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictStr, model_validator

from seqsync.model.common import LiveId, SequenceName, StrictModel, custom_error


class Removed(StrictModel):
    """One retired sequence: its old name (its address in plans), where it lives, which
    live sequence it is, and what to do with it."""

    name: SequenceName = Field(description="The retired document's name: its address in plans.")
    connection: StrictStr = Field(description="The connection its live sequence is in.")
    id: LiveId | None = Field(default=None, description="The live sequence's id.")
    title: StrictStr | None = Field(
        default=None, min_length=1, max_length=200, description="Or its live title."
    )
    then: Literal["pause", "unmanage"] = Field(
        description="pause: stop every live step (destructive; where the provider can); "
        "unmanage: leave it running as it is, no longer managed."
    )

    @model_validator(mode="after")
    def _one(self) -> Removed:
        if (self.title is None) == (self.id is None):
            raise custom_error("a removed entry takes one of id or title")
        return self

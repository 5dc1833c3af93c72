"""What every provider offers the planner and executor, and what it declares it can do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from seqsync.model.live import LiveSequence


@dataclass(frozen=True)
class Capabilities:
    """What a provider's API can change; the planner decides from these, never by trying.

    Mirrors the capability matrix of providers.md section 0.
    """

    create_sequence: bool
    create_step: bool
    add_variant: bool
    patch_variant: bool
    patch_step_template: bool
    remove_step: str  # "pause" | "none" | "replace"
    replace_sequence: bool
    list_sequences: bool


@dataclass(frozen=True)
class SequenceSummary:
    """A sequence as a listing shows it: enough to match a document by title."""

    id: str
    title: str


@dataclass(frozen=True)
class Request:
    """One exact API call: what a plan shows and what apply sends. Never holds secrets."""

    method: str
    path: str
    body: Any = None


class Provider(Protocol):
    """One connection's provider."""

    connection: str
    kind: str
    capabilities: Capabilities

    async def read(self, sequence_id: str, *, context: str) -> LiveSequence:
        """The live sequence with its steps, in as few requests as the API allows."""
        ...

    async def list_sequences(self) -> list[SequenceSummary]:
        """Every sequence of the connection, following pagination."""
        ...

    async def send(self, request: Request, *, context: str) -> Any:
        """Send one planned request exactly as planned; returns the parsed response."""
        ...

    async def aclose(self) -> None: ...

"""A neutral outline of one sequence document: what generic features (lint, pin, preview)
need to know about it, in words no provider owns.

Each provider's kind builds the outline of its own (validated) document, so lint, pin
and the conformance tests never read a provider's keys: a new provider is linted and
pinned as soon as its kind says where its steps, ids and texts are. Locations are the
document's key paths (as :class:`~seqsync.model.problems.Problem` locations are), which
the loader turns into file positions.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Loc = tuple[str | int, ...]
"""A path of keys and indexes into the document (``("steps", 0, "variants", 1)``)."""

Role = Literal["title", "subject", "body", "message", "note"]
"""What a text is to whoever reads it: ``body`` is an email body (HTML), ``message`` any
other text the prospect reads, ``note`` what the person doing a task reads, ``title`` a
name (the sequence's, a task's)."""


@dataclass(frozen=True)
class Text:
    """One text of the document, written inline or in a file."""

    role: Role
    at: Loc  # the key holding the text or its file reference: findings in it go there
    inline: str | None = None
    file: str | None = None  # path as written, relative to the document

    @property
    def holder(self) -> Loc:
        """The mapping that holds the text (a variant, a template): findings about the
        whole message, not a place in it, are reported there."""
        return self.at[:-1]

    def text(self, files: dict[str, str]) -> str | None:
        """The words: inline, or the file's as the loader read it (None: not read)."""
        return self.inline if self.inline is not None else files.get(self.file or "")


@dataclass(frozen=True)
class IdSlots:
    """Where a live id can be written for a step (``id:`` in that mapping)."""

    step: Loc | None  # None: the provider gives this step no id to pin
    # Each variant's mapping, in the order a plan's match lists the variants' live ids.
    variants: tuple[Loc, ...] = ()


@dataclass(frozen=True)
class Step:
    """One step of the document, in file order."""

    at: Loc  # the step's mapping
    channel: str  # in neutral words: "email", "call", "task", "LinkedIn message", "wait"…
    written: str  # the channel (or step type) as the file writes it, for messages
    ids: IdSlots
    texts: tuple[Text, ...] = ()
    day: int | None = None  # day of the sequence it runs on (1 is the first); None: unknown
    email: bool = False  # it sends an email: its bodies are expected to be personalised
    # A person does it from a task (a call, a to-do): the note for them is written at
    # ``note_at``, and a step without one leaves them guessing.
    note_at: Loc | None = None

    def texts_in(self, *roles: Role) -> list[Text]:
        return [text for text in self.texts if text.role in roles]


@dataclass(frozen=True)
class Outline:
    """A document's texts at sequence level (its title) and its steps, in file order:
    ``steps[i]`` is the file's i-th step, as plan matches number them."""

    texts: tuple[Text, ...]
    steps: tuple[Step, ...]

    @property
    def all_texts(self) -> Iterable[Text]:
        yield from self.texts
        for step in self.steps:
            yield from step.texts


def title_texts(title: str | None) -> tuple[Text, ...]:
    """The sequence title as a text, where the document writes one (every document may)."""
    return () if title is None else (Text("title", ("title",), title),)


def dotted(loc: Loc) -> str:
    """``("steps", 2, "template")`` as a reader writes it: ``steps[2].template``."""
    shown = ""
    for part in loc:
        shown += f"[{part}]" if isinstance(part, int) else (f".{part}" if shown else part)
    return shown


__all__ = ["IdSlots", "Loc", "Outline", "Role", "Step", "Text", "dotted", "title_texts"]

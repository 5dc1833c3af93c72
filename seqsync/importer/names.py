"""File-safe, unique sequence names for imported documents."""

from __future__ import annotations

import re
from collections.abc import Iterable

_NOT_SAFE = re.compile(r"[^a-z0-9]+")
MAX_LENGTH = 60


def slug(title: str, fallback: str) -> str:
    """``"Founders Q4 — outbound!"`` → ``founders-q4-outbound`` (a valid sequence name)."""
    text = _NOT_SAFE.sub("-", title.lower()).strip("-")[:MAX_LENGTH].strip("-")
    return text or _NOT_SAFE.sub("-", fallback.lower()).strip("-") or "sequence"


class NameBook:
    """Hands out names not used by the project or earlier in this import."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)

    def claim(self, wanted: str) -> str:
        name, number = wanted, 2
        while name in self.taken:
            suffix = f"-{number}"
            name = wanted[: MAX_LENGTH - len(suffix)] + suffix
            number += 1
        self.taken.add(name)
        return name

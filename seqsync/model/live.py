"""What every provider's live sequence offers the generic code (plans, apply, import).

Each provider defines its own frozen live values in ``providers/<name>/live.py``, after
its mapping has undone the API's read quirks; field names follow the file format, so a
live value and a desired one line up field by field. Generic code sees only this shape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol


class LiveSequence(Protocol):
    """A live sequence: a frozen dataclass with an id, a title and its steps in order."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def steps(self) -> Sequence[Any]: ...

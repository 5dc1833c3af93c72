"""A Problem: a rule broken at a location inside one document, before it has a file position."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """``loc`` is the path of keys and indexes into the document (as pydantic's ``loc``)."""

    loc: tuple[str | int, ...]
    message: str
    at_key: bool = False

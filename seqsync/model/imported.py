"""A live sequence written as a file: the data of one YAML document plus its content files."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ImportedDocument:
    """``data`` is the YAML document; ``files`` maps paths (relative to it) to their text."""

    data: dict[str, Any]
    files: dict[str, str] = field(default_factory=dict)

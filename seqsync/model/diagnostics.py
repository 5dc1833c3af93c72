"""A Diagnostic: one problem in one file, at a 1-based line and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem the user must fix, where it is, and what to do about it.

    Ordering is by file, then position, so a sorted list reads top to bottom.
    """

    path: str
    line: int
    col: int
    message: str
    severity: str = "error"

    def as_dict(self) -> dict[str, str | int]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
        }

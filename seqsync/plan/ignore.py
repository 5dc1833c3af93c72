"""``ignore:`` field paths, like Terraform's ``ignore_changes``: those fields are unmanaged."""

from __future__ import annotations

import re
from collections.abc import Iterable

from seqsync.plan.model import FieldChange


class IgnoreRules:
    def __init__(self, patterns: Iterable[str]) -> None:
        self._compiled = [_compile(pattern) for pattern in patterns]

    def ignores(self, path: str) -> bool:
        """``steps[2].variants[0].status`` is ignored by ``steps[*].variants[*].status``,
        and by ``steps[2]`` (a pattern covers everything below it)."""
        return any(pattern.match(path) for pattern in self._compiled)

    def keep(self, changes: Iterable[FieldChange]) -> list[FieldChange]:
        return [change for change in changes if not self.ignores(change.path)]


def _compile(pattern: str) -> re.Pattern[str]:
    regex = re.escape(pattern).replace(r"\[\*\]", r"\[[^\]]+\]")
    return re.compile(f"^{regex}(?:$|[.\\[])")

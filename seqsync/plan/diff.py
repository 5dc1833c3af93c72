"""Field-level differences between a live and a desired canonical record (via deepdiff)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from deepdiff import DeepDiff

from seqsync.plan.model import FieldChange

_TOP_KEY = re.compile(r"^root\['([^']+)'\]")


def field_changes(
    before: Mapping[str, Any], after: Mapping[str, Any], prefix: str
) -> list[FieldChange]:
    """One FieldChange per top-level key whose value differs, in ``after``'s key order."""
    return [
        FieldChange(f"{prefix}.{key}" if prefix else key, before.get(key), after.get(key))
        for key in changed_keys(before, after)
    ]


def changed_keys(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The top-level keys whose values differ, in ``after``'s key order, then ``before``'s.

    deepdiff finds the differences at any depth (an action's url, one attachment); a
    change is reported for the whole field, which is what a request replaces.
    """
    if before == after:
        return []  # the common case, without deepdiff's cost
    difference = DeepDiff(dict(before), dict(after), ignore_order=False, verbose_level=2)
    changed: set[str] = set()
    for paths in difference.values():
        for path in paths:
            found = _TOP_KEY.match(str(path))
            if found:
                changed.add(found.group(1))
    order = list(after) + [key for key in before if key not in after]
    return [key for key in order if key in changed]

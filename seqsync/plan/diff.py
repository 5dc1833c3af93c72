"""Field-level differences between a live and a desired canonical record (via deepdiff)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

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

    A change is reported for the whole field, which is what a request replaces. Text and
    other scalars (nearly every field, and the long ones) compare with ``==``: linear,
    and exact for canonical forms. Nested values (attachments, actions, custom fields)
    go to deepdiff, which compares at any depth and treats a list and a tuple, or 1 and
    1.0, as the same value: JSON read back and a record built here differ in exactly
    those ways, and neither is a change to send.
    """
    if before == after:
        return []  # the common case, without any per-key work
    changed: set[str] = set()
    nested: list[str] = []
    for key in {**before, **after}:
        old, new = before.get(key, _ABSENT), after.get(key, _ABSENT)
        if old == new:
            continue
        if isinstance(old, _NESTED) and isinstance(new, _NESTED):
            nested.append(key)
        else:
            changed.add(key)
    if nested:
        from deepdiff import DeepDiff  # only plans that compare nested values pay its import

        difference = DeepDiff(
            {key: before[key] for key in nested},
            {key: after[key] for key in nested},
            ignore_order=False,
            ignore_numeric_type_changes=True,
            ignore_type_in_groups=[(list, tuple)],
            verbose_level=2,
        )
        for paths in difference.values():
            for path in paths:
                found = _TOP_KEY.match(str(path))
                if found:
                    changed.add(found.group(1))
    order = list(after) + [key for key in before if key not in after]
    return [key for key in order if key in changed]


_ABSENT = object()
_NESTED = (dict, list, tuple)

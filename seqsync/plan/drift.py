"""Drift, called out: which changes of a plan undo edits made outside seqsync.

Statelessly, a change from live to file could be the pull request's own or someone's edit
in the provider's app that apply will revert. Planned once more from the base branch's
files against the same live state, the two tell apart: a change the base plan makes too
(same live step or variant, same field, same live value) is not the pull request's, the
live value simply differs from what was merged: drift.
"""

from __future__ import annotations

import dataclasses
import json

from seqsync.plan.model import FieldChange, Operation, SequencePlan


def with_drift(head: SequencePlan, base: SequencePlan) -> SequencePlan:
    """``head`` with each operation's drifted changes named (see the module doc)."""
    seen = {
        _key(operation, change) for operation in base.operations for change in operation.changes
    }
    operations = tuple(
        dataclasses.replace(operation, drifted=drifted)
        if (drifted := tuple(c.path for c in operation.changes if _key(operation, c) in seen))
        else operation
        for operation in head.operations
    )
    return dataclasses.replace(head, operations=operations)


def _key(operation: Operation, change: FieldChange) -> tuple[str, ...]:
    """What a change is, wherever the file puts it: a step inserted before it moves its
    path, not its live ids or the field's name."""
    live = operation.live
    field = change.path.rsplit(".", 1)[-1] if live.step is not None else change.path
    before = json.dumps(change.before, sort_keys=True, default=str)
    return (operation.kind, live.step or "", live.variant or "", field, before)

"""Sub-workspaces: a key of an admin workspace acts in one of its sub-workspaces when a
request carries ``x-as-workspace: <sub_workspace_id>`` (docs/providers/instantly.md §1).

The sandbox's demo account is such an admin workspace, with the sub-workspaces below.
Each keeps its own campaigns, apart from the admin workspace's own (the state without
the header) and from each other: ``state["sub_workspaces"][id]`` holds the same
``{"campaigns", "order"}`` shape as the top of the Instantly state.
"""

from __future__ import annotations

from typing import Any

from seqsync.sandbox.instantly.errors import failure
from seqsync.sandbox.state import Transaction

HEADER = "x-as-workspace"
# Fixed ids, so that a sandbox connection can name them (`workspace:`) and tests can
# rely on them; the names are only for people reading the state.
SUB_WORKSPACES: dict[str, str] = {
    "5c1d3e7a-2b4f-4c8e-9d61-7a3f0e2b9c15": "Client A",
    "8e2f4a6b-1c3d-4e5f-a7b9-0c2d4e6f8a13": "Client B",
}


class SubWorkspace(Transaction):
    """One sub-workspace's part of the Instantly state, inside the request's transaction."""

    def __init__(self, outer: Transaction, workspace_id: str) -> None:
        self._outer = outer
        spaces: dict[str, Any] = outer.state.setdefault("sub_workspaces", {})
        super().__init__(spaces.setdefault(workspace_id, {"campaigns": {}, "order": []}))

    @property
    def changed(self) -> bool:
        return self._outer.changed

    @changed.setter
    def changed(self, value: bool) -> None:
        self._outer.changed = self._outer.changed or value


def acting_in(workspace_id: str | None, tx: Transaction) -> Transaction:
    """The state a request acts on: the key's own workspace without the header, else the
    named sub-workspace."""
    if workspace_id is None:
        return tx
    if workspace_id not in SUB_WORKSPACES:
        # ASSUMPTION (docs/providers/instantly.md §1 and §7): the sources do not say how
        # Instantly answers an id that is not a sub-workspace of the key's admin
        # workspace; the emulator refuses it 403 in Instantly's error body, and stores
        # nothing.
        raise failure(403, f"Not allowed to act as workspace {workspace_id}")
    return SubWorkspace(tx, workspace_id)

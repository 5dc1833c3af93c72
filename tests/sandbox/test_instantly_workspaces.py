"""The Instantly emulator's sub-workspaces (docs/providers/instantly.md §1 and §7): with
``x-as-workspace`` a request sees and writes only that sub-workspace's campaigns, an id
that is not one of the admin workspace's sub-workspaces is refused (an ASSUMPTION), each
workspace spends its own rate budget, and without the header nothing changes."""

from __future__ import annotations

import random
from typing import Any

from seqsync.sandbox.instantly.emulator import InstantlyEmulator
from seqsync.sandbox.instantly.workspaces import SUB_WORKSPACES
from seqsync.sandbox.seed import initial_state
from seqsync.sandbox.seed_instantly import AGENCY_PARTNERS
from seqsync.sandbox.state import Transaction
from seqsync.sandbox.wire import ApiFailure, SandboxRequest, SandboxResponse

CLIENT_A, CLIENT_B = SUB_WORKSPACES
CAMPAIGN = {
    "name": "Client launch",
    "campaign_schedule": {
        "schedules": [
            {
                "name": "Weekdays",
                "timing": {"from": "09:00", "to": "17:00"},
                "days": {"1": True},
                "timezone": "America/Chicago",
            }
        ]
    },
}


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _send(
    emulator: InstantlyEmulator,
    tx: Transaction,
    method: str,
    path: str,
    workspace: str | None = None,
    body: Any = None,
) -> SandboxResponse:
    headers = {"authorization": "Bearer admin-key"}
    if workspace is not None:
        headers["x-as-workspace"] = workspace
    request = SandboxRequest(
        method, path, {"limit": "100"} if method == "GET" else {}, headers, body
    )
    try:
        return emulator.handle(request, tx)
    except ApiFailure as failure:
        return failure.response


def _names(response: SandboxResponse) -> list[str]:
    return [item["name"] for item in response.body["items"]]


def test_each_sub_workspace_sees_and_writes_only_its_own_campaigns() -> None:
    emulator = InstantlyEmulator(random.Random(1))
    tx = Transaction(initial_state()["instantly"])
    made = _send(emulator, tx, "POST", "/campaigns", CLIENT_A, CAMPAIGN)
    assert made.status == 200
    assert tx.changed
    campaign_id = made.body["id"]
    assert _names(_send(emulator, tx, "GET", "/campaigns", CLIENT_A)) == ["Client launch"]
    assert _names(_send(emulator, tx, "GET", "/campaigns", CLIENT_B)) == []
    # The key's own workspace keeps its campaigns, and only them, as before.
    assert _names(_send(emulator, tx, "GET", "/campaigns")) == ["Agency partners (Instantly)"]
    # Another workspace's campaign is not found, to read or to write.
    for workspace in (CLIENT_B, None):
        assert _send(emulator, tx, "GET", f"/campaigns/{campaign_id}", workspace).status == 404
        patched = _send(
            emulator, tx, "PATCH", f"/campaigns/{campaign_id}", workspace, {"name": "x"}
        )
        assert patched.status == 404
    assert _send(emulator, tx, "GET", f"/campaigns/{AGENCY_PARTNERS}", CLIENT_A).status == 404
    patched = _send(emulator, tx, "PATCH", f"/campaigns/{campaign_id}", CLIENT_A, {"name": "y"})
    assert patched.status == 200
    assert tx.state["sub_workspaces"][CLIENT_A]["campaigns"][campaign_id]["name"] == "y"


def test_an_id_that_is_not_a_sub_workspace_is_refused_403_and_nothing_is_stored() -> None:
    emulator = InstantlyEmulator(random.Random(1))
    tx = Transaction(initial_state()["instantly"])
    refused = _send(emulator, tx, "POST", "/campaigns", "not-a-sub-workspace", CAMPAIGN)
    assert refused.status == 403
    assert refused.body["statusCode"] == 403
    assert refused.body["error"] == "Forbidden"
    assert "not-a-sub-workspace" in refused.body["message"]
    assert not tx.changed
    assert "sub_workspaces" not in tx.state
    assert list(tx.state["campaigns"]) == [AGENCY_PARTNERS]


def test_each_workspace_spends_its_own_rate_budget() -> None:
    clock = _Clock()
    emulator = InstantlyEmulator(random.Random(1), clock=clock)
    tx = Transaction(initial_state()["instantly"])
    for _ in range(100):  # a second's budget, in client A
        assert _send(emulator, tx, "GET", "/campaigns", CLIENT_A).status == 200
    assert _send(emulator, tx, "GET", "/campaigns", CLIENT_A).status == 429
    assert _send(emulator, tx, "GET", "/campaigns", CLIENT_B).status == 200
    assert _send(emulator, tx, "GET", "/campaigns").status == 200
    clock.now = 1.0
    assert _send(emulator, tx, "GET", "/campaigns", CLIENT_A).status == 200

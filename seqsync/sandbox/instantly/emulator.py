"""The Instantly API v2 emulator's campaign routes: list, create, read, patch, activate
and pause, behind Bearer authentication and the workspace rate limit, in the key's own
workspace or, with ``x-as-workspace``, in one of its sub-workspaces (``workspaces.py``).

State: ``{"campaigns": {id: campaign}, "order": [id, ...]}``, and the same for each
sub-workspace under ``"sub_workspaces"``; a campaign is kept as its read returns it. Whether a PATCH of ``sequences`` replaces the stored sequence or merges
into it by position is the ``instantly.sequence_patch`` world, and whether a sending
campaign's sequence may be edited the ``instantly.active_edits`` world.
"""

from __future__ import annotations

import copy
import random
import time
import uuid
from collections.abc import Callable
from typing import Any

from seqsync.sandbox.instantly.budgets import Budgets
from seqsync.sandbox.instantly.errors import failure
from seqsync.sandbox.instantly.reads import listing, public_campaign
from seqsync.sandbox.instantly.rules import checked_body
from seqsync.sandbox.instantly.workspaces import HEADER, acting_in
from seqsync.sandbox.routing import Route, match, route
from seqsync.sandbox.state import Transaction
from seqsync.sandbox.wire import SandboxRequest, SandboxResponse

CREATED_AT = "2026-01-05T09:00:00.000Z"
DRAFT, ACTIVE, PAUSED = 0, 1, 2
SENDING = frozenset({1, 4, -1, -2})


class InstantlyEmulator:
    def __init__(
        self,
        rng: random.Random,
        *,
        rate_limits: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rng = rng
        self.budgets = Budgets(enforced=rate_limits, clock=clock)
        self.routes: list[Route] = [
            route("GET", "/campaigns", self.list_campaigns),
            route("POST", "/campaigns", self.create_campaign),
            route("GET", "/campaigns/{campaign_id}", self.get_campaign),
            route("PATCH", "/campaigns/{campaign_id}", self.patch_campaign),
            route("POST", "/campaigns/{campaign_id}/activate", self.activate),
            route("POST", "/campaigns/{campaign_id}/pause", self.pause),
        ]

    def handle(self, request: SandboxRequest, tx: Transaction) -> SandboxResponse:
        authorization = request.headers.get("authorization", "")
        key = (
            authorization.removeprefix("Bearer ").strip()
            if authorization.startswith("Bearer ")
            else ""
        )
        valid_keys = tx.state.get("valid_keys")
        if not key or (valid_keys is not None and key not in valid_keys):
            raise failure(401, "Invalid API key")
        workspace_id = request.headers.get(HEADER)
        tx = acting_in(workspace_id, tx)
        # The rate limit is the workspace's (docs/providers/instantly.md §1): a
        # sub-workspace spends its own budget, the key's own workspace the key's.
        self.budgets.spend(f"workspace {workspace_id}" if workspace_id else f"key {key}")
        if request.body_error:
            raise failure(400, "Body is not valid JSON")
        found = match(self.routes, request)
        if found is None:
            raise failure(404, f"Route {request.method}:{request.path} not found")
        handler_route, params = found
        return handler_route.handler(request, tx, params)

    def list_campaigns(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        campaigns = self._campaigns(tx)
        ordered = [campaigns[campaign_id] for campaign_id in tx.state.get("order", [])]
        return SandboxResponse(200, listing(ordered, request.query))

    def create_campaign(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        body = checked_body(request.body, create=True)
        campaign_id = str(uuid.UUID(int=self.rng.getrandbits(128), version=4))
        campaign = {
            "id": campaign_id,
            **copy.deepcopy(body),
            "status": DRAFT,
            "timestamp_created": CREATED_AT,
            "timestamp_updated": CREATED_AT,
        }
        campaign.setdefault("sequences", [])
        self._campaigns(tx)[campaign_id] = campaign
        tx.state.setdefault("order", []).append(campaign_id)
        tx.changed = True
        return SandboxResponse(200, public_campaign(campaign))

    def get_campaign(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        return SandboxResponse(200, public_campaign(self._campaign(tx, params["campaign_id"])))

    def patch_campaign(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        campaign = self._campaign(tx, params["campaign_id"])
        body = checked_body(request.body, create=False)
        if (
            "sequences" in body
            and campaign.get("status") in SENDING
            and request.world.instantly_active_edits == "refused"
        ):
            raise failure(400, "Cannot edit the sequences of an active campaign; pause it first")
        merging = request.world.instantly_sequence_patch == "merge"
        for key, value in body.items():
            sent = copy.deepcopy(value)
            if merging and key in ("sequences", "campaign_schedule"):
                campaign[key] = merged(campaign.get(key), sent)
            else:
                campaign[key] = sent
        campaign["timestamp_updated"] = CREATED_AT
        tx.changed = True
        return SandboxResponse(200, public_campaign(campaign))

    def activate(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        return self._status(tx, params["campaign_id"], ACTIVE)

    def pause(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        return self._status(tx, params["campaign_id"], PAUSED)

    def _status(self, tx: Transaction, campaign_id: str, status: int) -> SandboxResponse:
        campaign = self._campaign(tx, campaign_id)
        campaign["status"] = status
        tx.changed = True
        return SandboxResponse(200, public_campaign(campaign))

    def _campaigns(self, tx: Transaction) -> dict[str, Any]:
        campaigns: dict[str, Any] = tx.state.setdefault("campaigns", {})
        return campaigns

    def _campaign(self, tx: Transaction, campaign_id: str) -> dict[str, Any]:
        campaign = self._campaigns(tx).get(campaign_id)
        if campaign is None:
            raise failure(404, "Resource not found")
        found: dict[str, Any] = campaign
        return found


def merged(stored: Any, sent: Any) -> Any:
    """``sent`` merged into ``stored``: objects key by key, arrays position by position
    (a stored tail longer than what was sent is kept)."""
    if isinstance(stored, dict) and isinstance(sent, dict):
        return {**stored, **{key: merged(stored.get(key), value) for key, value in sent.items()}}
    if isinstance(stored, list) and isinstance(sent, list):
        head = [merged(stored[i] if i < len(stored) else None, item) for i, item in enumerate(sent)]
        return head + stored[len(sent) :]
    return sent

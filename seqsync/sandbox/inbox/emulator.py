"""The Inbox emulator's routes: authentication, rate budgets, a campaign read and the
sequence PUT that replaces every step as a new campaign version.

State: ``{"campaigns": {id: {..., "version": n, "steps": [{id, rank, type, data}]}}}``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from seqsync.sandbox.ids import cuid
from seqsync.sandbox.inbox.budgets import Budgets
from seqsync.sandbox.inbox.errors import failure
from seqsync.sandbox.inbox.reads import public_campaign, replaced_sequence
from seqsync.sandbox.inbox.rules import BUILTIN_VARIABLES, CAMPAIGN_ID, checked_step
from seqsync.sandbox.routing import Route, match, route
from seqsync.sandbox.state import Transaction
from seqsync.sandbox.wire import ApiFailure, SandboxRequest, SandboxResponse


class InboxEmulator:
    def __init__(
        self,
        rng: random.Random,
        *,
        rate_limits: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.rng = rng
        self.budgets = Budgets(enforced=rate_limits, clock=clock)
        self.routes: list[Route] = [
            route("GET", "/campaigns/{campaign_id}", self.get_campaign),
            route("PUT", "/campaigns/v2/{campaign_id}/sequence", self.replace_sequence),
        ]

    def handle(self, request: SandboxRequest, tx: Transaction) -> SandboxResponse:
        authorization = request.headers.get("authorization", "")
        token = (
            authorization.removeprefix("Bearer ").strip()
            if authorization.startswith("Bearer ")
            else ""
        )
        valid_keys = tx.state.get("valid_keys")
        if not token or (valid_keys is not None and token not in valid_keys):
            raise failure(401, "UNAUTHORIZED", "Invalid or missing authentication token")
        headers = self.budgets.spend(token, "read" if request.method == "GET" else "write")
        try:
            if request.body_error:
                raise failure(400, "BAD_REQUEST", "Request body is not valid JSON")
            found = match(self.routes, request)
            if found is None:
                raise failure(404, "NOT_FOUND", f"Cannot {request.method} {request.path}")
            handler_route, params = found
            if not CAMPAIGN_ID.match(params["campaign_id"]):
                raise failure(400, "BAD_REQUEST", "campaignId must match ^[0-9a-z]+$")
            response = handler_route.handler(request, tx, params)
        except ApiFailure as exc:
            # Every answer counts against the budget, refusals included, and says so.
            exc.response.headers.update(headers)
            raise
        response.headers.update(headers)
        return response

    def get_campaign(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        campaign = self._campaign(tx, params["campaign_id"])
        return SandboxResponse(200, public_campaign(campaign, request.world))

    def replace_sequence(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        campaign = self._campaign(tx, params["campaign_id"])
        body = request.body
        if not isinstance(body, dict) or not isinstance(body.get("steps"), list):
            raise failure(400, "BAD_REQUEST", "steps is required and must be an array")
        known = BUILTIN_VARIABLES | set(campaign.get("customVariables") or {})
        checked = [
            checked_step(step, index, known, request.world)
            for index, step in enumerate(body["steps"])
        ]
        campaign["version"] += 1
        campaign["steps"] = [
            {"id": cuid(self.rng), "rank": rank, "type": step["type"], "data": step["data"]}
            for rank, step in enumerate(checked)
        ]
        tx.changed = True
        return SandboxResponse(200, replaced_sequence(campaign))

    def _campaign(self, tx: Transaction, campaign_id: str) -> dict[str, Any]:
        campaigns: dict[str, Any] = tx.state.setdefault("campaigns", {})
        campaign = campaigns.get(campaign_id)
        if campaign is None:
            raise failure(404, "CAMPAIGN_NOT_FOUND", f"Campaign {campaign_id} not found")
        found: dict[str, Any] = campaign
        return found

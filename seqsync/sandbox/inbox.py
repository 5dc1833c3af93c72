"""The Inbox campaigns emulator (providers.md 3.7, "What a faithful Inbox fake must enforce").

State: ``{"campaigns": {id: {..., "version": n, "steps": [{id, rank, type, data}]}}}``.
Rate limits are per token, in this process's memory: 100 reads and 30 writes a minute.
"""

from __future__ import annotations

import random
import re
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from seqsync.sandbox.ids import cuid
from seqsync.sandbox.routing import Route, match, route
from seqsync.sandbox.state import Transaction
from seqsync.sandbox.wire import ApiFailure, SandboxRequest, SandboxResponse
from seqsync.sandbox.worlds import World

CAMPAIGN_ID = re.compile(r"^[0-9a-z]+$")
READS_PER_MINUTE = 100
WRITES_PER_MINUTE = 30
# Delay units: the docs show only "days"; minutes and hours are a guess. Which of the two
# the API takes is the `inbox.delay_units` world.
DELAY_UNITS = ("minutes", "hours", "days")
DOCUMENTED_DELAY_UNITS = ("days",)
# The PUT docs name a "Like tweet step" but never captured its type literal: the one the
# API takes (and the GET returns) is the `inbox.like_tweet` world; the world's values
# are the literals themselves. The state keeps this one spelling (the seed's), and a read
# shows the world's.
STORED_LIKE_TWEET = "likeTweet"
# Variables every campaign knows besides its own customVariables. Seed 004's PUT example
# shows only "first-name"; the other three are providers.md 3.7.2's ASSUMPTION of
# Inbox's lead fields. An unknown name is answered 422 (also an ASSUMPTION there).
BUILTIN_VARIABLES = frozenset({"first-name", "last-name", "full-name", "username"})


def failure(status: int, code: str, message: str) -> ApiFailure:
    return ApiFailure(
        SandboxResponse(status, {"error": {"code": code, "message": message, "status": status}})
    )


class InboxEmulator:
    def __init__(
        self,
        rng: random.Random,
        *,
        rate_limits: bool = True,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.rng = rng
        self.rate_limits = rate_limits
        self.clock = clock
        self.windows: dict[tuple[str, str], deque[float]] = {}
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
        headers = self._spend(token, "read" if request.method == "GET" else "write")
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
            exc.response.headers.update(headers)
            raise
        response.headers.update(headers)
        return response

    def _spend(self, token: str, bucket: str) -> dict[str, str]:
        """Count the request against the token's budget; 429 when the minute is spent."""
        limit = READS_PER_MINUTE if bucket == "read" else WRITES_PER_MINUTE
        now = self.clock()
        window = self.windows.setdefault((token, bucket), deque())
        while window and now - window[0] >= 60:
            window.popleft()
        reset = int((window[0] if window else now) + 60)
        if self.rate_limits and len(window) >= limit:
            limited = failure(429, "RATE_LIMITED", "Rate limit exceeded. Try again in 60 seconds.")
            limited.response.headers.update(
                {
                    "X-RateLimit-Limit": str(limit),
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": str(reset),
                    "Retry-After": str(max(1, reset - int(now))),
                }
            )
            raise limited
        window.append(now)
        return {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(0, limit - len(window))),
            "X-RateLimit-Reset": str(reset),
        }

    def get_campaign(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        campaign = self._campaign(tx, params["campaign_id"])
        steps = sorted(campaign["steps"], key=lambda step: step["rank"])
        body = {key: value for key, value in campaign.items() if key not in {"steps", "version"}}
        body["steps"] = [
            {**_shown(step, request.world), "campaignVersion": campaign["version"]}
            for step in steps
        ]
        return SandboxResponse(200, body)

    def replace_sequence(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        campaign = self._campaign(tx, params["campaign_id"])
        body = request.body
        if not isinstance(body, dict) or not isinstance(body.get("steps"), list):
            raise failure(400, "BAD_REQUEST", "steps is required and must be an array")
        known = BUILTIN_VARIABLES | set(campaign.get("customVariables") or {})
        checked = [
            _checked_step(step, index, known, request.world)
            for index, step in enumerate(body["steps"])
        ]
        campaign["version"] += 1
        campaign["steps"] = [
            {"id": cuid(self.rng), "rank": rank, "type": step["type"], "data": step["data"]}
            for rank, step in enumerate(checked)
        ]
        tx.changed = True
        return SandboxResponse(
            200,
            {
                "version": campaign["version"],
                "steps": [
                    {key: s[key] for key in ("id", "rank", "data")} for s in campaign["steps"]
                ],
            },
        )

    def _campaign(self, tx: Transaction, campaign_id: str) -> dict[str, Any]:
        campaigns: dict[str, Any] = tx.state.setdefault("campaigns", {})
        campaign = campaigns.get(campaign_id)
        if campaign is None:
            raise failure(404, "CAMPAIGN_NOT_FOUND", f"Campaign {campaign_id} not found")
        found: dict[str, Any] = campaign
        return found


def _checked_step(
    step: Any, index: int, known_variables: set[str] | frozenset[str], world: World
) -> dict[str, Any]:
    where = f"steps[{index}]"
    if not isinstance(step, dict) or not isinstance(step.get("data"), dict):
        raise failure(400, "BAD_REQUEST", f"{where} must be an object with type and data")
    kind, data = step.get("type"), step["data"]
    if kind == "message":
        segments = data.get("segments")
        if not isinstance(segments, list) or not segments:
            raise failure(400, "BAD_REQUEST", f"{where}.data.segments must be a non-empty array")
        for position, segment in enumerate(segments):
            _check_segment(segment, f"{where}.data.segments[{position}]", known_variables)
        return {"type": kind, "data": {"segments": [dict(s) for s in segments]}}
    if kind == "delay":
        seconds, unit = data.get("delaySeconds"), data.get("unit")
        if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
            raise failure(400, "BAD_REQUEST", f"{where}.data.delaySeconds must be an integer >= 0")
        units = DELAY_UNITS if world.inbox_delay_units == "any" else DOCUMENTED_DELAY_UNITS
        if unit not in units:
            raise failure(
                400, "BAD_REQUEST", f"{where}.data.unit must be one of {', '.join(units)}"
            )
        return {"type": kind, "data": {"delaySeconds": seconds, "unit": unit}}
    if kind == world.inbox_like_tweet:
        return {"type": STORED_LIKE_TWEET, "data": {}}
    raise failure(
        400, "BAD_REQUEST", f"{where}.type must be message, delay or {world.inbox_like_tweet}"
    )


def _shown(step: dict[str, Any], world: World) -> dict[str, Any]:
    if step["type"] == STORED_LIKE_TWEET:
        return {**step, "type": world.inbox_like_tweet}
    return step


def _check_segment(segment: Any, where: str, known_variables: set[str] | frozenset[str]) -> None:
    if not isinstance(segment, dict):
        raise failure(400, "BAD_REQUEST", f"{where} must be an object")
    kind = segment.get("type")
    if kind == "static" and isinstance(segment.get("text"), str):
        return
    if (
        kind == "variable"
        and isinstance(segment.get("name"), str)
        and isinstance(segment.get("fallback"), str)
    ):
        if segment["name"] not in known_variables:
            raise failure(
                422, "UNPROCESSABLE_ENTITY", f"{where}: unknown variable {segment['name']!r}"
            )
        return
    options = segment.get("options")
    if (
        kind == "variation"
        and isinstance(options, list)
        and options
        and all(isinstance(o, str) and o for o in options)
    ):
        return
    raise failure(
        400, "BAD_REQUEST", f"{where} is not a valid static, variable or variation segment"
    )

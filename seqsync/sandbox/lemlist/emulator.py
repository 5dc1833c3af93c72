"""The lemlist emulator's routes (docs/providers/lemlist.md §2): HTTP Basic with the key
as password, 20 requests per 2 seconds per key, campaigns, their sequences, steps created
at a position, patched and deleted, and email steps' A/B variant B. Each handler
validates a request in full (rules.py) before it changes anything.

State: ``{"campaigns": {id: {...}}, "sequences": {id: {_id, campaignId, level, steps}}}``;
steps keep the wire shape, with variant B under ``b``.
"""

from __future__ import annotations

import base64
import binascii
import random
import time
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from seqsync.sandbox.ids import hashid
from seqsync.sandbox.lemlist import rules
from seqsync.sandbox.lemlist.errors import TOO_MANY, failure
from seqsync.sandbox.lemlist.reads import (
    listed_campaign,
    public_campaign,
    public_sequences,
    variant_b,
    written_step,
)
from seqsync.sandbox.routing import Route, match, route
from seqsync.sandbox.state import Transaction
from seqsync.sandbox.wire import ApiFailure, SandboxRequest, SandboxResponse

LIMIT, WINDOW = 20, 2.0  # requests per seconds, per key, all routes (§1)
MAX_PAGE = 100
STATUSES = frozenset({"running", "draft", "archived", "ended", "paused", "errors"})


class LemlistEmulator:
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
        self.windows: dict[str, deque[float]] = {}
        ab = "/sequences/{sequence_id}/steps/{step_id}/ab-test"
        self.routes: list[Route] = [
            route("GET", "/campaigns", self.list_campaigns),
            route("POST", "/campaigns", self.create_campaign),
            route("GET", "/campaigns/{campaign_id}", self.get_campaign),
            route("GET", "/campaigns/{campaign_id}/sequences", self.get_sequences),
            route("POST", "/campaigns/{campaign_id}/pause", self.pause),
            route("POST", "/campaigns/{campaign_id}/start", self.start),
            route("POST", "/sequences/{sequence_id}/steps", self.create_step),
            route("PATCH", "/sequences/{sequence_id}/steps/{step_id}", self.update_step),
            route("DELETE", "/sequences/{sequence_id}/steps/{step_id}", self.delete_step),
            route("POST", ab, self.start_ab),
            route("GET", ab, self.get_ab),
            route("PATCH", ab, self.update_ab),
            route("DELETE", ab, self.delete_ab),
        ]

    def handle(self, request: SandboxRequest, tx: Transaction) -> SandboxResponse:
        key = _basic_password(request.headers.get("authorization", ""))
        if not key:
            raise failure(400, "No API key provided")
        valid_keys = tx.state.get("valid_keys")
        if valid_keys is not None and key not in valid_keys:
            raise failure(401, "The authentication you supplied is incorrect")
        headers = self._spend(key)
        try:
            if request.body_error:
                raise failure(400, "Match error: body is not valid JSON")
            found = match(self.routes, request)
            if found is None:
                raise failure(405, "Method not allowed")
            handler_route, params = found
            response = handler_route.handler(request, tx, params)
        except ApiFailure as exc:
            exc.response.headers.update(headers)
            raise
        response.headers.update(headers)
        return response

    def _spend(self, key: str) -> dict[str, str]:
        now = self.clock()
        window = self.windows.setdefault(key, deque())
        while window and now - window[0] >= WINDOW:
            window.popleft()
        reset = (window[0] if window else now) + WINDOW
        headers = {
            "X-RateLimit-Limit": str(LIMIT),
            # Documented as a date in words (§1), not unix seconds.
            "X-RateLimit-Reset": datetime.fromtimestamp(reset, UTC).strftime(
                "%a %b %d %Y %H:%M:%S GMT+0000 (Coordinated Universal Time)"
            ),
        }
        if self.rate_limits and len(window) >= LIMIT:
            limited = failure(429, TOO_MANY)
            limited.response.headers.update(
                {**headers, "X-RateLimit-Remaining": "0", "Retry-After": "2"}
            )
            raise limited
        window.append(now)
        return {**headers, "X-RateLimit-Remaining": str(max(0, LIMIT - len(window)))}

    # --- campaigns ---------------------------------------------------------------

    def list_campaigns(
        self, request: SandboxRequest, tx: Transaction, _: dict[str, str]
    ) -> SandboxResponse:
        offset = _int_query(request, "offset", 0)
        limit = _int_query(request, "limit", MAX_PAGE)
        if limit < 1 or limit > MAX_PAGE or offset < 0:
            raise failure(400, f"limit must be 1 to {MAX_PAGE} and offset at least 0")
        rows = sorted(_campaigns(tx).values(), key=lambda c: c["created"])
        if request.query.get("sortOrder") == "desc":
            rows.reverse()
        status = request.query.get("status")
        if status is not None:
            rows = [row for row in rows if row["status"] == status]
        return SandboxResponse(200, [listed_campaign(c) for c in rows[offset : offset + limit]])

    def create_campaign(
        self, request: SandboxRequest, tx: Transaction, _: dict[str, str]
    ) -> SandboxResponse:
        body = _object(request)
        name = body.get("name")
        if not isinstance(name, str) or not name.strip():
            raise failure(400, "name is required")
        counter = tx.state.setdefault("created", 0) + 1
        tx.state["created"] = counter
        campaign_id, sequence_id = f"cam_{hashid(self.rng)}", f"seq_{hashid(self.rng)}"
        campaign = {
            "_id": campaign_id,
            "name": name,
            "status": "draft",
            "createdAt": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "sequenceId": sequence_id,
            "created": counter,
        }
        _campaigns(tx)[campaign_id] = campaign
        _sequences(tx)[sequence_id] = {
            "_id": sequence_id,
            "campaignId": campaign_id,
            "level": 0,
            "steps": [],
        }
        tx.changed = True
        return SandboxResponse(
            200,
            {
                "_id": campaign_id,
                "sequenceId": sequence_id,
                "scheduleIds": [],
                "createdAt": campaign["createdAt"],
                "state": "draft",
                "name": name,
            },
        )

    def get_campaign(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        return SandboxResponse(200, public_campaign(self._campaign(tx, params["campaign_id"])))

    def get_sequences(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        campaign = self._campaign(tx, params["campaign_id"])
        found = [s for s in _sequences(tx).values() if s["campaignId"] == campaign["_id"]]
        if not found:
            raise failure(400, "Campaign has no sequence")
        return SandboxResponse(200, public_sequences(found, request.world))

    def pause(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        return self._set_state(tx, params["campaign_id"], "paused")

    def start(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        return self._set_state(tx, params["campaign_id"], "running")

    def _set_state(self, tx: Transaction, campaign_id: str, state: str) -> SandboxResponse:
        campaign = self._campaign(tx, campaign_id)
        campaign["status"] = state
        tx.changed = True
        return SandboxResponse(200, {"_id": campaign["_id"], "state": state})

    # --- steps -------------------------------------------------------------------

    def create_step(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        sequence = self._sequence(tx, params["sequence_id"])
        body = _object(request)
        step_type = body.get("type")
        if step_type not in rules.STEP_TYPES:
            raise rules.refused("create", "type must be one of the step types")
        steps = sequence["steps"]
        delay = rules.delay_of(body, 0 if not steps else 1, "create")
        fields = rules.checked_fields(str(step_type), body, "create", creating=True)
        if step_type == "sendToAnotherCampaign":
            target = _campaigns(tx).get(str(fields.get("campaignId")))
            if target is None or target["status"] == "archived":
                raise rules.refused("create", "campaignId must be an existing, unarchived campaign")
        position = self._position(body.get("index"), len(steps), request)
        step = {
            "_id": f"stp_{hashid(self.rng)}",
            "type": step_type,
            "delay": delay,
            "emailTemplateId": f"etp_{hashid(self.rng)}",
            **fields,
        }
        steps.insert(position, step)
        tx.changed = True
        return SandboxResponse(200, written_step(step))

    def _position(self, index: Any, count: int, request: SandboxRequest) -> int:
        """Where ``index`` puts a new step: omitted, -1 or past the end appends (§4); its
        base is the world's ``lemlist.insert_base``."""
        if index is None:
            return count
        if not isinstance(index, int) or isinstance(index, bool) or index < -1:
            raise rules.refused("create", "index must be an integer of at least -1")
        if index == -1:
            return count
        base = 1 if request.world.lemlist_insert_base == "one" else 0
        return min(max(index - base, 0), count)

    def update_step(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        step = self._step(tx, params["sequence_id"], params["step_id"])
        body = _object(request)
        if "type" not in body:
            raise rules.refused("update", "type is required")
        if body["type"] != step["type"]:
            raise rules.refused("update", "type cannot be changed")
        if "index" in body:
            raise rules.refused("update", "unknown field index")
        delay = rules.delay_of(body, step["delay"], "update")
        fields = rules.checked_fields(step["type"], body, "update", creating=False)
        step["delay"] = delay
        step.update(fields)  # only what is sent changes; images/videos replace the list
        tx.changed = True
        return SandboxResponse(200, written_step(step))

    def delete_step(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        sequence = _sequences(tx).get(params["sequence_id"])
        if sequence is None:
            raise failure(404, "Sequence not found")
        step = self._step(tx, params["sequence_id"], params["step_id"])
        self._refuse_running(
            tx, sequence, "You cannot delete this step because the campaign is running"
        )
        sequence["steps"].remove(step)
        tx.changed = True
        return SandboxResponse(200, {"ok": True})

    # --- A/B ---------------------------------------------------------------------

    def start_ab(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        sequence = self._sequence(tx, params["sequence_id"])
        step = self._step(tx, params["sequence_id"], params["step_id"])
        if step["type"] != "email":
            raise failure(400, "A/B test is only available on email steps")
        if "b" in step or step.get("abTest") in ("A", "B"):
            raise failure(400, "A/B test already exists on this step")
        self._refuse_running(
            tx, sequence, "You cannot edit this step because the campaign is running"
        )
        step["abTest"] = True
        step["emailTemplateBId"] = f"etp_{hashid(self.rng)}"
        step["b"] = {
            "emailTemplateBId": step["emailTemplateBId"],
            "subject": step.get("subject", ""),
            "message": step.get("message", ""),
        }
        tx.changed = True
        return SandboxResponse(200, variant_b(step))

    def get_ab(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        step = self._step(tx, params["sequence_id"], params["step_id"])
        if "b" not in step:
            raise failure(404, "No A/B test variant on this step")
        return SandboxResponse(200, variant_b(step))

    def update_ab(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        step = self._step(tx, params["sequence_id"], params["step_id"])
        if "b" not in step:
            raise failure(404, "No A/B test variant on this step")
        body = _object(request)
        for key, value in body.items():
            if key in ("subject", "message", "altMessage"):
                if not isinstance(value, str):
                    raise failure(400, f"Match error: Expected string, got {type(value).__name__}")
            elif key == "cc":
                if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                    raise failure(400, "Match error: Expected array of strings")
            elif key == "plainText":
                if not isinstance(value, bool):
                    raise failure(400, "Match error: Expected boolean")
            else:
                raise failure(400, f"Match error: unknown field {key}")
        if len(str(body.get("subject", ""))) > rules.MAX_B_SUBJECT:
            raise failure(400, f"subject must be at most {rules.MAX_B_SUBJECT} characters")
        step["b"].update(body)  # only given fields change (§5)
        tx.changed = True
        return SandboxResponse(200, variant_b(step))

    def delete_ab(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        sequence = self._sequence(tx, params["sequence_id"])
        step = self._step(tx, params["sequence_id"], params["step_id"])
        variant = request.query.get("variant", "B")
        if variant not in ("A", "B"):
            raise failure(400, "variant must be A or B")
        if "b" not in step:
            raise failure(404, "No A/B test variant on this step")
        self._refuse_running(
            tx, sequence, "You cannot edit this step because the campaign is running"
        )
        b = step.pop("b")
        if variant == "A":  # B is promoted to A
            step["subject"], step["message"] = b["subject"], b["message"]
        step.pop("abTest", None)
        step.pop("emailTemplateBId", None)
        tx.changed = True
        return SandboxResponse(200, {"ok": True})

    # --- helpers -----------------------------------------------------------------

    def _refuse_running(self, tx: Transaction, sequence: dict[str, Any], text: str) -> None:
        campaign = _campaigns(tx).get(sequence["campaignId"])
        if campaign is not None and campaign["status"] == "running":
            raise failure(400, text)

    def _campaign(self, tx: Transaction, campaign_id: str) -> dict[str, Any]:
        campaign = _campaigns(tx).get(campaign_id)
        if campaign is None:
            raise failure(404, "Campaign not found")
        return campaign

    def _sequence(self, tx: Transaction, sequence_id: str) -> dict[str, Any]:
        sequence = _sequences(tx).get(sequence_id)
        if sequence is None:
            raise failure(404, "Sequence not found")
        return sequence

    def _step(self, tx: Transaction, sequence_id: str, step_id: str) -> dict[str, Any]:
        sequence = self._sequence(tx, sequence_id)
        step = next((s for s in sequence["steps"] if s["_id"] == step_id), None)
        if step is None:
            raise failure(404, "Step not found")
        found: dict[str, Any] = step
        return found


def _basic_password(header: str) -> str:
    """The password of ``Basic base64(user:password)``; lemlist's user name is empty."""
    if not header.startswith("Basic "):
        return ""
    try:
        decoded = base64.b64decode(header.removeprefix("Basic ").strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return ""
    return decoded.partition(":")[2]


def _object(request: SandboxRequest) -> dict[str, Any]:
    if request.body is None:
        return {}
    if not isinstance(request.body, dict):
        raise failure(400, "Match error: Expected object")
    found: dict[str, Any] = request.body
    return found


def _int_query(request: SandboxRequest, name: str, default: int) -> int:
    text = request.query.get(name)
    if text is None:
        return default
    try:
        return int(text)
    except ValueError:
        raise failure(400, f"{name} must be an integer") from None


def _campaigns(tx: Transaction) -> dict[str, dict[str, Any]]:
    campaigns: dict[str, dict[str, Any]] = tx.state.setdefault("campaigns", {})
    return campaigns


def _sequences(tx: Transaction) -> dict[str, dict[str, Any]]:
    sequences: dict[str, dict[str, Any]] = tx.state.setdefault("sequences", {})
    return sequences

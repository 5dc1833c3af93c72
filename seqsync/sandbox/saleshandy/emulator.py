"""The Saleshandy emulator's routes: each handler validates a request in full
(rules.py) before it changes anything, and answers in Saleshandy's shapes (reads.py).

State: ``{"sequences": {id: {id, title, active, steps: [...]}}}``; steps keep the wire
shape (numeric ``type``, ``absoluteDays``, variants with ``payload``).
"""

from __future__ import annotations

import random
from typing import Any

from seqsync.sandbox.ids import hashid
from seqsync.sandbox.routing import Route, match, route
from seqsync.sandbox.saleshandy import rules
from seqsync.sandbox.saleshandy.errors import error, unrouted
from seqsync.sandbox.saleshandy.reads import listed_sequence, public_step, shown, step_summary
from seqsync.sandbox.saleshandy.rules import EMAIL
from seqsync.sandbox.state import Transaction
from seqsync.sandbox.wire import SandboxRequest, SandboxResponse


class SaleshandyEmulator:
    def __init__(self, rng: random.Random, *, auth_status: int = 400) -> None:
        self.rng = rng
        self.auth_status = auth_status  # documented 400/1001; switchable to 401
        self.routes: list[Route] = [
            route("GET", "/v1/sequences", self.list_sequences),
            route("POST", "/v1/sequences", self.create_sequence),
            route("GET", "/v1/sequences/{sequence_id}/steps", self.get_steps),
            route("GET", "/v1/sequences/{sequence_id}/steps/{step_id}", self.get_variants),
            route("POST", "/v1/sequences/{sequence_id}/steps", self.create_step),
            route("POST", "/v1/sequences/{sequence_id}/steps/{step_id}/variants", self.add_variant),
            route(
                "PATCH",
                "/v1/sequences/{sequence_id}/steps/{step_id}/variants/{variant_id}",
                self.update_variant,
            ),
        ]

    def handle(self, request: SandboxRequest, tx: Transaction) -> SandboxResponse:
        key = request.headers.get("x-api-key", "")
        valid_keys = tx.state.get("valid_keys")
        if not key or (valid_keys is not None and key not in valid_keys):
            raise error(self.auth_status, 1001, "Invalid token")
        if request.method == "GET" and "content-type" in request.headers:
            raise error(406, 4060, "GET requests must not carry Content-Type")
        if request.body_error:
            raise error(400, 4000, "Request body is not valid JSON")
        found = match(self.routes, request)
        if found is None:
            raise unrouted(request)
        handler_route, params = found
        return handler_route.handler(request, tx, params)

    # --- sequences ---------------------------------------------------------------

    def list_sequences(
        self, request: SandboxRequest, tx: Transaction, _: dict[str, str]
    ) -> SandboxResponse:
        page = rules.int_param(request.query, "page", 1, minimum=1)
        size = rules.int_param(request.query, "pageSize", 100, minimum=1)
        if size > 1000:
            raise error(
                400, 4000, "Failed to fetch sequences and their steps: pageSize max is 1000"
            )
        name = request.query.get("sequenceName", "").lower()
        rows = [s for s in _sequences(tx).values() if name in s["title"].lower()]
        sort_key = "title" if request.query.get("sortBy") == "sequence.title" else "created"
        rows.sort(key=lambda s: s.get(sort_key, 0), reverse=request.query.get("sort") == "DESC")
        window = rows[(page - 1) * size : page * size]
        payload = [listed_sequence(s) for s in window]
        return SandboxResponse(
            200, {"message": "Sequences fetched successfully", "payload": payload}
        )

    def create_sequence(
        self, request: SandboxRequest, tx: Transaction, _: dict[str, str]
    ) -> SandboxResponse:
        body = rules.object_body(request)
        title = body.get("title")
        if not isinstance(title, str) or not title.strip():
            raise error(400, 4000, "Failed to create sequence: title is required")
        sequence_id = self._new_id(tx)
        counter = tx.state.setdefault("created", 0) + 1
        tx.state["created"] = counter
        _sequences(tx)[sequence_id] = {
            "id": sequence_id,
            "title": title,
            "active": False,
            "created": counter,
            "steps": [],
        }
        tx.changed = True
        return SandboxResponse(
            201,
            {
                "message": "Sequence created successfully",
                "payload": {"id": sequence_id, "title": title},
            },
        )

    # --- steps -------------------------------------------------------------------

    def get_steps(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        sequence = self._sequence(tx, params["sequence_id"])
        steps = sorted(sequence["steps"], key=lambda s: (s["absoluteDays"], s["number"]))
        return SandboxResponse(
            200,
            {
                "message": "Sequence steps fetched successfully",
                "payload": [public_step(step, request.world) for step in steps],
            },
        )

    def get_variants(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        step = self._step(tx, params["sequence_id"], params["step_id"])
        return SandboxResponse(
            200,
            {
                "message": "Sequence step variants fetched successfully",
                "payload": [shown(v, request.world) for v in step["variants"]],
            },
        )

    def create_step(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        sequence = self._sequence(tx, params["sequence_id"])
        body = rules.object_body(request)
        step_type = rules.channel(body.get("type"), request.world)
        days = rules.required_days(body.get("absoluteDays"))
        variants = body.get("variants")
        if not isinstance(variants, list) or not variants:
            raise error(
                400, 4000, "Failed to create sequence step: variants must be a non-empty array"
            )
        limit = rules.variant_limit(step_type)
        if len(variants) > limit:
            raise error(
                400,
                4000,
                f"Failed to create sequence step: at most {limit} variant(s) for this channel",
            )
        if step_type == EMAIL:
            rules.check_email_day_free(sequence, days, moving_step=None)
        priority = rules.priority(body.get("priority"), request.world)
        checked = [
            rules.checked_variant(step_type, v, request.world, creating=True) for v in variants
        ]
        number = max((s["number"] for s in sequence["steps"]), default=0) + 1
        step = {
            "id": self._new_id(tx),
            "name": f"Step {number}",
            "number": number,
            "type": step_type,
            "absoluteDays": days,
            "priority": priority,
            "variants": [self._stored_variant(tx, step_type, v) for v in checked],
        }
        sequence["steps"].append(step)
        tx.changed = True
        return SandboxResponse(201, step_summary(step, request.world))

    # --- variants ----------------------------------------------------------------

    def add_variant(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        step = self._step(tx, params["sequence_id"], params["step_id"])
        body = rules.object_body(request)
        if rules.channel(body.get("type"), request.world) != step["type"]:
            raise error(400, 4000, "Failed to create variant: type must match the step's channel")
        if "payload" not in body:
            raise error(400, 4000, "Failed to create variant: payload is required")
        limit = rules.variant_limit(step["type"])
        if len(step["variants"]) >= limit:
            raise error(
                400,
                4000,
                f"Failed to create variant: this step already has the maximum of {limit} variant(s)",
            )
        variant = self._stored_variant(
            tx,
            step["type"],
            rules.checked_variant(step["type"], body, request.world, creating=True),
        )
        step["variants"].append(variant)
        tx.changed = True
        return SandboxResponse(
            201,
            {"message": "Variant created successfully", "payload": shown(variant, request.world)},
        )

    def update_variant(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        sequence = self._sequence(tx, params["sequence_id"])
        step = self._step(tx, params["sequence_id"], params["step_id"])
        variant = next((v for v in step["variants"] if v["id"] == params["variant_id"]), None)
        if variant is None:
            raise error(400, 4000, "Failed to update sequence step variant: variant not found")
        body = rules.object_body(request)
        if "type" in body and rules.channel(body["type"], request.world) != step["type"]:
            raise error(
                400, 4000, "Failed to update sequence step variant: type must match the step"
            )
        if "status" in body and body["status"] not in (0, 1):
            raise error(400, 4000, "Failed to update sequence step variant: status must be 0 or 1")
        checked = rules.checked_variant(step["type"], body, request.world, creating=False)
        days = rules.days(body.get("absoluteDays"), required=False)
        if days is not None and step["type"] == EMAIL and days != step["absoluteDays"]:
            rules.check_email_day_free(sequence, days, moving_step=step)
        priority = (
            rules.priority(body.get("priority"), request.world) if "priority" in body else None
        )
        # Validated in full: now apply. PATCH is partial; attachmentIds replaces the list.
        for key in ("payload", "taskNote", "attachmentIds"):
            if key in checked:
                variant[key] = checked[key]
        if "status" in body:
            variant["status"] = body["status"]
            variant["stepStatus"] = body["status"]
        if days is not None:
            step["absoluteDays"] = days  # ASSUMPTION: a variant's day moves its (single-day) step
        if priority is not None:
            step["priority"] = priority
        tx.changed = True
        return SandboxResponse(
            200, {"message": "Sequence step variant updated successfully", "payload": 1}
        )

    # --- helpers -----------------------------------------------------------------

    def _new_id(self, tx: Transaction) -> str:
        return hashid(self.rng)  # 62**10 values: a collision is not a practical concern

    def _stored_variant(
        self, tx: Transaction, step_type: int, checked: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "id": self._new_id(tx),
            "type": step_type,
            "payload": checked.get("payload", {}),
            "status": 1,
            "stepStatus": 1,
            "executionType": 1 if step_type == EMAIL else 2,
            "taskNote": checked.get("taskNote"),
            "attachmentIds": checked.get("attachmentIds", []),
        }

    def _sequence(self, tx: Transaction, sequence_id: str) -> dict[str, Any]:
        sequence = _sequences(tx).get(sequence_id)
        if sequence is None:
            raise error(400, 40100, "Sequence not found")
        return sequence

    def _step(self, tx: Transaction, sequence_id: str, step_id: str) -> dict[str, Any]:
        sequence = self._sequence(tx, sequence_id)
        step = next((s for s in sequence["steps"] if s["id"] == step_id), None)
        if step is None:
            raise error(400, 4000, "Failed to fetch sequence step: step not found")
        found: dict[str, Any] = step
        return found


def _sequences(tx: Transaction) -> dict[str, dict[str, Any]]:
    sequences: dict[str, dict[str, Any]] = tx.state.setdefault("sequences", {})
    return sequences

"""The Supaglue engagement v2 emulator's routes, with Apollo, Outreach and Salesloft
behind it (docs/providers/supaglue.md §10): each handler checks a request in full
(rules.py) before it stores anything (store.py), and answers in Supaglue's shapes
(reads.py).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from seqsync.sandbox.routing import Route, match, route
from seqsync.sandbox.state import Transaction
from seqsync.sandbox.supaglue.errors import failure, unknown_sequence, unrouted, validation_failure
from seqsync.sandbox.supaglue.reads import page, public_sequence
from seqsync.sandbox.supaglue.rules import check_custom_fields, checked_step, record_of
from seqsync.sandbox.supaglue.salesloft import imported_groups
from seqsync.sandbox.supaglue.store import engine_state, new_id, stored_step
from seqsync.sandbox.wire import SandboxRequest, SandboxResponse


class SupaglueEmulator:
    def __init__(self, rng: random.Random, clock: Any = None) -> None:
        self.rng = rng
        self.now = clock or (lambda: dt.datetime.now(dt.UTC))
        self.routes: list[Route] = [
            route("GET", "/sequences", self.list_sequences),
            route("POST", "/sequences", self.create_sequence),
            route("GET", "/sequences/{sequence_id}", self.get_sequence),
            route("POST", "/sequences/{sequence_id}/sequence_steps", self.create_step),
            route("PATCH", "/sequences/{sequence_id}/sequence_steps/{step_id}", self.update_step),
        ]

    def handle(self, request: SandboxRequest, tx: Transaction) -> SandboxResponse:
        key = request.headers.get("x-api-key")
        if not key:
            raise failure(401, "UNAUTHORIZED_ERROR", "x-api-key header must be set")
        valid_keys = tx.state.get("valid_keys")
        if valid_keys is not None and key not in valid_keys:
            raise failure(401, "UNAUTHORIZED_ERROR", "Can't find application by api key")
        customer = request.headers.get("x-customer-id")
        engine = request.headers.get("x-provider-name")
        if not customer or not engine:
            raise failure(
                401, "UNAUTHORIZED_ERROR", "x-customer-id and x-provider-name headers must be set"
            )
        if engine not in tx.state.get("connections", {}).get(customer, []):
            # packages/core/services/connection_service.ts,
            # getSafeByCustomerIdAndApplicationIdAndProviderName: a NotFoundError (404).
            raise failure(
                404,
                "NOT_FOUND_ERROR",
                f"Connection not found for customer: {customer} and application: "
                f"seqsync-sandbox and provider: {engine}",
            )
        if request.body_error:
            raise validation_failure("/body", "request body is not valid JSON")
        found = match(self.routes, request)
        if found is None:
            raise unrouted(self.routes, request)
        handler_route, params = found
        params = {**params, "engine": engine}
        return handler_route.handler(request, tx, params)

    # --- sequences ---------------------------------------------------------------

    def list_sequences(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        raw_size = request.query.get("page_size", "100")
        if not raw_size.isdigit() or not 1 <= int(raw_size) <= 1000:
            raise validation_failure(
                "/query/page_size", "page_size must be a number from 1 to 1000"
            )
        size = int(raw_size)
        ordered = sorted(
            engine_state(tx, params["engine"])["sequences"].values(), key=lambda s: s["created"]
        )
        window, pagination = page(ordered, request.query.get("cursor"), size)
        return SandboxResponse(
            200,
            {
                "pagination": pagination,
                "records": [
                    public_sequence(
                        tx, self.now().isoformat(), params["engine"], s, with_steps=False
                    )
                    for s in window
                ],
            },
        )

    def get_sequence(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        sequence = self._sequence(tx, params, request)
        public = public_sequence(
            tx,
            self.now().isoformat(),
            params["engine"],
            sequence,
            with_steps=True,
            world=request.world,
        )
        if request.query.get("include_raw_data") == "true":
            # What the engine was given beyond Supaglue's own fields: the step's custom
            # fields as they reached it (the rest of the engine's record is not emulated).
            stored = {step["id"]: step for step in sequence["steps"]}
            for step in public["steps"]:
                step["raw_data"] = dict(stored.get(step.get("id"), {}).get("custom_fields") or {})
        return SandboxResponse(200, public)

    def create_sequence(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        record = record_of(request)
        name, share_type = record.get("name"), record.get("type")
        if not isinstance(name, str):
            raise validation_failure("/body/record/name", "must have required property 'name'")
        if share_type not in ("team", "private"):
            raise validation_failure(
                "/body/record/type", "must be equal to one of the allowed values: team, private"
            )
        steps = record.get("steps") or []
        if not isinstance(steps, list):
            raise validation_failure("/body/record/steps", "must be array")
        engine = params["engine"]
        checked = [
            checked_step(
                engine, step, f"/body/record/steps/{i}", request.world, in_sequence_create=True
            )
            for i, step in enumerate(steps)
        ]
        sequence_id = new_id(self.rng, engine)
        state = engine_state(tx, engine)
        counter = state.setdefault("counter", 0) + 1
        state["counter"] = counter
        now = self.now().isoformat()
        sequence = {
            "id": sequence_id,
            "name": name,
            "share_type": share_type,
            "tags": [str(t) for t in record.get("tags") or []],
            "owner_id": record.get("owner_id"),
            "is_enabled": False,
            "created": counter,
            "created_at": now,
            "updated_at": now,
            "steps": [],
        }
        state["sequences"][sequence_id] = sequence
        if engine == "salesloft":
            # Supaglue's Salesloft mapper numbers the steps itself
            # (toSalesloftCadenceImportParams passes order: index + 1).
            checked = [{**step, "order": n} for n, step in enumerate(checked, start=1)]
        # Apollo creates the steps serially by position, Outreach all at once
        # (Promise.all, outreach/index.ts createSequence) with order index + 1: the
        # `creation` world lets them land in any order; they are listed by order anyway.
        creating = list(range(len(checked)))
        if engine == "outreach" and request.world.outreach_read_order == "creation":
            self.rng.shuffle(creating)
        made = {
            i: stored_step(tx, self.rng, self.now().isoformat(), engine, checked[i], request.world)
            for i in creating
        }
        sequence["steps"].extend(made[i] for i in range(len(checked)))
        tx.changed = True
        return SandboxResponse(201, {"record": {"id": sequence_id}})

    # --- steps -------------------------------------------------------------------

    def create_step(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        engine = params["engine"]
        sequence = self._sequence(tx, params, request)
        step = checked_step(engine, record_of(request), "/body/record", request.world)
        if engine == "salesloft" and sequence["steps"]:
            # ASSUMPTION (docs/providers/supaglue.md §7): Salesloft's import into a
            # non-empty cadence fails remotely; Supaglue reports other remote 4xx as 499.
            raise failure(
                499,
                "REMOTE_PROVIDER_ERROR",
                "Salesloft cadence import only works on a cadence with no steps",
                origin="remote-provider",
                inner=422,
            )
        stored = stored_step(tx, self.rng, self.now().isoformat(), engine, step, request.world)
        order = step.get("order")
        if engine == "salesloft":
            groups = (step.get("custom_fields") or {}).get("step_groups")
            if isinstance(groups, list):
                # toSalesloftCadenceStepImportParams spreads customFields into
                # cadence_content after its own one group: step_groups given there are
                # what Salesloft imports (packages/core/remotes/impl/salesloft/mappers.ts).
                sequence["steps"].extend(
                    imported_groups(
                        groups,
                        engine_state(tx, "salesloft")["templates"],
                        lambda: new_id(self.rng, "salesloft"),
                        self.now().isoformat(),
                        request.world,
                    )
                )
            else:
                sequence["steps"].append(stored)
            created_id = sequence["id"]  # the cadence import returns the cadence id
        else:
            # Apollo inserts at `position` (order, default 1); Outreach orders by `order`
            # (default 0, i.e. first). Either way a step without order lands at the front.
            index = max(int(order) if isinstance(order, int | float) else 1, 1) - 1
            sequence["steps"].insert(min(index, len(sequence["steps"])), stored)
            created_id = stored["id"]
        sequence["updated_at"] = self.now().isoformat()
        tx.changed = True
        return SandboxResponse(201, {"record": {"id": created_id}})

    def update_step(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        engine = params["engine"]
        if engine == "salesloft":
            raise failure(
                400, "BAD_REQUEST", "Update not supported for common object sequence_step"
            )
        sequence = self._sequence(tx, params, request)
        record = record_of(request)
        step = next((s for s in sequence["steps"] if s["id"] == params["step_id"]), None)
        if step is None or step.get("template_id") is None:
            # Each engine's updateCommonObjectRecord throws a NotFoundError (404).
            raise failure(
                404,
                "NOT_FOUND_ERROR",
                f"Unable to find sequence step touch/template {params['step_id']} in Apollo"
                if engine == "apollo"
                else f"Sequence step {params['step_id']} does not have a template",
            )
        check_custom_fields(
            engine, record.get("custom_fields"), request.world, "PUT /v1/emailer_touches"
        )
        template = record.get("template") or {}
        if not isinstance(template, dict):
            raise validation_failure("/body/record/template", "must be object")
        for key in ("subject", "body"):
            if key in template and not isinstance(template[key], str):
                raise validation_failure(f"/body/record/template/{key}", "must be string")
        # Outreach patches the shared template itself: every step using it changes.
        stored = engine_state(tx, engine)["templates"][step["template_id"]]
        stored.update({key: template[key] for key in ("subject", "body") if key in template})
        sequence["updated_at"] = self.now().isoformat()
        tx.changed = True
        return SandboxResponse(200, {})

    # --- helpers ---------------------------------------------------------------

    def _sequence(
        self, tx: Transaction, params: dict[str, str], request: SandboxRequest
    ) -> dict[str, Any]:
        sequence = engine_state(tx, params["engine"])["sequences"].get(params["sequence_id"])
        if sequence is None:
            raise unknown_sequence(
                params["engine"], params["sequence_id"], request.method, request.world
            )
        sequence_record: dict[str, Any] = sequence
        return sequence_record

"""The Supaglue engagement v2 emulator, with Apollo, Outreach and Salesloft behind it
(providers.md 2.7, "What a faithful Supaglue fake must enforce").

State per engine: ``{"sequences": {id: ...}, "templates": {id: {subject, body, name}}}``.
Steps keep the delay *as written* (relative seconds) and a template id; every engine
quirk is applied when reading back, as Supaglue's mappers do.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import random
import re
from typing import Any

from seqsync.sandbox.ids import numeric_id
from seqsync.sandbox.routing import Route, match, route
from seqsync.sandbox.state import Transaction
from seqsync.sandbox.supaglue_rules import (
    DAY,
    check_custom_fields,
    check_salesloft,
    check_template,
    failure,
    unknown_sequence,
    validation_failure,
)
from seqsync.sandbox.supaglue_salesloft import imported_groups, salesloft_stored
from seqsync.sandbox.wire import ApiFailure, SandboxRequest, SandboxResponse
from seqsync.sandbox.worlds import World

STEP_TYPES = ("auto_email", "manual_email", "call", "task", "linkedin_send_message")
# Apollo makes a touch (and so a template) only for the steps that send something: a call
# or an action item has none (apollo/index.ts createSequenceStep: "if (r.emailer_touch &&
# r.emailer_template)"). Whether it keeps one anyway is the `apollo.call_template` world.
APOLLO_UNTEMPLATED = frozenset({"call", "task"})


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
            raise _unrouted(self.routes, request)
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
            _engine(tx, params["engine"])["sequences"].values(), key=lambda s: s["created"]
        )
        start = 0
        cursor = request.query.get("cursor")
        if cursor:
            try:
                position = json.loads(base64.b64decode(cursor))
                start = next(i for i, s in enumerate(ordered) if s["id"] == position["id"])
            except (ValueError, KeyError, StopIteration, TypeError):
                raise failure(400, "BAD_REQUEST", "Invalid cursor") from None
        window = ordered[start : start + size]
        following = ordered[start + size] if start + size < len(ordered) else None
        previous = ordered[max(0, start - size)] if start > 0 else None
        return SandboxResponse(
            200,
            {
                "pagination": {
                    "next": _cursor(following["id"], False) if following else None,
                    "previous": _cursor(previous["id"], True) if previous else None,
                    "total_count": len(ordered),
                },
                "records": [
                    self._public_sequence(tx, params["engine"], s, with_steps=False) for s in window
                ],
            },
        )

    def get_sequence(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        sequence = self._sequence(tx, params, request)
        public = self._public_sequence(
            tx, params["engine"], sequence, with_steps=True, world=request.world
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
        record = _record(request)
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
            self._checked_step(
                engine, step, f"/body/record/steps/{i}", request.world, in_sequence_create=True
            )
            for i, step in enumerate(steps)
        ]
        sequence_id = self._new_id(engine)
        state = _engine(tx, engine)
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
        made = {i: self._stored_step(tx, engine, checked[i], request.world) for i in creating}
        sequence["steps"].extend(made[i] for i in range(len(checked)))
        tx.changed = True
        return SandboxResponse(201, {"record": {"id": sequence_id}})

    # --- steps -------------------------------------------------------------------

    def create_step(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        engine = params["engine"]
        sequence = self._sequence(tx, params, request)
        step = self._checked_step(engine, _record(request), "/body/record", request.world)
        if engine == "salesloft" and sequence["steps"]:
            # ASSUMPTION (providers.md 5.10): Salesloft's import into a non-empty cadence
            # fails remotely; Supaglue reports other remote 4xx as 499.
            raise failure(
                499,
                "REMOTE_PROVIDER_ERROR",
                "Salesloft cadence import only works on a cadence with no steps",
                origin="remote-provider",
                inner=422,
            )
        stored = self._stored_step(tx, engine, step, request.world)
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
                        _engine(tx, "salesloft")["templates"],
                        lambda: self._new_id("salesloft"),
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
        record = _record(request)
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
        stored = _engine(tx, engine)["templates"][step["template_id"]]
        stored.update({key: template[key] for key in ("subject", "body") if key in template})
        sequence["updated_at"] = self.now().isoformat()
        tx.changed = True
        return SandboxResponse(200, {})

    # --- validation and storage --------------------------------------------------

    def _checked_step(
        self,
        engine: str,
        record: Any,
        pointer: str,
        world: World,
        *,
        in_sequence_create: bool = False,
    ) -> dict[str, Any]:
        if not isinstance(record, dict):
            raise validation_failure(pointer, "must be object")
        step_type = record.get("type")
        if step_type not in STEP_TYPES:
            raise validation_failure(
                f"{pointer}/type",
                f"must be equal to one of the allowed values: {', '.join(STEP_TYPES)}",
            )
        interval = record.get("interval_seconds", 0)
        if not isinstance(interval, int | float) or isinstance(interval, bool) or interval < 0:
            raise validation_failure(f"{pointer}/interval_seconds", "must be number")
        date = record.get("date")
        if date is not None and not isinstance(date, str):
            raise validation_failure(f"{pointer}/date", "must be string")
        template = record.get("template")
        if template is not None:
            check_template(template, f"{pointer}/template")
        if engine == "salesloft":
            check_salesloft(step_type, interval, date, template)
        if engine == "outreach" and template is None:
            # Supaglue's Outreach create dereferences the template (providers.md 2.4).
            raise failure(
                500, "INTERNAL_SERVER_ERROR", "Cannot read properties of undefined (reading 'id')"
            )
        custom_fields = record.get("custom_fields")
        if in_sequence_create and world.supaglue_custom_fields == "camelcased":
            # The create route camelCases the whole record deeply except its own top-level
            # custom_fields (apps/api/routes/engagement/v2/sequence.ts,
            # camelcaseKeysSansCustomFields): each step's custom_fields are inside it.
            custom_fields = camelcased(custom_fields)
        check_custom_fields(engine, custom_fields, world)
        return {**record, "interval_seconds": int(interval), "custom_fields": custom_fields}

    def _stored_step(
        self, tx: Transaction, engine: str, step: dict[str, Any], world: World
    ) -> dict[str, Any]:
        template = step.get("template")
        state = _engine(tx, engine)
        templates = state["templates"]
        template_id = None
        if (
            engine == "apollo"
            and step["type"] in APOLLO_UNTEMPLATED
            and world.apollo_call_template == "none"
        ):
            template = None  # no touch to put it on: taken, and dropped
        if isinstance(template, dict) and "id" in template and "subject" not in template:
            template_id = str(template["id"])
            if template_id not in templates:
                raise failure(404, "NOT_FOUND_ERROR", f"Template {template_id} not found")
        elif isinstance(template, dict):
            template_id = self._new_id(engine)
            templates[template_id] = {
                "subject": template["subject"],
                "body": template["body"],
                "name": template.get("name"),
            }
        now = self.now().isoformat()
        # The creation order, for engines that list steps unsorted (outreach.read_order).
        state["step_counter"] = state.get("step_counter", 0) + 1
        stored = {
            "id": self._new_id(engine),
            "created": state["step_counter"],
            "type": step["type"],
            "interval": step["interval_seconds"] if step.get("date") is None else None,
            "date": step.get("date"),
            "template_id": template_id,
            "task_note": step.get("task_note"),
            "is_reply": bool(step.get("is_reply")),
            "name": step.get("name"),
            "automated": step["type"] != "manual_email",
            "created_at": now,
            "custom_fields": step.get("custom_fields"),
        }
        if engine == "salesloft":
            stored.update(salesloft_stored(step))
        return stored

    def _public_sequence(
        self,
        tx: Transaction,
        engine: str,
        sequence: dict[str, Any],
        *,
        with_steps: bool,
        world: World | None = None,
    ) -> dict[str, Any]:
        now = self.now().isoformat()
        public: dict[str, Any] = {
            "id": sequence["id"],
            "owner_id": sequence.get("owner_id"),
            "name": sequence["name"],
            "is_enabled": sequence.get("is_enabled", False),
            "tags": list(sequence.get("tags") or []),
            "num_steps": len(sequence["steps"]),
            "metrics": {},
            "created_at": sequence["created_at"],
            "updated_at": None if engine == "apollo" else sequence["updated_at"],
            "last_modified_at": now if engine == "apollo" else sequence["updated_at"],
            "is_archived": False,
            "share_type": sequence.get("share_type"),
        }
        if with_steps:
            public["steps"] = self._public_steps(tx, engine, sequence, world or World())
        return public

    def _public_steps(
        self, tx: Transaction, engine: str, sequence: dict[str, Any], world: World
    ) -> list[dict[str, Any]]:
        templates = _engine(tx, engine)["templates"]
        steps: list[dict[str, Any]] = []
        running = 0
        listed = sequence["steps"]
        if engine == "outreach" and world.outreach_read_order == "creation":
            # GET /sequenceSteps?filter[sequence][id]=… with no sort (outreach/index.ts
            # getCommonObjectRecord): in the order Outreach made them. Steps stored before
            # creation was counted keep their place, first.
            listed = sorted(listed, key=lambda s: s.get("created", 0))
        for step in listed:
            template = templates.get(step["template_id"]) if step["template_id"] else None
            if engine == "outreach" and template is None:
                raise failure(
                    500,
                    "INTERNAL_SERVER_ERROR",
                    "Cannot read properties of undefined (reading 'template')",
                )
            public: dict[str, Any] = {
                "id": step["id"],
                "type": step["type"],
                "sequence_id": sequence["id"],
                "created_at": step["created_at"],
                "updated_at": step["created_at"],
                "last_modified_at": step["created_at"],
                "is_deleted": False,
            }
            if step.get("task_note") is not None:
                public["task_note"] = step["task_note"]
            if step.get("date") is not None:
                public["date"] = step["date"]
            if engine == "apollo":
                # Apollo's exact_datetime is a full timestamp, set even on the first step of
                # an interval sequence (Supaglue's captured Apollo response:
                # packages/core/remotes/impl/apollo/examples/emailer-campaign-response.example.json).
                if step.get("date") is not None:
                    public["date"] = f"{step['date']}T00:00:00.000+00:00"
                elif not steps and not step.get("interval"):
                    public["date"] = step["created_at"].replace("+00:00", ".000+00:00")
            interval = step.get("interval")
            if interval is not None:
                running += interval
                if engine == "apollo":
                    public["interval_seconds"] = running  # Supaglue's cumulative quirk
                elif engine == "outreach":
                    public["interval_seconds"] = interval
                elif step["type"] in ("auto_email", "manual_email", "call"):
                    days, minutes = divmod(running, DAY)
                    public["interval_seconds"] = days * DAY + (minutes // 60) * 60
            if template is not None:
                body = template["body"]
                if engine == "apollo" and world.apollo_body == "document":
                    # Supaglue's captured Apollo campaign (apollo/examples/
                    # emailer-campaign-response.example.json) has body_html as a document.
                    body = f"<html><head></head><body>{body}</body></html>"
                public["template"] = {
                    "id": step["template_id"],
                    "subject": template["subject"],
                    "body": body,
                    **({"name": template["name"]} if template.get("name") else {}),
                }
            elif engine == "apollo":
                # Supaglue's Apollo mapper builds a template for every step, with empty
                # subject and body when the step has none (apollo/index.ts, getSequence).
                public["template"] = {"subject": "", "body": ""}
            if engine == "salesloft":
                # fromSalesloftCadenceStepToSequenceStep: the export carries no step ids;
                # an email reads back with no task note, a step that is neither Email nor
                # Phone as a "task" with its instructions (and, above, no offset).
                del public["id"]
                if step.get("name"):
                    public["name"] = step["name"]
                if step["type"] in ("auto_email", "manual_email"):
                    public.pop("task_note", None)
                elif step["type"] != "call":
                    public["type"] = "task"
            steps.append(public)
        return steps

    def _sequence(
        self, tx: Transaction, params: dict[str, str], request: SandboxRequest
    ) -> dict[str, Any]:
        sequence = _engine(tx, params["engine"])["sequences"].get(params["sequence_id"])
        if sequence is None:
            raise unknown_sequence(
                params["engine"], params["sequence_id"], request.method, request.world
            )
        sequence_record: dict[str, Any] = sequence
        return sequence_record

    def _new_id(self, engine: str) -> str:
        if engine == "apollo":
            return "".join(self.rng.choice("0123456789abcdef") for _ in range(24))
        return numeric_id(self.rng)


def _unrouted(routes: list[Route], request: SandboxRequest) -> ApiFailure:
    """What Supaglue's request validator answers before any route runs
    (apps/api/middleware/openapi.ts, express-openapi-validator): a path the spec has with
    a method it lacks (PATCH /sequences/{id}, any DELETE) is 405, an unknown path 404."""
    known_path = any(candidate.pattern.match(request.path) for candidate in routes)
    status, message = (
        (405, f"{request.method} method not allowed") if known_path else (404, "not found")
    )
    return ApiFailure(
        SandboxResponse(
            status,
            {
                "errors": [
                    {
                        "title": message,
                        "detail": message,
                        "source": {"pointer": request.path},
                        "problem_type": "VALIDATION_ERROR",
                    }
                ]
            },
        )
    )


def _engine(tx: Transaction, engine: str) -> dict[str, Any]:
    engines: dict[str, Any] = tx.state.setdefault("engines", {})
    state: dict[str, Any] = engines.setdefault(engine, {"sequences": {}, "templates": {}})
    return state


def _record(request: SandboxRequest) -> dict[str, Any]:
    if not isinstance(request.body, dict) or not isinstance(request.body.get("record"), dict):
        raise validation_failure("/body/record", "must have required property 'record'")
    record: dict[str, Any] = request.body["record"]
    return record


def camelcased(value: Any) -> Any:
    """Object keys camelCased at every depth, as the camelcase-keys package does for
    snake_case and kebab-case keys (``cadence_step_groups`` -> ``cadenceStepGroups``)."""
    if isinstance(value, list):
        return [camelcased(item) for item in value]
    if isinstance(value, dict):
        return {_camel(str(key)): camelcased(item) for key, item in value.items()}
    return value


def _camel(key: str) -> str:
    words = [word for word in re.split(r"[_\-\s.]+", key) if word]
    if not words:
        return key
    first, rest = words[0], words[1:]
    return first[:1].lower() + first[1:] + "".join(w[:1].upper() + w[1:].lower() for w in rest)


def _cursor(sequence_id: str, reverse: bool) -> str:
    return base64.b64encode(json.dumps({"id": sequence_id, "reverse": reverse}).encode()).decode()

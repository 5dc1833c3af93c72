"""The Saleshandy Open API emulator (providers.md 1.8, "What a faithful fake must enforce").

State: ``{"sequences": {id: {id, title, active, steps: [...]}}}``; steps keep the wire
shape (numeric ``type``, ``absoluteDays``, variants with ``payload``). Errors use the
NestJS-style body that providers.md 1.6 proposes (ASSUMPTION).
"""

from __future__ import annotations

import random
from typing import Any

from seqsync.sandbox.ids import hashid
from seqsync.sandbox.routing import Route, match, route
from seqsync.sandbox.state import Transaction
from seqsync.sandbox.wire import ApiFailure, SandboxRequest, SandboxResponse
from seqsync.sandbox.worlds import World

# The emulator keeps its own tables, written from providers.md and the seeds, never
# imported from the client: a wrong guess in the client must fail here, not be mirrored.

EMAIL = 1
# providers.md 1.3 (seed 002, createVariant): the 15 documented channel codes by the enum
# names the docs list beside them. The step docs spell code 6 "LinkedInPostInteration"
# and the variant docs "LinkedInPostInteraction": the sources disagree, so both are taken.
CHANNEL_CODES_BY_NAME: dict[str, int] = {
    "Email": 1,
    "LinkedInConnectionRequest": 2,
    "LinkedInMessage": 3,
    "LinkedInInMail": 4,
    "LinkedInViewProfile": 5,
    "LinkedInPostInteration": 6,
    "LinkedInPostInteraction": 6,
    "Custom": 9,
    "CallIntroduction": 11,
    "CallDemo": 12,
    "CallFollowUp": 13,
    "CallReminder": 14,
    "CallOther": 15,
    "WhatsappMessage": 16,
    "WhatsappVoiceMessage": 17,
    "WhatsappVoiceCall": 18,
}
CHANNEL_CODES = frozenset(CHANNEL_CODES_BY_NAME.values())  # 7, 8 and 10 are undocumented
# A read in the `names` world spells each code one way: for 6, the step page's spelling.
CHANNEL_NAMES: dict[int, str] = {
    code: name for name, code in reversed(CHANNEL_CODES_BY_NAME.items())
}
MAX_EMAIL_VARIANTS = 26  # providers.md 1.5 rule 3: Email steps take 1–26 variants (A…Z)
MAX_TASK_NOTE = 3000  # providers.md 1.5 rule 6 (seed: update-variant, taskNote ≤ 3000)
# Payload keys each channel code takes: (required, optional).
PAYLOAD_SHAPES: dict[int, tuple[set[str], set[str]]] = {
    1: ({"subject", "content"}, {"preheader"}),
    2: (set(), {"connectionNote"}),
    3: ({"message"}, set()),
    4: ({"subject", "message"}, set()),
    9: (set(), {"title", "action"}),
    16: (set(), {"message"}),
}
PRIORITY_CODES_BY_NAME: dict[str, int] = {"Urgent": 1, "High": 2, "Normal": 3, "Low": 4}
PRIORITY_CODES = frozenset(PRIORITY_CODES_BY_NAME.values())  # seed 000: 1=Urgent … 4=Low
# The payload keys only Saleshandy's generated schema lists (the docs say `{}` for these
# channels): what the `saleshandy.payloads` world decides. WhatsApp voice message and
# call (17, 18) take no keys in any world: neither source gives them one.
CONTESTED_PAYLOAD_KEYS: dict[int, frozenset[str]] = {
    9: frozenset({"title", "action"}),
    16: frozenset({"message"}),
}


def error(status: int, code: int, message: str) -> ApiFailure:
    names = {400: "Bad Request", 404: "Not Found", 406: "Not Acceptable", 401: "Unauthorized"}
    return ApiFailure(
        SandboxResponse(
            status,
            {
                "statusCode": status,
                "message": f"{code}: {message}",
                "error": names.get(status, "Error"),
                "errorCode": code,
            },
        )
    )


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
            raise ApiFailure(
                SandboxResponse(
                    404,
                    {
                        "statusCode": 404,
                        "message": f"Cannot {request.method} {request.path}",
                        "error": "Not Found",
                    },
                )
            )
        handler_route, params = found
        return handler_route.handler(request, tx, params)

    # --- sequences ---------------------------------------------------------------

    def list_sequences(
        self, request: SandboxRequest, tx: Transaction, _: dict[str, str]
    ) -> SandboxResponse:
        page = _int_param(request.query, "page", 1, minimum=1)
        size = _int_param(request.query, "pageSize", 100, minimum=1)
        if size > 1000:
            raise error(
                400, 4000, "Failed to fetch sequences and their steps: pageSize max is 1000"
            )
        name = request.query.get("sequenceName", "").lower()
        rows = [s for s in _sequences(tx).values() if name in s["title"].lower()]
        sort_key = "title" if request.query.get("sortBy") == "sequence.title" else "created"
        rows.sort(key=lambda s: s.get(sort_key, 0), reverse=request.query.get("sort") == "DESC")
        window = rows[(page - 1) * size : page * size]
        payload = [
            {
                "id": s["id"],
                "title": s["title"],
                "active": s.get("active", False),
                "steps": [{"id": step["id"], "name": step["name"]} for step in s["steps"]],
                "client": None,
                "user": {
                    "id": 1,
                    "firstName": "Sandbox",
                    "lastName": "User",
                    "email": "sandbox@example.com",
                },
            }
            for s in window
        ]
        return SandboxResponse(
            200, {"message": "Sequences fetched successfully", "payload": payload}
        )

    def create_sequence(
        self, request: SandboxRequest, tx: Transaction, _: dict[str, str]
    ) -> SandboxResponse:
        body = _object_body(request)
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
                "payload": [_public_step(step, request.world) for step in steps],
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
                "payload": [_shown(v, request.world) for v in step["variants"]],
            },
        )

    def create_step(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        sequence = self._sequence(tx, params["sequence_id"])
        body = _object_body(request)
        step_type = _channel(body.get("type"), request.world)
        days = _required_days(body.get("absoluteDays"))
        variants = body.get("variants")
        if not isinstance(variants, list) or not variants:
            raise error(
                400, 4000, "Failed to create sequence step: variants must be a non-empty array"
            )
        limit = MAX_EMAIL_VARIANTS if step_type == EMAIL else 1
        if len(variants) > limit:
            raise error(
                400,
                4000,
                f"Failed to create sequence step: at most {limit} variant(s) for this channel",
            )
        if step_type == EMAIL:
            _check_email_day_free(sequence, days, moving_step=None)
        priority = _priority(body.get("priority"), request.world)
        checked = [_checked_variant(step_type, v, request.world, creating=True) for v in variants]
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
        return SandboxResponse(201, _step_summary(step, request.world))

    # --- variants ----------------------------------------------------------------

    def add_variant(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        step = self._step(tx, params["sequence_id"], params["step_id"])
        body = _object_body(request)
        if _channel(body.get("type"), request.world) != step["type"]:
            raise error(400, 4000, "Failed to create variant: type must match the step's channel")
        if "payload" not in body:
            raise error(400, 4000, "Failed to create variant: payload is required")
        limit = MAX_EMAIL_VARIANTS if step["type"] == EMAIL else 1
        if len(step["variants"]) >= limit:
            raise error(
                400,
                4000,
                f"Failed to create variant: this step already has the maximum of {limit} variant(s)",
            )
        variant = self._stored_variant(
            tx, step["type"], _checked_variant(step["type"], body, request.world, creating=True)
        )
        step["variants"].append(variant)
        tx.changed = True
        return SandboxResponse(
            201,
            {"message": "Variant created successfully", "payload": _shown(variant, request.world)},
        )

    def update_variant(
        self, request: SandboxRequest, tx: Transaction, params: dict[str, str]
    ) -> SandboxResponse:
        sequence = self._sequence(tx, params["sequence_id"])
        step = self._step(tx, params["sequence_id"], params["step_id"])
        variant = next((v for v in step["variants"] if v["id"] == params["variant_id"]), None)
        if variant is None:
            raise error(400, 4000, "Failed to update sequence step variant: variant not found")
        body = _object_body(request)
        if "type" in body and _channel(body["type"], request.world) != step["type"]:
            raise error(
                400, 4000, "Failed to update sequence step variant: type must match the step"
            )
        if "status" in body and body["status"] not in (0, 1):
            raise error(400, 4000, "Failed to update sequence step variant: status must be 0 or 1")
        checked = _checked_variant(step["type"], body, request.world, creating=False)
        days = _days(body.get("absoluteDays"), required=False)
        if days is not None and step["type"] == EMAIL and days != step["absoluteDays"]:
            _check_email_day_free(sequence, days, moving_step=step)
        priority = _priority(body.get("priority"), request.world) if "priority" in body else None
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


def _public_step(step: dict[str, Any], world: World) -> dict[str, Any]:
    return {
        **_step_summary(step, world),
        "variants": [_shown(v, world) for v in step["variants"]],
    }


def _step_summary(step: dict[str, Any], world: World) -> dict[str, Any]:
    return _shown(
        {key: step[key] for key in ("id", "name", "number", "type", "absoluteDays")}, world
    )


def _shown(record: dict[str, Any], world: World) -> dict[str, Any]:
    """A copy of a stored step or variant as a read returns it: the channel code is
    stored, and read back as its name only in the `names` world."""
    shown = dict(record)
    if world.saleshandy_enums == "names" and "type" in shown:
        shown["type"] = CHANNEL_NAMES[shown["type"]]
    return shown


def _object_body(request: SandboxRequest) -> dict[str, Any]:
    if not isinstance(request.body, dict):
        raise error(400, 4000, "Request body must be a JSON object")
    return request.body


def _int_param(query: dict[str, str], name: str, default: int, *, minimum: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < minimum:
        raise error(400, 4000, f"{name} must be an integer >= {minimum}")
    return int(raw)


def _channel(value: Any, world: World) -> int:
    """A request's channel as its code. The request schema lists the enum's names (seeds
    000, 001: "Value in: Email | …"), every example sends the number (`"type": 1`): the
    `saleshandy.enums` world says which one the API takes (a client sending the other
    is caught)."""
    enums = world.saleshandy_enums
    if enums != "names" and _is_int(value) and value in CHANNEL_CODES:
        code: int = value
        return code
    if enums != "numbers" and isinstance(value, str) and value in CHANNEL_CODES_BY_NAME:
        return CHANNEL_CODES_BY_NAME[value]
    codes = "1 Email, 2 LinkedInConnectionRequest, …, 18 WhatsappVoiceCall"
    if enums == "numbers":
        raise error(400, 4000, f"type must be a numeric channel code ({codes})")
    if enums == "names":
        raise error(400, 4000, f"type must be a channel name: {', '.join(CHANNEL_CODES_BY_NAME)}")
    raise error(400, 4000, f"type must be a channel code ({codes}) or its name")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _required_days(value: Any) -> int:
    days = _days(value, required=True)
    assert days is not None
    return days


def _days(value: Any, *, required: bool) -> int | None:
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 999:
        raise error(400, 4000, "absoluteDays must be an integer from 1 to 999")
    return value


def _priority(value: Any, world: World) -> int:
    """Priority as its code (1 Urgent … 4 Low), taken as the channel is: the schema lists
    names, the example and the description use 1–4."""
    if value is None:
        return 3  # "default is NORMAL" (seed 001)
    enums = world.saleshandy_enums
    if enums != "names" and _is_int(value) and value in PRIORITY_CODES:
        code: int = value
        return code
    if enums != "numbers" and isinstance(value, str) and value in PRIORITY_CODES_BY_NAME:
        return PRIORITY_CODES_BY_NAME[value]
    if enums == "numbers":
        raise error(400, 4000, "priority must be 1 (Urgent), 2 (High), 3 (Normal) or 4 (Low)")
    if enums == "names":
        raise error(400, 4000, "priority must be one of Urgent, High, Normal, Low")
    raise error(400, 4000, "priority must be 1 (Urgent), 2 (High), 3 (Normal), 4 (Low) or its name")


def _check_email_day_free(
    sequence: dict[str, Any], days: int, moving_step: dict[str, Any] | None
) -> None:
    for other in sequence["steps"]:
        if other is not moving_step and other["type"] == EMAIL and other["absoluteDays"] == days:
            raise error(400, 4000, f"Each day can hold at most one Email step (day {days} has one)")


def _checked_variant(step_type: int, body: Any, world: World, *, creating: bool) -> dict[str, Any]:
    """The payload/taskNote/attachmentIds of a variant body, validated for the channel."""
    if not isinstance(body, dict):
        raise error(400, 4000, "each variant must be an object")
    checked: dict[str, Any] = {}
    if "payload" in body or creating:
        payload = body.get("payload", {})
        if not isinstance(payload, dict):
            raise error(400, 4000, "payload must be an object")
        required, optional = PAYLOAD_SHAPES.get(step_type, (set(), set()))
        contested = CONTESTED_PAYLOAD_KEYS.get(step_type, frozenset())
        if world.saleshandy_payloads == "refuse":
            optional = optional - contested
        unknown = set(payload) - required - optional
        missing = {key for key in required if not isinstance(payload.get(key), str)}
        if unknown or missing:
            raise error(
                400,
                4000,
                f"payload does not match the channel: unknown {sorted(unknown)}, missing {sorted(missing)}",
            )
        kept = dict(payload)
        if world.saleshandy_payloads == "empty":
            # Taken (201/200) but not stored: the read-back payload is what the docs say.
            kept = {key: value for key, value in kept.items() if key not in contested}
        checked["payload"] = kept
    if body.get("taskNote") is not None:
        note = body["taskNote"]
        if step_type == EMAIL:
            raise error(400, 4000, "taskNote is not allowed on Email variants")
        if not isinstance(note, str) or len(note) > MAX_TASK_NOTE:
            raise error(
                400, 4000, f"taskNote must be a string of at most {MAX_TASK_NOTE} characters"
            )
        checked["taskNote"] = note
    if "attachmentIds" in body:
        attachments = body["attachmentIds"]
        if step_type != EMAIL and attachments:
            raise error(400, 4000, "attachmentIds are allowed on Email variants only")
        if not isinstance(attachments, list) or not all(isinstance(a, str) for a in attachments):
            raise error(400, 4000, "attachmentIds must be an array of strings")
        checked["attachmentIds"] = list(attachments)
    return checked

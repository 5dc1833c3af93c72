"""What the Saleshandy emulator refuses (docs/providers/saleshandy.md §5, §8): channel
and priority codes, days, variant counts and payload shapes, each a 400 in Saleshandy's
envelope.

The emulator keeps its own tables, written from docs/providers/saleshandy.md and the
pages it cites, never imported from the client: a wrong guess in the client must fail
here, not be mirrored.
"""

from __future__ import annotations

from typing import Any

from seqsync.sandbox.saleshandy.errors import error
from seqsync.sandbox.wire import SandboxRequest
from seqsync.sandbox.worlds import World

EMAIL = 1
# docs/providers/saleshandy.md §3 (the add-variant page): the 15 documented channel
# codes by the enum names the docs list beside them. The step docs spell code 6
# "LinkedInPostInteration" and the variant docs "LinkedInPostInteraction": the sources
# disagree, so both are taken.
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
MAX_EMAIL_VARIANTS = 26  # docs/providers/saleshandy.md §5, rule 3: 1–26 email variants
MAX_TASK_NOTE = 3000  # docs/providers/saleshandy.md §5, rule 6
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
# 1=Urgent … 4=Low (docs/providers/saleshandy.md §3).
PRIORITY_CODES = frozenset(PRIORITY_CODES_BY_NAME.values())
# The payload keys only Saleshandy's generated schema lists (the docs say `{}` for these
# channels): what the `saleshandy.payloads` world decides. WhatsApp voice message and
# call (17, 18) take no keys in any world: neither source gives them one.
CONTESTED_PAYLOAD_KEYS: dict[int, frozenset[str]] = {
    9: frozenset({"title", "action"}),
    16: frozenset({"message"}),
}


def variant_limit(step_type: int) -> int:
    return MAX_EMAIL_VARIANTS if step_type == EMAIL else 1


def object_body(request: SandboxRequest) -> dict[str, Any]:
    if not isinstance(request.body, dict):
        raise error(400, 4000, "Request body must be a JSON object")
    return request.body


def int_param(query: dict[str, str], name: str, default: int, *, minimum: int) -> int:
    raw = query.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < minimum:
        raise error(400, 4000, f"{name} must be an integer >= {minimum}")
    return int(raw)


def channel(value: Any, world: World) -> int:
    """A request's channel as its code. The request schema lists the enum's names
    (docs/providers/saleshandy.md §3), every example sends the number (`"type": 1`): the
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


def required_days(value: Any) -> int:
    found = days(value, required=True)
    assert found is not None
    return found


def days(value: Any, *, required: bool) -> int | None:
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 999:
        raise error(400, 4000, "absoluteDays must be an integer from 1 to 999")
    return value


def priority(value: Any, world: World) -> int:
    """Priority as its code (1 Urgent … 4 Low), taken as the channel is: the schema lists
    names, the example and the description use 1–4."""
    if value is None:
        return 3  # Normal is the default (docs/providers/saleshandy.md §3)
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


def check_email_day_free(
    sequence: dict[str, Any], days: int, moving_step: dict[str, Any] | None
) -> None:
    for other in sequence["steps"]:
        if other is not moving_step and other["type"] == EMAIL and other["absoluteDays"] == days:
            raise error(400, 4000, f"Each day can hold at most one Email step (day {days} has one)")


def checked_variant(step_type: int, body: Any, world: World, *, creating: bool) -> dict[str, Any]:
    """The payload/taskNote/attachmentIds of a variant body, validated for the channel."""
    if not isinstance(body, dict):
        raise error(400, 4000, "each variant must be an object")
    checked: dict[str, Any] = {}
    if "payload" in body or creating:
        checked["payload"] = _checked_payload(step_type, body.get("payload", {}), world)
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


def _checked_payload(step_type: int, payload: Any, world: World) -> dict[str, Any]:
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
    return kept

"""Saleshandy wire format <-> live model and request bodies.

On the wire: numeric channel, priority and status codes, camelCase payload keys, task
notes and attachments per variant. In files: names, snake_case, task note on the step.
"""

from __future__ import annotations

from typing import Any

from seqsync.providers.saleshandy.live import (
    LiveSaleshandySequence,
    LiveSaleshandyStep,
    LiveSaleshandyVariant,
)

# Wire codes of the file's channel and priority names (docs/providers/saleshandy.md §3).
CHANNEL_CODES: dict[str, int] = {
    "email": 1,
    "linkedin_connection_request": 2,
    "linkedin_message": 3,
    "linkedin_inmail": 4,
    "linkedin_view_profile": 5,
    "linkedin_post_interaction": 6,
    "task": 9,
    "call_introduction": 11,
    "call_demo": 12,
    "call_follow_up": 13,
    "call_reminder": 14,
    "call_other": 15,
    "whatsapp_message": 16,
    "whatsapp_voice_message": 17,
    "whatsapp_voice_call": 18,
}

PRIORITY_CODES: dict[str, int] = {"urgent": 1, "high": 2, "normal": 3, "low": 4}

CHANNEL_NAMES = {code: name for name, code in CHANNEL_CODES.items()}
# The docs list enum names next to numeric examples (docs/providers/saleshandy.md §3);
# names map too.
CHANNEL_ENUM_NAMES = {
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

# File field <-> payload key.
PAYLOAD_KEYS = {
    "subject": "subject",
    "content": "content",
    "preheader": "preheader",
    "connection_note": "connectionNote",
    "message": "message",
    "title": "title",
    "action": "action",
}


def channel_code(value: Any) -> int:
    """A wire ``type`` (number, numeric text or enum name) as its numeric code; 0 for a
    name seqsync does not know (read as a channel it does not model)."""
    if isinstance(value, int):
        return value
    text = str(value)
    return int(text) if text.isdigit() else CHANNEL_ENUM_NAMES.get(text, 0)


# Priority names as the create-step page lists them ("Urgent" | "High" | "Normal" | "Low").
PRIORITY_ENUM_NAMES = {"Urgent": 1, "High": 2, "Normal": 3, "Low": 4}


def enum_encoding(steps: list[dict[str, Any]]) -> str | None:
    """How the account writes step ``type``: "numbers" or "names", read from the steps it
    already has; None with no step to tell. Saleshandy's create-step page lists the type
    and priority as names while its example and prose use numbers
    (developer.saleshandy.com/api-reference/sequences/steps-post): which one an account
    takes is learned from what it returns."""
    for step in steps:
        value = step.get("type")
        if isinstance(value, int):
            return "numbers"
        if isinstance(value, str) and value in CHANNEL_ENUM_NAMES:
            return "names"
    return None


def live_sequence(sequence_id: str, steps: list[dict[str, Any]]) -> LiveSaleshandySequence:
    live_steps = tuple(sorted((live_step(step) for step in steps), key=lambda s: (s.day, s.number)))
    return LiveSaleshandySequence(
        id=sequence_id, title="", steps=live_steps, enums=enum_encoding(steps)
    )


def live_step(step: dict[str, Any]) -> LiveSaleshandyStep:
    return LiveSaleshandyStep(
        id=str(step["id"]),
        number=int(step.get("number") or 0),
        channel=CHANNEL_NAMES.get(channel_code(step["type"]), f"unknown-{step['type']}"),
        day=int(step["absoluteDays"]),
        variants=tuple(live_variant(variant) for variant in step.get("variants") or []),
    )


def live_variant(variant: dict[str, Any]) -> LiveSaleshandyVariant:
    payload = variant.get("payload") or {}
    fields = {name: payload.get(key) for name, key in PAYLOAD_KEYS.items() if key in payload}
    return LiveSaleshandyVariant(
        id=str(variant["id"]),
        status="paused" if variant.get("status") == 0 else "active",
        task_note=variant.get("taskNote") or None,
        attachments=tuple(variant.get("attachmentIds") or ()),
        **fields,
    )

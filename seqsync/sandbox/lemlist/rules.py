"""What the lemlist emulator refuses (docs/providers/lemlist.md §4, §5): step types,
the fields each type takes or needs, media, conditions; each a 400 with lemlist's text.

The emulator keeps its own tables, written from docs/providers/lemlist.md, never imported
from the client: a wrong guess in the client must fail here, not be mirrored.
"""

from __future__ import annotations

from typing import Any

from seqsync.sandbox.lemlist.errors import failure
from seqsync.sandbox.wire import ApiFailure

STEP_TYPES = frozenset(
    {
        "email", "manual", "phone", "api", "linkedinVisit", "linkedinInvite", "linkedinSend",
        "linkedinVoiceNote", "linkedinFollow", "linkedinLikeLastPost",
        "linkedinCommentLastPost", "linkedinEndorse", "linkedinWithdrawInvitation",
        "sendToAnotherCampaign", "conditional", "whatsappMessage", "sms",
    }
)  # fmt: skip
# The body fields beyond type, index and delay, with the types that use them (§4).
FIELD_TYPES: dict[str, frozenset[str]] = {
    "subject": frozenset({"email"}),
    "message": frozenset(
        {"email", "linkedinInvite", "linkedinSend", "manual", "phone", "whatsappMessage", "sms"}
    ),
    "altMessage": frozenset({"linkedinSend"}),
    "title": frozenset({"manual"}),
    "method": frozenset({"api"}),
    "url": frozenset({"api"}),
    "conditionKey": frozenset({"conditional"}),
    "delayType": frozenset({"conditional"}),
    "campaignId": frozenset({"sendToAnotherCampaign"}),
    "images": frozenset({"linkedinInvite", "linkedinSend"}),
    "videos": frozenset({"linkedinInvite", "linkedinSend"}),
    "skillName": frozenset({"linkedinEndorse"}),
    "endorseAnyFallback": frozenset({"linkedinEndorse"}),
    "recordMode": frozenset({"linkedinVoiceNote"}),
}
STRING_FIELDS = frozenset(
    {"subject", "message", "altMessage", "title", "url", "campaignId", "skillName"}
)
ENUMS: dict[str, frozenset[str]] = {
    "method": frozenset({"GET", "POST", "PUT", "DELETE", "PATCH"}),
    "conditionKey": frozenset(
        {
            "hasEmailAddress",
            "hasLinkedinUrl",
            "hasPhoneNumber",
            "hasScore",
            "emailsOpened",
            "emailsClicked",
            "emailsUnsubscribed",
            "meetingBooked",
            "linkedinInviteAccepted",
            "linkedinOpened",
            "aircallDone",
            "linkedinNetworkCheck",
            "hasWhatsappAccount",
        }
    ),
    "delayType": frozenset({"within", "waitUntil"}),
    "recordMode": frozenset({"manual", "ai"}),
}
MESSAGE_REQUIRED = frozenset({"linkedinSend", "whatsappMessage", "sms"})
MEDIA_TYPES = {"images": (".png", ".jpg", ".jpeg", ".gif"), "videos": (".mp4", ".mov")}
MAX_MEDIA = 6
MAX_B_SUBJECT = 400


def refused(verb: str, why: str) -> ApiFailure:
    """The documented ``Error from createStep`` / ``Error from updateStep``, with why."""
    return failure(400, f"Error from {verb}Step: {why}")


def checked_fields(
    step_type: str, body: dict[str, Any], verb: str, *, creating: bool
) -> dict[str, Any]:
    """The body's step fields, each allowed for the type and of its type; what a create
    needs present. Returns the fields to store."""
    fields: dict[str, Any] = {}
    for key, value in body.items():
        if key in ("type", "index", "delay"):
            continue
        users = FIELD_TYPES.get(key)
        if users is None:
            raise refused(verb, f"unknown field {key}")
        if step_type not in users:
            raise refused(verb, f"{key} is not used by a {step_type} step")
        if key in STRING_FIELDS and not isinstance(value, str):
            raise failure(400, f"Match error: Expected string, got {type(value).__name__}")
        if key in ENUMS and value not in ENUMS[key]:
            raise refused(verb, f"{key} must be one of {', '.join(sorted(ENUMS[key]))}")
        if key == "endorseAnyFallback" and not isinstance(value, bool):
            raise failure(400, "Match error: Expected boolean")
        fields[key] = value
    _check_media(fields, verb)
    if "url" in fields and not str(fields["url"]).startswith(("http://", "https://")):
        raise refused(verb, "url must start with http:// or https://")
    if creating:
        if step_type == "email" and not fields.get("subject"):
            raise refused(verb, "subject is required for email steps")
        if step_type in MESSAGE_REQUIRED and not fields.get("message"):
            raise refused(verb, f"message is required for {step_type} steps")
        if step_type == "api" and not fields.get("url"):
            raise refused(verb, "url is required for api steps")
    elif step_type == "email" and "subject" in fields and not fields["subject"]:
        raise refused(verb, "subject is required for email steps")
    return fields


def _check_media(fields: dict[str, Any], verb: str) -> None:
    count = 0
    for key, suffixes in MEDIA_TYPES.items():
        items = fields.get(key)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(url, str) for url in items):
            raise failure(400, f"Match error: Expected array of strings for {key}")
        for url in items:
            if not url.startswith("https://"):
                raise refused(verb, f"{key} must be public HTTPS URIs")
            if not url.lower().split("?", 1)[0].endswith(suffixes):
                raise refused(verb, f"{key} must be {', '.join(suffixes)} files")
        count += len(items)
    if count > MAX_MEDIA:
        raise refused(verb, f"at most {MAX_MEDIA} images and videos together")


def delay_of(body: dict[str, Any], default: int, verb: str) -> int:
    value = body.get("delay", default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise refused(verb, "delay must be a non-negative integer (days)")
    return value

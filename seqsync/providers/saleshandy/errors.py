"""Saleshandy error responses as typed errors.

The body shape is undocumented (docs/providers/saleshandy.md §6, ASSUMPTION: NestJS style
``{statusCode, message, error, errorCode}``), so the HTTP status decides and the text is
only quoted. An invalid key is documented as 400 with code 1001, not 401.
"""

from __future__ import annotations

import re

import httpx

from seqsync.errors import ProviderError
from seqsync.providers.http import classify

_CODE = re.compile(r"^\s*(\d{3,5})\s*:")


def map_saleshandy_error(response: httpx.Response, context: str, connection: str) -> ProviderError:
    text, code = _message_and_code(response)
    status = response.status_code
    if code == 1001:
        status = _status_of_1001(text)
    elif code == 4003:
        status = 403  # documented as 400 with code 4003: the key lacks the permission
    elif code == 40100:
        status = 404  # "sequence not found" arrives as 400
    return classify(
        status,
        f"{connection}: {context}",
        text,
        provider="Saleshandy",
        auth_hint="check the key in the connection's environment variable and its permissions",
    )


def _status_of_1001(text: str) -> int:
    """Code 1001 means several things (its documented titles say "Invalid token",
    "Invalid sequence id", "Please connect email account…", "No email addresses that can
    be verified": docs/providers/saleshandy.md §6), so its message decides: a bad key, an
    unknown id, or a request refused as it stands."""
    lowered = text.lower()
    if "token" in lowered or "api key" in lowered or "unauthori" in lowered:
        return 401
    if "invalid" in lowered and " id" in lowered:
        return 404
    return 400


def _message_and_code(response: httpx.Response) -> tuple[str, int | None]:
    try:
        body = response.json()
    except ValueError:
        return (response.text[:300] or response.reason_phrase), None
    if not isinstance(body, dict):
        return str(body)[:300], None
    message = body.get("message")
    if isinstance(message, list):
        message = "; ".join(str(item) for item in message)
    text = str(message or body.get("error") or response.reason_phrase)
    code = body.get("errorCode")
    if not isinstance(code, int):
        match = _CODE.match(text)
        code = int(match.group(1)) if match else None
    return text, code

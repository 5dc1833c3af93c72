"""Saleshandy error responses as typed errors.

The body shape is undocumented (providers.md 1.6, ASSUMPTION: NestJS style
``{statusCode, message, error, errorCode}``), so the HTTP status decides and the text is
only quoted. An invalid key is documented as 400 with code 1001, not 401.
"""

from __future__ import annotations

import re

import httpx

from seqsync.errors import AuthError, Conflict, NotFound, ProviderError, Rejected
from seqsync.providers.http import rate_limited_or

_CODE = re.compile(r"^\s*(\d{3,5})\s*:")


def map_saleshandy_error(response: httpx.Response, context: str, connection: str) -> ProviderError:
    text, code = _message_and_code(response)
    status = response.status_code
    where = f"{connection}: {context}"
    if code == 1001 or status == 401 or status == 403 or code == 4003:
        return AuthError(
            f"{where}: Saleshandy refused the API key ({text}); check the key in the "
            "connection's environment variable and its permissions",
            provider_message=text,
            status=status,
        )
    if status == 404 or code in {40100}:
        return NotFound(
            f"{where}: Saleshandy does not know it ({text}); check the id in the file",
            provider_message=text,
            status=status,
        )
    if status == 409:
        return Conflict(f"{where}: {text}", provider_message=text, status=status)
    error = Rejected(
        f"{where}: Saleshandy rejected the request ({status}: {text}); fix the file and plan again",
        provider_message=text,
        status=status,
    )
    return rate_limited_or(error, response)


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

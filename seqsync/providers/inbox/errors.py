"""Inbox's ``{error: {code, message, status}}`` envelope (and the authentication page's
``{error: "Unauthorized", message}`` variant) as typed errors."""

from __future__ import annotations

import httpx

from seqsync.errors import AuthError, Conflict, NotFound, ProviderError, Rejected
from seqsync.providers.http import rate_limited_or


def map_inbox_error(response: httpx.Response, context: str, connection: str) -> ProviderError:
    code, text = _code_and_message(response)
    status = response.status_code
    where = f"{connection}: {context}"
    if status in (401, 403):
        return AuthError(
            f"{where}: Inbox refused the API token ({code}: {text}); check the token in the "
            "connection's environment variable",
            provider_message=text,
            status=status,
        )
    if status == 404:
        return NotFound(
            f"{where}: Inbox does not know it ({code}: {text}); check the campaign id",
            provider_message=text,
            status=status,
        )
    if status == 409:
        return Conflict(f"{where}: {code}: {text}", provider_message=text, status=status)
    error = Rejected(
        f"{where}: Inbox rejected the request ({status} {code}: {text}); fix the file and plan again",
        provider_message=text,
        status=status,
    )
    return rate_limited_or(error, response)


def _code_and_message(response: httpx.Response) -> tuple[str, str]:
    try:
        body = response.json()
    except ValueError:
        return "", response.text[:300] or response.reason_phrase
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return str(error.get("code") or ""), str(error.get("message") or "")
    if isinstance(body, dict):
        return str(error or ""), str(body.get("message") or "")
    return "", str(body)[:300]

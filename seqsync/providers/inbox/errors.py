"""Inbox's ``{error: {code, message, status}}`` envelope (and the authentication page's
``{error: "Unauthorized", message}`` variant) as typed errors."""

from __future__ import annotations

import httpx

from seqsync.errors import ProviderError
from seqsync.providers.http import classify


def map_inbox_error(response: httpx.Response, context: str, connection: str) -> ProviderError:
    code, text = _code_and_message(response)
    return classify(
        response.status_code,
        f"{connection}: {context}",
        f"{code}: {text}" if code else text,
        provider="Inbox",
        auth_hint="check the token in the connection's environment variable",
        id_hint="check the campaign id",
    )


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

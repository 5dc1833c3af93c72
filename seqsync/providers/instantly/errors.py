"""Instantly's ``{statusCode, error, message}`` error body as typed errors
(docs/providers/instantly.md §1)."""

from __future__ import annotations

import httpx

from seqsync.errors import ProviderError
from seqsync.providers.http import classify


def map_instantly_error(
    response: httpx.Response, context: str, connection: str, workspace: str | None = None
) -> ProviderError:
    text = _message(response)
    if response.status_code == 402:
        text += " (Instantly answers 402 to a workspace with no active paid plan)"
    auth_hint = (
        "check the API v2 key in the connection's environment variable and its campaigns scopes"
    )
    if workspace is not None:
        # A key may act in a sub-workspace only if it is a key of its admin workspace.
        auth_hint += (
            f", and that workspace {workspace} is a sub-workspace of the admin workspace "
            "the key belongs to"
        )
    return classify(
        response.status_code,
        f"{connection}: {context}",
        text,
        provider="Instantly",
        auth_hint=auth_hint,
        id_hint="check the campaign id",
    )


def _message(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300] or response.reason_phrase
    if isinstance(body, dict) and (body.get("message") or body.get("error")):
        reason, message = str(body.get("error") or ""), str(body.get("message") or "")
        return f"{reason}: {message}" if reason and message else reason or message
    return str(body)[:300]

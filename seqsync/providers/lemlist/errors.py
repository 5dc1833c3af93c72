"""lemlist error responses as typed errors.

Sequence and campaign routes answer with a plain-text body (``Campaign not found``,
``Bad team``); one route answers JSON ``{"error": …}`` (docs/providers/lemlist.md §1).
The HTTP status decides; the text is quoted.
"""

from __future__ import annotations

import json

import httpx

from seqsync.errors import ProviderError
from seqsync.providers.http import classify


def map_lemlist_error(response: httpx.Response, context: str, connection: str) -> ProviderError:
    text = error_text(response)
    status = response.status_code
    lowered = text.lower()
    if status in (400, 404) and ("api key" in lowered or "authentication" in lowered):
        status = 401  # "No API key provided" (400), "No user found for this API key" (404)
    return classify(
        status,
        f"{connection}: {context}",
        text,
        provider="lemlist",
        auth_hint="check the API key in the connection's environment variable",
    )


def error_text(response: httpx.Response) -> str:
    """The body's words: plain text as it is, a JSON string or ``{"error": …}`` unwrapped."""
    raw = response.text.strip()
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        return raw[:300] or response.reason_phrase
    if isinstance(body, str):
        return body[:300]
    if isinstance(body, dict) and isinstance(body.get("error") or body.get("message"), str):
        return str(body.get("error") or body.get("message"))[:300]
    return raw[:300] or response.reason_phrase

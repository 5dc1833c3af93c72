"""Supaglue's ``{errors: [...]}`` envelope as typed errors.

Two quirks (providers.md 2.5): a remote 400 from Outreach/Salesloft arrives as HTTP 500
with ``status: "400"`` and ``origin: remote-provider`` (a rejection, not an outage, so
it is not retried), and other remote 4xx arrive as 499.
"""

from __future__ import annotations

from typing import Any

import httpx

from seqsync.errors import AuthError, Conflict, NotFound, ProviderError, Rejected
from seqsync.providers.http import rate_limited_or


def map_supaglue_error(
    response: httpx.Response, context: str, connection: str, engine: str
) -> ProviderError:
    first = _first_error(response)
    text = str(first.get("detail") or first.get("title") or response.reason_phrase).strip()
    status = response.status_code
    where = f"{connection}: {context}"
    origin = (
        (first.get("meta") or {}).get("origin") if isinstance(first.get("meta"), dict) else None
    )
    inner_status = str(first.get("status") or "")
    if status in (401, 403):
        return AuthError(
            f"{where}: Supaglue refused the credentials ({text}); check the API key, "
            "customer_id and that the customer has a {engine} connection".replace(
                "{engine}", engine
            ),
            provider_message=text,
            status=status,
        )
    if status == 404:
        return NotFound(
            f"{where}: not found on Supaglue/{engine} ({text}); check the id in the file",
            provider_message=text,
            status=status,
        )
    if status == 409:
        return Conflict(f"{where}: {text}", provider_message=text, status=status)
    remote_rejection = status == 499 or (
        status == 500 and origin == "remote-provider" and inner_status.startswith("4")
    )
    if remote_rejection or (400 <= status < 500 and status != 429):
        source = f"{engine} (through Supaglue)" if remote_rejection else "Supaglue"
        return Rejected(
            f"{where}: {source} rejected the request ({text}); fix the file and plan again",
            provider_message=text,
            status=status,
        )
    return rate_limited_or(
        Rejected(
            f"{where}: Supaglue answered {status} ({text})", provider_message=text, status=status
        ),
        response,
    )


def _first_error(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {"detail": response.text[:300]}
    errors = body.get("errors") if isinstance(body, dict) else None
    if isinstance(errors, list) and errors:
        first = errors[0]
        # The published example nests the list once more: {"errors": [[{...}]]}.
        if isinstance(first, list) and first:
            first = first[0]
        if isinstance(first, dict):
            return first
    return {}

"""Supaglue's ``{errors: [...]}`` envelope as typed errors.

Two quirks (docs/providers/supaglue.md §8): a remote 400 from Outreach/Salesloft arrives
as HTTP 500 with ``status: "400"`` and ``origin: remote-provider`` (a rejection, not an
outage, so it is not retried), and other remote 4xx arrive as 499.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from seqsync.errors import AuthError, ProviderDefect, ProviderError, Rejected
from seqsync.providers.http import classify


def map_supaglue_error(
    response: httpx.Response, context: str, connection: str, engine: str
) -> ProviderError:
    first = _first_error(response)
    raw = str(first.get("detail") or first.get("title") or response.reason_phrase).strip()
    text = _without_query_strings(raw)
    status = response.status_code
    upstream = _UPSTREAM_STATUS.search(raw)
    if status == 500 and upstream is not None:
        # An engine client's own HTTP error that Supaglue did not map (Apollo's
        # openapi-fetch HTTPError: "[HTTP 404]: GET https://api.apollo.io/…", see
        # packages/core/remotes/utils/createOpenapiClient.ts) arrives as a 500 from the
        # catch-all handler; the upstream status is what happened.
        status = int(upstream.group(1))
    where = f"{connection}: {context}"
    meta: dict[str, object] = first["meta"] if isinstance(first.get("meta"), dict) else {}
    remote_4xx = status == 499 or (
        status == 500
        and meta.get("origin") == "remote-provider"
        and str(first.get("status", "")).startswith("4")
    )
    if remote_4xx:  # the engine refused the request: not transient, never retried
        return Rejected(
            f"{where}: {engine} (through Supaglue) rejected the request ({text}); fix the file and plan again",
            provider_message=text,
            status=status,
        )
    if _NO_CONNECTION.search(raw):
        # The connection middleware's lookup (packages/core/services/connection_service.ts):
        # the customer has no connection to this engine; no id in the file is involved.
        return AuthError(
            f"{where}: Supaglue has no {engine} connection for this customer ({text}); "
            "check customer_id and provider_name in seqsync.yaml, and that the customer "
            f"connected {engine} in Supaglue",
            provider_message=text,
            status=status,
        )
    if status == 500 and meta.get("origin") == "supaglue" and _JS_CRASH.search(raw):
        # Supaglue's catch-all (apps/api/index.ts) turns an exception thrown by its own
        # code into a 500; a TypeError in a mapper recurs on every attempt, so it is
        # reported at once rather than retried for half a minute.
        return ProviderDefect(
            f"{where}: Supaglue failed inside its {engine} integration ({text}); retrying "
            f"will not help{_DEFECT_HINTS.get(engine, '')}",
            provider_message=text,
            status=status,
        )
    return classify(
        status,
        where,
        text,
        provider=f"Supaglue/{engine}",
        auth_hint=f"check the API key, customer_id and that the customer has a {engine} connection",
    )


_NO_CONNECTION = re.compile(r"^Connection not found for customer\b")
_JS_CRASH = re.compile(
    r"Cannot read propert(y|ies) of (undefined|null)|is not a function|is not iterable"
    r"|Cannot destructure"
)
# What is known to crash, read from Supaglue 0.25.7's engine code.
_DEFECT_HINTS = {
    # outreach/index.ts getCommonObjectRecord('sequence') reads
    # ``sequenceTemplates?.[0].template`` for every step: a step with no template (a call
    # or task made in Outreach) has an empty list, and ``[][0].template`` throws.
    "outreach": (
        "; Supaglue cannot read an Outreach sequence that has a step without a template "
        "(a call or task step made in Outreach): give that step a template in Outreach, "
        "or leave the sequence out of seqsync"
    ),
}
_UPSTREAM_STATUS = re.compile(r"^\[HTTP (\d{3})\]")
_QUERY = re.compile(r"(https?://[^\s?#]+)[?#]\S*")


def _without_query_strings(text: str) -> str:
    """Supaglue echoes the engine's URL, and Apollo's carries the customer's key in its
    query string: never repeat a query string."""
    return _QUERY.sub(r"\1?…", text)


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

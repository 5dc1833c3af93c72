"""What Instantly's reads return: a campaign as stored, and listings a page at a time."""

from __future__ import annotations

import copy
from typing import Any

from seqsync.sandbox.instantly.errors import failure

MAX_LIMIT = 100


def public_campaign(campaign: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(campaign)


def listing(campaigns: list[dict[str, Any]], query: dict[str, str]) -> dict[str, Any]:
    """``{items, next_starting_after}``: the campaigns after the cursor, in creation order.
    The cursor is the last item's id whenever there are items, on the last page too (the
    docs: stop on an empty page)."""
    raw = query.get("limit", "10")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise failure(400, f"querystring/limit must be <= {MAX_LIMIT} and >= 1")
    limit = int(raw)
    search = query.get("search")
    found = [c for c in campaigns if search is None or search.lower() in c["name"].lower()]
    cursor = query.get("starting_after")
    if cursor is not None:
        ids = [c["id"] for c in found]
        found = found[ids.index(cursor) + 1 :] if cursor in ids else []
    page = found[:limit]
    body: dict[str, Any] = {"items": [public_campaign(c) for c in page]}
    if page:
        body["next_starting_after"] = page[-1]["id"]
    return body

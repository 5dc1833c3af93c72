"""`seqsync check` for Supaglue: the raw shapes client.py and mapping.py rely on (the
published engagement v2 OpenAPI, as far as the client reads it), and what the engine
behind Supaglue does where engines differ."""

from __future__ import annotations

import re
from typing import Any

from seqsync.errors import SeqsyncError
from seqsync.providers.checking import (
    Boolean,
    CheckReport,
    Either,
    Integer,
    ListOf,
    Nullable,
    Number,
    Record,
    Text,
    Wanted,
    check_rate_limit_headers,
    request_label,
    watching,
)
from seqsync.providers.supaglue.client import SEQUENCES, SupaglueClient, sequence_path

APP = "Supaglue"
LIST_PAGE_SIZE = 1000  # what the provider's listing asks for
MAX_PAGES = 100  # a cursor that never ends is reported, not followed for ever
STEP_TYPES = frozenset({"auto_email", "manual_email", "call", "task", "linkedin_send_message"})
UNTOUCHED_TYPES = frozenset({"call", "task"})  # steps that need no template to send

ID = Either(Text(), Integer(), expected="an id (a string)")
TEMPLATE = Record(
    # mapping reads a missing or null subject/body as empty, as the engines' empty ones.
    optional={
        "id": Nullable(ID),
        "subject": Nullable(Text()),
        "body": Nullable(Text()),
        "name": Nullable(Text()),
    }
)
STEP = Record(
    required={
        "type": Text(
            "one of auto_email, manual_email, call, task, linkedin_send_message", STEP_TYPES
        )
    },
    optional={
        "id": Nullable(ID),
        "interval_seconds": Nullable(Number()),
        "date": Nullable(Text("a date (YYYY-MM-DD or a timestamp)")),
        "template": Nullable(TEMPLATE),
        "task_note": Nullable(Text()),
        "name": Nullable(Text()),
        "is_deleted": Nullable(Boolean()),
    },
)
SEQUENCE = Record(
    required={
        "id": ID,
        # Without steps the sequence would read as empty, and plan would create them all.
        "steps": ListOf(STEP),
    },
    optional={
        "name": Nullable(Text()),
        "is_enabled": Boolean(),  # read with bool(): a word would always read as enabled
        "share_type": Nullable(Text("team or private", frozenset({"team", "private"}))),
        "tags": Nullable(ListOf(Text())),
    },
)
LISTING = Record(
    required={
        "records": ListOf(Record(required={"id": ID}, optional={"name": Nullable(Text())})),
        "pagination": Record(
            required={"next": Nullable(Text("a cursor (a string)"))},
            optional={"previous": Nullable(Text()), "total_count": Nullable(Number())},
        ),
    }
)
_DOCUMENT = re.compile(r"^\s*<html\b", re.IGNORECASE)


async def check_supaglue(
    connection: str, engine: str, client: SupaglueClient, wanted: Wanted
) -> CheckReport:
    report = CheckReport(connection, f"{APP}/{engine}")
    report.learned["engine"] = f"{engine} (sent as x-provider-name)"
    async with watching(client.api) as responses:
        try:
            listed = await _listing(report, client)
            report.learned["engine"] = f"{engine} (sent as x-provider-name; it answered)"
            steps: list[dict[str, Any]] = []
            for sequence_id in wanted.choose(listed):
                label, body = await report.read(client.api, sequence_path(sequence_id), sequence_id)
                if report.shapes(label, APP, SEQUENCE, body):
                    steps += [step for step in body["steps"] if not step.get("is_deleted")]
        except SeqsyncError as exc:
            report.error(report.requests[-1] if report.requests else "", exc)
        else:
            _learn(report, steps)
    check_rate_limit_headers(report, APP, responses)
    return report


async def _listing(report: CheckReport, client: SupaglueClient) -> list[tuple[str, str]]:
    """Every page of the listing, following ``pagination.next`` as the provider does."""
    listed: list[tuple[str, str]] = []
    cursors: set[str] = set()
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        params: dict[str, str | int] = {"page_size": str(LIST_PAGE_SIZE)}
        if cursor:
            params["cursor"] = cursor
        label = request_label(
            "GET", f"{SEQUENCES}?page_size={LIST_PAGE_SIZE}" + ("&cursor=…" if cursor else "")
        )
        report.requests.append(label)
        body = await client.api.request(
            "GET", SEQUENCES, params=params, context="listing sequences"
        )
        if not report.shapes(label, APP, LISTING, body):
            return listed
        listed += [(str(row["id"]), str(row.get("name") or "")) for row in body["records"]]
        cursor = body["pagination"]["next"]
        if not cursor:
            report.learned["sequences listed"] = str(len(listed))
            return listed
        if cursor in cursors:
            report.fail(
                label,
                f"{APP} returned a pagination.next it had returned before; seqsync expected "
                "each page's cursor to lead on (it would list for ever)",
                "pagination.next",
            )
            return listed
        cursors.add(cursor)
    report.fail("", f"{APP} kept returning a next page for {MAX_PAGES} pages of {LIST_PAGE_SIZE}")
    return listed


def _learn(report: CheckReport, steps: list[dict[str, Any]]) -> None:
    """What the engine does with bodies and with templates on steps that need none."""
    bodies = [
        str(step["template"].get("body") or "")
        for step in steps
        if isinstance(step.get("template"), dict) and step["template"].get("body")
    ]
    wrapped = [body for body in bodies if _DOCUMENT.match(body)]
    if not bodies:
        report.learned["template bodies"] = "unknown: no template bodies to learn from"
    elif wrapped:
        report.learned["template bodies"] = (
            f"wrapped in an HTML document ({len(wrapped)} of {len(bodies)})"
        )
        report.note(
            "",
            "this engine returns bodies wrapped in <html><head></head><body>…</body></html>; "
            "seqsync compares what is inside",
        )
    else:
        report.learned["template bodies"] = "as written (no HTML document around them)"
    untouched = [step for step in steps if step.get("type") in UNTOUCHED_TYPES]
    carrying = [step for step in untouched if _has_content(step.get("template"))]
    if not untouched:
        report.learned["call/task templates"] = "unknown: no call or task steps to learn from"
    elif carrying:
        report.learned["call/task templates"] = (
            f"kept ({len(carrying)} of {len(untouched)} call/task steps carry one)"
        )
    else:
        report.learned["call/task templates"] = (
            "none (call/task steps read with an empty template or none)"
        )


def _has_content(template: Any) -> bool:
    return isinstance(template, dict) and bool(template.get("subject") or template.get("body"))

"""`seqsync check` for Saleshandy: the raw shapes client.py and mapping.py rely on, and
what the account does where the docs allow two answers (channel and priority as numbers
or as the enum's names)."""

from __future__ import annotations

from typing import Any

from seqsync.errors import SeqsyncError
from seqsync.providers.checking import (
    CheckReport,
    Either,
    Integer,
    ListOf,
    Nullable,
    Record,
    Shape,
    Text,
    Wanted,
    check_rate_limit_headers,
    request_label,
    shown,
    watching,
)
from seqsync.providers.saleshandy.client import BASE, SaleshandyClient, steps_path
from seqsync.providers.saleshandy.mapping import (
    CHANNEL_CODES,
    CHANNEL_ENUM_NAMES,
    PRIORITY_CODES,
    PRIORITY_ENUM_NAMES,
)

APP = "Saleshandy"
LIST_PAGE_SIZE = 1000  # what the provider's listing asks for
MAX_PAGES = 100  # a listing that never ends is reported, not followed for ever

CODES = frozenset(CHANNEL_CODES.values())
EMAIL = CHANNEL_CODES["email"]


class Channel(Shape):
    """A step's ``type``: a documented code, the code as text, or the enum's name
    (mapping.channel_code reads all three)."""

    expected = "a number (1–18, one of Saleshandy's channel codes) or a channel name (Email, LinkedInMessage, …)"

    def accepts(self, value: Any) -> bool:
        if isinstance(value, int) and not isinstance(value, bool):
            return value in CODES
        if isinstance(value, str):
            return (value.isdigit() and int(value) in CODES) or value in CHANNEL_ENUM_NAMES
        return False


ID = Either(Text(), Integer(), expected="an id (a string or a number)")
PRIORITY = Either(
    Integer("a number (1–4)", frozenset(PRIORITY_CODES.values())),
    Text("a priority name", frozenset(PRIORITY_ENUM_NAMES)),
    expected="a number (1–4) or a priority name (Urgent, High, Normal, Low)",
)
CONTENT = Nullable(Text())
PAYLOAD = Record(
    optional={
        "subject": CONTENT,
        "content": CONTENT,
        "preheader": CONTENT,
        "connectionNote": CONTENT,
        "message": CONTENT,
        "title": CONTENT,
        "action": Nullable(Record()),
    }
)
VARIANT = Record(
    required={
        "id": ID,
        # mapping: status 0 is paused, anything else active; a word would read as active.
        "status": Integer("0 (paused) or 1 (active)", frozenset({0, 1})),
    },
    optional={
        "payload": Nullable(PAYLOAD),
        "taskNote": Nullable(Text()),
        "attachmentIds": Nullable(ListOf(ID)),
        "priority": Nullable(PRIORITY),
    },
)
STEP = Record(
    required={
        "id": ID,
        "type": Channel(),
        "absoluteDays": Integer("an integer (the step's day, from 1)"),
    },
    optional={
        "number": Nullable(Integer()),
        "variants": Nullable(ListOf(VARIANT)),
        "priority": Nullable(PRIORITY),
    },
)
LISTED = Record(required={"id": ID, "title": Text()})
ENVELOPE = "an object {message, payload} (the envelope client.py unwraps)"


async def check_saleshandy(
    connection: str, client: SaleshandyClient, wanted: Wanted
) -> CheckReport:
    report = CheckReport(connection, APP)
    async with watching(client.api) as responses:
        try:
            listed = await _listing(report, client)
            chosen = wanted.choose(listed)
            steps: list[tuple[str, int, Any]] = []
            for sequence_id in chosen:
                label, body = await report.read(client.api, steps_path(sequence_id), sequence_id)
                payload = _unwrapped(report, label, body, STEP)
                if payload is not None:
                    steps += [(label, index, step) for index, step in enumerate(payload)]
        except SeqsyncError as exc:
            report.error(report.requests[-1] if report.requests else "", exc)
            steps = []
        else:
            _learn(report, steps)
    check_rate_limit_headers(report, APP, responses)
    return report


async def _listing(report: CheckReport, client: SaleshandyClient) -> list[tuple[str, str]]:
    """Every page of the listing, as the provider follows it (a short page is the last)."""
    listed: list[tuple[str, str]] = []
    seen: set[str] = set()
    for page in range(1, MAX_PAGES + 1):
        label = request_label("GET", f"{BASE}?page={page}&pageSize={LIST_PAGE_SIZE}")
        report.requests.append(label)
        body = await client.api.request(
            "GET",
            BASE,
            params={"page": page, "pageSize": LIST_PAGE_SIZE},
            context="listing sequences",
        )
        rows = _unwrapped(report, label, body, LISTED)
        if rows is None:
            return listed
        ids = [str(row.get("id")) for row in rows if isinstance(row, dict)]
        if seen.intersection(ids):
            report.fail(
                label,
                f"{APP} returned page {page} of the listing with sequences of an earlier page; "
                "seqsync expected the page parameter to move through the list (it would "
                "list for ever)",
                "payload",
            )
            return listed
        seen.update(ids)
        listed += [
            (str(row.get("id")), str(row.get("title")))
            for row in rows
            if isinstance(row, dict) and "id" in row
        ]
        if len(rows) < LIST_PAGE_SIZE:
            report.learned["sequences listed"] = str(len(listed))
            return listed
    report.fail(
        "",
        f"{APP} kept returning full pages of {LIST_PAGE_SIZE} sequences for {MAX_PAGES} pages; "
        "seqsync expected a shorter last page",
    )
    return listed


def _unwrapped(report: CheckReport, label: str, body: Any, item: Shape) -> list[Any] | None:
    """The envelope's payload, checked as a list of ``item``; None when unusable."""
    if isinstance(body, list):
        # client._payload passes a bare body through, so the list is read all the same.
        report.note(
            label,
            f"{APP} answered with a bare list, without the {{message, payload}} envelope; seqsync reads it as it is",
        )
        payload: Any = body
        root = ""
    elif isinstance(body, dict) and "payload" in body and "message" in body:
        payload = body["payload"]
        root = "payload"
    else:
        keys = sorted(body) if isinstance(body, dict) else None
        report.fail(
            label,
            f"{APP} returned {shown(keys if keys is not None else body)} "
            f"{'(its keys) ' if keys is not None else ''}at the top level; seqsync expected {ENVELOPE}",
        )
        return None
    if not report.shapes(label, APP, ListOf(item, "a list"), payload, root):
        return None
    return list(payload)


def _learn(report: CheckReport, steps: list[tuple[str, int, Any]]) -> None:
    """How the account writes channels and priorities, from the steps it has: seqsync
    sends what the account reads back."""
    types = {_encoding(step.get("type")) for _, _, step in steps}
    priorities = {
        _encoding(holder.get("priority"))
        for _, _, step in steps
        for holder in [step, *(step.get("variants") or [])]
        if holder.get("priority") is not None
    }
    report.learned["step type"] = _encoding_words(types, "steps", "1", "Email")
    if "names" in types:
        report.note(
            "",
            f"this account uses names for step types (e.g. {_example(steps, 'type')}); "
            "seqsync will send names",
        )
    report.learned["priority"] = (
        _encoding_words(priorities, "priorities", "1", "Urgent")
        if priorities
        else "unknown: no priority in the steps read"
    )
    if "names" in priorities:
        report.note(
            "", "this account uses names for priorities (e.g. Urgent); seqsync will send names"
        )
    for label, index, step in steps:
        _email_content(report, label, index, step)


def _email_content(report: CheckReport, label: str, index: int, step: Any) -> None:
    """An email variant read without subject and content would be planned as empty, so
    every plan would rewrite it: the read must carry them."""
    if _code(step.get("type")) != EMAIL:
        return
    for position, variant in enumerate(step.get("variants") or []):
        payload = variant.get("payload") or {}
        missing = [key for key in ("subject", "content") if key not in payload]
        if missing:
            report.fail(
                label,
                f"{APP} returned an email variant without {' and '.join(missing)} at "
                f"payload[{index}].variants[{position}].payload; seqsync expected them in "
                "the steps read (without them every plan would rewrite the variant)",
                f"payload[{index}].variants[{position}].payload",
            )


def _code(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        return int(value) if value.isdigit() else CHANNEL_ENUM_NAMES.get(value)
    return None


def _encoding(value: Any) -> str:
    if isinstance(value, str):
        return "numeric text" if value.isdigit() else "names"
    return "numbers"


def _encoding_words(found: set[str], things: str, number: str, name: str) -> str:
    if not found:
        return f"unknown: no {things} to learn from"
    if found == {"numbers"}:
        return f"numbers (e.g. {number}); seqsync sends numbers"
    if found == {"names"}:
        return f"names (e.g. {name}); seqsync will send names"
    if found == {"numeric text"}:
        return f'numbers as text (e.g. "{number}"); seqsync reads them as numbers'
    return f"mixed ({', '.join(sorted(found))}) across {things}"


def _example(steps: list[tuple[str, int, Any]], key: str) -> str:
    for _, _, step in steps:
        value = step.get(key)
        if isinstance(value, str) and not value.isdigit():
            return shown(value)
    return '"Email"'

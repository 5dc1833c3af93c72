"""`seqsync check` for lemlist: a listing, then the campaigns the files name (or the
listing's first ones), their raw JSON checked against the shapes client.py and mapping.py
rely on (docs/providers/lemlist.md §3), and which fields the reads return, which decides
what a plan can compare."""

from __future__ import annotations

from typing import Any

from seqsync.errors import SeqsyncError
from seqsync.providers.checking import (
    Anything,
    CheckReport,
    Either,
    Integer,
    ListOf,
    Nullable,
    Record,
    Text,
    Wanted,
    request_label,
    watching,
)
from seqsync.providers.lemlist.client import (
    CAMPAIGNS,
    LemlistClient,
    campaign_path,
    sequences_path,
)
from seqsync.providers.lemlist.mapping import FILE_KEYS

APP = "lemlist"
LISTED = Record(required={"_id": Text(), "name": Text()}, optional={"status": Nullable(Text())})
CAMPAIGN = Record(required={"_id": Text(), "name": Text()}, optional={"status": Nullable(Text())})
STEP = Record(
    required={"_id": Text(), "type": Text(), "delay": Integer()},
    optional={
        "index": Integer(),
        "subject": Nullable(Text()),
        "message": Nullable(Text()),
        "abTest": Nullable(Anything()),
    },
)
SEQUENCE = Record(
    required={"_id": Text(), "steps": ListOf(STEP)},
    optional={"level": Integer(), "parentId": Nullable(Text())},
)
DOCUMENTED_READ = frozenset({"subject", "message"})  # the read schema's step fields we map


async def check_lemlist(connection: str, client: LemlistClient, wanted: Wanted) -> CheckReport:
    report = CheckReport(connection, APP)
    async with watching(client.api) as responses:
        try:
            label = request_label("GET", CAMPAIGNS)
            report.requests.append(label)
            rows = await client.list_campaigns(offset=0)
            listed: list[tuple[str, str]] = []
            for index, row in enumerate(rows):
                if report.shapes(label, APP, LISTED, row, f"[{index}]"):
                    listed.append((str(row["_id"]), str(row["name"])))
            seen: set[str] = set()
            for campaign_id in wanted.choose(listed):
                label, body = await report.read(client.api, campaign_path(campaign_id), campaign_id)
                report.shapes(label, APP, CAMPAIGN, body)
                label, body = await report.read(
                    client.api, sequences_path(campaign_id), campaign_id
                )
                seen |= _sequences(report, label, body)
        except SeqsyncError as exc:
            report.error(report.requests[-1] if report.requests else "", exc)
    extra = sorted(seen - DOCUMENTED_READ) if report.sequences else []
    report.learned["fields read back"] = (
        "unknown: no steps to learn from"
        if not report.sequences
        else ", ".join(extra) + " beyond the documented ones"
        if extra
        else "only the documented ones (subject, message): other fields are not compared"
    )
    names = sorted(
        {n for r in responses.seen for n in r.headers if n.lower().startswith("x-ratelimit-")}
    )
    report.learned["rate-limit headers"] = ", ".join(names) or "none seen"
    return report


def _sequences(report: CheckReport, label: str, body: Any) -> set[str]:
    """Each sequence's shape; the file-named fields its steps carry."""
    fields: set[str] = set()
    if not isinstance(body, dict):
        report.fail(
            label,
            f"{APP} returned {type(body).__name__}; seqsync expected an object keyed by sequence id",
        )
        return fields
    levels = Either(Integer(), expected="an integer")
    for key, sequence in body.items():
        if report.shapes(label, APP, SEQUENCE, sequence, key) and levels.accepts(
            sequence.get("level", 0)
        ):
            for step in sequence["steps"]:
                fields |= {FILE_KEYS[k] for k in step if k in FILE_KEYS}
    if not any(isinstance(s, dict) and s.get("level", 0) == 0 for s in body.values()):
        report.fail(label, f"{APP} returned no main sequence (level 0)")
    return fields

"""`seqsync check` for Instantly: a listing's first page and the campaigns the files name
(or a sample), each raw body checked against the shapes client.py and mapping.py rely on,
and which delay units and statuses the account's campaigns show."""

from __future__ import annotations

from typing import Any

from seqsync.errors import SeqsyncError
from seqsync.providers.checking import (
    Boolean,
    CheckReport,
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
from seqsync.providers.instantly.client import CAMPAIGNS, InstantlyClient, campaign_path
from seqsync.providers.instantly.mapping import STATUS_NAMES, UNIT_SECONDS

APP = "Instantly"

VARIANT = Record(
    required={"subject": Text(), "body": Text()},
    optional={"v_disabled": Nullable(Boolean())},
)
STEP = Record(
    required={"delay": Number(), "variants": ListOf(VARIANT)},
    optional={
        "type": Text("email", frozenset({"email"})),
        "delay_unit": Nullable(Text("minutes, hours or days", frozenset(UNIT_SECONDS))),
    },
)
CAMPAIGN = Record(
    required={"id": Text(), "name": Text()},
    optional={
        "status": Nullable(Integer("a campaign status", frozenset(STATUS_NAMES))),
        "sequences": Nullable(ListOf(Record(required={"steps": ListOf(STEP)}))),
        "campaign_schedule": Nullable(Record()),
    },
)
PAGE = Record(
    required={"items": ListOf(Record(required={"id": Text(), "name": Text()}))},
    optional={"next_starting_after": Nullable(Text())},
)


async def check_instantly(connection: str, client: InstantlyClient, wanted: Wanted) -> CheckReport:
    report = CheckReport(connection, APP)
    async with watching(client.api) as responses:
        try:
            listed: list[tuple[str, str]] = []
            label = request_label("GET", CAMPAIGNS)
            report.requests.append(label)
            page = await client.list_campaigns()
            if report.shapes(label, APP, PAGE, page):
                listed = [(str(i["id"]), str(i["name"])) for i in page["items"]]
                report.learned["listing"] = f"{len(listed)} campaign(s) on the first page"
            units: set[str] = set()
            statuses: set[str] = set()
            for campaign_id in wanted.choose(listed):
                label, body = await report.read(client.api, campaign_path(campaign_id), campaign_id)
                if report.shapes(label, APP, CAMPAIGN, body):
                    _learn(body, units, statuses)
            report.learned["delay units"] = ", ".join(sorted(units)) or "unknown: no steps read"
            report.learned["statuses"] = ", ".join(sorted(statuses)) or "unknown: none read"
        except SeqsyncError as exc:
            report.error(report.requests[-1] if report.requests else "", exc)
    # Instantly documents no rate-limit headers (§1): their absence is no finding.
    check_rate_limit_headers(report, APP, responses)
    return report


def _learn(body: dict[str, Any], units: set[str], statuses: set[str]) -> None:
    if isinstance(body.get("status"), int):
        statuses.add(STATUS_NAMES.get(body["status"], str(body["status"])))
    for sequence in body.get("sequences") or []:
        for step in sequence.get("steps") or []:
            units.add(str(step.get("delay_unit") or "days (absent)"))

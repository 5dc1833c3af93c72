"""`seqsync check` for Inbox: the raw shapes client.py and mapping.py rely on, the
like-tweet literal and delay units the account uses, and its X-RateLimit-* headers.

Inbox cannot list campaigns, so the check reads the campaigns the files name; with none,
it asks for a campaign that cannot exist, whose 404 says the token was accepted."""

from __future__ import annotations

from typing import Any

from seqsync.errors import NotFound, SeqsyncError
from seqsync.providers.checking import (
    CheckReport,
    Either,
    Integer,
    ListOf,
    Nullable,
    Record,
    Text,
    Wanted,
    check_rate_limit_headers,
    request_label,
    shown,
    watching,
)
from seqsync.providers.inbox.client import InboxClient, campaign_path
from seqsync.providers.inbox.mapping import LIKE_TWEET

APP = "Inbox"
BUDGET = "100 reads and 30 writes a minute"
# The spellings the docs leave open (the shape of the like-tweet step was not captured):
# any of them is a like-tweet step, whichever the account uses.
LIKE_TWEET_LITERALS = frozenset({"likeTweet", "like-tweet", "like_tweet"})
DELAY_UNITS = frozenset({"minutes", "hours", "days"})
PROBE_ID = "seqsynccheck0"  # a campaign id no account has (ids are generated cuids)

ID = Either(Text(), Integer(), expected="an id (a string)")
SEGMENT = Record(
    required={
        "type": Text(
            "static, variable or variation", frozenset({"static", "variable", "variation"})
        )
    },
    optional={
        "text": Text(),
        "name": Text(),
        "fallback": Nullable(Text()),
        "options": ListOf(Text()),
    },
)
STEP = Record(
    required={
        "type": Text(
            f"message, delay or a like-tweet step ({', '.join(sorted(LIKE_TWEET_LITERALS))})",
            frozenset({"message", "delay"} | LIKE_TWEET_LITERALS),
        ),
        "data": Record(),
    },
    optional={"rank": Integer(), "campaignVersion": Nullable(Integer()), "id": Nullable(ID)},
)
CAMPAIGN = Record(
    required={"id": ID, "steps": ListOf(STEP)},
    optional={
        "name": Nullable(Text()),
        "status": Nullable(Text()),
        "version": Nullable(Integer()),
        "customVariables": Nullable(Record()),
    },
)
MESSAGE_DATA = Record(required={"segments": ListOf(SEGMENT)})
DELAY_DATA = Record(
    required={"delaySeconds": Integer("an integer (seconds)")},
    optional={"unit": Nullable(Text("minutes, hours or days", DELAY_UNITS))},
)


async def check_inbox(connection: str, client: InboxClient, wanted: Wanted) -> CheckReport:
    report = CheckReport(connection, APP)
    report.learned["listing"] = "none: Inbox cannot list campaigns; read those the files name"
    async with watching(client.api) as responses:
        try:
            steps: list[tuple[str, str, Any]] = []
            chosen = wanted.choose(())
            if not chosen:
                await _probe(report, client)
            for campaign_id in chosen:
                label, body = await report.read(client.api, campaign_path(campaign_id), campaign_id)
                if report.shapes(label, APP, CAMPAIGN, body):
                    steps += [
                        (label, f"steps[{index}]", step) for index, step in enumerate(body["steps"])
                    ]
        except SeqsyncError as exc:
            report.error(report.requests[-1] if report.requests else "", exc)
        else:
            _steps(report, steps)
    check_rate_limit_headers(report, APP, responses, documented=BUDGET)
    return report


async def _probe(report: CheckReport, client: InboxClient) -> None:
    """No campaign to read: ask for one that cannot exist; a 404 means the token works."""
    path = campaign_path(PROBE_ID)
    label = request_label("GET", path)
    report.requests.append(label)
    try:
        await client.api.request("GET", path, context="asking for a campaign that cannot exist")
    except NotFound:
        report.note(
            label,
            "no file names a campaign on this connection, so none was read; the token "
            "was accepted (an unknown campaign answered 404)",
        )
        return
    report.fail(
        label,
        f"{APP} answered a campaign id that cannot exist; seqsync expected 404",
    )


def _steps(report: CheckReport, steps: list[tuple[str, str, Any]]) -> None:
    literals: set[str] = set()
    units: set[str] = set()
    for label, where, step in steps:
        kind, data = step["type"], step["data"]
        if kind == "message":
            report.shapes(label, APP, MESSAGE_DATA, data, f"{where}.data")
        elif kind == "delay":
            if report.shapes(label, APP, DELAY_DATA, data, f"{where}.data") and data.get("unit"):
                units.add(str(data["unit"]))
        else:
            literals.add(kind)
    if not literals:
        report.learned["like-tweet step"] = "unknown: no like-tweet steps to learn from"
    else:
        report.learned["like-tweet step"] = ", ".join(
            shown(literal) for literal in sorted(literals)
        )
        for literal in sorted(literals - {LIKE_TWEET}):
            report.note(
                "",
                f"this account writes the like-tweet step as {shown(literal)} "
                f"(seqsync's default is {shown(LIKE_TWEET)}); seqsync will send {shown(literal)}",
            )
    report.learned["delay units"] = (
        ", ".join(sorted(units)) if units else "unknown: no delays to learn from"
    )

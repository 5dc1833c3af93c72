"""`seqsync check`'s shapes, on raw responses made up with httpx.MockTransport: a wrong
JSON type is a failure naming the request, the JSON path and what was expected; what the
client copes with (names for numbers, another like-tweet literal) is a note."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from seqsync.providers.checking import (
    CheckReport,
    Either,
    Integer,
    ListOf,
    Nullable,
    Record,
    Text,
    Wanted,
    mismatch_message,
    mismatches,
)
from seqsync.render.check import render_check_json, render_check_text
from tests.providers.builders import API_KEY, inbox, saleshandy, supaglue

Routes = dict[str, Callable[[httpx.Request], httpx.Response]]


def transport(routes: Routes) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        for prefix, answer in routes.items():
            if request.url.path == prefix:
                return answer(request)
        return httpx.Response(404, json={"error": {"code": "NOT_FOUND", "message": "no"}})

    return httpx.MockTransport(handle)


def answer(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(status, json=body, headers=headers or {})


# --- Saleshandy ---------------------------------------------------------------------

SH_STEP = {
    "id": "st1",
    "name": "Step 1",
    "number": 1,
    "type": 1,
    "absoluteDays": 1,
    "variants": [
        {
            "id": "v1",
            "type": 1,
            "payload": {"subject": "Hi", "content": "<p>Hi</p>"},
            "status": 1,
            "taskNote": None,
            "attachmentIds": [],
        }
    ],
}


def sh_check(step: dict[str, Any], listing: Any = None) -> CheckReport:
    rows = [{"id": "seq1", "title": "Founders"}]
    routes: Routes = {
        "/v1/sequences": answer(
            listing if listing is not None else {"message": "ok", "payload": rows}
        ),
        "/v1/sequences/seq1/steps": answer({"message": "ok", "payload": [step]}),
    }
    provider = saleshandy("https://sh.test", transport=transport(routes))

    async def run() -> CheckReport:
        try:
            return await provider.check(Wanted())
        finally:
            await provider.aclose()

    return asyncio.run(run())


def failures(report: CheckReport) -> list[str]:
    return [finding.message for finding in report.findings if finding.failure]


def notes(report: CheckReport) -> list[str]:
    return [finding.message for finding in report.findings if not finding.failure]


def test_saleshandy_numbers_pass_and_the_encoding_is_reported() -> None:
    report = sh_check(SH_STEP)
    assert not report.failed, report.findings
    assert report.sequences == ["seq1"]
    assert report.requests == [
        "GET /v1/sequences?page=1&pageSize=1000",
        "GET /v1/sequences/seq1/steps",
    ]
    assert report.learned["step type"].startswith("numbers")


def test_saleshandy_names_are_a_note_not_a_failure() -> None:
    step = {**SH_STEP, "type": "Email"}
    step["variants"] = [{**SH_STEP["variants"][0], "priority": "Urgent"}]  # type: ignore[index]
    report = sh_check(step)
    assert not report.failed, failures(report)
    assert report.learned["step type"].startswith("names")
    assert report.learned["priority"].startswith("names")
    assert any("seqsync will send names" in note for note in notes(report))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            {"type": "Emial"},
            'Saleshandy returned type: "Emial" at payload[0].type; seqsync expected a number (1–18',
        ),
        (
            {"type": 7},
            "Saleshandy returned type: 7 at payload[0].type; seqsync expected a number (1–18",
        ),
        (
            {"absoluteDays": "3"},
            'Saleshandy returned absoluteDays: "3" at payload[0].absoluteDays; seqsync expected an integer',
        ),
        (
            {"absoluteDays": None},
            "Saleshandy returned absoluteDays: null at payload[0].absoluteDays; seqsync expected an integer",
        ),
    ],
)
def test_saleshandy_wrong_step_types_fail_precisely(edit: dict[str, Any], message: str) -> None:
    report = sh_check({**SH_STEP, **edit})
    assert report.failed
    assert any(found.startswith(message) for found in failures(report)), failures(report)
    finding = next(finding for finding in report.findings if finding.failure)
    assert finding.request == "GET /v1/sequences/seq1/steps"


def test_saleshandy_a_status_word_fails_it_would_read_as_active() -> None:
    step = copy.deepcopy(SH_STEP)
    step["variants"][0]["status"] = "paused"  # type: ignore[index]
    report = sh_check(step)
    assert failures(report) == [
        'Saleshandy returned status: "paused" at payload[0].variants[0].status; seqsync '
        "expected 0 (paused) or 1 (active)"
    ]


def test_saleshandy_a_missing_field_and_an_email_without_content_fail() -> None:
    step = copy.deepcopy(SH_STEP)
    del step["absoluteDays"]
    report = sh_check(step)
    assert any("returned no absoluteDays at payload[0].absoluteDays" in m for m in failures(report))
    step = copy.deepcopy(SH_STEP)
    step["variants"][0]["payload"] = {}  # type: ignore[index]
    report = sh_check(step)
    assert any("an email variant without subject and content" in m for m in failures(report))


def test_saleshandy_listing_without_the_envelope_fails() -> None:
    report = sh_check(SH_STEP, listing={"payload": [{"id": "seq1", "title": "x"}]})
    assert any(
        "seqsync expected an object {message, payload}" in message for message in failures(report)
    )


def test_saleshandy_a_listing_that_ignores_the_page_fails() -> None:
    rows = [{"id": f"s{n}", "title": f"t{n}"} for n in range(1000)]
    report = sh_check(SH_STEP, listing={"message": "ok", "payload": rows})
    assert any("with sequences of an earlier page" in message for message in failures(report))


# --- Supaglue ------------------------------------------------------------------------

SG_SEQUENCE = {
    "id": "77",
    "name": "Webinar",
    "is_enabled": False,
    "tags": [],
    "share_type": "team",
    "steps": [
        {
            "id": "1",
            "type": "auto_email",
            "interval_seconds": 0,
            "template": {"id": "9", "subject": "Hi", "body": "<p>Hi</p>"},
        },
        {
            "id": "2",
            "type": "call",
            "interval_seconds": 86400,
            "template": {"subject": "", "body": ""},
        },
    ],
}
SG_LIST = {
    "pagination": {"next": None, "previous": None},
    "records": [{"id": "77", "name": "Webinar"}],
}


def sg_check(sequence: Any, listing: Any = SG_LIST, engine: str = "apollo") -> CheckReport:
    routes: Routes = {"/sequences": answer(listing), "/sequences/77": answer(sequence)}
    provider = supaglue("https://sg.test", engine, transport=transport(routes))

    async def run() -> CheckReport:
        try:
            return await provider.check(Wanted())
        finally:
            await provider.aclose()

    return asyncio.run(run())


def test_supaglue_reports_the_engine_and_what_it_does_with_templates() -> None:
    report = sg_check(SG_SEQUENCE)
    assert not report.failed, report.findings
    assert report.learned["engine"].startswith("apollo")
    assert report.learned["call/task templates"].startswith("none")
    assert report.learned["template bodies"].startswith("as written")


def test_supaglue_document_bodies_are_a_note() -> None:
    sequence = copy.deepcopy(SG_SEQUENCE)
    sequence["steps"][0]["template"]["body"] = "<html><head></head><body><p>Hi</p></body></html>"  # type: ignore[index]
    report = sg_check(sequence)
    assert not report.failed
    assert report.learned["template bodies"].startswith("wrapped in an HTML document")
    assert any("<html><head></head><body>" in note for note in notes(report))


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda s: s.update(is_enabled="false"),
            'Supaglue returned is_enabled: "false" at is_enabled; seqsync expected true or false',
        ),
        (
            lambda s: s["steps"][0].update(type="email"),
            'Supaglue returned type: "email" at steps[0].type; seqsync expected one of auto_email',
        ),
        (
            lambda s: s["steps"][1].update(interval_seconds="86400"),
            'Supaglue returned interval_seconds: "86400" at steps[1].interval_seconds; seqsync '
            "expected a number or null",
        ),
        (lambda s: s.pop("steps"), "Supaglue returned no steps at steps; seqsync expected a list"),
    ],
)
def test_supaglue_wrong_types_fail_precisely(
    edit: Callable[[dict[str, Any]], object], message: str
) -> None:
    sequence = copy.deepcopy(SG_SEQUENCE)
    edit(sequence)
    report = sg_check(sequence)
    assert any(found.startswith(message) for found in failures(report)), failures(report)
    assert next(f for f in report.findings if f.failure).request == "GET /sequences/77"


def test_supaglue_pagination_fields_are_checked() -> None:
    report = sg_check(SG_SEQUENCE, listing={"records": [], "pagination": {}})
    assert failures(report) == [
        "Supaglue returned no next at pagination.next; seqsync expected a cursor (a string) or null"
    ]
    looping = {"pagination": {"next": "abc", "previous": None}, "records": []}
    report = sg_check(SG_SEQUENCE, listing=looping)
    assert any("pagination.next it had returned before" in m for m in failures(report))


# --- Inbox ----------------------------------------------------------------------------

CAMPAIGN = {
    "id": "c1",
    "name": "X",
    "status": "active",
    "customVariables": {},
    "steps": [
        {
            "id": "a",
            "rank": 0,
            "type": "message",
            "campaignVersion": 1,
            "data": {"segments": [{"type": "static", "text": "Hi"}]},
        },
        {
            "id": "b",
            "rank": 1,
            "type": "delay",
            "campaignVersion": 1,
            "data": {"delaySeconds": 86400, "unit": "days"},
        },
        {"id": "c", "rank": 2, "type": "likeTweet", "campaignVersion": 1, "data": {}},
    ],
}


def limits(**extra: str) -> dict[str, str]:
    return {
        "X-RateLimit-Limit": "100",
        "X-RateLimit-Remaining": "99",
        "X-RateLimit-Reset": str(int(time.time()) + 60),
        **extra,
    }


def inbox_check(
    campaign: Any, headers: dict[str, str] | None = None, ids: tuple[str, ...] = ("c1",)
) -> CheckReport:
    routes: Routes = {
        "/campaigns/c1": answer(campaign, headers=limits() if headers is None else headers)
    }
    provider = inbox("https://inbox.test", transport=transport(routes))

    async def run() -> CheckReport:
        try:
            return await provider.check(Wanted(ids=ids))
        finally:
            await provider.aclose()

    return asyncio.run(run())


def test_inbox_reports_literal_units_and_headers() -> None:
    report = inbox_check(CAMPAIGN)
    assert not report.failed, report.findings
    assert report.learned["like-tweet step"] == '"likeTweet"'
    assert report.learned["delay units"] == "days"
    assert "X-RateLimit-Remaining" in report.learned["rate-limit headers"]


def test_inbox_another_like_tweet_literal_is_a_note_an_unknown_type_a_failure() -> None:
    campaign = copy.deepcopy(CAMPAIGN)
    campaign["steps"][2]["type"] = "like-tweet"  # type: ignore[index]
    report = inbox_check(campaign)
    assert not report.failed
    assert any('as "like-tweet"' in note for note in notes(report))
    campaign["steps"][2]["type"] = "retweet"  # type: ignore[index]
    report = inbox_check(campaign)
    assert any(
        m.startswith('Inbox returned type: "retweet" at steps[2].type') for m in failures(report)
    )


def test_inbox_delay_fields_are_checked() -> None:
    campaign = copy.deepcopy(CAMPAIGN)
    campaign["steps"][1]["data"] = {"delaySeconds": "86400", "unit": "weeks"}  # type: ignore[index]
    report = inbox_check(campaign)
    assert failures(report) == [
        'Inbox returned delaySeconds: "86400" at steps[1].data.delaySeconds; seqsync expected an integer (seconds)',
        'Inbox returned unit: "weeks" at steps[1].data.unit; seqsync expected minutes, hours or days or null',
    ]


def test_inbox_rate_limit_headers_seconds_to_wait_fail_missing_is_a_note() -> None:
    report = inbox_check(CAMPAIGN, headers=limits(**{"X-RateLimit-Reset": "30"}))
    assert any('X-RateLimit-Reset: "30", seconds to wait' in m for m in failures(report))
    report = inbox_check(CAMPAIGN, headers={})
    assert not report.failed
    assert report.learned["rate-limit headers"] == "none seen"
    assert any("sent no X-RateLimit-* headers" in note for note in notes(report))


def test_inbox_without_a_campaign_probes_one_that_cannot_exist() -> None:
    report = inbox_check(CAMPAIGN, ids=())
    assert not report.failed, report.findings
    assert report.requests == ["GET /campaigns/seqsynccheck0"]
    assert any("the token was accepted" in note for note in notes(report))


def test_a_refused_key_fails_and_is_never_shown() -> None:
    refused = answer({"error": {"code": "UNAUTHORIZED", "message": "bad token"}}, 401)
    provider = inbox("https://inbox.test", transport=transport({"/campaigns/c1": refused}))

    async def run() -> CheckReport:
        try:
            return await provider.check(Wanted(ids=("c1",)))
        finally:
            await provider.aclose()

    report = asyncio.run(run())
    assert report.failed
    shown = render_check_text([report]) + render_check_json([report])
    assert "GET /campaigns/c1" in shown
    assert API_KEY not in shown


# --- the shape vocabulary -------------------------------------------------------------


def test_shapes_name_the_path_and_the_expectation() -> None:
    shape = Record(
        required={"items": ListOf(Record(required={"n": Either(Integer(), Text())}))},
        optional={"note": Nullable(Text())},
    )
    assert mismatches(shape, {"items": [{"n": 1}, {"n": "x"}], "note": None}) == []
    found = mismatches(shape, {"items": [{"n": 1.5}, {}], "note": 3})
    assert [mismatch_message("API", m) for m in found] == [
        "API returned n: 1.5 at items[0].n; seqsync expected an integer or a string",
        "API returned no n at items[1].n; seqsync expected an integer or a string",
        "API returned note: 3 at note; seqsync expected a string or null",
    ]

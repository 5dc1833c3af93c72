"""Each rule the emulators enforce, exercised by a raw request they must reject with the
provider's own status and error envelope (what each emulator enforces:
docs/providers/saleshandy.md §8, docs/providers/supaglue.md §10, docs/providers/inbox.md §7)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.sandbox_server import ServedSandbox

SH = {"x-api-key": "k"}
SG = {"x-api-key": "k", "x-customer-id": "acme"}
X = {"authorization": "Bearer t"}
SEQ = "/v1/sequences/JA5YdAr9wy"
EMAIL_VARIANT = {"payload": {"subject": "s", "content": "<p>c</p>"}}


def email_step(day: int, variants: list[Any] | None = None) -> dict[str, Any]:
    return {"type": 1, "absoluteDays": day, "variants": variants or [EMAIL_VARIANT]}


def sg(engine: str) -> dict[str, str]:
    return {**SG, "x-provider-name": engine}


def sg_step(**record: Any) -> dict[str, Any]:
    return {"record": {"type": "auto_email", "template": {"subject": "s", "body": "b"}, **record}}


CASES: list[tuple[str, str, str, str, dict[str, str], Any, int, str]] = [
    # (id, api, method, path, headers, body, status, text the error body must contain)
    ("sh-missing-key", "saleshandy", "GET", f"{SEQ}/steps", {}, None, 400, "1001: Invalid token"),
    (
        "sh-unknown-sequence",
        "saleshandy",
        "GET",
        "/v1/sequences/nope/steps",
        SH,
        None,
        400,
        "40100",
    ),
    (
        "sh-get-with-content-type",
        "saleshandy",
        "GET",
        f"{SEQ}/steps",
        {**SH, "content-type": "application/json"},
        None,
        406,
        "Content-Type",
    ),
    ("sh-day-zero", "saleshandy", "POST", f"{SEQ}/steps", SH, email_step(0), 400, "absoluteDays"),
    # Channel and priority go as their numeric codes (see the emulator's _channel).
    (
        "sh-channel-name-refused",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        {**email_step(30), "type": "Email"},
        400,
        "numeric channel code",
    ),
    (
        "sh-priority-name-refused",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        {**email_step(30), "priority": "High"},
        400,
        "priority must be 1",
    ),
    (
        "sh-day-1000",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        email_step(1000),
        400,
        "absoluteDays",
    ),
    (
        "sh-two-emails-one-day",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        email_step(1),
        400,
        "at most one Email step",
    ),
    (
        "sh-27-variants",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        email_step(20, [EMAIL_VARIANT] * 27),
        400,
        "at most 26",
    ),
    (
        "sh-no-variants",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        {"type": 1, "absoluteDays": 20, "variants": []},
        400,
        "variants",
    ),
    (
        "sh-two-linkedin-variants",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        {"type": 3, "absoluteDays": 20, "variants": [{"payload": {"message": "a"}}] * 2},
        400,
        "at most 1",
    ),
    (
        "sh-task-note-on-email",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        email_step(20, [{**EMAIL_VARIANT, "taskNote": "call"}]),
        400,
        "taskNote is not allowed on Email",
    ),
    (
        "sh-task-note-too-long",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        {"type": 9, "absoluteDays": 20, "variants": [{"payload": {}, "taskNote": "x" * 3001}]},
        400,
        "3000",
    ),
    (
        "sh-attachments-on-call",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        {"type": 11, "absoluteDays": 20, "variants": [{"payload": {}, "attachmentIds": ["a"]}]},
        400,
        "Email variants only",
    ),
    (
        "sh-payload-wrong-shape",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        {"type": 3, "absoluteDays": 20, "variants": [{"payload": {"connectionNote": "hi"}}]},
        400,
        "payload does not match",
    ),
    (
        "sh-unknown-channel",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        {"type": 7, "absoluteDays": 20, "variants": [{}]},
        400,
        "channel",
    ),
    (
        "sh-bad-priority",
        "saleshandy",
        "POST",
        f"{SEQ}/steps",
        SH,
        {**email_step(20), "priority": 9},
        400,
        "priority",
    ),
    (
        "sh-variant-type-mismatch",
        "saleshandy",
        "POST",
        f"{SEQ}/steps/bwOLEx4l8G/variants",
        SH,
        {"type": 3, "payload": {"message": "x"}},
        400,
        "must match",
    ),
    (
        "sh-second-variant-on-linkedin",
        "saleshandy",
        "POST",
        f"{SEQ}/steps/Lp4sN9qJrV/variants",
        SH,
        {"type": 2, "payload": {}},
        400,
        "maximum of 1",
    ),
    (
        "sh-patch-bad-status",
        "saleshandy",
        "PATCH",
        f"{SEQ}/steps/bwOLEx4l8G/variants/Qk3vR8mZpL",
        SH,
        {"status": 2},
        400,
        "status",
    ),
    (
        "sh-patch-email-onto-taken-day",
        "saleshandy",
        "PATCH",
        f"{SEQ}/steps/Vc1kS7eHmQ/variants/Gu3wF8zTqK",
        SH,
        {"absoluteDays": 1},
        400,
        "at most one Email step",
    ),
    (
        "sh-patch-task-note-on-email",
        "saleshandy",
        "PATCH",
        f"{SEQ}/steps/bwOLEx4l8G/variants/Qk3vR8mZpL",
        SH,
        {"taskNote": "x"},
        400,
        "taskNote",
    ),
    (
        "sh-no-delete-route",
        "saleshandy",
        "DELETE",
        f"{SEQ}/steps/bwOLEx4l8G",
        SH,
        None,
        404,
        "Cannot DELETE",
    ),
    (
        "sg-missing-key",
        "supaglue",
        "GET",
        "/sequences/1042",
        {},
        None,
        401,
        "x-api-key header must be set",
    ),
    (
        "sg-missing-customer",
        "supaglue",
        "GET",
        "/sequences/1042",
        {"x-api-key": "k"},
        None,
        401,
        "x-customer-id",
    ),
    (
        "sg-no-connection",
        "supaglue",
        "GET",
        "/sequences/1042",
        {**sg("outreach"), "x-customer-id": "globex"},
        None,
        404,
        "NOT_FOUND_ERROR",
    ),
    (
        # Supaglue's error middleware turns the engine's plain HTTP error into a 500
        # naming the upstream status (apps/api/index.ts; the default supaglue.errors world).
        "sg-unknown-sequence-is-a-500-naming-the-upstream-404",
        "supaglue",
        "GET",
        "/sequences/777",
        sg("outreach"),
        None,
        500,
        "[HTTP 404]",
    ),
    (
        "sg-bad-step-type",
        "supaglue",
        "POST",
        "/sequences/1042/sequence_steps",
        sg("outreach"),
        sg_step(type="email"),
        400,
        "VALIDATION_ERROR",
    ),
    (
        "sg-missing-record",
        "supaglue",
        "POST",
        "/sequences/1042/sequence_steps",
        sg("outreach"),
        {"type": "call"},
        400,
        "VALIDATION_ERROR",
    ),
    (
        "sg-template-without-body",
        "supaglue",
        "POST",
        "/sequences/1042/sequence_steps",
        sg("outreach"),
        sg_step(template={"subject": "s"}),
        400,
        "body",
    ),
    (
        "sg-outreach-no-template",
        "supaglue",
        "POST",
        "/sequences/1042/sequence_steps",
        sg("outreach"),
        {"record": {"type": "call"}},
        500,
        "INTERNAL_SERVER_ERROR",
    ),
    # The request validator answers routes the spec lacks before any route runs
    # (apps/api/middleware/openapi.ts): 405 for a known path, 404 for an unknown one.
    (
        "sg-patch-sequence-405",
        "supaglue",
        "PATCH",
        "/sequences/1042",
        sg("outreach"),
        {"record": {}},
        405,
        "PATCH method not allowed",
    ),
    (
        "sg-no-delete-route-405",
        "supaglue",
        "DELETE",
        "/sequences/1042/sequence_steps/51001",
        sg("outreach"),
        None,
        405,
        "DELETE method not allowed",
    ),
    (
        "sg-unknown-path-404",
        "supaglue",
        "GET",
        "/sequence_steps",
        sg("outreach"),
        None,
        404,
        "not found",
    ),
    # Apollo's unmapped client error: a 500 naming the upstream 404 (apps/api/index.ts).
    (
        "sg-apollo-unknown-sequence-500",
        "supaglue",
        "GET",
        "/sequences/777",
        sg("apollo"),
        None,
        500,
        "[HTTP 404]: GET https://api.apollo.io/v1/emailer_campaigns/777",
    ),
    (
        "sg-page-size-over-1000",
        "supaglue",
        "GET",
        "/sequences?page_size=1001",
        sg("outreach"),
        None,
        400,
        "page_size",
    ),
    (
        "sg-create-sequence-without-type",
        "supaglue",
        "POST",
        "/sequences",
        sg("apollo"),
        {"record": {"name": "x"}},
        400,
        "VALIDATION_ERROR",
    ),
    (
        "sl-linkedin",
        "supaglue",
        "POST",
        "/sequences",
        sg("salesloft"),
        {"record": {"name": "x", "type": "team", "steps": [{"type": "linkedin_send_message"}]}},
        400,
        "not supported by Salesloft",
    ),
    (
        "sg-outreach-remote-400-becomes-500",
        "supaglue",
        "POST",
        "/sequences/1042/sequence_steps",
        sg("outreach"),
        sg_step(custom_fields={"__about_us": "x"}),
        500,
        '"origin": "remote-provider"',
    ),
    (
        "sg-outreach-patch-remote-400",
        "supaglue",
        "PATCH",
        "/sequences/1042/sequence_steps/51001",
        sg("outreach"),
        {"record": {"custom_fields": {"__about_us": "x"}}},
        500,
        '"status": "400"',
    ),
    (
        "sg-apollo-remote-400-is-a-500-naming-it",
        "supaglue",
        "POST",
        "/sequences",
        sg("apollo"),
        {
            "record": {
                "name": "x",
                "type": "team",
                "steps": [{"type": "call", "custom_fields": {"__about_us": "x"}}],
            }
        },
        500,
        "[HTTP 400]",
    ),
    (
        "sl-date",
        "supaglue",
        "POST",
        "/sequences",
        sg("salesloft"),
        {
            "record": {
                "name": "x",
                "type": "team",
                "steps": [{"type": "call", "date": "2025-01-01"}],
            }
        },
        400,
        "date-based",
    ),
    (
        "sl-partial-day",
        "supaglue",
        "POST",
        "/sequences",
        sg("salesloft"),
        {
            "record": {
                "name": "x",
                "type": "team",
                "steps": [{"type": "call", "interval_seconds": 3600}],
            }
        },
        400,
        "whole days",
    ),
    (
        "sl-template-id",
        "supaglue",
        "POST",
        "/sequences",
        sg("salesloft"),
        {
            "record": {
                "name": "x",
                "type": "team",
                "steps": [{"type": "auto_email", "template": {"id": "9"}}],
            }
        },
        400,
        "template ids",
    ),
    (
        "x-missing-token",
        "inbox",
        "GET",
        "/campaigns/usdjpdql3f90seqk13rwuo7z",
        {},
        None,
        401,
        "UNAUTHORIZED",
    ),
    ("x-capital-campaign-id", "inbox", "GET", "/campaigns/UsdJ", X, None, 400, "BAD_REQUEST"),
    ("x-unknown-campaign", "inbox", "GET", "/campaigns/zzz9", X, None, 404, "CAMPAIGN_NOT_FOUND"),
    (
        "x-steps-missing",
        "inbox",
        "PUT",
        "/campaigns/v2/usdjpdql3f90seqk13rwuo7z/sequence",
        X,
        {},
        400,
        "steps",
    ),
    (
        "x-empty-message",
        "inbox",
        "PUT",
        "/campaigns/v2/usdjpdql3f90seqk13rwuo7z/sequence",
        X,
        {"steps": [{"type": "message", "data": {"segments": []}}]},
        400,
        "segments",
    ),
    (
        "x-empty-variation",
        "inbox",
        "PUT",
        "/campaigns/v2/usdjpdql3f90seqk13rwuo7z/sequence",
        X,
        {
            "steps": [
                {"type": "message", "data": {"segments": [{"type": "variation", "options": []}]}}
            ]
        },
        400,
        "variation",
    ),
    (
        "x-variable-without-fallback",
        "inbox",
        "PUT",
        "/campaigns/v2/usdjpdql3f90seqk13rwuo7z/sequence",
        X,
        {
            "steps": [
                {
                    "type": "message",
                    "data": {"segments": [{"type": "variable", "name": "first-name"}]},
                }
            ]
        },
        400,
        "segment",
    ),
    (
        "x-unknown-variable",
        "inbox",
        "PUT",
        "/campaigns/v2/usdjpdql3f90seqk13rwuo7z/sequence",
        X,
        {
            "steps": [
                {
                    "type": "message",
                    "data": {"segments": [{"type": "variable", "name": "shoe", "fallback": ""}]},
                }
            ]
        },
        422,
        "unknown variable",
    ),
    (
        "x-bad-delay-unit",
        "inbox",
        "PUT",
        "/campaigns/v2/usdjpdql3f90seqk13rwuo7z/sequence",
        X,
        {"steps": [{"type": "delay", "data": {"delaySeconds": 60, "unit": "fortnights"}}]},
        400,
        "unit",
    ),
    (
        "x-unknown-step-type",
        "inbox",
        "PUT",
        "/campaigns/v2/usdjpdql3f90seqk13rwuo7z/sequence",
        X,
        {"steps": [{"type": "poke", "data": {}}]},
        400,
        "type",
    ),
]


@pytest.mark.parametrize(
    ("api", "method", "path", "headers", "body", "status", "text"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_emulator_rejects_like_the_real_api(
    served: ServedSandbox,
    api: str,
    method: str,
    path: str,
    headers: dict[str, str],
    body: Any,
    status: int,
    text: str,
) -> None:
    response = httpx.request(
        method, served.base_url(api) + path, headers=headers, json=body, timeout=10
    )
    assert response.status_code == status
    assert text in response.text
    envelope = response.json()
    if api == "saleshandy":
        assert {"statusCode", "message", "error"} <= set(envelope)
    elif api == "supaglue":
        assert isinstance(envelope["errors"], list)
        assert envelope["errors"]
    else:
        assert set(envelope["error"]) == {"code", "message", "status"}
        assert envelope["error"]["status"] == status


def test_rejected_requests_change_nothing(served: ServedSandbox) -> None:
    before = httpx.get(served.base_url("saleshandy") + f"{SEQ}/steps", headers=SH).json()
    httpx.post(served.base_url("saleshandy") + f"{SEQ}/steps", headers=SH, json=email_step(1))
    after = httpx.get(served.base_url("saleshandy") + f"{SEQ}/steps", headers=SH).json()
    assert before == after


def test_inbox_rate_limit_answers_429_with_headers_after_100_reads(served: ServedSandbox) -> None:
    headers = {"authorization": "Bearer rate-limit-test-token"}
    url = served.base_url("inbox") + "/campaigns/usdjpdql3f90seqk13rwuo7z"
    with httpx.Client(headers=headers, timeout=10) as client:
        statuses = [client.get(url).status_code for _ in range(101)]
        limited = client.get(url)
    assert statuses[:100] == [200] * 100
    assert statuses[100] == 429
    assert limited.json()["error"]["code"] == "RATE_LIMITED"
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    assert int(limited.headers["Retry-After"]) >= 1

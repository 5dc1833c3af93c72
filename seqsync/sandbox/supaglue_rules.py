"""What the Supaglue emulator refuses, and in which envelope (providers.md 2.5, 2.7)."""

from __future__ import annotations

import uuid
from typing import Any

from seqsync.sandbox.wire import ApiFailure, SandboxResponse
from seqsync.sandbox.worlds import World

DAY = 86_400
# Where Supaglue's engine clients send the requests whose failures the emulator reports.
APOLLO = "https://api.apollo.io"
ENGINE_SEQUENCE_URLS = {
    "apollo": APOLLO + "/v1/emailer_campaigns/{id}?api_key=apollo-key-from-the-sandbox",
    "outreach": "https://api.outreach.io/api/v2/sequences/{id}",
    "salesloft": "https://api.salesloft.com/v2/cadences/{id}.json",
}


def failure(
    status: int,
    code: str,
    detail: str,
    *,
    origin: str = "supaglue",
    inner: int | None = None,
    title: str | None = None,
    cause: Any = None,
) -> ApiFailure:
    meta: dict[str, Any] = {"origin": origin, "application_name": "seqsync-sandbox"}
    if cause is not None:
        meta["cause"] = cause
    return ApiFailure(
        SandboxResponse(
            status,
            {
                "errors": [
                    {
                        "id": str(uuid.uuid4()),
                        "title": title or detail.split(":")[0],
                        "detail": detail,
                        "problem_type": code,
                        "code": code,
                        "status": str(inner or status),
                        "meta": meta,
                    }
                ]
            },
        )
    )


def unmapped_http_error(method: str, url: str, upstream: int, body: Any = None) -> ApiFailure:
    """An engine request that failed through Supaglue's openapi-fetch client: its
    HTTPError ("[HTTP 404]: GET <url>", remotes/utils/createOpenapiClient.ts) is no
    SGError and no engine's handleErr maps it, so the API's catch-all answers 500 with
    the error itself as the cause (apps/api/index.ts)."""
    return failure(
        500,
        "INTERNAL_SERVER_ERROR",
        f"[HTTP {upstream}]: {method} {url}",
        title="Internal Server Error",
        cause={"name": "HTTPError", "method": method, "error": body, "response": {}},
    )


def unknown_sequence(engine: str, sequence_id: str, method: str, world: World) -> ApiFailure:
    """A sequence id the engine does not know. Supaglue reads a sequence (and Apollo does
    everything) through openapi-fetch, so the upstream 404 is a 500 by the middleware;
    Outreach and Salesloft writes go through axios, whose 404 their handleErr keeps. The
    `spec` world answers 404 throughout, as the published OpenAPI lists."""
    if world.supaglue_errors == "middleware" and (engine == "apollo" or method == "GET"):
        url = ENGINE_SEQUENCE_URLS[engine].format(id=sequence_id)
        return unmapped_http_error("GET", url, 404, {"error": "not found"})
    return failure(
        404, "NOT_FOUND_ERROR", f"Sequence {sequence_id} not found", origin="remote-provider"
    )


def validation_failure(pointer: str, detail: str) -> ApiFailure:
    """express-openapi-validator's shape for a request that breaks the spec."""
    return ApiFailure(
        SandboxResponse(
            400,
            {
                "errors": [
                    {
                        "title": "Bad Request",
                        "detail": detail,
                        "source": {"pointer": pointer},
                        "problem_type": "VALIDATION_ERROR",
                    }
                ]
            },
        )
    )


# ASSUMPTION: custom_fields are merged verbatim into the engine's step body (providers.md
# 2.3); a key the engine does not know is a remote 400, like seed 002's "Property ... does
# not exist". These are the step attributes providers.md 4.1 / 4.2 list for each engine.
ENGINE_STEP_ATTRIBUTES = {
    "outreach": frozenset({"taskAutoskipDelay", "taskNote", "taskPriority", "displayName"}),
    "apollo": frozenset(
        {"priority", "note", "auto_skip_in_x_days", "max_emails_per_day", "exact_datetime"}
    ),
}


def check_custom_fields(
    engine: str, custom_fields: Any, world: World, apollo_request: str = "POST /v1/emailer_steps"
) -> None:
    """Unknown engine attributes fail remotely; Outreach's 400 arrives as a 500.
    ``apollo_request`` is the Apollo call that would carry them (for its error)."""
    known = ENGINE_STEP_ATTRIBUTES.get(engine)
    if known is None or not isinstance(custom_fields, dict):
        return
    for key in custom_fields:
        if key not in known:
            raise remote_bad_request(
                engine,
                f'Property values were not valid: Property "{key}" does not exist',
                world,
                apollo_request,
            )


def remote_bad_request(
    engine: str, detail: str, world: World, apollo_request: str = "POST /v1/emailer_steps"
) -> ApiFailure:
    """A remote 400. Outreach/Salesloft's becomes 500 (their handleErr, providers.md 2.5).
    Apollo's comes through openapi-fetch, which no handler maps: a 500 by the middleware
    in the `middleware` world, a 400 in the `spec` world."""
    if engine == "apollo":
        if world.supaglue_errors == "middleware":
            method, _, path = apollo_request.partition(" ")
            return unmapped_http_error(method, APOLLO + path, 400, {"error": detail})
        return failure(400, "BAD_REQUEST", detail)
    return failure(500, "INTERNAL_SERVER_ERROR", detail, origin="remote-provider", inner=400)


def check_template(template: Any, pointer: str) -> None:
    if not isinstance(template, dict):
        raise validation_failure(pointer, "must be object")
    if "subject" in template or "body" in template:
        for key in ("subject", "body"):
            if not isinstance(template.get(key), str):
                raise validation_failure(f"{pointer}/{key}", f"must have required property '{key}'")
    elif not isinstance(template.get("id"), str):
        raise validation_failure(pointer, "must match exactly one schema in oneOf")


def check_salesloft(step_type: str, interval: float, date: Any, template: Any) -> None:
    if step_type == "linkedin_send_message":
        raise failure(400, "BAD_REQUEST", "linkedin_send_message is not supported by Salesloft")
    if date is not None:
        raise failure(400, "BAD_REQUEST", "Salesloft does not support date-based steps")
    if isinstance(template, dict) and "id" in template and "subject" not in template:
        raise failure(400, "BAD_REQUEST", "Salesloft does not support template ids")
    if interval % DAY:
        raise failure(400, "BAD_REQUEST", "interval_seconds must be whole days for Salesloft")

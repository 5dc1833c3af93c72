"""Supaglue's error responses (docs/providers/supaglue.md §8, §10): its own envelope,
what its error middleware makes of an engine's failure, its request validator's, and
the envelope of the faults the sandbox injects."""

from __future__ import annotations

import uuid
from typing import Any

from seqsync.sandbox.routing import Route
from seqsync.sandbox.wire import ApiFailure, SandboxRequest, SandboxResponse
from seqsync.sandbox.worlds import World

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


def remote_bad_request(
    engine: str, detail: str, world: World, apollo_request: str = "POST /v1/emailer_steps"
) -> ApiFailure:
    """A remote 400. Outreach/Salesloft's becomes 500 (their handleErr,
    docs/providers/supaglue.md §8). Apollo's comes through openapi-fetch, which no
    handler maps: a 500 by the middleware in the `middleware` world, a 400 in the
    `spec` world."""
    if engine == "apollo":
        if world.supaglue_errors == "middleware":
            method, _, path = apollo_request.partition(" ")
            return unmapped_http_error(method, APOLLO + path, 400, {"error": detail})
        return failure(400, "BAD_REQUEST", detail)
    return failure(500, "INTERNAL_SERVER_ERROR", detail, origin="remote-provider", inner=400)


def unrouted(routes: list[Route], request: SandboxRequest) -> ApiFailure:
    """What Supaglue's request validator answers before any route runs
    (apps/api/middleware/openapi.ts, express-openapi-validator): a path the spec has with
    a method it lacks (PATCH /sequences/{id}, any DELETE) is 405, an unknown path 404."""
    known_path = any(candidate.pattern.match(request.path) for candidate in routes)
    status, message = (
        (405, f"{request.method} method not allowed") if known_path else (404, "not found")
    )
    return ApiFailure(
        SandboxResponse(
            status,
            {
                "errors": [
                    {
                        "title": message,
                        "detail": message,
                        "source": {"pointer": request.path},
                        "problem_type": "VALIDATION_ERROR",
                    }
                ]
            },
        )
    )


def server_error() -> SandboxResponse:
    return failure(503, "SERVICE_UNAVAILABLE_ERROR", "Service unavailable").response


def rate_limited() -> SandboxResponse:
    return failure(429, "TOO_MANY_REQUESTS_ERROR", "Encountered rate limiting").response


def retry_after(world: World) -> bool:
    """Supaglue's error middleware sends only the JSON body (apps/api/index.ts): its
    TooManyRequestsError carries no Retry-After; the published spec suggests one."""
    return world.supaglue_errors == "spec"

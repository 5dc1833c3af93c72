"""Saleshandy's error responses: the NestJS-style body docs/providers/saleshandy.md §6
proposes (ASSUMPTION), for the emulator's refusals and the sandbox's injected faults."""

from __future__ import annotations

from seqsync.sandbox.wire import ApiFailure, SandboxRequest, SandboxResponse

_STATUS_NAMES = {400: "Bad Request", 404: "Not Found", 406: "Not Acceptable", 401: "Unauthorized"}


def error(status: int, code: int, message: str) -> ApiFailure:
    return ApiFailure(
        SandboxResponse(
            status,
            {
                "statusCode": status,
                "message": f"{code}: {message}",
                "error": _STATUS_NAMES.get(status, "Error"),
                "errorCode": code,
            },
        )
    )


def unrouted(request: SandboxRequest) -> ApiFailure:
    """NestJS's own 404 for a route it does not have: no Saleshandy error code."""
    return ApiFailure(
        SandboxResponse(
            404,
            {
                "statusCode": 404,
                "message": f"Cannot {request.method} {request.path}",
                "error": "Not Found",
            },
        )
    )


def server_error() -> SandboxResponse:
    return error(500, 5001, "Internal server error, please try again later").response


def rate_limited() -> SandboxResponse:
    return error(429, 4290, "Too many requests").response

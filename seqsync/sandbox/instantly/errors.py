"""Instantly's error body, ``{statusCode, error, message}`` (all three required by its
OpenAPI), for the emulator's refusals and the sandbox's injected faults."""

from __future__ import annotations

from http import HTTPStatus

from seqsync.sandbox.wire import ApiFailure, SandboxResponse


def failure(status: int, message: str) -> ApiFailure:
    reason = HTTPStatus(status).phrase
    return ApiFailure(
        SandboxResponse(status, {"statusCode": status, "error": reason, "message": message})
    )


def server_error() -> SandboxResponse:
    return failure(500, "Internal server error").response


def rate_limited() -> SandboxResponse:
    return failure(429, "Rate limit exceeded").response

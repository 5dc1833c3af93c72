"""Inbox's error responses, for the emulator's refusals and the sandbox's injected faults."""

from __future__ import annotations

from seqsync.sandbox.wire import ApiFailure, SandboxResponse

RATE_LIMITED_MESSAGE = "Rate limit exceeded. Try again in 60 seconds."


def failure(status: int, code: str, message: str) -> ApiFailure:
    return ApiFailure(
        SandboxResponse(status, {"error": {"code": code, "message": message, "status": status}})
    )


def server_error() -> SandboxResponse:
    return failure(500, "INTERNAL_ERROR", "Internal server error").response


def rate_limited() -> SandboxResponse:
    return failure(429, "RATE_LIMITED", RATE_LIMITED_MESSAGE).response

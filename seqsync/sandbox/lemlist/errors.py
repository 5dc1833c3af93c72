"""lemlist's error responses: the plain-text bodies its sequence and campaign routes
answer with (docs/providers/lemlist.md §1), for the emulator's refusals and the sandbox's
injected faults. The sandbox sends every body as JSON, so a text body arrives as a JSON
string: the client reads both."""

from __future__ import annotations

from seqsync.sandbox.wire import ApiFailure, SandboxResponse

TOO_MANY = "Too many requests"  # the 429 text is not documented (§1): a stand-in


def failure(status: int, text: str) -> ApiFailure:
    return ApiFailure(SandboxResponse(status, text))


def server_error() -> SandboxResponse:
    return failure(500, "Internal Server Error").response


def rate_limited() -> SandboxResponse:
    return failure(429, TOO_MANY).response

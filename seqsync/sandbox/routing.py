"""A tiny method + path-pattern router shared by the emulators."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from seqsync.sandbox.state import Transaction
from seqsync.sandbox.wire import SandboxRequest, SandboxResponse

Handler = Callable[[SandboxRequest, Transaction, dict[str, str]], SandboxResponse]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler


def route(method: str, template: str, handler: Handler) -> Route:
    """``/v1/sequences/{sequence_id}/steps`` matches any non-slash segment as a parameter."""
    regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
    return Route(method, re.compile(f"^{regex}/?$"), handler)


def match(routes: list[Route], request: SandboxRequest) -> tuple[Route, dict[str, str]] | None:
    """The route for the request's method and path, or None (the APIs answer 404 then)."""
    for candidate in routes:
        if candidate.method != request.method:
            continue
        found = candidate.pattern.match(request.path)
        if found is not None:
            return candidate, found.groupdict()
    return None

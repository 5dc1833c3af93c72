"""`seqsync check`, provider-neutral: the shapes a client relies on, checked on the raw
JSON of each response, and the report a provider's check returns.

A provider's ``check.py`` declares the shapes of the responses its client reads with
the small vocabulary below, and learns what the account does where the API allows more
than one answer. A difference is a *failure* when the client would misread the response
or mis-send a request because of it, and a *note* when the client already copes with it.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from seqsync.errors import SeqsyncError
from seqsync.providers.http import ApiClient

DEFAULT_SAMPLE = 3

# --- what a response must look like ---------------------------------------------------


@dataclass(frozen=True)
class Mismatch:
    """One place where a response is not what the client relies on."""

    path: str  # where in the response, e.g. payload[0].type
    key: str  # the field's own name, for "returned type: ..."
    got: Any
    expected: str
    missing: bool = False


class Shape:
    """What a JSON value must be; ``expected`` says it in words."""

    expected: str = "a value"

    def accepts(self, value: Any) -> bool:
        return True

    def mismatches(self, value: Any, path: str, key: str) -> Iterator[Mismatch]:
        if not self.accepts(value):
            yield Mismatch(path, key, value, self.expected)


class Anything(Shape):
    pass


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Integer(Shape):
    def __init__(self, expected: str = "an integer", choices: frozenset[int] | None = None):
        self.expected = expected
        self.choices = choices

    def accepts(self, value: Any) -> bool:
        return _is_int(value) and (self.choices is None or value in self.choices)


class Number(Shape):
    expected = "a number"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)


class Boolean(Shape):
    expected = "true or false"

    def accepts(self, value: Any) -> bool:
        return isinstance(value, bool)


class Text(Shape):
    def __init__(self, expected: str = "a string", choices: frozenset[str] | None = None):
        self.expected = expected
        self.choices = choices

    def accepts(self, value: Any) -> bool:
        return isinstance(value, str) and (self.choices is None or value in self.choices)


class Either(Shape):
    """Any of ``shapes`` (a number or a name, say)."""

    def __init__(self, *shapes: Shape, expected: str | None = None):
        self.shapes = shapes
        self.expected = expected or " or ".join(shape.expected for shape in shapes)

    def accepts(self, value: Any) -> bool:
        return any(shape.accepts(value) for shape in self.shapes)

    def mismatches(self, value: Any, path: str, key: str) -> Iterator[Mismatch]:
        for shape in self.shapes:
            if shape.accepts(value):
                yield from shape.mismatches(value, path, key)
                return
        yield Mismatch(path, key, value, self.expected)


class Nullable(Shape):
    def __init__(self, shape: Shape):
        self.shape = shape
        self.expected = f"{shape.expected} or null"

    def mismatches(self, value: Any, path: str, key: str) -> Iterator[Mismatch]:
        if value is not None:
            for found in self.shape.mismatches(value, path, key):
                # Only the value itself may be null; what is inside it may not.
                inside = found.path != path
                expected = found.expected if inside else f"{found.expected} or null"
                yield Mismatch(found.path, found.key, found.got, expected, found.missing)


class ListOf(Shape):
    def __init__(self, item: Shape, expected: str | None = None):
        self.item = item
        self.expected = expected or "a list"

    def mismatches(self, value: Any, path: str, key: str) -> Iterator[Mismatch]:
        if not isinstance(value, list):
            yield Mismatch(path, key, value, self.expected)
            return
        for index, item in enumerate(value):
            yield from self.item.mismatches(item, f"{path}[{index}]", key)


class Record(Shape):
    """A JSON object: ``required`` keys must be there, ``optional`` ones may be; other keys
    are the API's business (the client ignores them)."""

    def __init__(
        self,
        required: Mapping[str, Shape] | None = None,
        optional: Mapping[str, Shape] | None = None,
        expected: str = "an object",
    ):
        self.required = dict(required or {})
        self.optional = dict(optional or {})
        self.expected = expected

    def mismatches(self, value: Any, path: str, key: str) -> Iterator[Mismatch]:
        if not isinstance(value, dict):
            yield Mismatch(path, key, value, self.expected)
            return
        for name, shape in self.required.items():
            where = f"{path}.{name}" if path else name
            if name not in value:
                yield Mismatch(where, name, None, shape.expected, missing=True)
            else:
                yield from shape.mismatches(value[name], where, name)
        for name, shape in self.optional.items():
            if name in value:
                yield from shape.mismatches(value[name], f"{path}.{name}" if path else name, name)


def mismatches(shape: Shape, value: Any, root: str = "") -> list[Mismatch]:
    """Every place where ``value`` (a parsed response) differs from ``shape``."""
    return list(shape.mismatches(value, root, root or "the response"))


def shown(value: Any, limit: int = 60) -> str:
    """A JSON value as it was on the wire, cut short: enough to recognise it."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- what a check found ---------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """A difference from what seqsync relies on: a failure when the client would misread
    or mis-send, a note when it copes."""

    failure: bool
    request: str  # "GET /v1/sequences/…/steps": method and path, never a header
    message: str
    path: str = ""

    def to_data(self) -> dict[str, Any]:
        return {
            "severity": "failure" if self.failure else "note",
            "request": self.request,
            "path": self.path,
            "message": self.message,
        }


@dataclass
class CheckReport:
    """What one connection's check did, learned and found."""

    connection: str
    service: str
    requests: list[str] = field(default_factory=list)
    sequences: list[str] = field(default_factory=list)  # the ids read
    learned: dict[str, str] = field(default_factory=dict)  # what the account does, in words
    findings: list[Finding] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return any(finding.failure for finding in self.findings)

    def fail(self, request: str, message: str, path: str = "") -> None:
        self.findings.append(Finding(True, request, message, path))

    def note(self, request: str, message: str, path: str = "") -> None:
        self.findings.append(Finding(False, request, message, path))

    def shapes(self, request: str, app: str, shape: Shape, body: Any, root: str = "") -> bool:
        """Report every mismatch of ``body`` against ``shape`` as a failure; True if none."""
        found = mismatches(shape, body, root)
        for mismatch in found:
            self.fail(request, mismatch_message(app, mismatch), mismatch.path)
        return not found

    async def read(self, api: ApiClient, path: str, sequence_id: str) -> tuple[str, Any]:
        """GET one sequence as the client reads it, noted among the requests and the
        sequences read: (its request label, the raw body)."""
        label = request_label("GET", path)
        self.requests.append(label)
        body = await api.request("GET", path, context=f"reading sequence {sequence_id}")
        if sequence_id not in self.sequences:  # a sequence read in two requests is one
            self.sequences.append(sequence_id)
        return label, body

    def error(self, request: str, error: SeqsyncError) -> None:
        """A request that failed: the provider's typed error says why (its messages carry
        no key: the clients strip query strings and never show headers)."""
        self.fail(request, str(error))

    def to_data(self) -> dict[str, Any]:
        return {
            "connection": self.connection,
            "service": self.service,
            "ok": not self.failed,
            "requests": list(self.requests),
            "sequences": list(self.sequences),
            "learned": dict(self.learned),
            "findings": [finding.to_data() for finding in self.findings],
        }


def mismatch_message(app: str, mismatch: Mismatch) -> str:
    where = mismatch.path or "the top level"
    if mismatch.missing:
        return f"{app} returned no {mismatch.key} at {where}; seqsync expected {mismatch.expected}"
    return (
        f"{app} returned {mismatch.key}: {shown(mismatch.got)} at {where}; "
        f"seqsync expected {mismatch.expected}"
    )


@dataclass(frozen=True)
class Wanted:
    """Which sequences a check reads: the files' pinned ids and the titles of files
    without one (matched against a listing), then a sample of the listing, ``size`` in all."""

    ids: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    size: int = DEFAULT_SAMPLE

    def choose(self, listed: Sequence[tuple[str, str]]) -> list[str]:
        """Up to ``size`` ids: pinned first, then titled, then the listing's first ones."""
        chosen: list[str] = []
        titled = [sequence_id for sequence_id, title in listed if title in set(self.titles)]
        for sequence_id in [*self.ids, *titled, *(sequence_id for sequence_id, _ in listed)]:
            if len(chosen) >= self.size:
                break
            if sequence_id not in chosen:
                chosen.append(sequence_id)
        return chosen


def request_label(method: str, path: str) -> str:
    return f"{method} {path}"


# --- the raw responses ----------------------------------------------------------------


class Responses:
    """The raw responses one client received while a check ran: the client returns only
    the parsed body, and a check also looks at headers (rate limits)."""

    def __init__(self) -> None:
        self.seen: list[httpx.Response] = []

    async def _record(self, response: httpx.Response) -> None:
        self.seen.append(response)

    def headers(self, prefix: str) -> dict[str, list[str]]:
        """The values of each header whose name starts with ``prefix`` (lower case)."""
        found: dict[str, list[str]] = {}
        for response in self.seen:
            for name, value in response.headers.items():
                if name.lower().startswith(prefix):
                    found.setdefault(name.lower(), []).append(value)
        return found


@contextlib.asynccontextmanager
async def watching(api: ApiClient) -> AsyncIterator[Responses]:
    """Record the client's raw responses for as long as the block runs. The hook rides on
    the client's own HTTP session, so a check sends exactly what plan would (headers,
    retries, rate limits) and sees every answer, retries included."""
    responses = Responses()
    hooks = api._http.event_hooks
    hooks.setdefault("response", []).append(responses._record)
    api._http.event_hooks = hooks
    try:
        yield responses
    finally:
        remaining = api._http.event_hooks
        remaining["response"] = [
            hook for hook in remaining.get("response", []) if hook != responses._record
        ]
        api._http.event_hooks = remaining


# --- rate-limit headers ---------------------------------------------------------------

_HEADER_NAMES = {
    "x-ratelimit-limit": "X-RateLimit-Limit",
    "x-ratelimit-remaining": "X-RateLimit-Remaining",
    "x-ratelimit-reset": "X-RateLimit-Reset",
    "retry-after": "Retry-After",
}


def _label_of(response: httpx.Response) -> str:
    # The path only: a query string may carry what the caller put there, never needed here.
    return request_label(response.request.method, response.request.url.path)


_YEAR_2001 = 978_307_200  # any unix time seqsync meets is later


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def check_rate_limit_headers(
    report: CheckReport, app: str, responses: Responses, *, documented: str = ""
) -> None:
    """The headers every seqsync client reads (rate.py's ``observe`` and the retry
    policy): ``X-RateLimit-Remaining`` as an integer, ``X-RateLimit-Reset`` as unix
    seconds, ``Retry-After`` on a 429. ``documented`` names the budget the provider
    documents, when it documents the headers too (their absence is then a note)."""
    names = sorted(
        {
            name
            for response in responses.seen
            for name in response.headers
            if name.lower().startswith("x-ratelimit-")
            or (name.lower() == "retry-after" and response.status_code == 429)
        }
    )
    report.learned["rate-limit headers"] = (
        ", ".join(_HEADER_NAMES.get(name.lower(), name) for name in names) or "none seen"
    )
    said: set[str] = set()

    def once(failure: bool, label: str, message: str) -> None:
        if message not in said:
            said.add(message)
            (report.fail if failure else report.note)(label, message)

    for response in responses.seen:
        label = _label_of(response)
        remaining = response.headers.get("x-ratelimit-remaining")
        reset = response.headers.get("x-ratelimit-reset")
        if remaining is not None and not remaining.strip().lstrip("-").isdigit():
            once(
                True,
                label,
                f"{app} returned X-RateLimit-Remaining: {shown(remaining)}; seqsync expected "
                "an integer (it waits for the reset when it reaches 0)",
            )
        if reset is not None and not _is_number(reset.strip()):
            once(
                True,
                label,
                f"{app} returned X-RateLimit-Reset: {shown(reset)}; seqsync expected unix "
                "seconds (when the spent budget comes back)",
            )
        elif reset is not None and float(reset) < _YEAR_2001:
            # Seconds to wait, not a time: read as a time long past, seqsync would not wait.
            once(
                True,
                label,
                f"{app} returned X-RateLimit-Reset: {shown(reset)}, seconds to wait rather "
                "than a time; seqsync expected unix seconds and would not wait",
            )
        if (remaining is None) != (reset is None):
            once(
                False,
                label,
                f"{app} sent only one of X-RateLimit-Remaining and X-RateLimit-Reset; "
                "seqsync needs both to wait for a spent budget, and keeps to its own",
            )
        if response.status_code == 429 and "retry-after" not in response.headers:
            once(
                False,
                label,
                f"{app} answered 429 without Retry-After; seqsync backs off on its own "
                "(exponentially, up to 20 s) and tries again",
            )
    if documented and not any(name.lower().startswith("x-ratelimit-") for name in names):
        once(
            False,
            "",
            f"{app} sent no X-RateLimit-* headers; seqsync keeps to the documented "
            f"{documented} on its own",
        )

"""What the Inbox emulator refuses in a sequence PUT (docs/providers/inbox.md §7): step types,
delays and message segments, checked before anything is replaced."""

from __future__ import annotations

import re
from typing import Any

from seqsync.sandbox.inbox.errors import failure
from seqsync.sandbox.worlds import World

CAMPAIGN_ID = re.compile(r"^[0-9a-z]+$")
# Delay units: the docs show only "days"; minutes and hours are a guess. Which of the two
# the API takes is the `inbox.delay_units` world.
DELAY_UNITS = ("minutes", "hours", "days")
DOCUMENTED_DELAY_UNITS = ("days",)
# The PUT docs name a "Like tweet step" but never captured its type literal: the one the
# API takes (and the GET returns) is the `inbox.like_tweet` world; the world's values
# are the literals themselves. The state keeps this one spelling (the seed's), and a read
# shows the world's.
STORED_LIKE_TWEET = "likeTweet"
# Variables every campaign knows besides its own customVariables. The update-sequence
# page's example shows only "first-name"; the other three are an ASSUMPTION of Inbox's
# lead fields (docs/providers/inbox.md §3.2). An unknown name is answered 422 (also an
# ASSUMPTION there).
BUILTIN_VARIABLES = frozenset({"first-name", "last-name", "full-name", "username"})


def checked_step(
    step: Any, index: int, known_variables: set[str] | frozenset[str], world: World
) -> dict[str, Any]:
    where = f"steps[{index}]"
    if not isinstance(step, dict) or not isinstance(step.get("data"), dict):
        raise failure(400, "BAD_REQUEST", f"{where} must be an object with type and data")
    kind, data = step.get("type"), step["data"]
    if kind == "message":
        segments = data.get("segments")
        if not isinstance(segments, list) or not segments:
            raise failure(400, "BAD_REQUEST", f"{where}.data.segments must be a non-empty array")
        for position, segment in enumerate(segments):
            _check_segment(segment, f"{where}.data.segments[{position}]", known_variables)
        return {"type": kind, "data": {"segments": [dict(s) for s in segments]}}
    if kind == "delay":
        seconds, unit = data.get("delaySeconds"), data.get("unit")
        if not isinstance(seconds, int) or isinstance(seconds, bool) or seconds < 0:
            raise failure(400, "BAD_REQUEST", f"{where}.data.delaySeconds must be an integer >= 0")
        units = DELAY_UNITS if world.inbox_delay_units == "any" else DOCUMENTED_DELAY_UNITS
        if unit not in units:
            raise failure(
                400, "BAD_REQUEST", f"{where}.data.unit must be one of {', '.join(units)}"
            )
        return {"type": kind, "data": {"delaySeconds": seconds, "unit": unit}}
    if kind == world.inbox_like_tweet:
        return {"type": STORED_LIKE_TWEET, "data": {}}
    raise failure(
        400, "BAD_REQUEST", f"{where}.type must be message, delay or {world.inbox_like_tweet}"
    )


def _check_segment(segment: Any, where: str, known_variables: set[str] | frozenset[str]) -> None:
    if not isinstance(segment, dict):
        raise failure(400, "BAD_REQUEST", f"{where} must be an object")
    kind = segment.get("type")
    if kind == "static" and isinstance(segment.get("text"), str):
        return
    if (
        kind == "variable"
        and isinstance(segment.get("name"), str)
        and isinstance(segment.get("fallback"), str)
    ):
        if segment["name"] not in known_variables:
            raise failure(
                422, "UNPROCESSABLE_ENTITY", f"{where}: unknown variable {segment['name']!r}"
            )
        return
    options = segment.get("options")
    if (
        kind == "variation"
        and isinstance(options, list)
        and options
        and all(isinstance(o, str) and o for o in options)
    ):
        return
    raise failure(
        400, "BAD_REQUEST", f"{where} is not a valid static, variable or variation segment"
    )

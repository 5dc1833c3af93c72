"""Inbox (X DM) campaign files: an ordered list of message, delay and like-tweet steps.

Inbox replaces a campaign's whole sequence at once, so steps carry no ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictBool, StrictStr

from seqsync.model.common import Duration, SequenceBase, StrictModel, custom_error
from seqsync.model.problems import Problem
from seqsync.providers.inbox.message import MessageSyntaxError, parse_message

CAMPAIGN_ID = re.compile(r"^[0-9a-z]+$")


def _check_campaign_id(value: str) -> str:
    if not CAMPAIGN_ID.fullmatch(value):
        raise custom_error(
            f"Inbox campaign ids are lowercase letters and digits only (like "
            f"usdjpdql3f90seqk13rwuo7z); {value!r} is not one"
        )
    return value


def _check_message(text: str) -> str:
    try:
        parse_message(text)
    except MessageSyntaxError as exc:
        raise custom_error(f"{exc} (at character {exc.offset + 1})") from None
    return text


class InboxSegment(StrictModel):
    """A raw Inbox segment: static text, a variable, or a variation."""

    type: Literal["static", "variable", "variation"] = Field(description="The segment kind.")
    text: StrictStr | None = Field(default=None, description="static: the text.")
    name: StrictStr | None = Field(default=None, description="variable: its name.")
    fallback: StrictStr | None = Field(default=None, description="variable: text if unset.")
    options: list[StrictStr] | None = Field(default=None, description="variation: the options.")


class InboxStep(StrictModel):
    """Exactly one of `message`, `segments`, `delay` or `like_tweet`."""

    message: Annotated[StrictStr, AfterValidator(_check_message)] | None = Field(
        default=None,
        description="A DM: text with {{variable|fallback}} and {Hi|Hey} variations.",
    )
    segments: list[InboxSegment] | None = Field(
        default=None, description="A DM as raw Inbox segments (what `import` writes when needed)."
    )
    delay: Duration | None = Field(default=None, description="Wait before the next step, e.g. 2d.")
    like_tweet: StrictBool | None = Field(
        default=None, description="`true`: like the recipient's latest tweet."
    )


class InboxSequence(SequenceBase):
    """An Inbox campaign's sequence."""

    id: Annotated[StrictStr, AfterValidator(_check_campaign_id)] = Field(
        description="The campaign id. Inbox campaigns are created in the Inbox app; "
        "seqsync manages their sequence."
    )
    steps: list[InboxStep] = Field(description="The steps, in the order they run.")


_SEGMENT_FIELDS = {"static": ("text",), "variable": ("name", "fallback"), "variation": ("options",)}
_STEP_KINDS = ("message", "segments", "delay", "like_tweet")


def inbox_problems(sequence: InboxSequence) -> Iterator[Problem]:
    """The rules of Inbox's sequence replace that a file can break."""
    if sequence.unmanaged_steps == "keep":
        yield Problem(
            ("unmanaged_steps",),
            "Inbox replaces a campaign's whole sequence, so live steps the file lacks "
            "cannot be kept; write them in the file, or remove unmanaged_steps",
        )
    if not sequence.steps:
        yield Problem(("steps",), "an Inbox sequence needs at least one step")
    for index, step in enumerate(sequence.steps):
        at = ("steps", index)
        given = [kind for kind in _STEP_KINDS if getattr(step, kind) is not None]
        if len(given) != 1:
            yield Problem(
                at,
                "each step is exactly one of message, segments, delay or like_tweet"
                + (f"; this one has {' and '.join(given)}" if given else ""),
            )
        if step.delay is not None and step.delay <= 0:
            yield Problem((*at, "delay"), "a delay must be longer than zero, like 1d or 6h")
        if step.like_tweet is False:
            yield Problem((*at, "like_tweet"), "write like_tweet: true, or remove the step")
        if step.segments is not None:
            yield from _segment_problems(step.segments, (*at, "segments"))


def _segment_problems(segments: list[InboxSegment], at: tuple[str | int, ...]) -> Iterator[Problem]:
    if not segments:
        yield Problem(at, "a message needs at least one segment")
    for index, segment in enumerate(segments):
        here = (*at, index)
        wanted = _SEGMENT_FIELDS[segment.type]
        for key in ("text", "name", "fallback", "options"):
            value = getattr(segment, key)
            if key in wanted and value is None:
                yield Problem(here, f"a {segment.type} segment needs {key}")
            elif key not in wanted and value is not None:
                yield Problem((*here, key), f"a {segment.type} segment has no {key}", True)
        if segment.options is not None and (
            len(segment.options) < 1 or any(not option.strip() for option in segment.options)
        ):
            yield Problem((*here, "options"), "variation options must be non-empty text")

"""Instantly campaign files: the campaign's email steps, each with its variants, and the
sending schedule a new campaign needs (docs/providers/instantly.md §3, §4).

Instantly writes a campaign's sequence whole and gives steps and variants no ids, so
steps carry none: their identity is their position.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StrictBool, StrictStr

from seqsync.model.common import (
    Duration,
    MergeText,
    RelativeFile,
    SequenceBase,
    StrictModel,
    custom_error,
)
from seqsync.model.problems import Problem
from seqsync.providers.instantly.timezones import TIMEZONES

CAMPAIGN_ID = re.compile(r"^[0-9A-Za-z-]{1,64}$")
TIME = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")  # the OpenAPI's timing pattern
MINUTE = 60

Timezone = Literal[TIMEZONES]  # type: ignore[valid-type]


def _check_campaign_id(value: str) -> str:
    if not CAMPAIGN_ID.fullmatch(value):
        raise custom_error(f"Instantly campaign ids are UUIDs; {value!r} is not one")
    return value


def _check_time(value: str) -> str:
    if not TIME.fullmatch(value):
        raise custom_error(f"a time of day is HH:MM on a 24-hour clock, like 09:00; not {value!r}")
    return value


class InstantlyVariant(StrictModel):
    """One version of an email: Instantly sends each enabled variant to a share of leads."""

    subject: MergeText = Field(description="The subject line.")
    body: MergeText | None = Field(default=None, description="The body (HTML), inline.")
    body_file: RelativeFile | None = Field(
        default=None, description="The body (HTML) in a file, relative to this YAML file."
    )
    disabled: StrictBool | None = Field(
        default=None, description="`true`: kept but not sent (Instantly's `v_disabled`)."
    )


class InstantlyStep(StrictModel):
    """One email; `delay` is the wait after the previous email."""

    delay: Duration | None = Field(
        default=None,
        description="Wait after the previous email, in whole minutes, hours or days "
        "(90m, 36h, 2d); the first email has none: it goes when the campaign starts.",
    )
    variants: list[InstantlyVariant] = Field(description="The email's variants (A, B, …).")


class InstantlySchedule(StrictModel):
    """When Instantly sends: the campaign's (first) sending schedule."""

    name: StrictStr | None = Field(
        default=None, description="The schedule's name (a new campaign's title when absent)."
    )
    timezone: Timezone = Field(description="One of Instantly's timezones (a closed list).")
    days: list[Annotated[int, Field(ge=0, le=6, strict=True)]] = Field(
        description="The days it sends on, as Instantly numbers them: 0 to 6."
    )
    from_: Annotated[StrictStr, AfterValidator(_check_time)] = Field(
        alias="from", description="Sending starts at this time of day (HH:MM)."
    )
    to: Annotated[StrictStr, AfterValidator(_check_time)] = Field(
        description="Sending stops at this time of day (HH:MM)."
    )


class InstantlySequence(SequenceBase):
    """An Instantly campaign's email sequence."""

    id: Annotated[StrictStr, AfterValidator(_check_campaign_id)] | None = Field(
        default=None, description="The campaign id; absent: found by title, or created."
    )
    schedule: InstantlySchedule | None = Field(
        default=None,
        description="The sending schedule: required to create a campaign; managed when given.",
    )
    steps: list[InstantlyStep] = Field(description="The emails, in the order they are sent.")


def instantly_problems(sequence: InstantlySequence) -> Iterator[Problem]:
    """The rules of Instantly's campaign create and patch that a file can break."""
    if sequence.unmanaged_steps == "keep":
        yield Problem(
            ("unmanaged_steps",),
            "Instantly writes a campaign's whole sequence at once, so live steps the file "
            "lacks cannot be kept; write them in the file, or remove unmanaged_steps",
        )
    if not sequence.steps:
        yield Problem(("steps",), "an Instantly sequence needs at least one email")
    if sequence.schedule is not None:
        if not sequence.schedule.days:
            yield Problem(("schedule", "days"), "a schedule sends on at least one day")
        if len(set(sequence.schedule.days)) != len(sequence.schedule.days):
            yield Problem(("schedule", "days"), "each day is listed once")
    for index, step in enumerate(sequence.steps):
        at = ("steps", index)
        if index and step.delay is None:
            yield Problem(at, "say how long after the previous email this one goes, like delay: 2d")
        if step.delay is not None:
            if index == 0 and step.delay:
                yield Problem(
                    (*at, "delay"),
                    "the first email goes when the campaign starts: Instantly has no wait "
                    "before it; remove this delay",
                )
            elif step.delay % MINUTE:
                yield Problem(
                    (*at, "delay"),
                    "Instantly counts delays in minutes, hours or days: use whole minutes",
                )
        if not step.variants:
            yield Problem((*at, "variants"), "an email needs at least one variant")
        for number, variant in enumerate(step.variants):
            where = (*at, "variants", number)
            if variant.body is not None and variant.body_file is not None:
                yield Problem((*where, "body_file"), "give body or body_file, not both", True)
            elif variant.body is None and variant.body_file is None:
                yield Problem(where, "a variant needs a body (body, or body_file)")
        if step.variants and all(variant.disabled for variant in step.variants):
            yield Problem(
                (*at, "variants"), "every variant is disabled: this email would never be sent"
            )

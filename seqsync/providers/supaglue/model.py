"""Supaglue sequence files: steps in Supaglue's unified vocabulary, behind Apollo, Outreach
or Salesloft. What each engine accepts differs (docs/providers/supaglue.md §4);
:func:`supaglue_problems` knows the differences for the connection's ``provider_name``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, StrictBool, StrictStr

from seqsync.model.common import (
    Duration,
    LiveId,
    MergeText,
    RelativeFile,
    SequenceBase,
    StrictModel,
)
from seqsync.model.problems import Problem

StepType = Literal["auto_email", "manual_email", "call", "task", "linkedin_send_message"]
DAY = 86_400
SALESLOFT_MAX_DELAY_MINUTES = 720


class SupaglueTemplate(StrictModel):
    """The email or message a step sends: an existing template `id`, or subject + body."""

    id: LiveId | None = Field(default=None, description="An existing template to use as is.")
    name: StrictStr | None = Field(default=None, description="Template name (new templates).")
    subject: MergeText | None = Field(default=None, description="Email subject.")
    body: MergeText | None = Field(default=None, description="Email body (HTML), inline.")
    body_file: RelativeFile | None = Field(
        default=None, description="Email body (HTML) in a file, relative to this YAML file."
    )


class SupaglueStep(StrictModel):
    """One step; `delay` is the wait after the previous step (or after enrolment)."""

    id: LiveId | None = Field(default=None, description="Pins this step to a live step.")
    name: StrictStr | None = Field(default=None, description="Step name (used by Salesloft only).")
    type: StepType = Field(description="What the step does.")
    delay: Duration | None = Field(
        default=None, description="Wait after the previous step, e.g. 2d or 36h (default 0)."
    )
    date: dt.date | None = Field(
        default=None, description="Date the step activates (date-based sequences), YYYY-MM-DD."
    )
    template: SupaglueTemplate | None = Field(default=None, description="What the step sends.")
    is_reply: StrictBool = Field(
        default=False, description="Send as a reply in the previous step's thread."
    )
    task_note: MergeText | None = Field(default=None, description="Note attached to the step.")
    custom_fields: dict[str, Any] = Field(
        default_factory=dict,
        description="Provider-specific fields passed through verbatim by Supaglue.",
    )


class SupaglueSequence(SequenceBase):
    """A Supaglue (Apollo / Outreach / Salesloft) sequence document."""

    id: LiveId | None = Field(
        default=None, description="The live sequence id; without it, matched by title or created."
    )
    share_type: Literal["team", "private"] = Field(
        default="team", description="Who can use the sequence (when seqsync creates it)."
    )
    tags: list[StrictStr] = Field(default_factory=list, description="Tags (on create).")
    steps: list[SupaglueStep] = Field(description="The steps, in the order they run.")


EMAIL_TYPES = frozenset({"auto_email", "manual_email"})
# Apollo step types that may have no touch, hence no template (see _step_problems).
UNTEMPLATED_ON_APOLLO = frozenset({"call", "task"})


def supaglue_problems(sequence: SupaglueSequence, provider_name: str) -> Iterator[Problem]:
    """Every rule Supaglue and the engine behind it impose that a file can break."""
    uses_dates = {step.date is not None for step in sequence.steps}
    if len(uses_dates) > 1:
        first_date = next(i for i, s in enumerate(sequence.steps) if s.date is not None)
        yield Problem(
            ("steps", first_date, "date"),
            "a sequence is either date-based or interval-based: give every step a date, "
            "or every step a delay",
        )
    for index, step in enumerate(sequence.steps):
        yield from _step_problems(step, ("steps", index), provider_name)
    if provider_name == "apollo":
        yield from _apollo_tag_problems(sequence.tags)


# An Apollo id as Apollo's own responses show them (24 hex digits, e.g. "65334c9c2722cd008bde87c3"
# in packages/core/remotes/impl/apollo/examples/emailer-campaign-response.example.json).
APOLLO_ID = re.compile(r"[0-9a-f]{24}")


def _apollo_tag_problems(tags: list[str]) -> Iterator[Problem]:
    """Supaglue sends a sequence's ``tags`` to Apollo as ``label_ids``
    (packages/core/remotes/impl/apollo/index.ts, createSequence): a label's name would
    be sent as an id, so only ids are taken."""
    for index, tag in enumerate(tags):
        if not APOLLO_ID.fullmatch(tag):
            yield Problem(
                ("tags", index),
                f"Apollo takes tags as label ids (Supaglue sends them as label_ids), and "
                f"{tag!r} is not one: write the label's 24-character id as Apollo shows it, "
                "or remove the tag",
            )


def _step_problems(step: SupaglueStep, at: tuple[str | int, ...], engine: str) -> Iterator[Problem]:
    if step.delay is not None and step.date is not None:
        yield Problem((*at, "date"), "give either delay or date, not both", True)
    template = step.template
    if template is not None:
        yield from _template_problems(template, (*at, "template"))
    if template is None and (step.type in EMAIL_TYPES or engine == "outreach"):
        why = (
            "email steps send a template"
            if step.type in EMAIL_TYPES
            else "Supaglue's Outreach mapping needs a template on every step"
        )
        yield Problem(at, f"this {step.type} step needs a template ({why})")
    if engine == "salesloft":
        yield from _salesloft_problems(step, at)
    if step.name is not None and engine != "salesloft":
        yield Problem((*at, "name"), f"step name is used by Salesloft only, not {engine}", True)
    if engine == "apollo" and template is not None and step.type in UNTEMPLATED_ON_APOLLO:
        # Supaglue sends a template only when Apollo made a touch for the new step
        # (packages/core/remotes/impl/apollo/index.ts, createSequenceStep), and whether
        # Apollo makes one for call and task steps is not documented: in one world the
        # template is dropped and every later plan would propose it again. A template
        # is not something every Apollo account keeps here, so it is refused.
        yield Problem(
            (*at, "template"),
            f"Apollo keeps no template on {step.type} steps (Supaglue's Apollo engine makes "
            "no touch for them); remove template and put the script in task_note",
            True,
        )


def _template_problems(template: SupaglueTemplate, at: tuple[str | int, ...]) -> Iterator[Problem]:
    has_content = any(
        value is not None for value in (template.subject, template.body, template.body_file)
    )
    if template.id is not None and has_content:
        yield Problem(
            (*at, "id"), "use an existing template id, or subject and body, not both", True
        )
    elif template.id is None:
        if template.subject is None:
            yield Problem(at, "a new template needs a subject")
        if template.body is not None and template.body_file is not None:
            yield Problem((*at, "body_file"), "give body or body_file, not both", True)
        elif template.body is None and template.body_file is None:
            yield Problem(at, "a new template needs body (inline HTML) or body_file")


def _salesloft_problems(step: SupaglueStep, at: tuple[str | int, ...]) -> Iterator[Problem]:
    if step.type == "linkedin_send_message":
        yield Problem((*at, "type"), "Salesloft has no linkedin_send_message step; use task")
    if step.date is not None:
        yield Problem(
            (*at, "date"), "Salesloft cadences are day-based: use delay instead of date", True
        )
    if step.template is not None and step.template.id is not None:
        yield Problem(
            (*at, "template", "id"),
            "Salesloft cannot use an existing template id; give subject and body",
            True,
        )
    delay = step.delay or 0
    # Supaglue turns a Salesloft delay into a cadence day plus an automated send delay of
    # at most 720 minutes, and rejects anything that is not a whole number of days.
    if delay % DAY:
        minutes = (delay % DAY) // 60
        limit = (
            f"; the part after whole days ({minutes}m) is over Salesloft's "
            f"{SALESLOFT_MAX_DELAY_MINUTES}-minute limit too"
            if minutes > SALESLOFT_MAX_DELAY_MINUTES
            else ""
        )
        yield Problem(
            (*at, "delay"),
            f"Salesloft delays must be whole days (like 1d or 3d){limit}",
        )

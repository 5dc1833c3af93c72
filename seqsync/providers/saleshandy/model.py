"""Saleshandy sequence files: steps on absolute days, each with A/B variants.

Shape errors are caught by the pydantic models; the rules that span fields (which payload
fields a channel takes, one email step per day, variant counts) are in
:func:`saleshandy_problems`, which yields every problem with its location at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal, get_args

from pydantic import Discriminator, Field, StrictInt, StrictStr, Tag

from seqsync.model.common import LiveId, MergeText, RelativeFile, SequenceBase, StrictModel
from seqsync.model.problems import Problem

Channel = Literal[
    "email",
    "linkedin_connection_request",
    "linkedin_message",
    "linkedin_inmail",
    "linkedin_view_profile",
    "linkedin_post_interaction",
    "task",
    "call_introduction",
    "call_demo",
    "call_follow_up",
    "call_reminder",
    "call_other",
    "whatsapp_message",
    "whatsapp_voice_message",
    "whatsapp_voice_call",
]

# Which variant payload fields each channel takes: (required, optional). Email's body is
# `content` or `content_file`, checked separately.
PAYLOAD_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "email": (frozenset({"subject"}), frozenset({"preheader", "attachments"})),
    "linkedin_connection_request": (frozenset(), frozenset({"connection_note"})),
    "linkedin_message": (frozenset({"message"}), frozenset()),
    "linkedin_inmail": (frozenset({"subject", "message"}), frozenset()),
    "task": (frozenset(), frozenset({"title", "action"})),
    "whatsapp_message": (frozenset(), frozenset({"message"})),
}
PAYLOAD_KEYS = (
    "subject",
    "content",
    "content_file",
    "preheader",
    "attachments",
    "connection_note",
    "message",
    "title",
    "action",
)
MAX_EMAIL_VARIANTS = 26
MAX_TASK_NOTE = 3000


class TaskAction(StrictModel):
    """The call to action of a custom task step."""

    name: StrictStr = Field(description="Button label of the task's action.")
    url: StrictStr = Field(description="Where the action button leads.")


class SaleshandyVariant(StrictModel):
    """One variant of a step; email steps may have up to 26 (A…Z) for A/B tests."""

    id: LiveId | None = Field(default=None, description="Pins this variant to a live variant.")
    status: Literal["active", "paused"] = Field(
        default="active", description="`paused` stops sending this variant."
    )
    subject: MergeText | None = Field(default=None, description="Email or InMail subject.")
    content: MergeText | None = Field(default=None, description="Email body (HTML), inline.")
    content_file: RelativeFile | None = Field(
        default=None, description="Email body (HTML) in a file, relative to this YAML file."
    )
    preheader: MergeText | None = Field(default=None, description="Email preview text.")
    attachments: list[StrictStr] | None = Field(
        default=None, description="Attachment ids (email only); replaces the live list."
    )
    connection_note: MergeText | None = Field(
        default=None, description="LinkedIn connection request note."
    )
    message: MergeText | None = Field(
        default=None, description="LinkedIn message / InMail body, or WhatsApp message."
    )
    title: MergeText | None = Field(default=None, description="Custom task title.")
    action: TaskAction | None = Field(default=None, description="Custom task action button.")

    def payload_keys(self) -> set[str]:
        return {key for key in PAYLOAD_KEYS if getattr(self, key) is not None}


class SaleshandyStep(StrictModel):
    """One step: a channel on an absolute day of the sequence."""

    id: LiveId | None = Field(default=None, description="Pins this step to a live step.")
    channel: Channel = Field(description="The step's channel.")
    day: StrictInt = Field(ge=1, le=999, description="Day of the sequence (1–999), not a delay.")
    priority: Literal["urgent", "high", "normal", "low"] | None = Field(
        default=None, description="Priority of the tasks this step generates (not on email)."
    )
    task_note: MergeText | None = Field(
        default=None,
        json_schema_extra={"maxLength": MAX_TASK_NOTE},
        description="Note on the generated task (not on email), at most 3000 characters.",
    )
    variants: list[SaleshandyVariant] = Field(
        default_factory=list,
        description="Email: 1–26 A/B variants. Other channels: exactly one (may be omitted "
        "when the channel takes no payload).",
    )


class KeptStep(StrictModel):
    """A live step seqsync leaves exactly as it is: one managed in Saleshandy itself, or on
    a channel seqsync does not model (import writes those so). Never changed or paused."""

    id: LiveId = Field(description="The live step kept as it is.")
    keep: Literal[True] = Field(description="Leave this live step as it is.")


def _step_kind(value: Any) -> str:
    return "kept" if isinstance(value, dict) and "keep" in value else "step"


Step = Annotated[
    Annotated[SaleshandyStep, Tag("step")] | Annotated[KeptStep, Tag("kept")],
    Discriminator(_step_kind),
]


class SaleshandySequence(SequenceBase):
    """A Saleshandy sequence document."""

    id: LiveId | None = Field(
        default=None, description="The live sequence id; without it, matched by title or created."
    )
    steps: list[Step] = Field(
        description="The steps, in any order; days order them. `{id: …, keep: true}` keeps a "
        "live step as it is."
    )

    @property
    def kept_ids(self) -> set[str]:
        return {step.id for step in self.steps if isinstance(step, KeptStep)}


def saleshandy_schema() -> dict[str, Any]:
    """The document schema with the per-channel rules of :func:`saleshandy_problems` that
    JSON Schema can express, so an editor flags them where they are typed: which payload
    fields a channel's variants take or need, how many variants, no task fields on email."""
    schema = SaleshandySequence.model_json_schema()
    rules = []
    for channel in get_args(Channel):
        required, optional = PAYLOAD_FIELDS.get(channel, (frozenset(), frozenset()))
        is_email = channel == "email"
        allowed = required | optional | ({"content", "content_file"} if is_email else set())
        variant: dict[str, Any] = {
            "properties": {key: False for key in PAYLOAD_KEYS if key not in allowed}
        }
        if required:
            variant["required"] = sorted(required)
        then: dict[str, Any] = {
            "properties": {
                "variants": {
                    "items": variant,
                    **(
                        {"minItems": 1, "maxItems": MAX_EMAIL_VARIANTS}
                        if is_email
                        else {"maxItems": 1}
                    ),
                },
                **({"task_note": False, "priority": False} if is_email else {}),
            }
        }
        if is_email:
            then["required"] = ["variants"]
        rules.append(
            {
                "if": {"properties": {"channel": {"const": channel}}, "required": ["channel"]},
                "then": then,
            }
        )
    schema["$defs"]["SaleshandyStep"]["allOf"] = rules
    return schema


def saleshandy_problems(sequence: SaleshandySequence) -> Iterator[Problem]:
    """Every rule of the Saleshandy API that a file can break, with where it breaks it."""
    email_days: dict[int, int] = {}
    for index, step in enumerate(sequence.steps):
        at = ("steps", index)
        if isinstance(step, KeptStep):
            continue  # kept as it is live: nothing of it is in the file to check
        if step.channel == "email":
            if step.day in email_days:
                yield Problem(
                    (*at, "day"),
                    f"steps[{email_days[step.day]}] is already an email step on day {step.day}; "
                    "Saleshandy allows one email step per day: move one to another day",
                )
            else:
                email_days[step.day] = index
        yield from _step_problems(step, at)


def _step_problems(step: SaleshandyStep, at: tuple[str | int, ...]) -> Iterator[Problem]:
    is_email = step.channel == "email"
    if is_email and step.task_note is not None:
        yield Problem(
            (*at, "task_note"),
            "task_note is not allowed on an email step (emails are sent, not tasks); remove it",
            at_key=True,
        )
    if is_email and step.priority is not None:
        yield Problem(
            (*at, "priority"),
            "priority applies to task-generating channels, not email; remove it",
            at_key=True,
        )
    if step.task_note is not None and len(step.task_note) > MAX_TASK_NOTE:
        yield Problem(
            (*at, "task_note"),
            f"task_note is {len(step.task_note)} characters; Saleshandy allows at most "
            f"{MAX_TASK_NOTE}: shorten it",
        )
    count = len(step.variants)
    if is_email and not 1 <= count <= MAX_EMAIL_VARIANTS:
        yield Problem(
            (*at, "variants") if count else at,
            f"an email step needs 1 to {MAX_EMAIL_VARIANTS} variants (A–Z), it has {count}",
        )
    if not is_email and count > 1:
        yield Problem(
            (*at, "variants", 1),
            f"{_article(step.channel)} {step.channel} step takes exactly one variant, it has {count}; "
            "A/B variants exist only on email steps",
        )
    required, optional = PAYLOAD_FIELDS.get(step.channel, (frozenset(), frozenset()))
    if not step.variants and required and not is_email:
        yield Problem(
            at,
            f"{_article(step.channel)} {step.channel} step needs a variant with {_words(required)}",
        )
    for v_index, variant in enumerate(step.variants):
        yield from _variant_problems(step, variant, (*at, "variants", v_index), required, optional)


def _variant_problems(
    step: SaleshandyStep,
    variant: SaleshandyVariant,
    at: tuple[str | int, ...],
    required: frozenset[str],
    optional: frozenset[str],
) -> Iterator[Problem]:
    present = variant.payload_keys()
    allowed = (
        required | optional | ({"content", "content_file"} if step.channel == "email" else set())
    )
    for key in sorted(present - allowed, key=PAYLOAD_KEYS.index):
        takes = f"takes {_words(allowed)}" if allowed else "takes no payload fields"
        yield Problem(
            (*at, key),
            f"{key} is not used by {_article(step.channel)} {step.channel} step; it {takes}",
            True,
        )
    for key in sorted(required - present, key=PAYLOAD_KEYS.index):
        yield Problem(at, f"{_article(step.channel)} {step.channel} variant needs {key}")
    if step.channel == "email":
        if variant.content is not None and variant.content_file is not None:
            yield Problem(
                (*at, "content_file"),
                "give the email body as content or content_file, not both",
                True,
            )
        elif variant.content is None and variant.content_file is None:
            yield Problem(at, "an email variant needs content (inline HTML) or content_file")


def _words(keys: frozenset[str] | set[str]) -> str:
    ordered = sorted(keys, key=PAYLOAD_KEYS.index)
    return ", ".join(ordered[:-1]) + f" and {ordered[-1]}" if len(ordered) > 1 else ordered[0]


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"

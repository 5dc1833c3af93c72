"""lemlist sequence files: a campaign's main sequence, its steps in order, each a lemlist
step type with the fields that type takes, and an A/B variant B on email steps.

Shape errors are caught by the pydantic models; the rules that span fields (which fields a
step type takes or needs, media limits, variant B only on email) are in
:func:`lemlist_problems`, which yields every problem with its location at once. The rules
and their sources are in docs/providers/lemlist.md §4 and §5.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal, get_args

from pydantic import Discriminator, Field, StrictBool, StrictInt, StrictStr, Tag

from seqsync.model.common import LiveId, MergeText, RelativeFile, SequenceBase, StrictModel
from seqsync.model.problems import Problem

# The step types the step write body takes (docs/providers/lemlist.md §4), less
# `conditional`: its branches are child sequences, kept as they are live.
StepType = Literal[
    "email",
    "manual",
    "phone",
    "api",
    "linkedinVisit",
    "linkedinInvite",
    "linkedinSend",
    "linkedinVoiceNote",
    "linkedinFollow",
    "linkedinLikeLastPost",
    "linkedinCommentLastPost",
    "linkedinEndorse",
    "linkedinWithdrawInvitation",
    "sendToAnotherCampaign",
    "whatsappMessage",
    "sms",
]
STEP_TYPES: tuple[str, ...] = get_args(StepType)

# A step's fields as the file names them, in the order they are written.
FIELDS = (
    "subject",
    "message",
    "alt_message",
    "title",
    "method",
    "url",
    "campaign_id",
    "images",
    "videos",
    "skill_name",
    "endorse_any_fallback",
    "record_mode",
)
# Which fields each step type takes: (required, optional) (docs/providers/lemlist.md §4).
TYPE_FIELDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "email": (frozenset({"subject"}), frozenset({"message"})),
    "manual": (frozenset(), frozenset({"title", "message"})),
    "phone": (frozenset(), frozenset({"message"})),
    "api": (frozenset({"url"}), frozenset({"method"})),
    "linkedinInvite": (frozenset(), frozenset({"message", "images", "videos"})),
    "linkedinSend": (frozenset({"message"}), frozenset({"alt_message", "images", "videos"})),
    "linkedinVoiceNote": (frozenset(), frozenset({"record_mode"})),
    "linkedinEndorse": (frozenset(), frozenset({"skill_name", "endorse_any_fallback"})),
    "sendToAnotherCampaign": (frozenset({"campaign_id"}), frozenset()),
    "whatsappMessage": (frozenset({"message"}), frozenset()),
    "sms": (frozenset({"message"}), frozenset()),
}
MAX_MEDIA = 6  # images and videos together (docs/providers/lemlist.md §4)
MAX_B_SUBJECT = 400  # variant B subject (docs/providers/lemlist.md §5)
MEDIA_SUFFIXES = {
    "images": (".png", ".jpg", ".jpeg", ".gif"),
    "videos": (".mp4", ".mov"),
}


class VariantB(StrictModel):
    """Variant B of an email step's A/B test (variant A is the step itself)."""

    subject: MergeText = Field(
        json_schema_extra={"maxLength": MAX_B_SUBJECT},
        description="Variant B's subject, at most 400 characters.",
    )
    message: MergeText | None = Field(default=None, description="Variant B's body (HTML), inline.")
    message_file: RelativeFile | None = Field(
        default=None, description="Variant B's body (HTML) in a file, relative to this YAML file."
    )


class LemlistStep(StrictModel):
    """One step of the campaign's sequence, in order; ``delay`` days after the one before."""

    id: LiveId | None = Field(default=None, description="Pins this step to a live step.")
    type: StepType = Field(description="The lemlist step type; a live step's cannot change.")
    delay: StrictInt = Field(ge=0, le=365, description="Days to wait after the previous step.")
    subject: MergeText | None = Field(default=None, description="Email subject (required).")
    message: MergeText | None = Field(
        default=None,
        description="Email body (HTML), or the text of a LinkedIn, manual, phone, WhatsApp "
        "or SMS step.",
    )
    message_file: RelativeFile | None = Field(
        default=None,
        description="An email's body (HTML) in a file, relative to this YAML file.",
    )
    alt_message: MergeText | None = Field(
        default=None, description="LinkedIn message sent when the main one cannot be."
    )
    title: MergeText | None = Field(default=None, description="Manual task title.")
    method: Literal["GET", "POST", "PUT", "DELETE", "PATCH"] | None = Field(
        default=None, description="HTTP method of an api step."
    )
    url: StrictStr | None = Field(default=None, description="URL an api step calls.")
    campaign_id: LiveId | None = Field(
        default=None, description="The campaign a sendToAnotherCampaign step moves leads to."
    )
    images: list[StrictStr] | None = Field(
        default=None, description="Public https image URLs (LinkedIn invite/send); replaces."
    )
    videos: list[StrictStr] | None = Field(
        default=None, description="Public https video URLs (LinkedIn invite/send); replaces."
    )
    skill_name: StrictStr | None = Field(default=None, description="Skill to endorse.")
    endorse_any_fallback: StrictBool | None = Field(
        default=None, description="Endorse any skill when the named one is missing."
    )
    record_mode: Literal["manual", "ai"] | None = Field(
        default=None, description="How a LinkedIn voice note is recorded."
    )
    variant_b: VariantB | None = Field(
        default=None, description="An A/B test's variant B (email steps only)."
    )

    def written(self, files: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The fields this step writes (file names), in FIELDS order; an email body
        written in a file is its ``message``, read from ``files`` (the loader read them)."""
        found = {key: getattr(self, key) for key in FIELDS if getattr(self, key) is not None}
        if self.message_file is not None:
            found["message"] = (files or {}).get(self.message_file, "")
            found = {key: found[key] for key in FIELDS if key in found}
        return found


class KeptStep(StrictModel):
    """A live step seqsync leaves exactly as it is: a condition with its branches, or one
    managed in lemlist itself. Never changed or deleted."""

    id: LiveId = Field(description="The live step kept as it is.")
    keep: Literal[True] = Field(description="Leave this live step as it is.")


def _step_kind(value: Any) -> str:
    return "kept" if isinstance(value, dict) and "keep" in value else "step"


Step = Annotated[
    Annotated[LemlistStep, Tag("step")] | Annotated[KeptStep, Tag("kept")],
    Discriminator(_step_kind),
]


class LemlistSequence(SequenceBase):
    """A lemlist campaign document: its name (``title``) and its main sequence."""

    id: LiveId | None = Field(
        default=None, description="The live campaign id; without it, matched by name or created."
    )
    steps: list[Step] = Field(
        description="The steps in order. `{id: …, keep: true}` keeps a live step as it is."
    )

    @property
    def kept_ids(self) -> set[str]:
        return {step.id for step in self.steps if isinstance(step, KeptStep)}


def lemlist_schema() -> dict[str, Any]:
    """The document schema with the per-type rules JSON Schema can say: which fields a
    step type takes or needs, and variant B on email only."""
    schema = LemlistSequence.model_json_schema()
    rules = []
    for step_type in STEP_TYPES:
        required, optional = TYPE_FIELDS.get(step_type, (frozenset(), frozenset()))
        allowed = required | optional
        then: dict[str, Any] = {
            "properties": {key: False for key in FIELDS if key not in allowed},
        }
        if step_type != "email":
            then["properties"]["variant_b"] = False
            then["properties"]["message_file"] = False
        if required:
            then["required"] = sorted(required)
        if step_type == "email":  # its body may be written in a file instead
            then["properties"].pop("message", None)
        rules.append(
            {
                "if": {"properties": {"type": {"const": step_type}}, "required": ["type"]},
                "then": then,
            }
        )
    schema["$defs"]["LemlistStep"]["allOf"] = rules
    return schema


def lemlist_problems(sequence: LemlistSequence) -> Iterator[Problem]:
    """Every rule of the lemlist API that a file can break, with where it breaks it."""
    for index, step in enumerate(sequence.steps):
        if isinstance(step, LemlistStep):
            yield from _step_problems(step, ("steps", index))


def _step_problems(step: LemlistStep, at: tuple[str | int, ...]) -> Iterator[Problem]:
    required, optional = TYPE_FIELDS.get(step.type, (frozenset(), frozenset()))
    allowed = required | optional
    present = set(step.written({step.message_file: ""} if step.message_file else None))
    for key in [key for key in FIELDS if key in present - allowed]:
        takes = f"takes {_words(allowed)}" if allowed else "takes no fields but delay"
        yield Problem((*at, key), f"{key} is not used by a {step.type} step; it {takes}", True)
    for key in [key for key in FIELDS if key in required - present]:
        yield Problem(at, f"a {step.type} step needs {key}")
    if step.message_file is not None and step.type != "email":
        yield Problem(
            (*at, "message_file"),
            f"message_file is for an email's body; a {step.type} step writes message",
            True,
        )
    if step.message is not None and step.message_file is not None:
        yield Problem(
            (*at, "message_file"), "give the body as message or message_file, not both", True
        )
    b = step.variant_b
    if b is not None and (b.message is None) == (b.message_file is None):
        yield Problem(
            (*at, "variant_b"),
            "variant B needs its body as message (inline HTML) or message_file, one of them",
        )
    if step.variant_b is not None and step.type != "email":
        yield Problem(
            (*at, "variant_b"),
            f"variant_b is for email steps only (lemlist A/B tests email); a {step.type} "
            "step takes none",
            True,
        )
    if step.url is not None and not step.url.startswith(("http://", "https://")):
        yield Problem((*at, "url"), "url must start with http:// or https://")
    media = [
        (key, i, url)
        for key in ("images", "videos")
        for i, url in enumerate(getattr(step, key) or [])
    ]
    if len(media) > MAX_MEDIA:
        yield Problem(
            (*at, media[MAX_MEDIA][0]),
            f"{len(media)} images and videos; lemlist takes at most {MAX_MEDIA} together",
        )
    for key, i, url in media:
        if not url.startswith("https://"):
            yield Problem((*at, key, i), f"{key} must be public https URLs, not {url!r}")
        elif not url.lower().split("?", 1)[0].endswith(MEDIA_SUFFIXES[key]):
            kinds = ", ".join(MEDIA_SUFFIXES[key])
            yield Problem(
                (*at, key, i),
                f"lemlist takes {key} as {kinds} files (at most 20 MB each); {url!r} is not one",
            )


def _words(keys: frozenset[str] | set[str]) -> str:
    ordered = [key for key in FIELDS if key in keys]
    return ", ".join(ordered[:-1]) + f" and {ordered[-1]}" if len(ordered) > 1 else ordered[0]

"""Pieces every provider's file format shares: the strict base model, durations, merge tags."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictStr,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError


class StrictModel(BaseModel):
    """Unknown keys are errors (typos must not pass silently); values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def custom_error(message: str) -> PydanticCustomError:
    """A validation error whose text is shown to the user as it is."""
    return PydanticCustomError("seqsync", message)


# --- durations -----------------------------------------------------------------------

_UNIT_SECONDS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1}
DURATION_PATTERN = r"^(?:0|(?=\d)(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?)$"
"""The one spelling of a duration, used by the validator and the JSON Schema alike (an
editor and `seqsync validate` must never disagree): lowercase units in this order, no
spaces, at least one part."""
_DURATION = re.compile(DURATION_PATTERN)
MAX_DURATION = 366 * 86_400
"""The longest wait seqsync accepts between steps: no cadence waits longer than a year,
and providers store delays in bounded integers."""


def parse_duration(value: Any) -> int:
    """``"90m"``, ``"36h"``, ``"2d"``, ``"1d12h"`` or ``0`` as whole seconds."""
    if type(value) is str and value in _PARSED:
        return _PARSED[value]  # a project writes the same few delays again and again
    if isinstance(value, bool):
        raise custom_error("a duration must be text like 90m, 36h or 2d")
    if isinstance(value, int):
        if value == 0:
            return 0
        raise custom_error(f"a duration needs a unit: write {value}d, {value}h or {value}m")
    if not isinstance(value, str):
        raise custom_error("a duration must be text like 90m, 36h or 2d")
    match = _DURATION.fullmatch(value)
    if match is None:
        tidy = value.strip().lower().replace(" ", "")
        hint = (
            f"; write {tidy!r}"
            if tidy and _DURATION.fullmatch(tidy)
            else "; use weeks, days, hours, minutes, seconds like 90m, 36h, 2d or 1d12h"
        )
        raise custom_error(f"{_shown(value)} is not a duration{hint}")
    amounts = [
        (amount, seconds)
        for amount, seconds in zip(match.groups(), _UNIT_SECONDS.values(), strict=True)
        if amount is not None
    ]
    total = (
        sum(int(amount) * seconds for amount, seconds in amounts)
        if all(len(amount) <= 9 for amount, _ in amounts)
        else MAX_DURATION + 1
    )
    if total > MAX_DURATION:
        raise custom_error(
            f"{_shown(value)} is longer than a year; a step waits at most {MAX_DURATION // 86_400}d"
        )
    if len(_PARSED) < 1024:
        _PARSED[value] = total
    return total


_PARSED: dict[str, int] = {}  # valid durations already read, to their seconds


def _shown(value: str) -> str:
    """A value as a message quotes it: cut short, so a hostile value cannot flood output."""
    return repr(value) if len(value) <= 40 else repr(value[:37]) + "…"


def format_duration(seconds: int) -> str:
    """The shortest human form of ``seconds`` that :func:`parse_duration` reads back."""
    if seconds == 0:
        return "0"
    parts = []
    remaining = seconds
    for unit, size in _UNIT_SECONDS.items():
        if unit == "w":
            continue  # weeks read awkwardly in review; days are clearer
        amount, remaining = divmod(remaining, size)
        if amount:
            parts.append(f"{amount}{unit}")
    return "".join(parts)


Duration = Annotated[
    int,
    BeforeValidator(parse_duration),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": DURATION_PATTERN},
                {"const": 0},
            ],
            "description": "A duration such as 90m, 36h, 2d or 1d12h (0 for none).",
        }
    ),
]


# --- merge tags ----------------------------------------------------------------------


_BRACES = re.compile(r"\{\{|\}\}")
# Possessive, so a "{{" with no "}}" after it costs one pass, never a backtrack.
_BRACELESS_TAG = re.compile(r"\{\{[^{}]*+\}\}")
_BLANK_TAG = re.compile(r"\{\{\s*+\}\}")


def merge_tag_problem(text: str) -> tuple[int, str] | None:
    """The first unbalanced ``{{ … }}`` merge tag in ``text``: (offset, message), or None.

    Scans brace pairs with one regular expression (left to right, non-overlapping, as a
    reader pairs them), so a long body costs one pass in C, not a Python loop per character.
    """
    if "{{" not in text and "}}" not in text:
        return None  # most fields: no merge tag at all, nothing to pair
    rest = _BRACELESS_TAG.sub("\x00", text)
    if "{{" not in rest and "}}" not in rest and _BLANK_TAG.search(text) is None:
        # Every tag is "{{name}}" with no brace inside, none blank, and no stray pair of
        # braces beside them: balanced, found in C (a body's dozens of tags otherwise
        # cost a Python step each). Anything else is paired by the scan.
        return None
    return paired_scan(text)


def paired_scan(text: str) -> tuple[int, str] | None:
    """``merge_tag_problem`` by pairing every brace pair in turn: its meaning, and what
    the shortcuts before it are held to (a differential test)."""
    depth_open = -1
    for found in _BRACES.finditer(text):
        index = found.start()
        if found.group() == "{{":
            if depth_open >= 0:
                return depth_open, "merge tag '{{' is not closed with '}}' before the next '{{'"
            depth_open = index
            continue
        if depth_open < 0:
            return index, "'}}' closes no merge tag; remove it or add the opening '{{'"
        if not text[depth_open + 2 : index].strip():
            return depth_open, "empty merge tag '{{}}'; name a field such as {{firstName}}"
        depth_open = -1
    if depth_open >= 0:
        return depth_open, "merge tag '{{' is never closed with '}}'"
    return None


def _check_merge_tags(text: str) -> str:
    problem = merge_tag_problem(text)
    if problem is not None:
        offset, message = problem
        raise custom_error(f"{message} (at character {offset + 1})")
    return text


MergeText = Annotated[StrictStr, AfterValidator(_check_merge_tags)]
"""Text that may hold ``{{mergeTags}}``, which must be balanced."""


# --- names and references ------------------------------------------------------------

_SEQUENCE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


def _check_sequence_name(name: str) -> str:
    if not _SEQUENCE_NAME.fullmatch(name):
        raise custom_error(
            f"sequence name {name!r} must start with a letter or digit and hold only "
            "letters, digits, '-' and '_' (at most 100): it is used in plan addresses and --target"
        )
    return name


SequenceName = Annotated[
    StrictStr,
    AfterValidator(_check_sequence_name),
    Field(
        description="The address of this sequence in plans and --target; unique across all files.",
        json_schema_extra={"pattern": _SEQUENCE_NAME.pattern},
    ),
]

RelativeFile = Annotated[
    StrictStr,
    Field(
        min_length=1,
        description="A file path relative to this YAML file, inside the folder of seqsync.yaml.",
    ),
]

_IGNORE_PATH = re.compile(r"^[a-z_]+(\[(\*|\d+)\])?(\.[a-z_]+(\[(\*|\d+)\])?)*$")


def _check_ignore_path(path: str) -> str:
    if not _IGNORE_PATH.fullmatch(path):
        raise custom_error(
            f"{path!r} is not a field path; write it like steps[*].variants[*].status "
            "or steps[2].task_note"
        )
    return path


IgnorePath = Annotated[StrictStr, AfterValidator(_check_ignore_path)]

_LIVE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


def _check_live_id(value: str) -> str:
    if not _LIVE_ID.fullmatch(value):
        raise custom_error(
            f"{value!r} is not a live id: ids are letters, digits, '-' and '_' (as the provider "
            "shows them, e.g. JA5YdAr9wy); they go into request paths, so nothing else is allowed"
        )
    return value


LiveId = Annotated[StrictStr, AfterValidator(_check_live_id)]
"""A provider's id for a sequence, step, variant or template, as a file pins it."""


UnmanagedSteps = Literal["pause", "keep"]


def _connection_or_for_each(schema: dict[str, Any]) -> None:
    """In the schema, `connection` is required unless `for_each` names the connections
    (the loader turns a for_each document into one per connection before validating)."""
    required = [key for key in schema.get("required", []) if key != "connection"]
    schema["required"] = required
    schema["anyOf"] = [{"required": ["connection"]}, {"required": ["for_each"]}]


class MovedFrom(StrictModel):
    """The live sequence a document was renamed from: its old title, or its id."""

    title: StrictStr | None = Field(
        default=None, min_length=1, max_length=200, description="The title it had before."
    )
    id: LiveId | None = Field(default=None, description="The live sequence's id.")

    @model_validator(mode="after")
    def _one(self) -> MovedFrom:
        if (self.title is None) == (self.id is None):
            raise custom_error("moved_from takes one of title or id")
        return self


class SequenceBase(StrictModel):
    """What every sequence document has, whatever its provider."""

    model_config = ConfigDict(json_schema_extra=_connection_or_for_each)

    name: SequenceName
    connection: StrictStr = Field(
        description="The connection in seqsync.yaml this sequence lives in."
    )
    title: StrictStr | None = Field(
        default=None,
        min_length=1,
        max_length=200,
        description="The live sequence's title; defaults to `name`. Used to find it when `id` is absent.",
    )
    ignore: list[IgnorePath] = Field(
        default_factory=list,
        description="Field paths seqsync leaves unmanaged, e.g. steps[*].variants[*].status.",
    )
    for_each: list[StrictStr] | None = Field(
        default=None,
        description="Instead of `connection`: the connections this one document manages "
        "the same sequence in (one per account); plans address each as name[connection].",
    )
    ids: dict[StrictStr, LiveId] | None = Field(
        default=None,
        description="With for_each: the live sequence id in each connection (by its name).",
    )
    unmanaged_steps: UnmanagedSteps | None = Field(
        default=None,
        description="What becomes of live steps the file does not have: `pause` them "
        "(destructive; the default, or the connection's) or `keep` them as they are.",
    )
    moved_from: MovedFrom | None = Field(
        default=None,
        description="This document was renamed: the live sequence it manages had this "
        "title (or id). Used when no live sequence has the document's own title.",
    )
    new: bool = Field(
        default=False,
        description="A sequence of its own, to create even though an unmanaged live "
        "sequence has the same steps (without it, that plan is refused as a likely rename).",
    )

    @property
    def effective_title(self) -> str:
        return self.title or self.name

    @property
    def live_id(self) -> str | None:
        """The live sequence this document is pinned to (each provider declares ``id``)."""
        value = getattr(self, "id", None)
        return None if value is None else str(value)

"""The compact Inbox message syntax, compiled to and from Inbox ``segments``.

    Hey {{first-name|there}}, {loved|enjoyed} your post!

- ``{{name}}`` / ``{{name|fallback}}``: a variable segment (fallback defaults to "").
- ``{a|b|c}``: a variation segment; Inbox picks one option per recipient.
- everything else is static text; ``\\{``, ``\\}``, ``\\|`` and ``\\\\`` write those
  characters literally.
"""

from __future__ import annotations

import re
from typing import Any

_VARIABLE_NAME = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPABLE = "{}|\\"


class MessageSyntaxError(ValueError):
    """The message text cannot be compiled; ``offset`` is 0-based in the text."""

    def __init__(self, offset: int, message: str) -> None:
        super().__init__(message)
        self.offset = offset


Segment = dict[str, Any]


def parse_message(text: str) -> list[Segment]:
    """Compile compact message text to Inbox segments, or raise MessageSyntaxError."""
    segments: list[Segment] = []
    static: list[str] = []
    index = 0

    def flush() -> None:
        if static:
            segments.append({"type": "static", "text": "".join(static)})
            static.clear()

    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPABLE:
            static.append(text[index + 1])
            index += 2
        elif text.startswith("{{", index):
            flush()
            segment, index = _parse_variable(text, index)
            segments.append(segment)
        elif char == "{":
            flush()
            segment, index = _parse_variation(text, index)
            segments.append(segment)
        elif char == "}":
            raise MessageSyntaxError(index, "'}' closes nothing; write \\} for a literal brace")
        else:
            static.append(char)
            index += 1
    flush()
    if not segments:
        raise MessageSyntaxError(0, "a message needs some text")
    return segments


def _parse_variable(text: str, start: int) -> tuple[Segment, int]:
    end = text.find("}}", start + 2)
    if end < 0:
        raise MessageSyntaxError(start, "variable '{{' is never closed with '}}'")
    inner = text[start + 2 : end]
    name, _, fallback = inner.partition("|")
    name = name.strip()
    if not _VARIABLE_NAME.fullmatch(name):
        raise MessageSyntaxError(
            start,
            f"variable name {name!r} must be letters, digits, '-' or '_' "
            "(like first-name or custom_<id>)",
        )
    if "{" in fallback or "}" in fallback:
        raise MessageSyntaxError(start, "a variable's fallback cannot contain braces")
    return {"type": "variable", "name": name, "fallback": fallback}, end + 2


def _parse_variation(text: str, start: int) -> tuple[Segment, int]:
    options: list[str] = []
    current: list[str] = []
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPABLE:
            current.append(text[index + 1])
            index += 2
            continue
        if char == "{":
            raise MessageSyntaxError(index, "variations cannot be nested or hold variables")
        if char in "|}":
            option = "".join(current)
            if not option.strip():
                raise MessageSyntaxError(index, "empty option in a {a|b} variation")
            options.append(option)
            current = []
            if char == "}":
                if len(options) < 2:
                    raise MessageSyntaxError(
                        start,
                        "a variation needs at least two options like {Hi|Hey}; "
                        "write \\{ for a literal brace",
                    )
                return {"type": "variation", "options": options}, index + 1
        else:
            current.append(char)
        index += 1
    raise MessageSyntaxError(start, "variation '{' is never closed with '}'")


def render_message(segments: list[Segment]) -> str | None:
    """The compact text for ``segments`` when it compiles back to exactly them, else None."""
    parts: list[str] = []
    for segment in segments:
        kind = segment.get("type")
        if kind == "static":
            parts.append(_escape(str(segment.get("text", ""))))
        elif kind == "variable":
            name, fallback = str(segment.get("name", "")), str(segment.get("fallback", ""))
            parts.append(f"{{{{{name}|{fallback}}}}}" if fallback else f"{{{{{name}}}}}")
        elif kind == "variation":
            options = [_escape(str(option)) for option in segment.get("options", [])]
            parts.append("{" + "|".join(options) + "}")
        else:
            return None
    text = "".join(parts)
    try:
        return text if parse_message(text) == segments else None
    except MessageSyntaxError:
        return None


def _escape(text: str) -> str:
    return "".join(f"\\{char}" if char in _ESCAPABLE else char for char in text)

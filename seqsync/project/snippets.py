"""Snippets and values included where they are written (`{% snippet name %}`,
`{% value name %}`), before anything is checked or planned: the plan shows, in every
step that includes one, what an edit changes. A name that nothing defines is reported
where it is written."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from seqsync.config.yaml_reader import Loc

INCLUDE = re.compile(r"\{%\s*(snippet|value)\s+([^\s%}]+)\s*%\}")


@dataclass(frozen=True)
class Included:
    """What content may include: snippets (which may use values) and the values of the
    environment in use."""

    snippets: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, str] = field(default_factory=dict)


def expanded(text: str, parts: Included) -> tuple[str, list[tuple[int, str, str]]]:
    """``text`` with every known snippet and value included; (offset, kind, name) of each
    unknown one (a value unknown inside a snippet is reported where the snippet is)."""
    unknown: list[tuple[int, str, str]] = []
    grown = [len(text)]  # characters of the result so far: includes can multiply a body

    def include(match: re.Match[str]) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "value" and name in parts.values:
            inner = parts.values[name]
        elif kind == "snippet" and name in parts.snippets:
            inner, missing = expanded(parts.snippets[name], Included(values=parts.values))
            unknown.extend((match.start(), kind, name) for _, kind, name in missing)
        else:
            unknown.append((match.start(), kind, name))
            return match.group(0)
        grown[0] += len(inner) - len(match.group(0))
        if grown[0] > MAX_EXPANDED_CHARS:
            if not any(found == TOO_LARGE for _, found, _ in unknown):
                unknown.append((match.start(), TOO_LARGE, name))
            return match.group(0)
        return inner

    result = INCLUDE.sub(include, text)
    opened = text.find("{%")
    while opened != -1:
        if text.find("%}", opened) == -1:
            # Sent as written, a half-typed include would reach every prospect as text.
            unknown.append((opened, UNTERMINATED, text[opened : opened + 30].split("\n")[0]))
            break
        opened = text.find("{%", opened + 2)
    return result, unknown


def expanded_data(
    data: Any, parts: Included, at: Loc = ()
) -> tuple[Any, list[tuple[Loc, str, str]]]:
    """Raw document data with snippets and values included in every string; (loc, kind,
    name) of each unknown one."""
    if isinstance(data, str):
        text, missing = expanded(data, parts)
        return text, [(at, kind, name) for _, kind, name in missing]
    unknown: list[tuple[Loc, str, str]] = []
    if isinstance(data, dict):
        result = {}
        for key, value in data.items():
            result[key], found = expanded_data(value, parts, (*at, key))
            unknown += found
        return result, unknown
    if isinstance(data, list):
        items = []
        for index, value in enumerate(data):
            item, found = expanded_data(value, parts, (*at, index))
            items.append(item)
            unknown += found
        return items, unknown
    return data, unknown


UNTERMINATED = "unterminated"  # the kind given to a `{%` that no `%}` closes
TOO_LARGE = "too large"  # the kind given to the include that takes a text over the limit
MAX_EXPANDED_CHARS = 1024 * 1024
"""The most one value or body may hold once its snippets and values are included (as a
content file may hold 1 MiB): a snippet included a thousand times must not make a
body of gigabytes."""


def unknown_message(kind: str, name: str, parts: Included) -> str:
    if kind == TOO_LARGE:
        return (
            f"including {name!r} here takes the text over {MAX_EXPANDED_CHARS:,} characters, "
            "the limit for one value or body; include less"
        )
    if kind == UNTERMINATED:
        return (
            f"{name!r} opens an include that no %}} closes; write {{% snippet name %}} or "
            "{% value name %} in full"
        )
    known = parts.snippets if kind == "snippet" else parts.values
    listed = ", ".join(sorted(known)) or "none are defined"
    where = "seqsync.yaml" if kind == "snippet" else "seqsync.yaml or the environment"
    return f"no {kind} is named {name!r} ({kind}s in {where}: {listed})"


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based position of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def snippet_names_in(text: str) -> Iterator[str]:
    return (match.group(2) for match in INCLUDE.finditer(text) if match.group(1) == "snippet")

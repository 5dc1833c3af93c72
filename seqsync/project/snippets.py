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

    def include(match: re.Match[str]) -> str:
        kind, name = match.group(1), match.group(2)
        if kind == "value" and name in parts.values:
            return parts.values[name]
        if kind == "snippet" and name in parts.snippets:
            inner, missing = expanded(parts.snippets[name], Included(values=parts.values))
            unknown.extend((match.start(), kind, name) for _, kind, name in missing)
            return inner
        unknown.append((match.start(), kind, name))
        return match.group(0)

    return INCLUDE.sub(include, text), unknown


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


def unknown_message(kind: str, name: str, parts: Included) -> str:
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

"""Snippets expanded where they are included (`{% snippet name %}`), before anything is
checked or planned: the plan shows, in every step that includes it, what a snippet edit
changes. A name that no snippet has is reported where it is written."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from seqsync.config.yaml_reader import Loc

INCLUDE = re.compile(r"\{%\s*snippet\s+([^\s%}]+)\s*%\}")


def expanded(text: str, snippets: Mapping[str, str]) -> tuple[str, list[tuple[int, str]]]:
    """``text`` with every known snippet included; (offset, name) of each unknown one."""
    unknown: list[tuple[int, str]] = []

    def include(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in snippets:
            return snippets[name]
        unknown.append((match.start(), name))
        return match.group(0)

    return INCLUDE.sub(include, text), unknown


def expanded_data(
    data: Any, snippets: Mapping[str, str], at: Loc = ()
) -> tuple[Any, list[tuple[Loc, str]]]:
    """Raw document data with snippets included in every string; (loc, name) of each
    unknown snippet."""
    unknown: list[tuple[Loc, str]] = []
    if isinstance(data, str):
        text, missing = expanded(data, snippets)
        return text, [(at, name) for _, name in missing]
    if isinstance(data, dict):
        result = {}
        for key, value in data.items():
            result[key], found = expanded_data(value, snippets, (*at, key))
            unknown += found
        return result, unknown
    if isinstance(data, list):
        items = []
        for index, value in enumerate(data):
            item, found = expanded_data(value, snippets, (*at, index))
            items.append(item)
            unknown += found
        return items, unknown
    return data, unknown


def unknown_message(name: str, snippets: Mapping[str, str]) -> str:
    known = ", ".join(sorted(snippets)) or "none are defined"
    return f"no snippet is named {name!r} (snippets in seqsync.yaml: {known})"


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based position of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def names_in(text: str) -> Iterator[str]:
    return (match.group(1) for match in INCLUDE.finditer(text))

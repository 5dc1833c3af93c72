"""The YAML text ruamel.yaml's round-trip dumper writes for an imported document, written
directly: the fast way for what import documents hold.

ruamel.yaml represents every value as a node, serialises the nodes into events and emits
the events, resolving and analysing each scalar on the way: most of the CPU an import
spends. Import documents are mappings, lists and plain scalars, written with fixed
settings (block style, mappings indented 2, sequences 4 with the dash at 2, lines up to
4096 characters, multi-line text without trailing spaces as ``|`` blocks), so the same
text can be written here in one pass, deciding each scalar's style by ruamel's own rules.

Only what is certain is written: any value or shape whose text is not settled here (a
scalar ruamel would double-quote or escape, a line long enough for it to fold, a block
that needs an indentation or keep indicator, a float, a list directly in a list, a key
that is not a plain word, another type) makes ``block_yaml`` return None, and the caller
dumps with ruamel.yaml instead. A differential property test holds the two to the same
text, and import's golden files pin the result byte for byte.
"""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode

__all__ = ["block_yaml"]

# Characters ruamel writes as they are in every style (it allows Unicode output): printable
# ASCII, the line feed, and Unicode outside the surrogates, U+FEFF, U+FFFE/U+FFFF and the
# breaks U+0085, U+2028 and U+2029 (those it escapes or treats as line breaks). Compiled
# on first need (a few milliseconds of every start): ASCII text is checked without it.
_AS_IS_PATTERN = (
    "[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*"
)
_as_is_regex: re.Pattern[str] | None = None
_TAB = "\t"
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FIRST_INDICATORS = frozenset("#,[]{}&*!|>'\"%@`")
# ": " or a final ":", and " #", anywhere after the first character (where ruamel's scalar
# analysis sees a block indicator).
_INNER_INDICATOR = re.compile(r":(?: |\Z)| #")
_MAX_LINE = 4000  # ruamel folds lines past 4096 characters: stay well inside it


class _Declined(Exception):
    """The value is not one ``block_yaml`` writes; ruamel.yaml will."""


def _as_is(value: str) -> bool:
    """Whether every character of ``value`` is one ruamel writes as it is (line feeds
    included). For ASCII, that is the printable characters (``str.isprintable``: 0x20 to
    0x7e) and the line feed."""
    if value.isascii():
        return value.isprintable() or value.replace("\n", "").isprintable()
    global _as_is_regex
    if _as_is_regex is None:
        _as_is_regex = re.compile(_AS_IS_PATTERN)
    return _as_is_regex.fullmatch(value) is not None


class _Resolver:
    """Whether a plain scalar reads back as text, by the round-trip dumper's own resolver."""

    def __init__(self) -> None:
        self._resolver = YAML(typ="rt").resolver
        self._table: dict[Any, Any] = self._resolver.versioned_resolver
        self._seen: dict[str, bool] = {}
        # Mapping keys found to be plain words that read as text: an import's documents
        # use a handful of keys thousands of times.
        self.keys: set[str] = set()

    def is_text(self, value: str) -> bool:
        if value[:1] not in self._table and None not in self._table:
            return True  # no implicit type starts with this character
        known = self._seen.get(value)
        if known is None:
            tag = self._resolver.resolve(ScalarNode, value, (True, False))
            known = str(tag) == "tag:yaml.org,2002:str"
            if len(value) <= 64 and len(self._seen) < 4096:
                self._seen[value] = known
        return known


_RESOLVER: _Resolver | None = None


def _resolver() -> _Resolver:
    global _RESOLVER
    if _RESOLVER is None:
        _RESOLVER = _Resolver()
    return _RESOLVER


def block_yaml(data: Any) -> str | None:
    """The text ``YAML(typ="rt")`` (width 4096, indent mapping 2, sequence 4, offset 2)
    dumps for ``data`` with multi-line text as literal blocks, or None when that text is
    not certain here."""
    if type(data) is not dict or not data:
        return None
    out: list[str] = []
    try:
        _mapping(data, 0, "", out, _resolver())
    except _Declined:
        return None
    return "".join(out)


def _mapping(data: dict[Any, Any], indent: int, first: str, out: list[str], r: _Resolver) -> None:
    """A non-empty block mapping whose keys start at column ``indent``; ``first`` is what
    precedes its first key on that key's line (a list item's dash), else the indent."""
    margin = " " * indent
    lead = first or margin
    keys = r.keys
    for key, value in data.items():
        if type(key) is not str or key not in keys:
            if type(key) is not str or len(key) > 100 or not _KEY.fullmatch(key):
                raise _Declined
            if not r.is_text(key):
                raise _Declined
            keys.add(key)
        if type(value) is dict:
            if value:
                out.append(f"{lead}{key}:\n")
                _mapping(value, indent + 2, "", out, r)
            else:
                out.append(f"{lead}{key}: {{}}\n")
        elif type(value) is list:
            if value:
                out.append(f"{lead}{key}:\n")
                _sequence(value, indent + 2, out, r)
            else:
                out.append(f"{lead}{key}: []\n")
        elif value is None:
            out.append(f"{lead}{key}:\n")
        else:
            out.append(f"{lead}{key}:")
            _scalar(value, indent + 2, indent + len(key) + 2, out, r)
        lead = margin


def _sequence(data: list[Any], indent: int, out: list[str], r: _Resolver) -> None:
    """A non-empty block sequence with its dashes at column ``indent``."""
    dash = " " * indent + "- "
    for item in data:
        if type(item) is dict:
            if item:
                _mapping(item, indent + 2, dash, out, r)
            else:
                out.append(f"{dash}{{}}\n")
        elif type(item) is list:
            if item:
                raise _Declined  # a sequence directly in a sequence
            out.append(f"{dash}[]\n")
        elif item is None:
            raise _Declined
        else:
            out.append(dash[:-1])
            _scalar(item, indent + 2, indent + 1, out, r)


def _scalar(value: Any, indent: int, column: int, out: list[str], r: _Resolver) -> None:
    """A scalar after ``key:`` or ``-`` (which end at ``column``), and its line break; a
    literal block's lines are indented to ``indent``."""
    kind = type(value)
    if kind is bool:
        out.append(" true\n" if value else " false\n")
        return
    if kind is int:
        out.append(f" {value}\n")
        return
    if not isinstance(value, str):
        raise _Declined
    if "\n" in value:
        if any(line != line.rstrip() for line in value.split("\n")):
            raise _Declined
        _literal(value, indent, out)
        return
    if kind is not str or not _as_is(value):
        raise _Declined
    if column + len(value) + 3 > _MAX_LINE:
        raise _Declined
    if not value:
        out.append(" ''\n")
    elif _plain(value) and r.is_text(value):
        out.append(f" {value}\n")
    elif "'" in value:
        raise _Declined  # ruamel double-quotes it
    else:
        out.append(f" '{value}'\n")


def _plain(value: str) -> bool:
    """ruamel's ``allow_block_plain`` for a non-empty one-line scalar of printable
    characters: no leading or trailing space, no block indicator."""
    first = value[0]
    if first == " " or value[-1] == " ":
        return False
    if first in _FIRST_INDICATORS or value.startswith(("---", "...")):
        return False
    if first in "?:-" and (len(value) == 1 or value[1] == " "):
        return False
    return _INNER_INDICATOR.search(value, 1) is None


def _literal(value: str, indent: int, out: list[str]) -> None:
    """A ``|`` block: kept only when it needs neither an indentation indicator (a first
    line starting with a space or a break) nor the keep indicator (several final breaks)."""
    if value[0] in " \n" or value.endswith("\n\n") or value == "\n":
        raise _Declined
    if not _as_is(value.replace(_TAB, "")):
        raise _Declined
    if value.endswith("\n"):
        lines, indicator = value[:-1].split("\n"), "|"
    else:
        lines, indicator = value.split("\n"), "|-"
    margin = " " * indent
    out.append(f" {indicator}\n")
    out.extend(f"{margin}{line}\n" if line else "\n" for line in lines)

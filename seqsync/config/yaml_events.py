"""Plain data from YAML parse events: the fast way to read an ordinary sequence file.

ruamel.yaml's C parser is quick, but its safe loader then builds a node for every value
and constructs it in Python: three quarters of the time a project takes to validate.
For files that use only mappings, sequences and scalars (what sequence files are), the
events the C parser yields carry everything needed, and are turned into dicts, lists
and scalars here directly, with ruamel's own resolver and constructors for each
untyped scalar (so ``1_000``, ``0x1F``, ``.inf``, ``~``, ``True`` read as they would).

Anything else returns None and goes to the safe loader, which handles or rejects it:
anchors and aliases, explicit tags, merge keys (``<<``), duplicate or complex keys. A
differential property test holds the two readers to the same result.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

_PREFIX = "tag:yaml.org,2002:"
_TYPED = {
    f"{_PREFIX}int": "construct_yaml_int",
    f"{_PREFIX}float": "construct_yaml_float",
    f"{_PREFIX}bool": "construct_yaml_bool",
    f"{_PREFIX}null": "construct_yaml_null",
}
_KEEP_AS_TEXT = frozenset({f"{_PREFIX}str", f"{_PREFIX}timestamp"})  # dates stay text


class _Untyped(Exception):
    """The file uses something this reader leaves to the safe loader."""


class _Scalars:
    """Resolves a plain scalar's type exactly as the safe loader does, fast when the
    first character already rules out every type but text."""

    def __init__(self) -> None:
        loader = YAML(typ="safe", pure=False)
        self._resolver: VersionedResolver = loader.resolver
        self._table = self._resolver.versioned_resolver
        self._constructor: SafeConstructor = loader.constructor
        self._seen: dict[str, Any] = {}

    def plain(self, value: str) -> Any:
        if value and value[0] not in self._table:
            return value  # no implicit type starts with this character
        known = self._seen.get(value, _UNSEEN)
        if known is not _UNSEEN:
            return known
        tag = self._tag(value)
        if tag in _KEEP_AS_TEXT:
            typed: Any = value
        elif tag in _TYPED:
            typed = getattr(self._constructor, _TYPED[tag])(ScalarNode(tag, value))
        else:
            raise _Untyped(tag)  # "<<" (merge), "=" (value) and the like
        if len(value) <= 64 and len(self._seen) < 4096:  # keys and flags repeat
            self._seen[value] = typed
        return typed

    def _tag(self, value: str) -> str:
        """resolve()'s own lookup for a plain scalar, without its per-call version check."""
        for tag, pattern in self._table.get(value[:1], []) + self._table.get(None, []):
            if pattern.match(value):
                return str(tag)
        return f"{_PREFIX}str"


_UNSEEN = object()


_SCALARS: _Scalars | None = None


def load_plain_events(
    text: str,
    *,
    max_depth: int | None = None,
    max_values: int | None = None,
    text_keys_only: bool = False,
) -> list[Any] | None:
    """Every document as plain data, or None when the file needs the safe loader.

    Also None for a document nested deeper than ``max_depth``, with more than
    ``max_values`` values, or (``text_keys_only``) with a key that is not text: with all
    three, what comes back needs no further checks, and the reader that reports such
    problems at their line is the safe one.
    """
    global _SCALARS
    if _SCALARS is None:
        _SCALARS = _Scalars()
    scalars = _SCALARS
    documents: list[Any] = []
    # Each open container: [the container, the pending key of a mapping or _NO_KEY].
    stack: list[list[Any]] = []
    root: Any = None
    values = 0
    depth_limit = max_depth if max_depth is not None else 1 << 30
    value_limit = max_values if max_values is not None else 1 << 62
    try:
        for event in _events(text):
            kind = type(event)
            values += 1
            if values > value_limit or len(stack) >= depth_limit:
                raise _Untyped("too large or too deep")
            if kind is DocumentStartEvent:
                values = 0
            if kind is ScalarEvent:
                # "!" is the non-specific tag ruamel gives a plain scalar written `! 1`;
                # it resolves as if untagged (held to the safe loader by the test).
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    raise _Untyped("anchor or tag")
                value = scalars.plain(event.value) if event.implicit[0] else event.value
                root = _add(stack, value, root, text_keys_only)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _Untyped("anchor or tag")
                container: Any = {} if kind is MappingStartEvent else []
                root = _add(stack, container, root, text_keys_only)
                stack.append([container, _NO_KEY])
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is DocumentEndEvent:
                documents.append(root)
                root = None
            elif kind is AliasEvent:
                raise _Untyped("alias")
            elif kind not in (StreamStartEvent, StreamEndEvent, DocumentStartEvent):
                raise _Untyped(kind.__name__)
    except Exception:  # _Untyped, or malformed YAML: the safe loader decides
        return None
    return documents


_NO_KEY = object()
_NODE_STARTS = (ScalarEvent, MappingStartEvent, SequenceStartEvent, AliasEvent)


def too_deep_at(text: str, max_depth: int) -> tuple[int, int] | None:
    """The 1-based (line, col) of the first value nested inside more than ``max_depth``
    collections, or None (also when the text is not YAML: the loaders say why).

    Only the parser's events are counted, in one pass: building the trees that locate
    other problems takes seconds for a few kilobytes of ``[[[[…]]]]``, and the answer,
    too deep, is known here as soon as the limit is passed.
    """
    depth = 0
    try:
        for event in _events(text):
            if isinstance(event, _NODE_STARTS) and depth > max_depth:
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if isinstance(event, MappingStartEvent | SequenceStartEvent):
                depth += 1
            elif isinstance(event, MappingEndEvent | SequenceEndEvent):
                depth -= 1
    except Exception:  # malformed YAML: the loaders that follow locate it
        return None
    return None


try:
    from _ruamel_yaml import CParser
except ImportError:  # no C parser here (not CPython): ruamel's pure-Python one
    CParser = None


def _events(text: str) -> Iterator[Any]:
    """The C parser's events for ``text``. Straight from the parser: ruamel's own
    ``YAML.parse`` builds a loader class, a constructor and a resolver for every call,
    a quarter of the time an ordinary sequence file takes to read."""
    if CParser is None:
        yield from YAML(typ="safe").parse(text)
        return
    parser = CParser(text)
    try:
        while (event := parser.get_event()) is not None:
            yield event
    finally:
        parser.dispose()


def _add(stack: list[list[Any]], value: Any, root: Any, text_keys_only: bool) -> Any:
    """Put ``value`` where the parser is; returns the document's root."""
    if not stack:
        return value
    top = stack[-1]
    container = top[0]
    if type(container) is list:
        container.append(value)
    elif top[1] is _NO_KEY:
        if isinstance(value, dict | list) or value in container:
            raise _Untyped("complex or duplicate key")
        if text_keys_only and not isinstance(value, str):
            raise _Untyped("a key that is not text")
        top[1] = value
    else:
        container[top[1]] = value
        top[1] = _NO_KEY
    return root

"""Read YAML files into plain data while remembering where every key and value stood.

Files are parsed with ruamel.yaml's C-accelerated safe loader into plain data (dicts,
lists, str, int, float, bool, None) that the models validate. Positions come from the
round-trip loader, which keeps line and column for every mapping key, mapping value and
sequence item but is about seven times slower: it runs only when a diagnostic needs a
position, or when the fast loader fails and the failure must be located.

Everything a file can do wrong ends as a Diagnostic, never an exception: bad UTF-8,
malformed YAML, duplicate keys, tabs, custom tags, recursive or exploding aliases,
nesting too deep to be a sequence file.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor, SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.resolver import VersionedResolver

from seqsync.config.yaml_events import load_plain_events, too_deep_at
from seqsync.model.diagnostics import Diagnostic

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES_PER_DOCUMENT = 250_000
MAX_DEPTH = 64

Loc = tuple[str | int, ...]


class _PositionTrees:
    """The round-trip trees of one file's documents, parsed on first use."""

    def __init__(self, text: str, trees: list[Any] | None = None) -> None:
        self.text = text
        self.trees = trees

    def tree(self, index: int) -> Any:
        if self.trees is None:
            try:
                self.trees = list(_round_trip_yaml().load_all(self.text))
            except Exception:  # the fast loader accepted it; positions are a nicety
                self.trees = []
        return self.trees[index] if index < len(self.trees) else None


@dataclass
class SourceDocument:
    """One YAML document: its plain data, and where to find positions inside it."""

    path: Path
    display_path: str
    index: int
    data: Any
    trees: _PositionTrees

    @property
    def tree(self) -> Any:
        return self.trees.tree(self.index)

    def position(self, loc: Loc, *, at_key: bool = False) -> tuple[int, int]:
        """The 1-based (line, col) of the value at ``loc``, or of its key with ``at_key``.

        Walks as deep as the tree allows: a loc naming a missing key lands on the
        mapping that should have held it.
        """
        node = self.tree
        line, col = _start_of(node)
        for depth, part in enumerate(loc):
            last = depth == len(loc) - 1
            if isinstance(node, CommentedMap) and part in node:
                found = _key_and_value_positions(node, part)
                if found is None:
                    break
                pos = found[0] if (last and at_key) else found[1]
                line, col = pos[0] + 1, pos[1] + 1
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
                item_line, item_col = node.lc.item(part)
                line, col = item_line + 1, item_col + 1
                node = node[part]
            else:
                break
        return line, col

    def diagnostic(self, loc: Loc, message: str, *, at_key: bool = False) -> Diagnostic:
        line, col = self.position(loc, at_key=at_key)
        return Diagnostic(self.display_path, line, col, message)


def _key_and_value_positions(
    node: CommentedMap, key: Any
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Where ``key`` and its value are written: in this mapping, or, for a key brought
    in by a YAML merge (``<<: *base``), in the mapping it was merged from."""
    try:
        key_pos, value_pos = node.lc.key(key), node.lc.value(key)
    except (KeyError, IndexError, TypeError):
        key_pos = value_pos = None
    if key_pos is not None and value_pos is not None:
        return (key_pos[0], key_pos[1]), (value_pos[0], value_pos[1])
    for entry in getattr(node, "merge", None) or ():
        # ruamel.yaml lists merged mappings as (position, mapping) before 0.18.7 and as
        # the mappings themselves (MergeValue) since.
        merged = entry[1] if isinstance(entry, tuple) else entry
        if isinstance(merged, CommentedMap) and key in merged:
            found = _key_and_value_positions(merged, key)
            if found is not None:
                return found
    return None


@dataclass
class ReadResult:
    documents: list[SourceDocument] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_yaml_file(path: Path, display_path: str) -> ReadResult:
    """Every non-empty document of ``path``, or the diagnostics that stopped reading it."""
    result = ReadResult()

    def fail(message: str, line: int = 1, col: int = 1) -> ReadResult:
        result.diagnostics.append(Diagnostic(display_path, line, col, message))
        return result

    try:
        raw = _read_regular(path)
    except _NotReadable as exc:
        return fail(str(exc))
    except OSError as exc:
        return fail(f"cannot read file: {exc.strerror or exc}")
    text = decode_utf8(raw, display_path, result.diagnostics)
    if text is None:
        return result
    if not _has_content(text):
        return fail("file holds no YAML document; add a sequence or delete the file")
    trees = _PositionTrees(text)
    final = load_plain_events(
        text, max_depth=MAX_DEPTH, max_values=MAX_NODES_PER_DOCUMENT, text_keys_only=True
    )
    if final is not None:  # plain data within every limit: nothing left to check
        for index, data in enumerate(final):
            if data is not None:
                result.documents.append(SourceDocument(path, display_path, index, data, trees))
        return result
    deep = too_deep_at(text, MAX_DEPTH)
    if deep is not None:  # said now, before the slow loaders walk every level
        return fail(f"nesting is deeper than {MAX_DEPTH} levels", *deep)
    fast = load_plain_safe(text)
    if fast is None:  # let the round-trip loader find and locate what is wrong
        fast = list(_load_all(text, display_path, result.diagnostics))
        trees.trees = fast
    for index, data in enumerate(fast):
        if data is None:
            continue
        document = SourceDocument(path, display_path, index, None, trees)
        before = len(result.diagnostics)
        document.data = _Plainifier(document, result.diagnostics).convert(data)
        if len(result.diagnostics) == before:
            result.documents.append(document)
    return result


class _NotReadable(Exception):
    """The path is no file to read (a FIFO, a device) or is over the size limit."""


def _read_regular(path: Path) -> bytes:
    """The bytes of ``path``, checked on the open descriptor: a regular file within the
    size limit. O_NONBLOCK: a FIFO named on the command line must be refused, not wait
    for a writer that never comes."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(fd, "rb") as handle:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise _NotReadable(
                "not a regular file (a FIFO, socket or device); give sequence files or folders"
            )
        size = status.st_size
        if size <= MAX_FILE_BYTES:  # by stat first: a huge sparse file is refused unread
            os.set_blocking(fd, True)
            raw = handle.read(MAX_FILE_BYTES + 1)
            if len(raw) <= MAX_FILE_BYTES:
                return raw
            size = len(raw)  # it grew since; at least this much
        raise _NotReadable(
            f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit "
            "for a sequence file; split it into smaller files"
        )


def _has_content(text: str) -> bool:
    return any(
        line.strip() and not line.lstrip().startswith("#") and line.strip() not in ("---", "...")
        for line in text.splitlines()
    )


def decode_utf8(raw: bytes, display_path: str, diagnostics: list[Diagnostic]) -> str | None:
    """The text of ``raw``, or None after a diagnostic pointing at the first bad byte."""
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        diagnostics.append(
            Diagnostic(display_path, line, 1, "file contains NUL bytes: it is binary, not YAML")
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        diagnostics.append(
            Diagnostic(
                display_path,
                line,
                col,
                f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            )
        )
        return None
    return text.removeprefix("\ufeff")


class _Constructor(RoundTripConstructor):
    """Round-trip construction, but timestamps stay text.

    The models parse dates themselves, so a bad date becomes a diagnostic at its own
    line and column instead of an error for the whole file.
    """


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _Constructor.construct_yaml_str)


class _FastConstructor(SafeConstructor):
    """Safe construction with timestamps kept as text, as in :class:`_Constructor`."""


_FastConstructor.add_constructor("tag:yaml.org,2002:timestamp", _FastConstructor.construct_yaml_str)


class _FastResolver(VersionedResolver):
    """The resolver with its table looked up once per loader, not once per scalar.

    ruamel looks for the document's YAML version on every scalar, through an attribute
    the C parser does not have (an exception raised and caught each time): a fifth of
    the load. With the C parser the version is always the loader's, so it cannot change
    within a load.
    """

    _table: Any = None

    @property
    def versioned_resolver(self) -> Any:
        if self._table is None:
            self._table = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
        return self._table


def load_plain(text: str) -> list[Any] | None:
    """Every document as plain data, or None when the file has any problem at all."""
    from_events = load_plain_events(text)
    return from_events if from_events is not None else load_plain_safe(text)


def load_plain_safe(text: str) -> list[Any] | None:
    """``load_plain`` through ruamel's safe loader: for what the event reader leaves."""
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _FastConstructor
    if getattr(yaml.Parser, "__name__", "") == "CParser":  # not the pure-Python fallback
        yaml.Resolver = _FastResolver
    try:
        return list(yaml.load_all(text))
    except Exception:  # whatever went wrong, the round-trip loader will name and locate it
        return None


def _round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _Constructor
    return yaml


def _load_all(text: str, display_path: str, diagnostics: list[Diagnostic]) -> Iterator[Any]:
    yaml = _round_trip_yaml()
    try:
        yield from yaml.load_all(text)
    except MarkedYAMLError as exc:
        diagnostics.append(_marked_error(exc, display_path))
    except RecursionError:
        diagnostics.append(
            Diagnostic(display_path, 1, 1, "nesting is deeper than a sequence file can be")
        )
    except YAMLError as exc:
        diagnostics.append(Diagnostic(display_path, 1, 1, f"invalid YAML: {exc}"))
    # ruamel's constructors raise plain Python errors on some malformed scalars (a bad
    # !!binary, an impossible timestamp). They are still the file's fault, not ours.
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, OverflowError) as exc:
        diagnostics.append(Diagnostic(display_path, 1, 1, f"invalid YAML: {exc}"))


def _marked_error(exc: MarkedYAMLError, display_path: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if "found duplicate key" in problem:
        message = f"{problem.split(' with value')[0]}; each key may appear once per mapping"
    elif "'\\t'" in problem:
        message = "tab character: YAML indentation must use spaces"
    else:
        message = "invalid YAML: " + "; ".join(part for part in (context, problem) if part)
    return Diagnostic(display_path, line, col, message)


def _start_of(tree: Any) -> tuple[int, int]:
    lc = getattr(tree, "lc", None)
    if lc is not None and lc.line is not None:
        return lc.line + 1, lc.col + 1
    return 1, 1


class _Plainifier:
    """Copies a ruamel tree into plain Python values, refusing what a sequence file never needs."""

    _SCALARS = (str, bool, int, float, type(None))

    def __init__(self, document: SourceDocument, diagnostics: list[Diagnostic]) -> None:
        self.document = document
        self.diagnostics = diagnostics
        self.nodes = 0
        self.memo: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}
        self.active: set[int] = set()
        self.gave_up = False

    def convert(self, node: Any, loc: Loc = ()) -> Any:
        if self.gave_up:
            return None
        self.nodes += 1
        if self.nodes > MAX_NODES_PER_DOCUMENT:
            return self._give_up(loc, "document expands to too many values (aliases?); simplify it")
        if len(loc) > MAX_DEPTH:
            return self._give_up(loc, f"nesting is deeper than {MAX_DEPTH} levels")
        tag = getattr(getattr(node, "tag", None), "value", None)
        if isinstance(node, TaggedScalar) or (
            tag is not None and isinstance(node, CommentedMap | CommentedSeq)
        ):
            self._report(loc, f"custom YAML tag {tag!r} is not allowed; remove it")
            return None
        if isinstance(node, dict | list):
            return self._container(node, loc)
        if isinstance(node, self._SCALARS):
            return _plain_scalar(node)
        self._report(loc, f"unsupported YAML value of type {type(node).__name__}")
        return None

    def _container(self, node: dict[Any, Any] | list[Any], loc: Loc) -> Any:
        ident = id(node)
        if ident in self.active:
            self._report(loc, "an alias refers to itself; YAML anchors must not be recursive")
            return None
        if ident in self.memo:
            # An alias: what it expands to counts, or a few lines could stand for billions.
            self.nodes += self.sizes[ident]
            if self.nodes > MAX_NODES_PER_DOCUMENT:
                return self._give_up(
                    loc, "document expands to too many values (aliases?); simplify it"
                )
            return self.memo[ident]
        self.active.add(ident)
        nodes_before = self.nodes
        try:
            if isinstance(node, list):
                plain: Any = [self.convert(item, (*loc, i)) for i, item in enumerate(node)]
            else:
                plain = {}
                for key, value in node.items():
                    if not isinstance(key, str):
                        self._report((*loc, key), "mapping keys must be plain text", at_key=True)
                        continue
                    plain[str(key)] = self.convert(value, (*loc, key))
        finally:
            self.active.discard(ident)
        self.memo[ident] = plain
        self.sizes[ident] = self.nodes - nodes_before
        return plain

    def _give_up(self, loc: Loc, message: str) -> None:
        """Report once and stop: the rest of such a document would only repeat the problem."""
        self.gave_up = True
        self._report(loc, message)

    def _report(self, loc: Loc, message: str, *, at_key: bool = False) -> None:
        self.diagnostics.append(self.document.diagnostic(loc, message, at_key=at_key))


def _plain_scalar(value: Any) -> Any:
    """ruamel returns str/int/float subclasses that remember their style; models want the base type."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return value

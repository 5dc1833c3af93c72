"""`seqsync pin`: write the live ids a plan matched into the files, in place.

The ids are inserted as text at the start of each mapping that lacks one, so a file's
comments, quoting, order and layout stay byte for byte what they were, apart from the
added ids (`seqsync fmt` moves them to their canonical place, if wanted). A block mapping
gains a first line `id: …` at its own indentation; a flow mapping (`{…}`) gains `id: …, `
after its brace.

Files are read and written as bytes: a UTF-8 byte order mark stays, each inserted line
ends as the line it was inserted into (CRLF stays CRLF), and a file put back is exactly
what it was. A mapping behind a YAML anchor (`&v`, maybe reused by `*v`) cannot take
an id in place (the anchor is one mapping wherever it is used, and its text starts with
the anchor, not the mapping): ``pin_blockers`` names every such mapping before apply
sends anything.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from seqsync.errors import SeqsyncError
from seqsync.model.outline import Loc
from seqsync.plan.model import Plan, SequencePlan
from seqsync.project.formatting import yaml_writer as fmt_yaml
from seqsync.project.loader import LoadedSequence, Project


class PinRefused(SeqsyncError):
    """Ids cannot be written into these files as they are; nothing was written."""


class PinFailed(SeqsyncError):
    """apply --pin applied, then could not pin: says which files and why."""


@dataclass(frozen=True)
class Pin:
    """An ``id`` to insert into the mapping that starts at (line, col), both 0-based."""

    line: int
    col: int
    flow: bool
    live_id: str
    anchor: str | None = None  # the mapping's YAML anchor: no pin can go there


def pin_blockers(project: Project, names: Collection[str]) -> list[str]:
    """Why the ids of the sequences ``names`` could not be written into their files, one
    line per mapping or file (file:line:col first); empty when pinning can go ahead.
    Asked before apply's first request: a pin found impossible after the writes would
    leave live sequences that the files do not name."""
    problems: list[str] = []
    for loaded in project.sequences:
        if loaded.model.name not in names:
            continue
        if loaded.model.connection in project.other_accounts:
            # The ids in files are the top level's accounts'; another account's would
            # break every plan there.
            env = project.left_out[0] if project.left_out else "this environment"
            problems.append(
                f"{loaded.document.display_path}: {loaded.model.name}: under --env {env}, "
                f"connection {loaded.model.connection!r} reaches another account than the "
                "one the files' ids belong to; the files pin the top-level accounts' ids "
                "only (here it is matched by title): pin without --env"
            )
            continue
        path = loaded.document.path
        lines = _lines(path)
        for node, what in _unpinned_mappings(loaded):
            anchor = node.anchor.value
            if _braceless(lines, node.lc.line, node.lc.col, bool(node.fa.flow_style())):
                line, col = node.lc.line + 1, node.lc.col + 1
                problems.append(
                    f"{loaded.document.display_path}:{line}:{col}: the {what} is a mapping "
                    "written inside [ ] without braces, where an id cannot be added beside "
                    "its key: write it as {key: value}, then pin again"
                )
            if anchor is not None:
                line, col = node.lc.line + 1, node.lc.col + 1
                problems.append(
                    f"{loaded.document.display_path}:{line}:{col}: the {what} is the YAML "
                    f"anchor &{anchor}, one mapping wherever *{anchor} uses it, so it cannot "
                    "take an id of its own: write it out in full where it is used (or add its "
                    "id by hand), then apply again"
                )
        if not os.access(path, os.W_OK):
            problems.append(
                f"{loaded.document.display_path}:1:1: the file is not writable, so its ids "
                "cannot be written in: make it writable, or apply without --pin"
            )
    return sorted(set(problems))


def _unpinned_mappings(loaded: LoadedSequence) -> Iterator[tuple[CommentedMap, str]]:
    """Every mapping of the document that pin could write an id into."""
    tree = loaded.document.tree
    if not isinstance(tree, CommentedMap) or "for_each" in tree:
        return
    if loaded.model.live_id is None:
        yield tree, "sequence"
    for step in loaded.kind.outline_of(loaded.model).steps:
        slots = [(step.ids.step, "step")] if step.ids.step is not None else []
        for at, what in [*slots, *((variant, "variant") for variant in step.ids.variants)]:
            node = _unpinned(tree, at)
            if node is not None:
                yield node, what


def pins_of(loaded: LoadedSequence, plan: SequencePlan) -> list[Pin]:
    """The ids ``plan`` matched that the document does not write yet."""
    tree = loaded.document.tree
    if not isinstance(tree, CommentedMap) or plan.errors or "for_each" in tree:
        return []  # a for_each document's ids differ per account: it is matched, not pinned
    pins = []
    if loaded.model.live_id is None and plan.sequence_id is not None:
        pins.append(_pin(tree, plan.sequence_id))
    # The kind's outline says where a step's id goes (if anywhere): pin knows no keys.
    steps = loaded.kind.outline_of(loaded.model).steps
    for match in plan.matches:
        if match.desired is None or match.desired >= len(steps):
            continue
        slots = steps[match.desired].ids
        live = match.live
        if slots.step is not None and live is not None and not live.startswith("#"):
            node = _unpinned(tree, slots.step)
            if node is not None:
                pins.append(_pin(node, live))
        for at, live_id in zip(slots.variants, match.variants, strict=False):
            node = _unpinned(tree, at) if live_id is not None else None
            if node is not None and live_id is not None:
                pins.append(_pin(node, live_id))
    return pins


def _unpinned(tree: CommentedMap, at: Loc) -> CommentedMap | None:
    """The mapping at ``at`` when it has no ``id`` yet (the tree, not the model, says:
    ``id: null`` is a key all the same, and a second one would be a duplicate)."""
    node: Any = tree
    for part in at:
        if isinstance(node, CommentedMap):
            found = part in node
        else:
            found = (
                isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node)
            )
        if not found:
            return None
        node = node[part]
    return node if isinstance(node, CommentedMap) and "id" not in node else None


def _lines(path: Path) -> list[str]:
    """The file's lines as the reader numbered them (byte order mark dropped)."""
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    return _LINE_BREAK.split(data.decode("utf-8", "replace"))[0::2]


def _braceless(lines: list[str], line: int, col: int, flow: bool) -> bool:
    """A flow mapping that does not open with a brace: a single pair inside a flow
    sequence (`[key: value]`), where an inserted `id: …,` would start a second mapping."""
    if not flow or line >= len(lines):
        return False
    return lines[line][col : col + 1] != "{"


# Every line break the YAML reader counts when it gives positions.
_LINE_BREAK = re.compile("(\r\n|[\r\n\x85\u2028\u2029])")
_WRITTEN_BREAKS = ("\r\n", "\n", "\r")


def with_pins(data: bytes, pins: list[Pin]) -> bytes:
    """The file ``data`` with each pin's ``id`` inserted (from the end, so positions stay
    true): its byte order mark kept, and each inserted line ending as its line does."""
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    # Positions come from the text without the mark (as the reader parsed it).
    parts = _LINE_BREAK.split(data[len(bom) :].decode("utf-8"))
    lines, breaks = parts[0::2], [*parts[1::2], ""]
    written = [end for end in breaks if end in _WRITTEN_BREAKS]
    usual = max(set(written), key=written.count) if written else "\n"
    for pin in sorted(pins, key=lambda pin: (pin.line, pin.col), reverse=True):
        line = lines[pin.line]
        value = _scalar(pin.live_id, flow=pin.flow)
        if pin.flow:
            after = line[pin.col + 1 :]
            separator = "" if after.lstrip().startswith("}") else ", "
            lines[pin.line] = f"{line[: pin.col + 1]}id: {value}{separator}{after}"
        else:
            indent = " " * pin.col
            end = breaks[pin.line] if breaks[pin.line] in _WRITTEN_BREAKS else usual
            lines[pin.line] = f"{line[: pin.col]}id: {value}{end}{indent}{line[pin.col :]}"
    return bom + "".join(line + end for line, end in zip(lines, breaks, strict=True)).encode()


@dataclass(frozen=True)
class PinnedFile:
    path: Path
    data: bytes  # the file with its ids
    count: int


def pinned_files(project: Project, plan: Plan) -> list[PinnedFile]:
    """Per file, its bytes with every id the plan matched written in; PinRefused, before
    anything is written, when an id would go into a mapping behind an anchor or into a
    flow mapping written without braces."""
    by_name = {loaded.model.name: loaded for loaded in project.sequences}
    per_file: dict[Path, list[Pin]] = defaultdict(list)
    elsewhere = [
        sequence.name
        for sequence in plan.sequences
        if sequence.name in by_name and sequence.connection in project.other_accounts
    ]
    if elsewhere:
        raise PinRefused(
            "nothing was pinned:\n"
            + "\n".join(f"  {problem}" for problem in pin_blockers(project, elsewhere))
        )
    for sequence in plan.sequences:
        loaded = by_name.get(sequence.name)
        if loaded is not None:
            per_file[loaded.document.path].extend(pins_of(loaded, sequence))
    if any(
        pin.anchor is not None or _braceless(_lines(path), pin.line, pin.col, pin.flow)
        for path, pins in per_file.items()
        for pin in pins
    ):
        names = {sequence.name for sequence in plan.sequences}
        raise PinRefused(
            "nothing was pinned:\n"
            + "\n".join(f"  {problem}" for problem in pin_blockers(project, names))
        )
    return [
        PinnedFile(path, with_pins(path.read_bytes(), pins), len(pins))
        for path, pins in sorted(per_file.items())
        if pins
    ]


def _pin(node: CommentedMap, live_id: str) -> Pin:
    flow = bool(node.fa.flow_style())
    return Pin(node.lc.line, node.lc.col, flow, live_id, node.anchor.value)


def _scalar(value: Any, *, flow: bool = False) -> str:
    """``value`` written as `seqsync fmt` writes it, so a pinned file passes `fmt --check`:
    plain where fmt leaves it plain (``9abc``, ``yes``), quoted where fmt quotes."""
    text = str(value)
    stream = io.StringIO()
    fmt_yaml().dump({"id": text}, stream)
    written = stream.getvalue().removeprefix("id: ").rstrip("\n")
    if "\n" not in written and not (flow and any(char in written for char in ",[]{}")):
        return written
    return "'" + text.replace("'", "''") + "'"

"""`seqsync pin`: write the live ids a plan matched into the files, in place.

The ids are inserted as text at the start of each mapping that lacks one, so a file's
comments, quoting, order and layout stay byte for byte what they were, apart from the
added ids (`seqsync fmt` moves them to their canonical place, if wanted). A block mapping
gains a first line `id: …` at its own indentation; a flow mapping (`{…}`) gains `id: …, `
after its brace.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from seqsync.plan.model import Plan, SequencePlan
from seqsync.project.loader import LoadedSequence, Project
from seqsync.providers.registry import kind_named

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_RESERVED = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n"})


@dataclass(frozen=True)
class Pin:
    """An ``id`` to insert into the mapping that starts at (line, col), both 0-based."""

    line: int
    col: int
    flow: bool
    live_id: str


def pins_of(loaded: LoadedSequence, plan: SequencePlan) -> list[Pin]:
    """The ids ``plan`` matched that the document does not write yet."""
    tree = loaded.document.tree
    if not isinstance(tree, CommentedMap) or plan.errors or "for_each" in tree:
        return []  # a for_each document's ids differ per account: it is matched, not pinned
    kind = kind_named(loaded.provider)
    pins = []
    if loaded.model.live_id is None and plan.sequence_id is not None:
        pins.append(_pin(tree, plan.sequence_id))
    steps = tree.get("steps")
    if not kind.step_ids or not isinstance(steps, CommentedSeq):
        return pins
    for match in plan.matches:
        if match.desired is None or match.desired >= len(steps):
            continue
        step = steps[match.desired]
        if not isinstance(step, CommentedMap):
            continue
        if match.live is not None and not match.live.startswith("#") and "id" not in step:
            pins.append(_pin(step, match.live))
        variants = step.get("variants")
        if not isinstance(variants, CommentedSeq):
            continue
        for variant, live_id in zip(variants, match.variants, strict=False):
            if live_id is not None and isinstance(variant, CommentedMap) and "id" not in variant:
                pins.append(_pin(variant, live_id))
    return pins


def with_pins(text: str, pins: list[Pin]) -> str:
    """``text`` with each pin's ``id`` inserted (from the end, so positions stay true)."""
    lines = text.split("\n")
    for pin in sorted(pins, key=lambda pin: (pin.line, pin.col), reverse=True):
        line = lines[pin.line]
        value = _scalar(pin.live_id)
        if pin.flow:
            after = line[pin.col + 1 :]
            separator = "" if after.lstrip().startswith("}") else ", "
            lines[pin.line] = f"{line[: pin.col + 1]}id: {value}{separator}{after}"
        else:
            indent = " " * pin.col
            lines[pin.line] = f"{line[: pin.col]}id: {value}\n{indent}{line[pin.col :]}"
    return "\n".join(lines)


@dataclass(frozen=True)
class PinnedFile:
    path: Path
    text: str  # the file with its ids
    count: int


def pinned_files(project: Project, plan: Plan) -> list[PinnedFile]:
    """Per file, its text with every id the plan matched written in."""
    by_name = {loaded.model.name: loaded for loaded in project.sequences}
    per_file: dict[Path, list[Pin]] = defaultdict(list)
    for sequence in plan.sequences:
        loaded = by_name.get(sequence.name)
        if loaded is not None:
            per_file[loaded.document.path].extend(pins_of(loaded, sequence))
    return [
        PinnedFile(path, with_pins(path.read_text(encoding="utf-8"), pins), len(pins))
        for path, pins in sorted(per_file.items())
        if pins
    ]


def _pin(node: CommentedMap, live_id: str) -> Pin:
    flow = bool(node.fa.flow_style())
    return Pin(node.lc.line, node.lc.col, flow, live_id)


def _scalar(value: Any) -> str:
    text = str(value)
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return "'" + text.replace("'", "''") + "'"

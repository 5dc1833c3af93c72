"""A Plan as Terraform-like text: ``+`` create, ``~`` change, ``-/+`` replace, ``⏸`` pause.

Long text (HTML bodies, messages) is shown as a unified diff of what a reader sees, not
as two walls of markup. Colour is opt-in (the CLI turns it on for a tty without NO_COLOR).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from typing import Any

from seqsync.model.common import format_duration
from seqsync.plan import canonical
from seqsync.plan.model import Counts, Operation, Plan, SequencePlan
from seqsync.plan.timeline import text_lines

GREEN, YELLOW, RED, CYAN, BOLD, RESET = (
    "\x1b[32m",
    "\x1b[33m",
    "\x1b[31m",
    "\x1b[36m",
    "\x1b[1m",
    "\x1b[0m",
)
LONG_TEXT = 80
LINE_DIFF_BUDGET = 250_000
"""Most pairs of changed lines a diff aligns (500 against 500, far beyond an edit to an
email); past it the changed lines are shown whole, old then new, so no body can make
rendering a plan slow."""


def render_text(plan: Plan, *, color: bool = False, verbose: bool = False) -> str:
    lines: list[str] = []
    paint = _painter(color)
    if plan.operations:
        lines += ["seqsync will perform the following actions:", ""]
    for sequence in plan.sequences:
        if sequence.operations or (verbose and not sequence.errors):
            lines += list(sequence_lines(sequence, paint, verbose=verbose))
            lines.append("")
    for name, error in plan.errors:
        lines.append(
            paint(RED, f"Error: {error}")
            if name in error
            else paint(RED, f"Error: {name}: {error}")
        )
    if plan.errors:
        lines.append("")
    lines += [paint(YELLOW, f"Note: {name}: {note}") for name, note in plan.notes]
    if plan.notes:
        lines.append("")
    lines += unmanaged_lines(plan)
    lines.append(summary_line(plan))
    return "\n".join(lines) + "\n"


def render_timeline(plan: Plan) -> str:
    """Each sequence's cadence day by day, before (live) and after (the files); `~`
    marks the days that change."""
    lines: list[str] = []
    for sequence in plan.sequences:
        if sequence.timeline is not None:
            lines += [*text_lines(sequence.name, sequence.timeline), ""]
    return "\n".join(lines) + "\n" if lines else "No timeline: no sequence in the plan has days.\n"


def unmanaged_lines(plan: Plan) -> list[str]:
    """The live sequences no file manages, when asked for (plan --show-unmanaged)."""
    if plan.unmanaged is None:
        return []
    listed = [item for item in plan.unmanaged if item.id is not None]
    lines = [f"Live sequences no file manages: {len(listed) or 'none'}"]
    lines += [f"  {item.connection}: {item.id} {item.title!r}" for item in listed]
    lines += [f"  {item.connection}: {item.title}" for item in plan.unmanaged if item.id is None]
    return [*lines, ""]


def summary_line(plan: Plan) -> str:
    if plan.errors and not plan.operations:
        failed = len({name for name, _ in plan.errors})
        return f"Plan failed for {failed} sequence{'s' if failed != 1 else ''}; nothing would be changed."
    if not plan.operations:
        return "No changes. Live sequences match the files."
    return counts_line(plan.counts)


def counts_line(counts: Counts) -> str:
    deletes = (
        f", {counts.delete} to delete" if counts.delete else ""
    )  # shown only when a plan deletes: others read as before
    return (
        f"Plan: {counts.create} to create, {counts.change} to change, "
        f"{counts.replace} to replace, {counts.pause} to pause{deletes}."
    )


def sequence_lines(
    sequence: SequencePlan, paint: Any = None, *, verbose: bool = False
) -> Iterator[str]:
    paint = paint or _painter(False)
    where = f"{sequence.provider} {sequence.sequence_id or 'new'}"
    if not sequence.provider:  # a removed: entry on a connection this plan cannot reach
        where = "not reachable"
    yield paint(BOLD, f"  # {sequence.name} ({sequence.connection}: {where})")
    if sequence.includes:
        yield f"    # includes snippet(s) {', '.join(sequence.includes)}: a snippet edit shows in each step that includes it"
    if verbose:
        for match in sequence.matches:
            desired = f"steps[{match.desired}]" if match.desired is not None else "(none)"
            yield paint(CYAN, f"    = {desired} <-> live {match.live or '(none)'}: {match.reason}")
    for operation in sequence.operations:
        yield from operation_lines(operation, paint)


def operation_lines(operation: Operation, paint: Any) -> Iterator[str]:
    symbol, colour = _symbol(operation)
    headline = f"  {symbol} {operation.kind} {operation.address}"
    yield paint(colour, headline)
    yield f"      # {operation.reason}"
    if operation.drifted:
        yield paint(
            YELLOW,
            "      # drift: live was changed outside seqsync (it differs from the base "
            f"branch's file too); apply reverts {', '.join(operation.drifted)}",
        )
    if operation.unkept:
        yield paint(
            YELLOW,
            f"      # not kept: the last apply sent {', '.join(operation.unkept)} exactly so, "
            "and the provider kept its own value; sending it again will not stick — change "
            "the file to what the provider keeps",
        )
    if operation.destructive:
        yield paint(RED, f"      # destructive: {operation.destructive_why}")
    for change in operation.changes:
        yield from _change_lines(change.path, change.before, change.after, paint)


def _symbol(operation: Operation) -> tuple[str, str]:
    return _SYMBOLS[operation.counted_as]


_SYMBOLS = {
    "replace": ("-/+", RED),
    "pause": ("⏸", RED),
    "delete": ("-", RED),
    "create": ("+", GREEN),
    "change": ("~", YELLOW),
}


def _change_lines(path: str, before: Any, after: Any, paint: Any) -> Iterator[str]:
    """One change, always with its marker: ``+`` added, ``-`` removed, ``~`` changed;
    long text as a diff of what a reader sees (links and images included), or of the
    markup itself when only markup changed."""
    mark, colour = (
        ("+", GREEN) if before is None else ("-", RED) if after is None else ("~", YELLOW)
    )
    if _is_long(before) or _is_long(after):
        yield paint(colour, f"      {mark} {path}:")
        yield from _diff_lines(before, after, paint)
        return
    if path.endswith(".delay"):
        before, after = _duration(before), _duration(after)
    if before is None:
        yield paint(GREEN, f"      + {path}: {_value(after)}")
    elif after is None:
        yield paint(RED, f"      - {path}: {_value(before)}")
    else:
        yield paint(YELLOW, f"      ~ {path}: {_value(before)} → {_value(after)}")


def _diff_lines(before: Any, after: Any, paint: Any) -> Iterator[str]:
    old, new = _readable(before), _readable(after)
    if old == new and before != after:  # nothing a reader sees changed: show the markup
        old, new = canonical.markup_lines(_text(before)), canonical.markup_lines(_text(after))
        yield "        (only the markup differs)"
    for line in _line_diff(old.splitlines(), new.splitlines()):
        if line.startswith("@@"):
            continue
        colour = GREEN if line.startswith("+") else RED if line.startswith("-") else ""
        yield paint(colour, f"        {line}") if colour else f"        {line}"


def _line_diff(old: list[str], new: list[str]) -> list[str]:
    """Unified-diff lines (no headers), or, when the lines that differ are too many to
    align within the budget, those lines whole: removed, then added, between two lines
    of context. Nothing is hidden either way; the cost stays linear."""
    shorter = min(len(old), len(new))
    head = next((k for k in range(shorter) if old[k] != new[k]), shorter)
    tail = next(
        (k for k in range(shorter - head) if old[len(old) - 1 - k] != new[len(new) - 1 - k]),
        shorter - head,
    )
    changed_old, changed_new = old[head : len(old) - tail], new[head : len(new) - tail]
    if len(changed_old) * len(changed_new) <= LINE_DIFF_BUDGET:
        return list(difflib.unified_diff(old, new, lineterm="", n=2))[2:]
    return [
        "(too many changed lines to align: they are shown whole, as they were, then as they will be)",
        *(f" {line}" for line in old[max(0, head - 2) : head]),
        *(f"-{line}" for line in changed_old),
        *(f"+{line}" for line in changed_new),
        *(f" {line}" for line in old[len(old) - tail : len(old) - tail + 2]),
    ]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _is_long(value: Any) -> bool:
    return isinstance(value, str) and (len(value) > LONG_TEXT or "\n" in value or "<" in value)


def _readable(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    return canonical.visible_text(text) if "<" in text else text


def _duration(value: Any) -> Any:
    return (
        format_duration(value) if isinstance(value, int) and not isinstance(value, bool) else value
    )


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _painter(color: bool) -> Any:
    def paint(code: str, text: str) -> str:
        return f"{code}{text}{RESET}" if color and code else text

    return paint

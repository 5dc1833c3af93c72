"""`preview --changed`: what prospects get today beside what they get once the plan is
applied, row by row on the same days, with the words that change marked.

A touch on day 3 on both sides sits on one row; one that only one side has leaves the
other side's cell empty on its row. Within a day, touches pair up in order by channel and
variant (an email beside the email it becomes, not beside the call that replaces it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from seqsync.plan.preview import PreviewStep
from seqsync.render.preview_cards import Shown, card, day_heading, shown
from seqsync.render.word_diff import marked

EMPTY = '<div class="empty"></div>'
COMPARED = ("subject", "preheader", "body", "note")


@dataclass(frozen=True)
class Row:
    day: int
    before: PreviewStep | None
    after: PreviewStep | None


def aligned(before: Sequence[PreviewStep], after: Sequence[PreviewStep]) -> list[Row]:
    """Both sides' touches as rows, by day, paired where they are the same touch."""
    rows = []
    for day in sorted({step.day for step in [*before, *after]}):
        old = [step for step in before if step.day == day]
        new = [step for step in after if step.day == day]
        rows += _paired(day, old, new)
    return rows


def _paired(
    day: int, old: list[PreviewStep], new: list[PreviewStep], *, by_variant: bool = True
) -> list[Row]:
    """Touches of one day paired in order: by channel and variant first, then what is left
    by channel alone (variants A and B becoming one email: A pairs with it)."""
    rows = []

    def keys(side: list[PreviewStep]) -> list[tuple[str, str]]:
        return [(step.channel, step.label if by_variant else "") for step in side]

    for op, i1, i2, j1, j2 in SequenceMatcher(None, keys(old), keys(new), False).get_opcodes():
        if op == "equal":
            rows += [Row(day, a, b) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)]
        elif op == "replace" and by_variant:
            rows += _paired(day, old[i1:i2], new[j1:j2], by_variant=False)
        else:  # a touch of another channel in its place is one gone and one new
            rows += [Row(day, a, None) for a in old[i1:i2]]
            rows += [Row(day, None, b) for b in new[j1:j2]]
    return rows


def columns(
    before: Sequence[PreviewStep], after: Sequence[PreviewStep], samples: Mapping[str, str]
) -> tuple[str, list[str]]:
    """The two columns, row by row; and the tags the after side leaves unfilled."""
    parts = ['<div class="columns"><h2>Live now</h2><h2>After apply</h2>']
    unfilled: list[str] = []
    day = None
    for row in aligned(before, after):
        if row.day != day:
            day = row.day
            parts.append(day_heading(day))
        was = shown(row.before, samples) if row.before is not None else None
        now = shown(row.after, samples) if row.after is not None else None
        if now is not None:
            unfilled += now.unfilled
        # A row of its own in the markup (drawn as the grid's two cells), so each pair
        # stays together for whoever reads the page's source.
        parts.append('<div class="row">' + "\n".join(_cells(was, now)) + "</div>")
    parts.append("</div>")
    return "\n".join(parts), unfilled


def _cells(was: Shown | None, now: Shown | None) -> list[str]:
    if was is None:
        return [EMPTY, card(now, "added")] if now is not None else []
    if now is None:
        return [card(was, "removed"), EMPTY]
    was, now = compared(was, now)
    state = "changed" if _differ(was, now) else ""
    return [card(was, state), card(now, state)]


def compared(was: Shown, now: Shown) -> tuple[Shown, Shown]:
    """Both touches with the words that differ marked (``<del>`` before, ``<ins>`` after)."""
    subject = _marked(was.subject, now.subject)
    preheader = _marked(was.preheader, now.preheader)
    body = _marked(was.body, now.body)
    note = _marked(was.note, now.note)
    return (
        Shown(was.step, subject[0], preheader[0], body[0] or "", note[0], was.unfilled),
        Shown(now.step, subject[1], preheader[1], body[1] or "", note[1], now.unfilled),
    )


def _marked(before: str | None, after: str | None) -> tuple[str | None, str | None]:
    """A text that only one side has is all removed or all added."""
    if before == after:
        return before, after
    old, new = marked(before or "", after or "")
    return (old if before is not None else None), (new if after is not None else None)


def _differ(was: Shown, now: Shown) -> bool:
    return any(getattr(was, name) != getattr(now, name) for name in COMPARED)

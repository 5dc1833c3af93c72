"""The cadence day by day, before (live) and after (the files), for reviewers: a step that
moves from day 5 to day 9, or two touches that now land on one day, seen at a glance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

DAY = 86_400

Touch = tuple[int, str]  # (day of the sequence, what happens)
Keyed = tuple[int, str, str]  # a touch and its words: what it is, whatever its day
Move = tuple[str, int, int]  # a touch (with its words) that moved: from day, to day
SHOWN_WORDS = 40  # of a moved touch's words, then "…"


@dataclass(frozen=True)
class Timeline:
    before: tuple[Touch, ...]  # empty: the sequence is new
    after: tuple[Touch, ...]
    # Touches on other days than before, known by their words: two emails that swap
    # days leave the days themselves as they were, and only this says they moved.
    moved: tuple[Move, ...] = ()

    @property
    def changed(self) -> bool:
        return self.before != self.after or bool(self.moved)

    def to_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "before": [list(touch) for touch in self.before],
            "after": [list(touch) for touch in self.after],
        }
        if self.moved:  # only when a touch moved: plans without one read as before
            data["moved"] = [{"what": w, "from": a, "to": b} for w, a, b in self.moved]
        return data

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Timeline:
        return cls(
            tuple((int(day), str(label)) for day, label in data["before"]),
            tuple((int(day), str(label)) for day, label in data["after"]),
            tuple(
                (str(move["what"]), int(move["from"]), int(move["to"]))
                for move in data.get("moved", ())
            ),
        )


def keyed(before: Iterable[Keyed], after: Iterable[Keyed]) -> Timeline:
    """The timeline of touches given with their words (in the order given), with the
    touches whose words are on another day after than before as moves."""
    before, after = tuple(before), tuple(after)
    return Timeline(
        tuple((day, label) for day, label, _ in before),
        tuple((day, label) for day, label, _ in after),
        moves(before, after),
    )


def moves(before: Iterable[Keyed], after: Iterable[Keyed]) -> tuple[Move, ...]:
    """Each touch whose words are on another day after than before; words that several
    touches share pair by their days in order (the first before with the first after)."""
    was, now = _days_of(before), _days_of(after)
    found = []
    for (label, words), days in now.items():
        for old, new in zip(sorted(was.get((label, words), [])), sorted(days), strict=False):
            if old != new:
                found.append((_named(label, words), old, new))
    return tuple(sorted(found, key=lambda move: (move[1], move[2], move[0])))


def _days_of(touches: Iterable[Keyed]) -> dict[tuple[str, str], list[int]]:
    found: dict[tuple[str, str], list[int]] = {}
    for day, label, words in touches:  # spacing aside: an API may keep it its own way
        found.setdefault((label, " ".join(words.split())), []).append(day)
    return found


def _named(label: str, words: str) -> str:
    """A touch as the moves name it: its label, and its words where it has any."""
    if not words:
        return label
    shown = words if len(words) <= SHOWN_WORDS else words[: SHOWN_WORDS - 1] + "…"
    return f'{label} "{shown}"'


def by_delays(steps: Iterable[tuple[int | None, str]]) -> tuple[Touch, ...]:
    """Touches of steps that each wait ``delay`` seconds after the previous one (None:
    unknown, shown on the previous step's day)."""
    touches, waited = [], 0
    for delay, label in steps:
        waited += delay or 0
        touches.append((1 + waited // DAY, label))
    return tuple(touches)


def keyed_by_delays(steps: Iterable[tuple[int | None, str, str]]) -> tuple[Keyed, ...]:
    """``by_delays`` of steps given with their words (delay, label, words)."""
    steps = tuple(steps)
    days = by_delays((delay, label) for delay, label, _ in steps)
    return tuple(
        (day, label, words) for (day, label), (_, _, words) in zip(days, steps, strict=True)
    )


def text_lines(name: str, timeline: Timeline) -> list[str]:
    """A terminal table: each day with what happens before and after (`~`: the day
    changes, or a touch moves from or to it), then each moved touch."""
    days = sorted({day for day, _ in timeline.before} | {day for day, _ in timeline.after})
    before = _by_day(timeline.before)
    after = _by_day(timeline.after)
    touched = {day for _, old, new in timeline.moved for day in (old, new)}
    width = max([len("before"), *(len(", ".join(before.get(d, []))) for d in days)])
    lines = [f"  # {name}", f"    day  {'before':<{width}}  after"]
    for day in days:
        was, now = ", ".join(before.get(day, [])) or "—", ", ".join(after.get(day, [])) or "—"
        mark = " " if was == now and day not in touched else "~"
        lines.append(f"  {mark} {day:>3}  {was:<{width}}  {now}")
    return lines + [f"    moved: {line}" for line in move_lines(timeline)]


def move_lines(timeline: Timeline) -> list[str]:
    """Each moved touch as ``email "Quick question": day 1 → day 5``."""
    return [f"{what}: day {old} → day {new}" for what, old, new in timeline.moved]


def mermaid(name: str, timeline: Timeline) -> list[str]:
    """A Mermaid timeline (GitHub renders it in comments): before, then after."""
    lines = ["```mermaid", "timeline", f"    title {_plain(name)}"]
    for section, touches in (("before", timeline.before), ("after", timeline.after)):
        lines.append(f"    section {section}")
        for day, labels in sorted(_by_day(touches).items()):
            lines.append(f"        Day {day} : {' : '.join(_plain(label) for label in labels)}")
    return [*lines, "```"]


def _by_day(touches: Iterable[Touch]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for day, label in touches:
        found.setdefault(day, []).append(label)
    return found


def _plain(text: str) -> str:
    """Mermaid reads `:` and `#` as syntax."""
    return text.replace(":", " ").replace("#", "").replace(";", ",")

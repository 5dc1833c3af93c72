"""The cadence day by day, before (live) and after (the files), for reviewers: a step that
moves from day 5 to day 9, or two touches that now land on one day, seen at a glance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

DAY = 86_400

Touch = tuple[int, str]  # (day of the sequence, what happens)


@dataclass(frozen=True)
class Timeline:
    before: tuple[Touch, ...]  # empty: the sequence is new
    after: tuple[Touch, ...]

    @property
    def changed(self) -> bool:
        return self.before != self.after

    def to_data(self) -> dict[str, Any]:
        return {
            "before": [list(touch) for touch in self.before],
            "after": [list(touch) for touch in self.after],
        }

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Timeline:
        return cls(
            tuple((int(day), str(label)) for day, label in data["before"]),
            tuple((int(day), str(label)) for day, label in data["after"]),
        )


def by_delays(steps: Iterable[tuple[int | None, str]]) -> tuple[Touch, ...]:
    """Touches of steps that each wait ``delay`` seconds after the previous one (None:
    unknown, shown on the previous step's day)."""
    touches, waited = [], 0
    for delay, label in steps:
        waited += delay or 0
        touches.append((1 + waited // DAY, label))
    return tuple(touches)


def by_day(steps: Iterable[tuple[int, str]]) -> tuple[Touch, ...]:
    return tuple(sorted(steps))


def text_lines(name: str, timeline: Timeline) -> list[str]:
    """A terminal table: each day with what happens before and after."""
    days = sorted({day for day, _ in timeline.before} | {day for day, _ in timeline.after})
    before = _by_day(timeline.before)
    after = _by_day(timeline.after)
    width = max([len("before"), *(len(", ".join(before.get(d, []))) for d in days)])
    lines = [f"  # {name}", f"    day  {'before':<{width}}  after"]
    for day in days:
        was, now = ", ".join(before.get(day, [])) or "—", ", ".join(after.get(day, [])) or "—"
        mark = " " if was == now else "~"
        lines.append(f"  {mark} {day:>3}  {was:<{width}}  {now}")
    return lines


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

"""The preview's index page: a card per sequence with what a manager asks first (where
it runs, how many steps, which channels, how long it lasts), linking to its page."""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from seqsync.plan.preview import PreviewStep
from seqsync.render import channels
from seqsync.render.preview_html import document

TITLE = "seqsync preview"


@dataclass(frozen=True)
class Entry:
    """One sequence on the index: ``steps`` are the touches its page shows (the after
    side, on a before/after page)."""

    name: str
    title: str
    page: str  # its page's file name, beside the index
    provider: str
    connection: str
    steps: Sequence[PreviewStep]


@dataclass(frozen=True)
class Summary:
    steps: int
    days: int  # the day of the last touch; 0 with no touches
    channels: tuple[tuple[str, int], ...]  # (reader's name, steps), most used first


def summary(steps: Sequence[PreviewStep]) -> Summary:
    """A step counts once however many variants it has (its variant 0 stands for it)."""
    counted = [step for step in steps if step.variant == 0]
    by_channel = Counter(channels.label(step.channel) for step in counted)
    return Summary(
        steps=len(counted),
        days=max((step.day for step in steps), default=0),
        channels=tuple(by_channel.most_common()),
    )


def index(entries: Sequence[Entry], *, changed: bool = False) -> str:
    lead = (
        "The sequences the plan changes: each page shows what is live beside what applying "
        "the plan sends."
        if changed
        else "Every sequence as prospects get it, with sample data in its merge tags."
    )
    cards = "\n".join(_card(entry) for entry in entries) or "<p>No sequence to preview.</p>"
    return document(
        TITLE, f'<p class="lead">{html.escape(lead)}</p>\n<div class="sequences">\n{cards}\n</div>'
    )


def _card(entry: Entry) -> str:
    found = summary(entry.steps)
    length = f"{found.days} day{'' if found.days == 1 else 's'}" if found.days else "—"
    used = "".join(
        f'<li>{html.escape(name)} <span class="count">×{count}</span></li>'
        for name, count in found.channels
    )
    return "\n".join(
        [
            '<div class="card sequence">',
            f'<div class="channel">{html.escape(entry.provider)} · '
            f'<span class="connection">{html.escape(entry.connection)}</span></div>',
            f'<h2><a href="{html.escape(entry.page)}">{html.escape(entry.title)}</a></h2>',
            f"<code>{html.escape(entry.name)}</code>",
            '<div class="facts">'
            f'<div class="steps"><b>{found.steps}</b>step{"" if found.steps == 1 else "s"}</div>'
            f'<div class="length"><b>{length}</b>to the last touch</div></div>',
            f'<ul class="channels">{used}</ul>',
            "</div>",
        ]
    )

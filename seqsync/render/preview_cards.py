"""One touch as a card on a preview page: its channel in a reader's words, the subject
with the preheader under it as an inbox list shows them, the body, the task's note, or,
for a touch with no words (a like, a profile visit), what it does."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from seqsync.plan.preview import PreviewStep
from seqsync.render import channels
from seqsync.render.preheader import hidden_preheader
from seqsync.render.preview_html import fill, frame


@dataclass(frozen=True)
class Shown:
    """A touch with its texts filled: markup, ready for a card (or to be compared)."""

    step: PreviewStep
    subject: str | None
    preheader: str | None
    body: str
    note: str | None
    unfilled: tuple[str, ...] = ()


def shown(step: PreviewStep, samples: Mapping[str, str]) -> Shown:
    unfilled: list[str] = []

    def filled(text: str | None, *, escape: bool = True) -> str | None:
        if text is None:
            return None
        result = fill(text, samples, escape=escape)
        unfilled.extend(result.unfilled)
        return result.text

    return Shown(
        step,
        filled(step.subject),
        filled(preheader_of(step)),
        filled(step.body, escape=not step.html_body) or "",
        filled(step.note),
        tuple(unfilled),
    )


def preheader_of(step: PreviewStep) -> str | None:
    """The text an inbox shows under the subject: the provider's preheader field when the
    email has one (the provider puts it first in the message), else a hidden element
    that opens the body."""
    if step.preheader:
        return step.preheader
    if step.html_body and step.body:
        return hidden_preheader(step.body)
    return None


def card(touch: Shown, state: str = "") -> str:
    """The card; ``state`` ("added", "removed", "changed") marks it on a before/after page."""
    step = touch.step
    variant = f" · {html.escape(step.label)}" if step.label else ""
    classes = f"card {state}" if state else "card"
    parts = [f'<div class="{classes}" data-channel="{html.escape(step.channel)}">']
    if state:
        parts.append(f'<span class="state">{state}</span>')
    parts.append(f'<div class="channel">{html.escape(channels.label(step.channel))}{variant}</div>')
    if touch.subject is not None:
        parts.append(f'<div class="subject">{touch.subject}</div>')
    if touch.preheader:
        parts.append(f'<div class="preheader">{touch.preheader}</div>')
    if touch.body:
        parts.append(frame(touch.body) if step.html_body else f'<p class="email">{touch.body}</p>')
    if touch.note:
        parts.append(f'<div class="note">{touch.note}</div>')
    what = channels.action(step.channel)
    if what and not (touch.subject or touch.body or touch.note):
        parts.append(f'<div class="action">{html.escape(what)}</div>')
    parts.append("</div>")
    return "\n".join(parts)


def day_heading(day: int) -> str:
    return f'<div class="day">Day {day}</div>'

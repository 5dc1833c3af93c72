"""`seqsync preview`: each sequence as the prospect would get it, offline.

Merge tags are filled from sample data (`samples:` in seqsync.yaml over each provider's
defaults), fallbacks (`{{first-name|there}}`) apply when a sample is missing, and Inbox
variations (`{Hey|Hi}`) show every option. A tag with no sample and no fallback stays
visible, marked, so a reviewer sees what a prospect would receive raw.

The pages are built from safe parts (render/preview_html.py: escaped text, email bodies
in sandboxed frames); this module puts them together: a sequence's page, its before and
after page (render/preview_changes.py), and the terminal's text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

from seqsync.plan.preview import PreviewStep
from seqsync.render import channels
from seqsync.render.preview_cards import card, day_heading, preheader_of, shown
from seqsync.render.preview_changes import columns
from seqsync.render.preview_html import document, fill


def page(
    title: str, steps: Iterable[PreviewStep], samples: Mapping[str, str]
) -> tuple[str, list[str]]:
    """A standalone HTML page for one sequence, day by day; and the tags left unfilled."""
    unfilled: list[str] = []
    parts = []
    day = None
    for step in sorted(steps, key=lambda step: step.day):
        if step.day != day:
            day = step.day
            parts.append(day_heading(day))
        touch = shown(step, samples)
        unfilled += touch.unfilled
        parts.append(card(touch))
    return document(title, "\n".join(parts)), unfilled


def side_by_side(
    title: str,
    before: Iterable[PreviewStep],
    after: Iterable[PreviewStep],
    samples: Mapping[str, str],
) -> tuple[str, list[str]]:
    """What prospects get today beside what they get once the plan is applied."""
    body, unfilled = columns(
        sorted(before, key=lambda step: step.day), sorted(after, key=lambda step: step.day), samples
    )
    return document(f"{title}: before and after", body), unfilled


def text(title: str, steps: Iterable[PreviewStep], samples: Mapping[str, str]) -> list[str]:
    """The same for a terminal: tags filled, HTML reduced to its text."""
    lines = [f"# {title}"]
    for step in sorted(steps, key=lambda step: step.day):
        label = f" ({step.label})" if step.label else ""
        lines.append(f"  day {step.day}: {channels.label(step.channel)}{label}")
        if step.subject is not None:
            lines.append(f"    subject: {_plain(fill(step.subject, samples, escape=True).text)}")
        preheader = preheader_of(step)
        if preheader:
            lines.append(f"    preheader: {_plain(fill(preheader, samples, escape=True).text)}")
        if step.body:
            lines.append(f"    {_plain(fill(step.body, samples, escape=not step.html_body).text)}")
        if step.note:
            lines.append(f"    note: {_plain(fill(step.note, samples, escape=True).text)}")
        what = channels.action(step.channel)
        if what and not (step.subject or step.body or step.note):
            lines.append(f"    {what}")
    return lines


def _plain(markup: str) -> str:
    without_tags = re.sub(r"<[^>]+>", " ", markup)
    return " ".join(html.unescape(without_tags).split())

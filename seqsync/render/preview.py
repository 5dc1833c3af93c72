"""`seqsync preview`: each sequence as the prospect would get it, offline.

Merge tags are filled from sample data (`samples:` in seqsync.yaml over each provider's
defaults), fallbacks (`{{first-name|there}}`) apply when a sample is missing, and Inbox
variations (`{Hey|Hi}`) show every option. A tag with no sample and no fallback stays
visible, marked, so a reviewer sees what a prospect would receive raw.

Everything on a page comes from a pull request, and reviewers open the pages in their
browsers: text is escaped, and an email body (HTML, which must render as HTML) is shown
only inside a sandboxed frame (no scripts, an origin of its own) whose document carries a
policy that forbids scripts again, on a page whose own policy loads nothing but inline
styles and images. See "Threat model" in ARCHITECTURE.md.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from seqsync.plan.preview import PreviewStep

# The name is stripped in code: spaces matched around a lazy name took cubic time.
MERGE_TAG = re.compile(r"\{\{([^{}|]+)(?:\|([^{}]*))?\}\}")
VARIATION = re.compile(r"(?<!\{)\{([^{}|]*(?:\|[^{}|]*)+)\}(?!\})")


@dataclass(frozen=True)
class Filled:
    text: str
    unfilled: tuple[str, ...]


def fill(text: str, samples: Mapping[str, str], *, escape: bool) -> Filled:
    """``text`` with every merge tag replaced by its sample (or its fallback); tags with
    neither stay, marked. ``escape``: the text is plain and goes into HTML."""
    unfilled: list[str] = []
    source = html.escape(text, quote=False) if escape else text

    def replace(match: re.Match[str]) -> str:
        name, fallback = match.group(1).strip(), match.group(2)
        if name in samples:
            return html.escape(samples[name], quote=False)
        if fallback is not None and fallback != "":  # from ``source``: escaped if need be
            return fallback if escape else html.escape(fallback, quote=False)
        unfilled.append(name)
        shown = name if escape else html.escape(name)
        return f'<mark class="unfilled">{{{{{shown}}}}}</mark>'

    filled = MERGE_TAG.sub(replace, source)
    filled = VARIATION.sub(
        lambda match: (
            '<span class="variation">'
            + " | ".join(f"<b>{option}</b>" for option in match.group(1).split("|"))
            + "</span>"
        ),
        filled,
    )
    return Filled(filled, tuple(unfilled))


STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #1d2430; }
h1 { font-size: 1.4rem; } .day { margin: 1.5rem 0 .5rem; font-weight: 600; color: #56627a; }
.card { border: 1px solid #d6dbe4; border-radius: 8px; padding: .8rem 1rem; margin: .5rem 0; }
.channel { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: #56627a; }
.subject { font-weight: 600; margin: .3rem 0; } .note { color: #56627a; font-style: italic; }
.email { border-top: 1px dashed #d6dbe4; margin-top: .5rem; padding-top: .5rem; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
mark.unfilled { background: #ffd7d7; } .variation b { background: #e6efff; padding: 0 .2rem; }
iframe.email { display: block; width: 100%; height: 22rem; resize: vertical; overflow: auto;
  border: 0; border-top: 1px dashed #d6dbe4; margin-top: .5rem; background: #fff; }
"""
FRAME_STYLE = """
body { font: 15px/1.5 system-ui, sans-serif; margin: .5rem 0; color: #1d2430; }
mark.unfilled { background: #ffd7d7; } .variation b { background: #e6efff; padding: 0 .2rem; }
"""
# The page: inline styles (ours), images and sandboxed srcdoc frames (a srcdoc frame is
# not fetched, so frame-src does not stop it; about: is for browsers that disagree);
# nothing else, so a body that escaped its frame still could not run or fetch a script.
# frame-src also bars a link in a body from loading a site into its frame.
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data: https:; "
    "frame-src about:; form-action 'none'; base-uri 'none'"
)
# An email body's own document: the same, with scripts named, in case a browser does
# not pass the page's policy on to the frame.
FRAME_POLICY = (
    "default-src 'none'; script-src 'none'; style-src 'unsafe-inline'; "
    "img-src data: https:; form-action 'none'; base-uri 'none'"
)
HEAD = (
    '<meta charset="utf-8"><meta name="referrer" content="no-referrer">'
    '<meta http-equiv="Content-Security-Policy" content="{policy}">'
)


def page(
    title: str, steps: Iterable[PreviewStep], samples: Mapping[str, str]
) -> tuple[str, list[str]]:
    """A standalone HTML page for one sequence, day by day; and the tags left unfilled."""
    cards, unfilled = _cards(steps, samples)
    return _document(title, cards), unfilled


def side_by_side(
    title: str,
    before: Iterable[PreviewStep],
    after: Iterable[PreviewStep],
    samples: Mapping[str, str],
) -> tuple[str, list[str]]:
    """What prospects get today beside what they get once the plan is applied."""
    was, _ = _cards(before, samples)
    now, unfilled = _cards(after, samples)
    body = (
        '<div class="columns"><div><h2>Live now</h2>' + was + "</div>"
        "<div><h2>After apply</h2>" + now + "</div></div>"
    )
    return _document(f"{title}: before and after", body), unfilled


def _document(title: str, body: str) -> str:
    return (
        "\n".join(
            [
                "<!DOCTYPE html>",
                '<html lang="en"><head>' + HEAD.format(policy=PAGE_POLICY),
                f"<title>{html.escape(title)}</title><style>{STYLE}</style></head><body>",
                f"<h1>{html.escape(title)}</h1>",
                body,
                "</body></html>",
            ]
        )
        + "\n"
    )


def _cards(steps: Iterable[PreviewStep], samples: Mapping[str, str]) -> tuple[str, list[str]]:
    unfilled: list[str] = []
    parts = []
    day = None
    for step in sorted(steps, key=lambda step: step.day):
        if step.day != day:
            day = step.day
            parts.append(f'<div class="day">Day {day}</div>')
        parts.append('<div class="card">')
        label = f" · {html.escape(step.label)}" if step.label else ""
        parts.append(f'<div class="channel">{html.escape(step.channel)}{label}</div>')
        if step.subject is not None:
            subject = fill(step.subject, samples, escape=True)
            unfilled += subject.unfilled
            parts.append(f'<div class="subject">{subject.text}</div>')
        if step.body:
            body = fill(step.body, samples, escape=not step.html_body)
            unfilled += body.unfilled
            if step.html_body:
                parts.append(frame(body.text))
            else:
                parts.append(f'<p class="email">{body.text}</p>')
        if step.note:
            note = fill(step.note, samples, escape=True)
            unfilled += note.unfilled
            parts.append(f'<div class="note">{note.text}</div>')
        parts.append("</div>")
    return "\n".join(parts), unfilled


def frame(markup: str) -> str:
    """An email body as its own document in a sandboxed frame: ``sandbox`` with no
    allow-* keeps scripts, forms, popups and the page's origin from it."""
    document = (
        "<!DOCTYPE html><html><head>"
        + HEAD.format(policy=FRAME_POLICY)
        + f"<style>{FRAME_STYLE}</style></head><body>{markup}</body></html>"
    )
    return (
        f'<iframe class="email" sandbox="" title="email body" '
        f'srcdoc="{html.escape(document, quote=True)}"></iframe>'
    )


def text(title: str, steps: Iterable[PreviewStep], samples: Mapping[str, str]) -> list[str]:
    """The same for a terminal: tags filled, HTML reduced to its text."""
    lines = [f"# {title}"]
    for step in sorted(steps, key=lambda step: step.day):
        label = f" ({step.label})" if step.label else ""
        lines.append(f"  day {step.day}: {step.channel}{label}")
        if step.subject is not None:
            lines.append(f"    subject: {_plain(fill(step.subject, samples, escape=True).text)}")
        if step.body:
            lines.append(f"    {_plain(fill(step.body, samples, escape=not step.html_body).text)}")
        if step.note:
            lines.append(f"    note: {_plain(fill(step.note, samples, escape=True).text)}")
    return lines


def _plain(markup: str) -> str:
    without_tags = re.sub(r"<[^>]+>", " ", markup)
    return " ".join(html.unescape(without_tags).split())

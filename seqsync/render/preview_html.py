"""The safe parts every preview page is made of: merge tags filled into escaped text, the
page's style and policy, and the sandboxed frame an email body is shown in.

Everything on a page comes from a pull request, and reviewers open the pages in their
browsers: text is escaped, and an email body (HTML, which must render as HTML) is shown
only inside a sandboxed frame (no scripts, an origin of its own) whose document carries a
policy that forbids scripts again, on a page whose own policy loads nothing but inline
styles and images. See "Threat model" in ARCHITECTURE.md.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

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


# Highlights of a before/after page, inside and outside email frames alike.
CHANGES_STYLE = """
ins { background: #d8f3dc; text-decoration: none; }
del { background: #ffd7d7; text-decoration: line-through; }
"""
STYLE = (
    """
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #1d2430; }
h1 { font-size: 1.4rem; } .day { margin: 1.5rem 0 .5rem; font-weight: 600; color: #56627a; }
.card { border: 1px solid #d6dbe4; border-radius: 8px; padding: .8rem 1rem; margin: .5rem 0; }
.channel { font-size: .8rem; text-transform: uppercase; letter-spacing: .05em; color: #56627a; }
.subject { font-weight: 600; margin: .3rem 0; } .note { color: #56627a; font-style: italic; }
.preheader { color: #56627a; margin: -.2rem 0 .3rem; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.action { color: #56627a; margin: .3rem 0; }
.email { border-top: 1px dashed #d6dbe4; margin-top: .5rem; padding-top: .5rem;
  white-space: pre-line; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.5rem; }
.columns > .day { grid-column: 1 / -1; margin-bottom: 0; } .columns > .row { display: contents; }
.columns .empty { border: 1px dashed #d6dbe4; border-radius: 8px; margin: .5rem 0; }
.card.added { border-color: #52b788; background: #f3fbf5; }
.card.removed { border-color: #e5383b; background: #fff5f5; }
.card.changed { border-color: #e9a23b; }
.state { float: right; font-size: .75rem; color: #56627a; }
mark.unfilled { background: #ffd7d7; } .variation b { background: #e6efff; padding: 0 .2rem; }
iframe.email { display: block; width: 100%; height: 22rem; resize: vertical; overflow: auto;
  border: 0; border-top: 1px dashed #d6dbe4; margin-top: .5rem; background: #fff; }
.sequences { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr));
  gap: 1rem; } .sequences .card { margin: 0; } .sequences h2 { font-size: 1.1rem; margin: .3rem 0; }
.facts { display: flex; gap: 1.5rem; margin: .4rem 0; } .facts div { color: #56627a; }
.facts b { color: #1d2430; font-size: 1.1rem; display: block; }
ul.channels { list-style: none; padding: 0; margin: .4rem 0 0; display: flex; flex-wrap: wrap;
  gap: .3rem; } ul.channels li { background: #eef1f6; border-radius: 1rem; padding: 0 .6rem;
  font-size: .85rem; }
"""
    + CHANGES_STYLE
)
FRAME_STYLE = (
    """
body { font: 15px/1.5 system-ui, sans-serif; margin: .5rem 0; color: #1d2430; }
mark.unfilled { background: #ffd7d7; } .variation b { background: #e6efff; padding: 0 .2rem; }
"""
    + CHANGES_STYLE
)
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


def document(title: str, body: str) -> str:
    """A standalone page: ``title`` is text (escaped here), ``body`` is markup."""
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


def frame(markup: str) -> str:
    """An email body as its own document in a sandboxed frame: ``sandbox`` with no
    allow-* keeps scripts, forms, popups and the page's origin from it."""
    inner = (
        "<!DOCTYPE html><html><head>"
        + HEAD.format(policy=FRAME_POLICY)
        + f"<style>{FRAME_STYLE}</style></head><body>{markup}</body></html>"
    )
    return (
        f'<iframe class="email" sandbox="" title="email body" '
        f'srcdoc="{html.escape(inner, quote=True)}"></iframe>'
    )

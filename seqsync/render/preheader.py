"""The preview text an inbox shows under a subject, when an email body carries its own.

Templates often open with a hidden element (``<div style="display:none">…</div>``) whose
text inboxes show in the message list and readers never see in the message: a reviewer
should see it where the prospect does. Only an element hidden before any visible text
counts; hidden text further down is not what a list shows first.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Ways templates hide a preheader from the opened message (Outlook's mso-hide included).
HIDING = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|mso-hide\s*:\s*all|"
    r"max-height\s*:\s*0(?![.\d])|opacity\s*:\s*0(?![.\d])",
    re.IGNORECASE,
)
# Elements whose text is never shown, and elements with no end tag.
UNSHOWN = {"head", "title", "style", "script", "template"}
# Padding templates put after a preheader so the list shows no body text beside it.
PADDING = re.compile("[\u034f\u200b-\u200d\u2060\ufeff\u00ad]")
VOID = {"br", "img", "meta", "link", "hr", "input", "wbr", "col", "source", "area", "base"}


def hidden_preheader(markup: str) -> str | None:
    """The text of a hidden element that opens ``markup``, spaces collapsed; None when
    visible text comes first or nothing is hidden."""
    finder = _Finder()
    finder.feed(markup)
    finder.close()
    found = " ".join(PADDING.sub("", "".join(finder.hidden)).split())
    return found or None


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden: list[str] = []
        self.depth = 0  # open elements inside the hidden one (0: not inside one)
        self.unshown = 0
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done or tag in VOID:
            return
        if tag in UNSHOWN:
            self.unshown += 1
        elif self.depth:
            self.depth += 1
        elif any(
            name == "hidden" or (name == "style" and HIDING.search(value or ""))
            for name, value in attrs
        ):
            self.depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self.done or tag in VOID:
            return
        if tag in UNSHOWN:
            self.unshown = max(0, self.unshown - 1)
        elif self.depth:
            self.depth -= 1
            self.done = self.depth == 0

    def handle_data(self, data: str) -> None:
        if self.done or self.unshown:
            return
        if self.depth:
            self.hidden.append(data)
        elif data.strip():
            self.done = True  # visible text first: the list shows that, not a preheader

"""The HTML side of `seqsync lint`: elements left open, images without alt, and links a
filter or a reader would distrust; each finding with its offset in the text."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

SHORTENERS = frozenset(
    {
        "bit.ly",
        "tinyurl.com",
        "t.co",
        "goo.gl",
        "ow.ly",
        "is.gd",
        "buff.ly",
        "rebrand.ly",
        "cutt.ly",
    }
)
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
OPTIONAL_END = frozenset(
    {
        "p",
        "li",
        "td",
        "th",
        "tr",
        "thead",
        "tbody",
        "tfoot",
        "option",
        "dt",
        "dd",
        "html",
        "head",
        "body",
    }
)


def html_findings(text: str) -> Iterator[tuple[str, str, int]]:
    checker = _HtmlChecker(text)
    checker.feed(text)
    checker.close()
    yield from checker.findings
    for tag, offset in checker.open_tags:
        if tag not in OPTIONAL_END:
            yield "html-unclosed", f"<{tag}> is never closed", offset


class _HtmlChecker(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self.open_tags: list[tuple[str, int]] = []
        self.findings: list[tuple[str, str, int]] = []
        self._link: tuple[str, int] | None = None
        self._link_text: list[str] = []
        self._offsets = [0]
        for line in text.splitlines(keepends=True):
            self._offsets.append(self._offsets[-1] + len(line))

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._offsets[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        offset = self._offset()
        values = {name: value or "" for name, value in attrs}
        if tag == "img" and not values.get("alt", "").strip():
            self.findings.append(
                ("image-alt", "an image has no alt text (shown when images are off)", offset)
            )
        if tag == "a" and "href" in values:
            self._link, self._link_text = (values["href"], offset), []
            self.findings += [
                (rule, message, offset) for rule, message in _link_problems(values["href"])
            ]
        if tag not in VOID:
            self.open_tags.append((tag, offset))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open_tags and self.open_tags[-1][0] == tag:
            self.open_tags.pop()

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open_tags) - 1, -1, -1):
            if self.open_tags[index][0] == tag:
                del self.open_tags[index:]
                break
        if tag == "a" and self._link is not None:
            href, offset = self._link
            shown = "".join(self._link_text).strip()
            if re.match(r"(?i)^(https?://|www\.)\S+$", shown) and _host(shown) != _host(href):
                self.findings.append(
                    ("link-text-mismatch", f"the link reads {shown!r} but goes to {href!r}", offset)
                )
            self._link = None

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link_text.append(data)


def _link_problems(href: str) -> Iterator[tuple[str, str]]:
    if "{{" in href:
        return  # a merge tag: known only when sent
    parts = urlsplit(href)
    if parts.scheme == "http":
        yield "link-insecure", f"{href!r} is plain http; use https"
    host = parts.hostname or ""
    try:
        ipaddress.ip_address(host)
        yield "link-ip", f"{href!r} points to an IP address; use a domain"
    except ValueError:
        pass
    if host.lower().removeprefix("www.") in SHORTENERS:
        yield "link-shortener", f"{href!r} goes through a URL shortener; link to the page itself"


def _host(url: str) -> str:
    url = url if "://" in url else f"http://{url}"
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")

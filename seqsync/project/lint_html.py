"""The HTML side of `seqsync lint`: elements left open, images without alt, and links a
filter or a reader would distrust; each finding with its offset in the text.

Bodies come from pull requests, so the cost must stay linear in their size whatever they
hold. The standard library's parser is not: a construct it cannot finish (``<a `` with no
``>`` after it, ``<!--`` with no ``-->``, ``<![CDATA[`` with no ``]]>``) is searched for
its end to the end of the text, then retried one ``<`` further on, so thousands of them
take seconds and a megabyte takes hours. ``_HtmlChecker`` knows beforehand where each of
those ends can last be found and fails such a construct at once, exactly as the parser
would after its search, so findings are the same and the work linear.
"""

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


# The ends the parser searches for past a construct's start, which can be arbitrarily far.
COMMENT_CLOSE = re.compile(r"--\s*>")
SECTION_CLOSE = re.compile(r"]\s*]\s*>")  # ]]>, for CDATA and the like (as _markupbase)
MS_SECTION_CLOSE = re.compile(r"]\s*>")  # ]>, for Office's <![if ...]>
SECTION_NAME = re.compile(r"[a-zA-Z][-_.a-zA-Z0-9]*\s*")
STANDARD_SECTIONS = frozenset({"temp", "cdata", "ignore", "include", "rcdata"})
MS_SECTIONS = frozenset({"if", "else", "endif"})


def html_findings(text: str) -> Iterator[tuple[str, str, int]]:
    checker = _HtmlChecker(text)
    # Every construct the parser completes ends with a ">": past the last one it can only
    # see text (and retrying each "<" there is what made it quadratic), so it never gets it.
    checker.feed(text[: text.rfind(">") + 1])
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
        self._fed = 0  # characters fed: the parser's buffer is always their tail
        self._open_at: dict[str, list[int]] = {}  # tag: its indexes in open_tags
        self._offsets = [0]
        for line in text.splitlines(keepends=True):
            self._offsets.append(self._offsets[-1] + len(line))
        self._last_comment_close = _last_start(COMMENT_CLOSE, text)
        self._last_section_close = _last_start(SECTION_CLOSE, text)
        self._last_ms_section_close = _last_start(MS_SECTION_CLOSE, text)

    def feed(self, data: str) -> None:
        self._fed += len(data)
        super().feed(data)

    def _in_text(self, i: int) -> int:
        """Where index ``i`` of the parser's buffer is in the text."""
        return self._fed - len(self.rawdata) + i

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._offsets[line - 1] + col

    def parse_comment(self, i: int, report: bool = True) -> int:
        if self._in_text(i) + 4 > self._last_comment_close:
            return -1  # no "-->" after it: what the search would have found, found at once
        return super().parse_comment(i, report)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        # As the base class, but a section with no keyword, or one it does not know, is
        # left unfinished (read as text up to the next ">", as browsers do) rather than
        # an AssertionError that stopped lint.
        rawdata = self.rawdata
        if i + 3 >= len(rawdata):
            return -1
        name = SECTION_NAME.match(rawdata, i + 3)
        if name is None:
            return -1
        keyword = name.group().strip().lower()
        if keyword in STANDARD_SECTIONS:
            close, last = SECTION_CLOSE, self._last_section_close
        elif keyword in MS_SECTIONS:
            close, last = MS_SECTION_CLOSE, self._last_ms_section_close
        else:
            return -1
        if self._in_text(i) + 3 > last:
            return -1
        found = close.search(rawdata, i + 3)
        if found is None:
            return -1
        if report:
            self.unknown_decl(rawdata[i + 3 : found.start()])
        return found.end()

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
            self._open_at.setdefault(tag, []).append(len(self.open_tags))
            self.open_tags.append((tag, offset))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open_tags and self.open_tags[-1][0] == tag:
            self._close_from(len(self.open_tags) - 1)

    def handle_endtag(self, tag: str) -> None:
        # The innermost open element of that name and everything opened after it; found by
        # name, not by walking the stack, so a run of stray end tags stays linear.
        indexes = self._open_at.get(tag)
        if indexes:
            self._close_from(indexes[-1])
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

    def _close_from(self, index: int) -> None:
        while len(self.open_tags) > index:
            tag, _ = self.open_tags.pop()
            self._open_at[tag].pop()


def _last_start(pattern: re.Pattern[str], text: str) -> int:
    """Where the last match of ``pattern`` in ``text`` starts (-1: none): a search from
    any later position finds nothing. Matches may overlap, so every start is tried."""
    last = -1
    for found in re.finditer(f"(?=(?:{pattern.pattern}))", text):
        last = found.start()
    return last


def _link_problems(href: str) -> Iterator[tuple[str, str]]:
    if "{{" in href:
        return  # a merge tag: known only when sent
    try:
        parts = urlsplit(href)
    except ValueError:  # "http://[oops": no host to judge, and not a reason to stop lint
        return
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
    try:
        return (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:  # an unbalanced "[": the text as written stands for its host
        return url.lower()

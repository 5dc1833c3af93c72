"""One canonical form for text and HTML, so that equal things compare equal.

A sequence applied and read back must plan to zero changes; differences a person cannot
see (line endings, trailing spaces, whitespace between tags, ``<br/>`` vs ``<br>``,
attribute order) must not become perpetual diffs.
"""

from __future__ import annotations

import difflib
import functools
import html as html_entities
import re
from collections import Counter
from collections.abc import Callable
from html.parser import HTMLParser

_WHITESPACE = re.compile(r"\s+")
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "tr",
        "table",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "hr",
        "section",
        "article",
        "header",
        "footer",
    }
)
_BLOCK_TAG = r"</?(?:" + "|".join(sorted(_BLOCK_TAGS)) + r")\b[^>]*>"
# Two passes that only match where there is a space to drop (one pass matching every
# block tag, spaced or not, costs a template expansion per tag); each pattern starts
# with literal text, which the regular-expression engine searches for in C.
_SPACE_BEFORE_BLOCK_TAG = re.compile(rf" <({_BLOCK_TAG[1:]})")
_SPACE_AFTER_BLOCK_TAG = re.compile(rf"<({_BLOCK_TAG[1:]}) ")
_TAG_START = re.compile(r"\s*<")
_VOID_TAGS = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr"})


CACHED_LENGTH = 64 * 1024
"""Canonical forms of texts up to this long are remembered: planning asks for the same
body many times (pairing scores, diffs, settlement); longer ones are recomputed, so a
hostile body cannot fill memory through the cache."""


def _remembered(function: Callable[[str], str]) -> Callable[[str | None], str]:
    cached = functools.lru_cache(maxsize=8192)(function)

    def canonical_form(value: str | None) -> str:
        if not value:
            return ""
        return cached(value) if len(value) <= CACHED_LENGTH else function(value)

    canonical_form.__doc__ = function.__doc__
    return canonical_form


def _text(value: str) -> str:
    """Plain text: line endings unified, trailing spaces and outer blank lines dropped."""
    if not value:
        return ""
    lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _html(value: str) -> str:
    """HTML markup in a canonical spelling: lower-case tags, sorted attributes, one space
    for each run of whitespace, none between tags, void tags without a slash."""
    if not value:
        return ""
    if "<" not in value:
        return _WHITESPACE.sub(" ", value).strip()
    parts = _fast_parts(value)
    if parts is None:
        parts = _parsed_parts(value)
    # Whitespace next to a block tag is layout in the source, not something a reader sees.
    spaced = _SPACE_BEFORE_BLOCK_TAG.sub(r"<\1", "".join(parts))
    return _SPACE_AFTER_BLOCK_TAG.sub(r"<\1", spaced).strip()


# The fast path: a well-formed body (the common case: what an editor or a provider
# writes) is read with a few regular expressions instead of html.parser, which walks it
# character by character in Python (about 5x slower). It accepts only markup whose
# meaning html.parser leaves no room about, and gives exactly the parts html.parser's
# callbacks below would; anything else (comments, declarations, <pre>, <script>, a
# stray "<" or "&", unusual spacing or quoting) returns None and goes to the parser.
# A differential property test holds the two to the same output.
_SPACE = r"[ \t\n\r\f]"
_NAME = r"[a-zA-Z][-.a-zA-Z0-9:_]*"
_ATTRIBUTE = (
    rf"{_SPACE}++([a-zA-Z_:][-a-zA-Z0-9_:.]*+)"
    rf"(?:{_SPACE}*+={_SPACE}*+(\"[^\"<>]*+\"|'[^'<>]*+'|[^\s\"'=<>`/]++(?={_SPACE}|>)))?"
)
_ATTRIBUTE_PART = re.compile(_ATTRIBUTE)
_START_TAG = re.compile(
    rf"<(?P<name>{_NAME})(?P<attributes>(?:{_ATTRIBUTE})*+){_SPACE}*+(?P<slash>/?)>"
)
_END_TAG = re.compile(rf"</({_NAME}){_SPACE}*+>")
_LOOSE_AMPERSAND = re.compile(r"&(?!(?:[a-zA-Z][-.a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);)")
"""An "&" that does not start a well-formed entity (html.parser reads those its own way)."""
_SPLIT_TAGS = re.compile(r"(<[^<>]*>)")
_NEEDS_PARSER = re.compile(r"<(?:[!?]|/?(?:pre|script|style)(?![-.a-zA-Z0-9:_]))", re.IGNORECASE)
CACHED_TAG_LENGTH = 256


def _parsed_parts(value: str) -> list[str]:
    parser = _Canonicaliser()
    parser.feed(value)
    parser.close()
    return parser.parts


def _fast_parts(value: str) -> list[str] | None:
    if "\x00" in value or _NEEDS_PARSER.search(value):
        return None
    # Even pieces are text, odd ones candidate tags ("<", no "<" or ">", ">"). The body
    # is well formed when no text holds a "<" or a loose "&" and every tag is strict.
    pieces = _SPLIT_TAGS.split(value)
    texts = "\x00".join(pieces[0::2])
    if "<" in texts or ("&" in texts and _LOOSE_AMPERSAND.search(texts)):
        return None
    pieces[0::2] = _collapse_whitespace(texts).split("\x00")
    for index in range(1, len(pieces), 2):
        tag = pieces[index]
        canonical = _cached_tag(tag) if len(tag) <= CACHED_TAG_LENGTH else _fast_tag(tag)
        if canonical is None:
            return None
        pieces[index] = canonical
    return pieces


def _collapse_whitespace(value: str) -> str:
    """``_WHITESPACE.sub(" ", value)`` at str.split's speed (the regular expression tries
    every character in Python's engine; split runs in C over the same whitespace)."""
    words = value.split()
    if not words:
        return " " if value else ""
    collapsed = " ".join(words)
    if value[0].isspace():
        collapsed = " " + collapsed
    return collapsed + " " if value[-1].isspace() else collapsed


def _fast_tag(tag: str) -> str | None:
    """The canonical spelling of one tag, or None when it is not in the strict grammar."""
    if tag.startswith("</"):
        end = _END_TAG.fullmatch(tag)
        return None if end is None else _end_tag(end.group(1).lower())
    start = _START_TAG.fullmatch(tag)
    if start is None:
        return None
    name = start.group("name").lower()
    attributes = [  # the ">" closes the last bare value, as it does in the tag
        (found.group(1).lower(), _attribute_value(found.group(2)))
        for found in _ATTRIBUTE_PART.finditer(start.group("attributes") + ">")
    ]
    rendered = _start_tag(name, attributes)
    return rendered + _end_tag(name) if start.group("slash") else rendered


_cached_tag = functools.lru_cache(maxsize=4096)(_fast_tag)


def _attribute_value(written: str | None) -> str | None:
    """As html.parser gives it: outer quotes removed, character references resolved."""
    if written is None:
        return None
    if written[:1] in "\"'" and written[:1] == written[-1:]:
        written = written[1:-1]
    return html_entities.unescape(written) if "&" in written else written


def _start_tag(name: str, attributes: list[tuple[str, str | None]]) -> str:
    ordered = sorted(attributes, key=lambda item: (item[0], item[1] is not None, item[1] or ""))
    rendered = "".join(
        f' {key}="{value}"' if value is not None else f" {key}" for key, value in ordered
    )
    return f"<{name}{rendered}>"


def _end_tag(name: str) -> str:
    return "" if name in _VOID_TAGS else f"</{name}>"


text = _remembered(_text)
html = _remembered(_html)


def visible_text(value: str | None) -> str:
    """What a reader sees of an HTML body, one block per line, with where each link
    leads and what each image is: ``Book a demo [link: https://…]``, ``[image: logo
    (https://…/logo.png)]``. For diffs in plans, so a changed link target shows."""
    if not value:
        return ""
    parser = _VisibleText()
    parser.feed(value)
    parser.close()
    lines = [_WHITESPACE.sub(" ", line).strip() for line in "".join(parser.parts).split("\n")]
    return "\n".join(line for line in lines if line)


def markup_lines(value: str | None) -> str:
    """The canonical markup, one tag per line with its attributes: the last resort for a
    change a reader cannot see (an attribute, a tracking parameter, a comment)."""
    return _TAG_START.sub("\n<", html(value)).strip()


SHORT_TEXT = 512
"""Texts this short (both together, in characters) are compared character by character:
cheap at this size, and a one-character edit of a short text still reads as similar."""
MATCHER_BUDGET = 20_000
"""Most token pairs the exact matcher compares; past it, the differing middles are
compared as bags of tokens, so similarity never grows with the square of a body."""


def similarity(left: str, right: str) -> float:
    """0..1, how alike two texts are (1.0 for equal, including both empty).

    Compared as tokens (runs between whitespace), not characters: the common head and tail are
    taken in one linear pass, and only the middle that differs is matched closely
    (difflib within a budget, a bag-of-tokens overlap beyond it). An edited word in a
    5 KB email costs a few microseconds instead of difflib's character-by-character
    quadratic walk, and a hostile body cannot make it worse than linear.
    """
    if left == right:
        return 1.0
    if not left or not right:
        return 0.0
    if len(left) + len(right) <= SHORT_TEXT:  # subjects, notes, delays: by character
        matcher = difflib.SequenceMatcher(None, left, right, autojunk=False)
        if matcher.real_quick_ratio() < 0.3 or matcher.quick_ratio() < 0.3:
            return matcher.quick_ratio() / 2
        return matcher.ratio()
    a, b = _tokens(left), _tokens(right)
    total = len(a) + len(b)
    if not total:
        return 1.0 if left.split() == right.split() else 0.0
    head = _common_run(a, b)
    tail = min(_common_run(a, b, from_end=True), min(len(a), len(b)) - head)
    rest_a, rest_b = len(a) - head - tail, len(b) - head - tail
    matched = head + tail
    if rest_a and rest_b:
        if rest_a * rest_b <= MATCHER_BUDGET:
            matcher = difflib.SequenceMatcher(
                None, a[head : len(a) - tail], b[head : len(b) - tail], autojunk=False
            )
            matched += sum(block.size for block in matcher.get_matching_blocks())
        else:
            # The overlap of the middles' bags. When the middles are the same tokens but
            # for a few (words edited here and there), equal runs in them count whole and
            # only the tokens between are counted. Otherwise it comes from the whole
            # texts' (cached) bags: head and tail are the same tokens on both sides, and
            # min(h + x, h + y) is h + min(x, y), so the whole bags' overlap is already
            # head + tail + it.
            middles = _overlap_of_middles(a, b, head, tail)
            if middles is not None:
                matched += middles
            else:
                bag_a, bag_b = _bag(left), _bag(right)
                matched = _overlap(bag_a, bag_b)
    return 2.0 * matched / total


PEELS = 32
"""Most tokens ``_overlap_of_middles`` sets aside on each side before counting bags."""
LINED_UP = 8
"""The shortest equal run that shows two middles line up again after a token set aside
(two unrelated texts of one vocabulary share shorter runs by chance)."""
UNEQUAL_IN_A_ROW = 3
"""Tokens set aside one after another before the middles are taken not to line up (a
phrase of that many words replaced still does)."""


def _overlap_of_middles(a: tuple[str, ...], b: tuple[str, ...], head: int, tail: int) -> int | None:
    """The overlap of the bags of ``a`` and ``b`` between ``head`` and ``tail`` (the sum
    over words of the fewer occurrences), or None when those middles do not line up. The
    equal runs found walking both together are the same tokens on both sides, and
    min(c + x, c + y) is c + min(x, y): each counts whole, and only the tokens set aside
    between them are counted as bags."""
    end_a, end_b = len(a) - tail, len(b) - tail
    i, j = head, head
    equal = unequal = 0
    aside_a: list[str] = []
    aside_b: list[str] = []
    while True:
        run = _run_at(a, i, b, j, min(end_a - i, end_b - j))
        equal, i, j = equal + run, i + run, j + run
        if i == end_a or j == end_b:
            aside_a.extend(a[i:end_a])
            aside_b.extend(b[j:end_b])
            return equal + _overlap(Counter(aside_a), Counter(aside_b))
        if run:
            if run < LINED_UP and aside_a:
                return None
            unequal = 0
        else:
            unequal += 1
        if len(aside_a) == PEELS or unequal > UNEQUAL_IN_A_ROW:
            return None
        aside_a.append(a[i])
        aside_b.append(b[j])
        i, j = i + 1, j + 1


def _overlap(bag_a: Counter[str], bag_b: Counter[str]) -> int:
    # Only the words both use are visited, and iterated in C (no Python step per word).
    shared = bag_a.keys() & bag_b.keys()
    return sum(map(min, map(bag_a.__getitem__, shared), map(bag_b.__getitem__, shared)))


def similarity_bound(left: str, right: str) -> float:
    """An upper limit of ``similarity(left, right)`` that compares no content: what it
    would be if the shorter text matched the longer one wherever it could (a token or,
    for short texts, a character; equal and empty texts need no case of their own)."""
    size = len(left) + len(right)
    if size <= SHORT_TEXT:
        return 2.0 * min(len(left), len(right)) / size if size else 1.0
    count, live_count = len(_tokens(left)), len(_tokens(right))
    total = count + live_count
    return 2.0 * min(count, live_count) / total if total else 1.0


@functools.lru_cache(maxsize=4096)
def _tokens(value: str) -> tuple[str, ...]:
    return tuple(value.split())


@functools.lru_cache(maxsize=1024)
def _bag(value: str) -> Counter[str]:
    """The text's tokens counted; keyed by the text, whose hash Python keeps."""
    return Counter(_tokens(value))


def _common_run(a: tuple[str, ...], b: tuple[str, ...], *, from_end: bool = False) -> int:
    """How many leading (or trailing) tokens are equal."""
    if not from_end:
        return _run_at(a, 0, b, 0, min(len(a), len(b)))
    # The same search as _run_at's, on slices counted from the ends.
    size_a, size_b = len(a), len(b)
    limit = min(size_a, size_b)
    run, step = 0, 8
    while run < limit:
        end = min(run + step, limit)
        if a[size_a - end : size_a - run] != b[size_b - end : size_b - run]:
            break
        run, step = end, step * 2
    else:
        return run
    while end - run > 8:
        middle = (run + end) // 2
        if a[size_a - middle : size_a - run] == b[size_b - middle : size_b - run]:
            run = middle
        else:
            end = middle
    while a[size_a - 1 - run] == b[size_b - 1 - run]:
        run += 1
    return run


def _run_at(a: tuple[str, ...], i: int, b: tuple[str, ...], j: int, limit: int) -> int:
    """How many tokens are equal from ``a[i]`` and ``b[j]`` on, up to ``limit``. Compared
    a slice at a time, so the comparing runs in C (tuple equality): slices that double
    while they match, then halving within the first slice that does not, about 2 log(n)
    Python steps in all."""
    run, step = 0, 8
    while run < limit:
        end = min(run + step, limit)
        if a[i + run : i + end] != b[j + run : j + end]:
            break
        run, step = end, step * 2
    else:
        return run
    # The first difference is in run..end: halve that span while it is long, then step.
    while end - run > 8:
        middle = (run + end) // 2
        if a[i + run : i + middle] == b[j + run : j + middle]:
            run = middle
        else:
            end = middle
    while a[i + run] == b[j + run]:
        run += 1
    return run


class _Canonicaliser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.pre_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self.pre_depth += 1
        self.parts.append(_start_tag(tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.parts.append(_end_tag(tag))

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        self.parts.append(_end_tag(tag))

    def handle_data(self, data: str) -> None:
        if self.pre_depth:
            self.parts.append(data)
            return
        self.parts.append(_WHITESPACE.sub(" ", data))

    def handle_entityref(self, name: str) -> None:
        self.parts.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.parts.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.parts.append(f"<!--{data}-->")


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "a":
            self.links.append(found.get("href"))
        elif tag == "img":
            alt, src = (found.get("alt") or "").strip(), found.get("src") or ""
            self.parts.append(f" [image: {alt} ({src})] " if alt else f" [image: {src}] ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "a":
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self.links:
            href = self.links.pop()
            if href:
                self.parts.append(f" [link: {href}]")
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(_WHITESPACE.sub(" ", data))

"""A small HTML tree for tests that read pages by their structure (which card, which row,
which text), not by matching strings of markup."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"meta", "br", "img", "hr", "input", "link", "wbr", "col", "source", "area", "base"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(str(self.attrs.get("class") or "").split())

    def text(self) -> str:
        """The text inside, spaces collapsed (what a reader sees, less the frames)."""
        parts = [
            child if isinstance(child, str) else child.text()
            for child in self.children
            if not (isinstance(child, Element) and child.tag in {"style", "title", "head"})
        ]
        return " ".join(" ".join(parts).split())

    def elements(self) -> Iterator[Element]:
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.elements()

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Element]:
        return [
            found
            for found in self.elements()
            if (tag is None or found.tag == tag) and (cls is None or cls in found.classes)
        ]

    def one(self, tag: str | None = None, cls: str | None = None) -> Element:
        found = self.all(tag, cls)
        assert len(found) == 1, (tag, cls, len(found))
        return found[0]

    def kids(self) -> list[Element]:
        return [child for child in self.children if isinstance(child, Element)]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(markup: str) -> Element:
    builder = _Builder()
    builder.feed(markup)
    builder.close()
    return builder.root

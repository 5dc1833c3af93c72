"""Provider facts are cited from the repository: comments in seqsync/ and tests/ point at
docs/providers/<name>.md by section, never at a file a clone does not have, and every
section they cite exists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "providers"
SCANNED = ("seqsync", "tests")

# Files outside the repository that comments used to cite: the provider notes, the
# folder beside the project, and the vendor pages saved there ("seed 002").
OUTSIDE = re.compile(
    r"(?<!docs/providers/)\bproviders(?:-native)?\.md\b|\.\./shared\b|\b[Ss]eeds? (?:pages?\b|\d{3}\b)"
)
# docs/providers/saleshandy.md §3, or a list: docs/providers/saleshandy.md §2, §3, §4.
CITATION = re.compile(
    r"docs/providers/(?P<doc>[\w.-]+?\.md)(?P<sections>(?:[ ,–-]*§\d+(?:\.\d+)*)*)"
)
SECTION = re.compile(r"§(\d+(?:\.\d+)*)")
HEADING = re.compile(r"^#{1,6}\s+(\d+(?:\.\d+)*)\.?\s", re.MULTILINE)


def _texts() -> Iterator[tuple[str, str]]:
    """(relative path, text) of every text file under the scanned folders but this one."""
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts or path == Path(__file__):
                continue
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            yield path.relative_to(ROOT).as_posix(), text


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _sections(doc: Path) -> set[str]:
    return set(HEADING.findall(doc.read_text(encoding="utf-8")))


def test_nothing_cites_a_file_outside_the_repository() -> None:
    found = [
        f"{name}:{_line(text, match.start())}: {match.group(0)}"
        for name, text in _texts()
        for match in OUTSIDE.finditer(text)
    ]
    assert not found, (
        "cite the section of docs/providers/<name>.md instead (a clone has no such file):\n"
        + "\n".join(found)
    )


def test_every_cited_section_exists() -> None:
    sections = {doc.name: _sections(doc) for doc in DOCS.glob("*.md")}
    missing = []
    cited = 0
    for name, text in _texts():
        for match in CITATION.finditer(text):
            cited += 1
            where = f"{name}:{_line(text, match.start())}"
            doc = match.group("doc")
            if doc not in sections:
                missing.append(f"{where}: docs/providers/{doc} does not exist")
                continue
            missing += [
                f"{where}: docs/providers/{doc} has no section {number}"
                for number in SECTION.findall(match.group("sections"))
                if number not in sections[doc]
            ]
    assert cited, "no citation of docs/providers/ found: is the pattern still right?"
    assert not missing, "\n".join(missing)


def test_each_provider_doc_numbers_its_sections() -> None:
    for doc in DOCS.glob("*.md"):
        if doc.name != "README.md":
            assert {"1", "2"} <= _sections(doc), f"{doc.name} has no numbered sections"

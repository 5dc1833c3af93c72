"""`seqsync lint`: content rules beyond what the APIs refuse: what would reach a prospect
broken, look like spam, or be clipped. Each finding has a rule id, a severity (set per
rule in seqsync.yaml `lint:`, `off` to silence) and a file:line:col, inside content files
too. `# seqsync-lint: disable=RULE` on a YAML line, or `<!-- seqsync-lint: disable=RULE -->`
in a content file, silences a rule there, with the reason beside it.
"""

from __future__ import annotations

import bisect
import difflib
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from seqsync.model.outline import Outline, Role, dotted
from seqsync.project.lint_html import html_findings
from seqsync.project.loader import LoadedSequence, Project

RULES: dict[str, tuple[str, str]] = {  # rule id: (default severity, what it catches)
    "html-unclosed": ("error", "an HTML element is opened and never closed"),
    "template-logic": (
        "error",
        "{{#if}}-style template logic, which the providers send as written",
    ),
    "link-insecure": ("warning", "a link over plain http"),
    "link-ip": ("warning", "a link to a bare IP address"),
    "link-shortener": ("warning", "a link through a URL shortener (spam filters distrust them)"),
    "link-text-mismatch": ("error", "link text that is a URL other than the link's target"),
    "image-alt": ("warning", "an image without alt text"),
    "email-clipping": ("warning", "an email body over Gmail's ~102 KB clipping size"),
    "subject-length": ("warning", "a subject over 100 characters"),
    "empty-task-note": ("warning", "a call or task step with no note for the person doing it"),
    "link-count": ("warning", "an email body with more links than spam filters like"),
    "spam-phrase": ("warning", "a phrase spam filters are known to score"),
    "no-personalization": ("warning", "an email body that no merge tag personalises"),
    # An error: a near miss of a tag the provider fills is almost never meant, and it
    # reaches prospects as written ({{compnyName}}); tags that are no near miss stay quiet.
    "merge-tag-typo": ("error", "a merge tag one letter or so from one the provider knows"),
    "merge-tag-foreign": ("warning", "a merge tag spelled the way another provider spells it"),
    "spintax-unsupported": ("warning", "{a|b} spintax on a provider that sends it as written"),
}
# Elements browsers close for you (HTML's optional end tags): not "unclosed".
CLIPPING_BYTES = 102_000
MAX_LINKS = 3
# A short, conservative list: phrases content filters (SpamAssassin's rule names say as
# much) score in commercial mail; a finding is a prompt to reword, not a verdict.
SPAM_PHRASES = (
    "100% free",
    "act now",
    "buy now",
    "click here",
    "guaranteed",
    "limited time offer",
    "no obligation",
    "risk-free",
    "winner",
)
MAX_SUBJECT = 100
TEMPLATE_LOGIC = re.compile(r"\{\{\s*[#/^]")
# The name is stripped in code: `\{\{\s*([^{}|]+?)\s*` matches the same tags, but its
# three ways to split a run of spaces made "{{" and 2,000 spaces take over a minute.
MERGE_TAG = re.compile(r"\{\{([^{}|]+)(?:\|[^{}]*)?\}\}")
# An <a ...> up to its ">" (or the end): one pass, where `<a\s[^>]*href=` backtracked
# over the rest of the text from every "<a " that has no ">".
LINK_TAG = re.compile(r"(?i)<a\s[^>]*")
SPINTAX = re.compile(r"(?<!\{)\{[^{}|]+(?:\|[^{}|]+)+\}(?!\})")
DISABLE = re.compile(r"seqsync-lint:\s*disable=([a-z-]+(?:,[a-z-]+)*)")


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    col: int
    rule: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.severity}[{self.rule}]: {self.message}"

    def to_data(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
        }


def lint_project(project: Project, severities: Mapping[str, str]) -> list[Finding]:
    """Every finding in the project's sequences, at its severity (``off`` rules dropped)."""
    found: set[Finding] = set()
    for loaded in project.sequences:
        found.update(_sequence_findings(loaded, severities))
    return sorted(found)


def _sequence_findings(loaded: LoadedSequence, severities: Mapping[str, str]) -> Iterator[Finding]:
    document = loaded.document
    vocabulary = _Vocabulary(loaded.kind.samples, loaded.kind.spintax)
    lines = document.trees.text.splitlines()
    # The kind says where its texts are: lint never reads a provider's keys.
    outline = loaded.kind.outline_of(loaded.model)
    for text in outline.all_texts:
        if text.inline is not None:
            # Inline text: positions are the field's.
            findings = list(_text_findings(text.role, text.inline, vocabulary))
            if not findings:
                continue  # positions need the round-trip parse: only for what is reported
            line, col = document.position(text.at)
            disabled = _disabled(_line(lines, line))
            for rule, message, _ in findings:
                yield from _at(
                    document.display_path, line, col, rule, message, severities, disabled
                )
        elif text.file is not None:
            # Content files: positions inside the file.
            content = loaded.files.get(text.file)
            if content is None:
                continue
            shown = os.path.normpath(
                os.path.join(os.path.dirname(document.display_path), text.file)
            )
            disabled = _disabled(content)
            starts = _line_starts(content)
            for rule, message, offset in _text_findings(text.role, content, vocabulary):
                line, col = _line_col(starts, offset)
                yield from _at(shown, line, col, rule, message, severities, disabled)
    yield from _empty_notes(loaded, outline, severities, lines)
    yield from _unpersonalised(loaded, outline, severities, lines)


def _line(lines: list[str], line: int) -> str:
    return lines[line - 1] if 0 < line <= len(lines) else ""


def _at(
    path: str,
    line: int,
    col: int,
    rule: str,
    message: str,
    severities: Mapping[str, str],
    disabled: set[str],
) -> Iterator[Finding]:
    severity = severities.get(rule, RULES[rule][0])
    if severity != "off" and rule not in disabled:
        yield Finding(path, line, col, rule, severity, message)


@dataclass(frozen=True)
class _Vocabulary:
    """The merge tags a provider is known to fill (its preview samples: the common ones,
    not every custom field) and whether it spins {a|b} (None: not known either way)."""

    known: Mapping[str, str]
    spintax: bool | None

    def problems(self, text: str) -> Iterator[tuple[str, str, int]]:
        names = list(self.known)
        folded = {_fold(name): name for name in names}
        for match in MERGE_TAG.finditer(text):
            name = match.group(1).strip()
            if not names or name in self.known or name.startswith(("#", "/", "^", "custom")):
                continue
            spelled = folded.get(_fold(name))
            if spelled is not None:
                yield (
                    "merge-tag-foreign",
                    f"{{{{{name}}}}} is another provider's spelling; this one writes {{{{{spelled}}}}}",
                    match.start(),
                )
                continue
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
            if close:
                yield (
                    "merge-tag-typo",
                    f"{{{{{name}}}}}: did you mean {{{{{close[0]}}}}}?",
                    match.start(),
                )
        if self.spintax is False:
            for match in SPINTAX.finditer(text):
                yield (
                    "spintax-unsupported",
                    f"{match.group(0)!r} is sent as written: this provider has no spintax",
                    match.start(),
                )


def _fold(name: str) -> str:
    """firstName, first_name and first-name alike."""
    return re.sub(r"[^a-z0-9.]", "", name.lower())


def _text_findings(
    role: Role, text: str, vocabulary: _Vocabulary
) -> Iterator[tuple[str, str, int]]:
    """(rule, message, offset in text) for one field or file, by what the text is."""
    yield from vocabulary.problems(text)
    lowered = text.lower()
    for phrase in SPAM_PHRASES:
        at = lowered.find(phrase)
        if at >= 0 and re.match(r"\b", lowered[at:]) and (at == 0 or not lowered[at - 1].isalnum()):
            yield (
                "spam-phrase",
                f"{text[at : at + len(phrase)]!r} reads as spam to filters; reword it",
                at,
            )
    for match in TEMPLATE_LOGIC.finditer(text):
        yield (
            "template-logic",
            f"{match.group(0)}…: template logic is sent to the prospect as written",
            match.start(),
        )
    if role == "subject" and len(text) > MAX_SUBJECT:
        yield (
            "subject-length",
            f"the subject is {len(text)} characters; inboxes cut it near {MAX_SUBJECT}",
            0,
        )
    if role == "body":
        links = sum("href=" in tag.group().lower() for tag in LINK_TAG.finditer(text))
        if links > MAX_LINKS:
            yield (
                "link-count",
                f"the body has {links} links; keep cold emails to {MAX_LINKS} or fewer",
                0,
            )
        size = len(text.encode())
        if size > CLIPPING_BYTES:
            yield (
                "email-clipping",
                f"the body is {size:,} bytes; Gmail clips emails over about 102 KB",
                0,
            )
        yield from html_findings(text)


def _empty_notes(
    loaded: LoadedSequence, outline: Outline, severities: Mapping[str, str], lines: list[str]
) -> Iterator[Finding]:
    """Steps a person does (calls, tasks) with no note telling them what to do."""
    for step in outline.steps:
        if step.note_at is None:
            continue
        if any((text.text(loaded.files) or "").strip() for text in step.texts_in("note")):
            continue
        line, col = loaded.document.position(step.at)
        yield from _at(
            loaded.document.display_path,
            line,
            col,
            "empty-task-note",
            f"{dotted(step.at)} ({step.written}) has no {step.note_at[-1]}: tell the person "
            "doing it what to do",
            severities,
            _disabled(_line(lines, line)),
        )


def _unpersonalised(
    loaded: LoadedSequence, outline: Outline, severities: Mapping[str, str], lines: list[str]
) -> Iterator[Finding]:
    """Email bodies without a single merge tag: the same words to every prospect."""
    document = loaded.document
    for step in outline.steps:
        if not step.email:
            continue
        for body in step.texts_in("body"):
            text = body.text(loaded.files)
            if not text or "{{" in text:
                continue
            # The whole message is at fault, not a place in it: reported at its holder
            # (the variant, the template).
            line, col = document.position(body.holder)
            yield from _at(
                document.display_path,
                line,
                col,
                "no-personalization",
                f"{dotted(step.at)}: this email body has no merge tag; every prospect gets "
                "the same words",
                severities,
                _disabled(_line(lines, line)) | _disabled(text),
            )


def _disabled(text: str) -> set[str]:
    return {rule for match in DISABLE.finditer(text) for rule in match.group(1).split(",")}


def _line_starts(text: str) -> list[int]:
    """Where each line starts: a finding's line is then a bisection, not a count from the
    top (a body can hold a finding per tag)."""
    return [0, *(found.end() for found in re.finditer("\n", text))]


def _line_col(starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect.bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1

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

from seqsync.config.yaml_reader import Loc
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
    "merge-tag-typo": ("warning", "a merge tag one letter or so from one the provider knows"),
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
BODY_KEYS = frozenset({"content", "body"})
TEXT_KEYS = frozenset({"subject", "message", "connection_note", "task_note", "title"})


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
    # Inline text: positions are the field's.
    for loc, key, text in _strings(document.data):
        findings = list(_text_findings(key, text, vocabulary))
        if not findings:
            continue  # positions need the round-trip parse: only for what is reported
        line, col = document.position(loc)
        yaml_line = lines[line - 1] if 0 < line <= len(lines) else ""
        disabled = _disabled(yaml_line)
        for rule, message, _ in findings:
            yield from _at(document.display_path, line, col, rule, message, severities, disabled)
    # Content files: positions inside the file.
    for _, written in loaded.kind.referenced_files(document.data):
        content = loaded.files.get(written)
        if content is None:
            continue
        shown = os.path.normpath(os.path.join(os.path.dirname(document.display_path), written))
        disabled = _disabled(content)
        starts = _line_starts(content)
        for rule, message, offset in _text_findings("content", content, vocabulary):
            line, col = _line_col(starts, offset)
            yield from _at(shown, line, col, rule, message, severities, disabled)
    yield from _empty_notes(loaded, severities, lines)
    yield from _unpersonalised(loaded, severities, lines)


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


def _strings(data: Any, at: Loc = ()) -> Iterator[tuple[Loc, str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and key in BODY_KEYS | TEXT_KEYS:
                yield (*at, key), str(key), value
            else:
                yield from _strings(value, (*at, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*at, index))


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


def _text_findings(key: str, text: str, vocabulary: _Vocabulary) -> Iterator[tuple[str, str, int]]:
    """(rule, message, offset in text) for one field or file."""
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
    if key == "subject" and len(text) > MAX_SUBJECT:
        yield (
            "subject-length",
            f"the subject is {len(text)} characters; inboxes cut it near {MAX_SUBJECT}",
            0,
        )
    if key in BODY_KEYS:
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
    loaded: LoadedSequence, severities: Mapping[str, str], lines: list[str]
) -> Iterator[Finding]:
    steps = loaded.document.data.get("steps") if isinstance(loaded.document.data, dict) else None
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        if not isinstance(step, dict):
            continue
        kind = str(step.get("channel") or step.get("type") or "")
        if (kind.startswith("call") or kind == "task") and not str(
            step.get("task_note") or ""
        ).strip():
            line, col = loaded.document.position(("steps", index))
            disabled = _disabled(lines[line - 1] if 0 < line <= len(lines) else "")
            yield from _at(
                loaded.document.display_path,
                line,
                col,
                "empty-task-note",
                f"steps[{index}] ({kind}) has no task_note: tell the person doing it what to do",
                severities,
                disabled,
            )


def _unpersonalised(
    loaded: LoadedSequence, severities: Mapping[str, str], lines: list[str]
) -> Iterator[Finding]:
    """Email bodies without a single merge tag: the same words to every prospect."""
    document = loaded.document
    steps = document.data.get("steps") if isinstance(document.data, dict) else None
    for index, step in enumerate(steps if isinstance(steps, list) else []):
        if not isinstance(step, dict):
            continue
        kind = str(step.get("channel") or step.get("type") or "")
        if kind != "email" and not kind.endswith("_email"):
            continue
        holders = [("template", step.get("template"))] + [
            (("variants", v), variant) for v, variant in enumerate(step.get("variants") or [])
        ]
        for where, holder in holders:
            if not isinstance(holder, dict):
                continue
            inline = holder.get("content") or holder.get("body")
            written = holder.get("content_file") or holder.get("body_file")
            text = inline if isinstance(inline, str) else loaded.files.get(str(written), "")
            if not text or "{{" in text:
                continue
            at = ("steps", index, *(where if isinstance(where, tuple) else (where,)))
            line, col = document.position(at)
            disabled = _disabled(lines[line - 1] if 0 < line <= len(lines) else "") | _disabled(
                text
            )
            yield from _at(
                document.display_path,
                line,
                col,
                "no-personalization",
                f"steps[{index}]: this email body has no merge tag; every prospect gets the same words",
                severities,
                disabled,
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

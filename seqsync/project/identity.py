"""Which documents would be one live sequence, and which titles may mislead a reviewer:
identity checks across the whole project, run by the loader after every document is read.

``copies`` are every document as each account sees it (a for_each document once per
account, the account name beside it); ``accounts`` maps a connection name to the account
it reaches (its identity), so two connection names on one account are one account.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from seqsync.config.yaml_reader import SourceDocument
from seqsync.model.diagnostics import Diagnostic

Loc = tuple[str | int, ...]


def comparable_title(title: str) -> str:
    """A title as duplicates are found: NFC-normalised, so two spellings of one text
    (é as one code point or as e and an accent) are one title, as they look. Not
    casefolded: a difference of case is visible to a reviewer and providers keep both
    titles apart, so folding it would call two distinct sequences the same."""
    return unicodedata.normalize("NFC", title)


def same_live_sequence(
    copies: Sequence[tuple[SourceDocument, str | None]], accounts: Mapping[str, str]
) -> list[Diagnostic]:
    """Two documents (or two for_each copies) that would create, match or pin one live
    sequence: compared by the account each connection reaches, not its name, and by
    NFC title. Pairs that ``check_cross_file`` already reports (two plain files, one
    connection name, the same title or id as written) are left to it."""
    diagnostics: list[Diagnostic] = []
    first_by_title: dict[tuple[str, str], tuple[SourceDocument, str | None]] = {}
    first_by_id: dict[tuple[str, str], tuple[SourceDocument, str | None]] = {}
    names: set[str] = set()
    for copy, account in copies:
        data = copy.data
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            continue
        connection = data.get("connection")
        reached = accounts.get(connection, "") if isinstance(connection, str) else ""
        if not reached:
            continue
        name = data["name"]
        if account is None and name in names:
            continue  # a duplicate name: reported as such
        names.add(name)
        live_id = data.get("id")
        if isinstance(live_id, str):
            key, table, loc = (reached, live_id), first_by_id, ("id",)
        else:
            key, table, loc = (
                (reached, comparable_title(_title_of(data))),
                first_by_title,
                ("title",),
            )
        first = table.setdefault(key, (copy, account))
        if first[0] is copy:
            continue
        message = _clash(first, (copy, account), live_id if isinstance(live_id, str) else None)
        if message is not None:
            shown = loc if loc[0] in data else ("name",)
            diagnostics.append(copy.diagnostic(shown, message))
    return diagnostics


def _clash(
    first: tuple[SourceDocument, str | None],
    second: tuple[SourceDocument, str | None],
    live_id: str | None,
) -> str | None:
    (one, one_account), (two, two_account) = first, second
    a, b = one.data, two.data
    same_name = a["connection"] == b["connection"]
    plain = one_account is None and two_account is None
    title_a, title_b = _title_of(a), _title_of(b)
    if plain and same_name and (live_id is not None or title_a == title_b):
        return None  # check_cross_file says so
    line, col = one.position(("name",))
    where = f"{_label(one, one_account)} ({one.display_path}:{line}:{col})"
    if same_name:
        on = f"on {b['connection']}"
    else:
        on = (
            f"through connections {a['connection']!r} and {b['connection']!r}, which reach "
            "the same account"
        )
    if live_id is not None:
        return (
            f"{where} already manages sequence {live_id} {on}; two documents must not both "
            "own it: keep one"
        )
    looks = "" if title_a == title_b else " (the titles differ only in Unicode normalisation)"
    return (
        f"the title is also that of {where} {on}{looks}, and neither has an `id:`: both "
        "would create (or match) one live sequence; give each its own title, or manage it "
        "from one document"
    )


def _title_of(data: dict[str, Any]) -> str:
    title = data.get("title")
    return title if isinstance(title, str) else str(data["name"])


def _label(document: SourceDocument, account: str | None) -> str:
    name = document.data["name"]
    return repr(f"{name}[{account}]" if account is not None else name)


# Characters that make a title read differently from what it holds: direction overrides
# and isolates (text shown reversed), and invisible ones.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_LOOKALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE")


def deceptive_titles(documents: Sequence[SourceDocument]) -> list[Diagnostic]:
    """Warnings for titles a reviewer may misread: bidi controls, invisible characters,
    and words mixing look-alike scripts (a Cyrillic 'а' among Latin letters). Warnings,
    not errors: such titles can be meant (a Hebrew title needs its marks)."""
    warnings = []
    for document in documents:
        data = document.data
        title = data.get("title") if isinstance(data, dict) else None
        if not isinstance(title, str):
            continue
        problem = deceptive_title(title)
        if problem is not None:
            found = document.diagnostic(("title",), problem)
            warnings.append(dataclasses.replace(found, severity="warning"))
    return warnings


def deceptive_title(title: str) -> str | None:
    """Why ``title`` may not read as what it is, or None."""
    controls = sorted({f"U+{ord(char):04X}" for char in title if char in _BIDI | _INVISIBLE})
    if controls:
        return (
            f"the title holds invisible or direction-changing characters ({', '.join(controls)}): "
            "it may read differently from what it is; remove them unless they are meant"
        )
    for word in title.split():
        scripts = {
            script
            for char in word
            if char.isalpha()
            for script in _LOOKALIKE_SCRIPTS
            if unicodedata.name(char, "").startswith(script + " ")
        }
        if len(scripts) > 1:
            return (
                f"the word {word!r} of the title mixes {' and '.join(script.title() for script in sorted(scripts))} "
                "letters, which look alike: check it is spelled as meant"
            )
    return None


def without_pins(data: Any, sequence: Loc, pins: Sequence[Loc]) -> Any:
    """``data`` (a document as written) with its sequence id and the ids at ``pins``
    (step and variant mappings) set aside: what a document means in an account other
    than the one its ids were pinned in, where it is matched by title and content."""

    def strip(node: Any, loc: Loc) -> Any:
        if not loc:
            return {k: v for k, v in node.items() if k != "id"} if isinstance(node, dict) else node
        key, rest = loc[0], loc[1:]
        if isinstance(node, dict) and key in node:
            return {**node, key: strip(node[key], rest)}
        if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            return [strip(item, rest) if i == key else item for i, item in enumerate(node)]
        return node

    for loc in (sequence, *pins):
        data = strip(data, loc)
    return data

"""Words that changed between two renderings of one text, marked where they stand.

Both sides are markup (a filled email body, or escaped text with its marks). Each side
keeps its own tags untouched and only its changed words are wrapped: ``<del>`` on the
side before, ``<ins>`` on the side after. So each side stays the document it was (an
email body still renders as itself), with the words a reviewer should read highlighted.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

# A tag (or comment), an entity, a run of spaces, a word, or one mark of punctuation on its
# own: "loop" becoming "loop, Alex" is ", Alex" added, not a word replaced.
TOKEN = re.compile(r"<[^>]*>|&#?\w+;|\s+|\w+(?:['’]\w+)*|[^\w\s]")
# Elements whose text is not shown (or is CSS): a <del> in a style sheet would break it.
RAW_TEXT = re.compile(r"<(/?)(style|script|title|head|template)\b", re.IGNORECASE)


def marked(before: str, after: str) -> tuple[str, str]:
    """``before`` with its removed words in ``<del>``, ``after`` with its added words in
    ``<ins>``; unchanged texts come back as they are."""
    if before == after:
        return before, after
    old, new = TOKEN.findall(before), TOKEN.findall(after)
    was: list[str] = []
    now: list[str] = []
    old_shown, new_shown = _shown(old), _shown(new)
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            was += old[i1:i2]
            now += new[j1:j2]
            continue
        was += _wrapped(old[i1:i2], old_shown[i1:i2], "del")
        now += _wrapped(new[j1:j2], new_shown[j1:j2], "ins")
    return "".join(was), "".join(now)


def _shown(tokens: list[str]) -> list[bool]:
    """For each token, whether it is text a reader sees (not a tag, not inside a style
    sheet, script or head)."""
    shown, hidden = [], 0
    for token in tokens:
        raw = RAW_TEXT.match(token)
        if raw is not None:
            hidden = max(0, hidden + (-1 if raw.group(1) else 1))
        tag = token.startswith("<") and token != "<"
        shown.append(not hidden and not tag)
    return shown


def _wrapped(tokens: list[str], shown: list[bool], mark: str) -> list[str]:
    """``tokens`` with each run of shown words (and the spaces between them) in ``mark``;
    tags stay outside, so the markup's structure is untouched."""
    out: list[str] = []
    run: list[str] = []

    def close() -> None:
        if any(token.strip() for token in run):
            out.append(f"<{mark}>{''.join(run)}</{mark}>")
        else:
            out.extend(run)  # only spaces changed: nothing worth a highlight
        run.clear()

    for token, visible in zip(tokens, shown, strict=True):
        if visible:
            run.append(token)
        else:
            close()
            out.append(token)
    close()
    return out

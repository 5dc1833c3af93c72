"""Rules that reach outside one document: the files it refers to, and its siblings.

A ``content_file``/``body_file`` must be a relative path that stays inside the folder
holding seqsync.yaml once every ``..`` and symlink is followed; its text must be UTF-8
with balanced merge tags. Sequence names are unique, and no two documents may manage the
same live sequence.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from seqsync.config.yaml_reader import Loc, SourceDocument, decode_utf8
from seqsync.model.common import merge_tag_problem
from seqsync.model.diagnostics import Diagnostic

MAX_CONTENT_BYTES = 1024 * 1024
MAX_PATH_BYTES = 1024


def read_referenced_files(
    references: Iterable[tuple[Loc, str]],
    document: SourceDocument,
    root: Path,
    diagnostics: list[Diagnostic],
) -> dict[str, str] | None:
    """The text of each referenced file (``references``: where each is named, and the
    path as written) by its path as written, or None if any is unusable."""
    files: dict[str, str] = {}
    usable = True
    for loc, written in references:
        if written in files:
            continue
        problem = _path_problem(written, document.path.parent, root)
        if problem is None:
            shown = os.path.normpath(os.path.join(os.path.dirname(document.display_path), written))
            text = _read_text(document.path.parent / written, shown, diagnostics)
            if text is not None:
                files[written] = text
                continue
        else:
            diagnostics.append(document.diagnostic(loc, problem))
        usable = False
    return files if usable else None


def _path_problem(written: str, folder: Path, root: Path) -> str | None:
    shown = written if len(written) <= 80 else written[:77] + "…"
    if PurePosixPath(written).is_absolute() or Path(written).is_absolute() or "\\" in written:
        return f"{shown!r} must be a relative path with '/' separators, inside the project"
    if len(written.encode()) > MAX_PATH_BYTES:
        return f"{shown!r} is longer than {MAX_PATH_BYTES} bytes; use a shorter path"
    target = folder / written
    try:
        resolved = target.resolve(strict=False)
        inside = resolved.relative_to(root.resolve())
    except ValueError:
        return (
            f"{shown!r} points outside the folder that holds seqsync.yaml; "
            "keep content files inside the project"
        )
    except OSError as exc:
        return f"{shown!r} cannot be resolved: {exc.strerror or exc}"
    if any(part.startswith(".") for part in inside.parts):
        # .git/ holds CI's job token, .seqsync/ the sandbox: nothing hidden is content.
        return f"{shown!r} is inside a hidden folder or is a hidden file; content files must not be"
    try:
        status = resolved.stat()
    except OSError:
        return f"{shown!r} does not exist next to this file; create it or fix the path"
    if not stat.S_ISREG(status.st_mode):
        return f"{shown!r} is not a regular file; content files must be plain files"
    if status.st_size > MAX_CONTENT_BYTES:
        return f"{shown!r} is over {MAX_CONTENT_BYTES:,} bytes; content files must be smaller"
    return None


def _read_text(path: Path, shown: str, diagnostics: list[Diagnostic]) -> str | None:
    try:
        with path.open("rb") as handle:  # checked with stat first; still read at most that
            raw = handle.read(MAX_CONTENT_BYTES + 1)
    except OSError as exc:
        diagnostics.append(Diagnostic(shown, 1, 1, f"cannot read file: {exc.strerror or exc}"))
        return None
    if len(raw) > MAX_CONTENT_BYTES:
        diagnostics.append(
            Diagnostic(shown, 1, 1, f"content file is over {MAX_CONTENT_BYTES:,} bytes")
        )
        return None
    text = decode_utf8(raw, shown, diagnostics)
    if text is None:
        return None
    problem = merge_tag_problem(text)
    if problem is not None:
        offset, message = problem
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        diagnostics.append(Diagnostic(shown, line, col, message))
        return None
    return text


def check_cross_file(documents: Sequence[SourceDocument]) -> list[Diagnostic]:
    """Unique names, and one document per live sequence: read from every document's data,
    valid or not, so a duplicate is reported in the same run as everything else."""
    diagnostics = []
    names: dict[str, SourceDocument] = {}
    live: dict[tuple[str, str], tuple[str, SourceDocument]] = {}
    titled: dict[tuple[str, str], SourceDocument] = {}  # unpinned: (connection, title)
    for document in documents:
        data = document.data
        if not isinstance(data, dict) or not isinstance(data.get("name"), str):
            continue
        name = data["name"]
        first = names.setdefault(name, document)
        if first is not document:
            diagnostics.append(
                document.diagnostic(
                    ("name",),
                    f"sequence name {name!r} is already used at {_where(first, ('name',))}; "
                    "names must be unique across all files",
                )
            )
            # At the other file too: which one is new is the change's to say, and an
            # annotation shows only on a file the change touches.
            diagnostics.append(
                first.diagnostic(
                    ("name",),
                    f"sequence name {name!r} is also used at {_where(document, ('name',))}; "
                    "names must be unique across all files",
                )
            )
        connection, live_id = data.get("connection"), data.get("id")
        if isinstance(connection, str) and live_id is None and first is document:
            diagnostics.extend(_same_new_title(titled, document, connection, name))
        if not isinstance(connection, str) or not isinstance(live_id, str):
            continue
        owner = live.setdefault((connection, live_id), (name, document))
        if owner[1] is not document:
            diagnostics.append(
                document.diagnostic(
                    ("id",),
                    f"sequence {owner[0]!r} ({_where(owner[1], ('id',))}) already manages "
                    f"{connection} sequence {live_id}; two files must not both own it",
                )
            )
    return diagnostics


def _same_new_title(
    titled: dict[tuple[str, str], SourceDocument],
    document: SourceDocument,
    connection: str,
    name: str,
) -> list[Diagnostic]:
    """Two files without ``id`` that share a title on one connection would each create a
    live sequence of that title (or both match one): refused before any request."""
    title = document.data.get("title")
    key: Loc = ("title",) if isinstance(title, str) else ("name",)
    first = titled.setdefault((connection, title if isinstance(title, str) else name), document)
    if first is document:
        return []
    first_key: Loc = ("title",) if isinstance(first.data.get("title"), str) else ("name",)
    return [
        document.diagnostic(
            key,
            f"the title is also that of {first.data.get('name')!r} ({_where(first, first_key)}) on "
            f"{connection}, and neither file has an `id:`: both would create (or match) one "
            "live sequence; give each its own title",
        )
    ]


def _where(document: SourceDocument, loc: Loc) -> str:
    line, col = document.position(loc)
    return f"{document.display_path}:{line}:{col}"

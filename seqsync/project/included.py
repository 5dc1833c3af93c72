"""What a project's content may include, read from its seqsync.yaml: snippets (inline or
in files) and the values of the environment in use; and content files with them included."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import StrictStr, TypeAdapter, ValidationError

from seqsync.config.discovery import display_path
from seqsync.config.environments import ValueName, merged
from seqsync.config.snippets import Snippet, SnippetName
from seqsync.config.yaml_reader import Loc, SourceDocument, load_plain, read_yaml_file
from seqsync.model.common import merge_tag_problem
from seqsync.model.diagnostics import Diagnostic
from seqsync.project.references import read_referenced_files
from seqsync.project.snippets import (
    Included,
    expanded,
    line_and_column,
    snippet_names_in,
    unknown_message,
)

SNIPPETS: TypeAdapter[dict[str, Snippet]] = TypeAdapter(dict[SnippetName, Snippet])
VALUES: TypeAdapter[dict[str, str]] = TypeAdapter(dict[ValueName, StrictStr])


def included(
    config_path: Path, root: Path, cwd: Path, env: str | None, diagnostics: list[Diagnostic]
) -> Included:
    """The project's snippets and values (the environment's over the top-level ones),
    from its own seqsync.yaml, also when connections come from a trusted one: they are
    content, and belong to the change."""
    result = read_yaml_file(config_path, display_path(config_path, cwd))
    document = result.documents[0] if result.documents else None
    data = document.data if document is not None and isinstance(document.data, dict) else None
    if document is None or data is None:
        return Included()
    if env is not None and env in (data.get("environments") or {}):
        data = merged(data, env, _file_values(root, document, env, diagnostics))
    try:
        snippets = SNIPPETS.validate_python(data.get("snippets") or {})
        values = VALUES.validate_python(data.get("values") or {})
    except ValidationError:
        return Included()  # the shape is reported with the rest of seqsync.yaml
    texts: dict[str, str] = {}
    for name, snippet in snippets.items():
        if isinstance(snippet, str):
            problem = merge_tag_problem(snippet)
            if problem is not None:
                diagnostics.append(document.diagnostic(("snippets", name), problem[1]))
                continue
            texts[name] = snippet
            continue
        read = read_referenced_files(
            [(("snippets", name, "file"), snippet.file)], document, root, diagnostics
        )
        if read is not None:
            texts[name] = read[snippet.file]
    for name, text in texts.items():
        if any(snippet_names_in(text)):
            diagnostics.append(
                document.diagnostic(
                    ("snippets", name),
                    f"snippet {name!r} includes another snippet; snippets are included one "
                    "level deep: write its text out",
                )
            )
    return Included(texts, values)


def _file_values(
    root: Path, document: SourceDocument, env: str, diagnostics: list[Diagnostic]
) -> dict[str, Any]:
    """The environment's values_file, read as a YAML mapping of names to text."""
    environment = (document.data.get("environments") or {}).get(env) or {}
    written = environment.get("values_file") if isinstance(environment, dict) else None
    if not isinstance(written, str):
        return {}
    loc: Loc = ("environments", env, "values_file")
    read = read_referenced_files([(loc, written)], document, root, diagnostics)
    if read is None:
        return {}
    loaded = load_plain(read[written])
    values = loaded[0] if loaded else None
    if not isinstance(values, dict) or not all(
        isinstance(key, str) and isinstance(value, str) for key, value in values.items()
    ):
        diagnostics.append(
            document.diagnostic(loc, f"{written} must be a YAML mapping of value names to text")
        )
        return {}
    return values


def with_includes(
    files: dict[str, str],
    document: SourceDocument,
    parts: Included,
    diagnostics: list[Diagnostic],
) -> dict[str, str]:
    """Content files with their snippets and values included; an unknown name is
    reported at its line and column in the file."""
    result = {}
    for written, text in files.items():
        result[written], unknown = expanded(text, parts)
        shown = os.path.normpath(os.path.join(os.path.dirname(document.display_path), written))
        for offset, kind, name in unknown:
            line, col = line_and_column(text, offset)
            diagnostics.append(Diagnostic(shown, line, col, unknown_message(kind, name, parts)))
    return result


def includes_used(texts: Iterable[str]) -> bool:
    return any("{%" in text for text in texts)

"""`seqsync fmt`: sequence files in one canonical form, so reviews show content changes,
not key shuffles or quoting styles.

Keys follow the order of the provider's schema (name, connection, id, title first at the
top), nested mappings too; strings are quoted only where YAML needs it; indentation is
the importer's. Comments stay with their keys. A file is rewritten only if its data reads
back exactly the same, so formatting can never change what a file means.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from seqsync.config.yaml_reader import load_plain
from seqsync.providers.registry import KINDS

HEAD = ("name", "connection", "id", "title")


@dataclass(frozen=True)
class Formatted:
    path: Path
    text: str  # the canonical text
    changed: bool


def canonical_text(text: str, providers: Mapping[str, str]) -> str:
    """``text`` (a sequence file) in canonical form; ``providers`` maps connection names
    to provider names (from seqsync.yaml). Raises ValueError when it cannot be formatted
    without changing what it says."""
    yaml = _yaml()
    try:
        documents = list(yaml.load_all(text))
    except YAMLError as error:
        raise ValueError(
            f"is not valid YAML ({error.__class__.__name__}); run seqsync validate"
        ) from None
    for document in documents:
        if isinstance(document, CommentedMap):
            provider = providers.get(str(document.get("connection")))
            kind = KINDS.get(provider) if provider is not None else None
            schema = kind.document_schema() if kind is not None else None
            _reorder(document, schema, schema, top=True)
    stream = io.StringIO()
    if len(documents) == 1:
        yaml.dump(documents[0], stream)
    else:
        yaml.dump_all(documents, stream)
    result = stream.getvalue()
    if load_plain(result) != load_plain(text):
        raise ValueError("cannot be formatted without changing what it says; left as it is")
    return result


def yaml_writer() -> YAML:
    """The writer fmt uses (pin writes ids with it, so its quoting is fmt's)."""
    return _yaml()


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = False
    return yaml


def _reorder(
    node: Any, schema: dict[str, Any] | None, root: dict[str, Any] | None, *, top: bool = False
) -> None:
    """Order ``node``'s keys as ``schema`` lists them (unknown keys keep their place after
    the known ones), and recurse into what the schema describes."""
    schema = _resolved(schema, root, node)
    if isinstance(node, CommentedMap):
        properties: dict[str, Any] = (schema or {}).get("properties", {})
        known = [key for key in properties if key in node]
        if top:
            known = [key for key in HEAD if key in node] + [k for k in known if k not in HEAD]
        for key in [*known, *(key for key in node if key not in known)]:
            node.move_to_end(key)
        for key, value in node.items():
            _reorder(value, properties.get(key), root)
    elif isinstance(node, CommentedSeq):
        items = (schema or {}).get("items")
        for value in node:
            _reorder(value, items, root)


def _resolved(
    schema: dict[str, Any] | None, root: dict[str, Any] | None, node: Any
) -> dict[str, Any] | None:
    """The schema ``node`` has: through ``$ref``, and of a union's branches the one whose
    properties name most of the node's keys (a step or a kept step, say)."""
    while schema is not None and root is not None:
        if "$ref" in schema:
            schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
            continue
        union = schema.get("anyOf") or schema.get("oneOf")
        if not union or "properties" in schema:  # alternatives of what is required, say
            return schema
        branches = [
            resolved
            for branch in union
            if branch.get("type") != "null" and (resolved := _resolved(branch, root, node))
        ]
        if not branches:
            return schema
        keys = set(node) if isinstance(node, dict) else set()
        return max(branches, key=lambda branch: len(keys & set(branch.get("properties", {}))))
    return schema


def format_project(
    paths: list[Path], cwd: Path, *, write: bool
) -> tuple[list[Formatted], list[str]]:
    """Every sequence file under ``paths`` in canonical form (written back when ``write``),
    and a problem line for each file that could not be formatted."""
    from seqsync.config.discovery import display_path, find_config, sequence_files
    from seqsync.project.loader import is_sequence_document

    config = find_config(paths or [cwd])
    providers = _providers(config)
    named = {path.resolve() for path in paths if path.is_file()}
    results: list[Formatted] = []
    problems: list[str] = []
    for file in sequence_files(paths or [cwd], config):
        text = file.read_text(encoding="utf-8")
        documents = load_plain(text)
        if (
            file.resolve() not in named
            and documents is not None
            and not any(is_sequence_document(document) for document in documents)
        ):
            continue  # someone else's YAML, as validate sees it
        shown = display_path(file, cwd)
        try:
            canonical = canonical_text(text, providers)
        except ValueError as error:
            problems.append(f"{shown}: {error}")
            continue
        results.append(Formatted(Path(shown), canonical, canonical != text))
        if write and canonical != text:
            file.write_text(canonical, encoding="utf-8")
    return results, problems


def _providers(config: Path) -> dict[str, str]:
    """Connection name -> provider, read leniently from seqsync.yaml."""
    documents = load_plain(config.read_text(encoding="utf-8")) or [None]
    connections = documents[0].get("connections") if isinstance(documents[0], dict) else None
    return {
        str(name): str(entry.get("provider"))
        for name, entry in (connections.items() if isinstance(connections, dict) else ())
        if isinstance(entry, dict)
    }

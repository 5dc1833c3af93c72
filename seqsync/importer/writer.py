"""Write imported documents as YAML (with the schema line) and their content files."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from seqsync.config.yaml_reader import load_plain
from seqsync.importer.block_yaml import block_yaml
from seqsync.render.schemas import SCHEMAS, render_schema


def yaml_text(data: dict[str, Any], schema_path: str) -> str:
    """The document as YAML: block style, long lines kept whole, multi-line text as ``|``
    (written directly when that text is certain, else by ruamel.yaml: the same text)."""
    return written_yaml(data, schema_path)[0]


def written_yaml(data: dict[str, Any], schema_path: str) -> tuple[str, bool]:
    """``yaml_text``, and whether it was written directly: then every value is in a form
    that reads back as itself (text the resolver reads as text, quotes without escapes,
    ``|`` blocks without indicators; held by a property test), and only ruamel.yaml's
    text needs reading back to be sure of it."""
    text = block_yaml(data)
    direct = text is not None
    if text is None:
        text = ruamel_text(data)
    return f"# yaml-language-server: $schema={schema_path}\n{text}", direct


def ruamel_text(data: dict[str, Any]) -> str:
    """The document as ruamel.yaml's round-trip dumper writes it (what ``block_yaml``
    is held to)."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(_literal_blocks(data), stream)
    return stream.getvalue()


def _literal_blocks(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _literal_blocks(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_literal_blocks(item) for item in value]
    if (
        isinstance(value, str)
        and "\n" in value
        and not any(line != line.rstrip() for line in value.split("\n"))
    ):
        return LiteralScalarString(value)
    return value


def loads_back(text: str) -> Any:
    """What seqsync reads from ``text`` (to prove the YAML says exactly what was meant)."""
    documents = load_plain(text)
    return documents[0] if documents else None


def schema_reference(yaml_folder: Path, project_root: Path, provider: str) -> str:
    """The schema line's path from the YAML file to its provider's schema in the project's
    schemas folder, writing the schema files there first if they are missing."""
    schemas = project_root / "schemas"
    for name in SCHEMAS:
        if not (schemas / name).exists():
            schemas.mkdir(parents=True, exist_ok=True)
            (schemas / name).write_text(render_schema(name), encoding="utf-8")
    return os.path.relpath(schemas / f"sequence-{provider}.schema.json", yaml_folder)

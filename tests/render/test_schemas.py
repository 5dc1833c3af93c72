"""The committed JSON Schemas match the models, and every example obeys them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from seqsync.config.yaml_reader import read_yaml_file
from seqsync.project.loader import load_project
from seqsync.render.schemas import SCHEMAS, render_schema

REPO = Path(__file__).parent.parent.parent
EXAMPLES = REPO / "examples"
EXAMPLE_YAML = sorted(EXAMPLES.rglob("*.yaml"))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_up_to_date(name: str) -> None:
    committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
    assert committed == render_schema(name), f"schemas/{name} is stale: run `seqsync schema`"


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json.loads(render_schema(name))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_examples_validate_clean() -> None:
    project = load_project([EXAMPLES], EXAMPLES)
    assert project.diagnostics == []
    assert {loaded.provider for loaded in project.sequences} == {"saleshandy", "supaglue", "inbox"}


@pytest.mark.parametrize("path", EXAMPLE_YAML, ids=lambda p: p.name)
def test_example_starts_with_schema_line_and_matches_it(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first_line.startswith(prefix)
    schema_path = (path.parent / first_line.removeprefix(prefix)).resolve()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    for document in read_yaml_file(path, path.name).documents:
        jsonschema.Draft202012Validator(schema).validate(document.data)


def test_schema_rejects_an_unknown_key() -> None:
    schema = json.loads(render_schema("sequence.schema.json"))
    document = {"name": "a", "connection": "c", "steps": [], "stpes": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(document)

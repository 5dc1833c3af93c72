"""The committed JSON Schemas match the models, and every example obeys them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from seqsync.config.yaml_reader import read_yaml_file
from seqsync.project.loader import load_project
from seqsync.providers.registry import KINDS
from seqsync.render.schemas import SCHEMAS, render_schema

REPO = Path(__file__).parent.parent.parent
EXAMPLES = REPO / "examples"
EXAMPLE_YAML = sorted(EXAMPLES.rglob("*.yaml"))


@pytest.mark.parametrize("folder", ["schemas", "examples/schemas"])
@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_is_up_to_date(folder: str, name: str) -> None:
    """The repository's schemas, and the example project's own copy (a copied example
    keeps its schemas: its files point inside it)."""
    committed = (REPO / folder / name).read_text(encoding="utf-8")
    assert committed == render_schema(name), (
        f"{folder}/{name} is stale: run `seqsync schema --out {folder}`"
    )


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    schema = json.loads(render_schema(name))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_examples_validate_clean() -> None:
    project = load_project([EXAMPLES], EXAMPLES)
    assert project.diagnostics == []
    # An example for every provider seqsync has, each a document the sandbox seeds.
    assert {loaded.provider for loaded in project.sequences} == set(KINDS)


@pytest.mark.parametrize("path", EXAMPLE_YAML, ids=lambda p: p.name)
def test_example_starts_with_schema_line_and_matches_it(path: Path) -> None:
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first_line.startswith(prefix)
    schema_path = (path.parent / first_line.removeprefix(prefix)).resolve()
    assert schema_path.is_relative_to(EXAMPLES.resolve()), "the example project is self-contained"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    for document in read_yaml_file(path, path.name).documents:
        jsonschema.Draft202012Validator(schema).validate(document.data)


def test_schema_rejects_an_unknown_key() -> None:
    schema = json.loads(render_schema("sequence.schema.json"))
    document = {"name": "a", "connection": "c", "steps": [], "stpes": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(document)


@pytest.mark.parametrize(
    ("step", "flagged"),
    [
        (
            {
                "channel": "email",
                "day": 1,
                "task_note": "x",
                "variants": [{"subject": "s", "content": "c"}],
            },
            True,
        ),
        (
            {"channel": "email", "day": 1, "variants": [{"subject": "s", "connection_note": "n"}]},
            True,
        ),
        (
            {
                "channel": "linkedin_message",
                "day": 1,
                "variants": [{"subject": "s", "message": "m"}],
            },
            True,
        ),
        ({"channel": "linkedin_message", "day": 1, "variants": [{}]}, True),
        (
            {
                "channel": "linkedin_message",
                "day": 1,
                "variants": [{"message": "m"}, {"message": "n"}],
            },
            True,
        ),
        ({"channel": "linkedin_message", "day": 1, "variants": [{"message": "m"}]}, False),
        ({"channel": "email", "day": 1, "variants": [{"subject": "s", "content": "c"}]}, False),
        ({"channel": "call_demo", "day": 1, "task_note": "n"}, False),
    ],
)
def test_the_saleshandy_schema_knows_each_channels_fields(
    step: dict[str, object], flagged: bool
) -> None:
    """What validate refuses per channel, an editor flags from the schema where it is typed."""
    schema = json.loads(render_schema("sequence-saleshandy.schema.json"))
    document = {"name": "a", "connection": "sh", "steps": [step]}
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert bool(errors) == flagged, errors

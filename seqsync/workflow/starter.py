"""`seqsync init`: a new project that plans at once against the embedded sandbox, with one
sandbox connection and one starter sequence per registered provider."""

from __future__ import annotations

import io
from pathlib import Path

from ruamel.yaml import YAML

from seqsync.config.discovery import CONFIG_NAME
from seqsync.config.safety import Safety
from seqsync.errors import UsageError
from seqsync.importer.writer import schema_reference, yaml_text
from seqsync.providers.registry import KINDS

CONFIG_HEADER = """\
# yaml-language-server: $schema=schemas/seqsync.schema.json
#
# Every connection here uses the embedded sandbox: no account or API key is needed.
# For a real account, drop `sandbox: true` and add `api_key: ${YOUR_ENV_VAR}`
# (see README.md, "Connecting a real account").
# Content includes a snippet as {% snippet signature %} and a value as {% value calendar %};
# `--env staging` uses the staging values (and connections, if it lists any).
"""
IGNORED = ".seqsync/"  # the sandbox's state and the apply lock: never committed


def init_project(root: Path) -> tuple[list[Path], list[str]]:
    """Write the project's files under ``root``; refuses before writing anything if one
    of them exists already. Returns the files written, in order, and notes for the
    providers that get a connection but no starter sequence."""
    config = root / CONFIG_NAME
    starters = {name: root / "sequences" / f"starter-{name}.yaml" for name in KINDS}
    taken = [str(path) for path in (config, *starters.values()) if path.exists()]
    if taken:
        raise UsageError(
            f"{', '.join(taken)} already exist(s): init writes a new project only; "
            "run it in an empty folder (or give one: seqsync init NEW_FOLDER)"
        )
    connections = {}
    written: list[Path] = []
    notes: list[str] = []
    for name, kind in KINDS.items():
        connection, document = kind.starter()
        connections[f"sandbox-{name}"] = connection
        if document is None:
            seeded = _seeded_ids(name)
            notes.append(
                f"sandbox-{name}: seqsync cannot create {name} sequences; write a file that "
                f"names one by id, or run seqsync import --connection sandbox-{name} "
                + (f"--id {seeded[0]} (the sandbox's seeded one)" if seeded else "--id ID")
            )
            continue
        path = starters[name]
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {"name": f"starter-{name}", "connection": f"sandbox-{name}", **document}
        path.write_text(yaml_text(data, schema_reference(path.parent, root, name)), "utf-8")
        written.append(path)
    # The default limits, written out so that a team sees them and tunes them.
    safety = Safety().model_dump()
    config.write_text(
        CONFIG_HEADER
        + _yaml(
            {
                "snippets": {"signature": "<p>— Your name, Your company</p>"},
                "values": {"calendar": "https://cal.example/you"},
                "environments": {
                    "staging": {"values": {"calendar": "https://cal.example/you-staging"}}
                },
                "safety": safety,
                "connections": connections,
            }
        ),
        encoding="utf-8",
    )
    written.insert(0, config)
    written.append(_ignore_state(root))
    return written, notes


def _yaml(data: dict[str, object]) -> str:
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _ignore_state(root: Path) -> Path:
    """.gitignore with the sandbox state folder in it (added to an existing file)."""
    path = root / ".gitignore"
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    if IGNORED not in current.splitlines():
        separator = "" if not current or current.endswith("\n") else "\n"
        path.write_text(f"{current}{separator}{IGNORED}\n", encoding="utf-8")
    return path


def _seeded_ids(api: str) -> list[str]:
    """The ids of the sequences the sandbox seeds for ``api``: a new user cannot look
    them up anywhere else (a provider that cannot create cannot always list)."""
    from seqsync.sandbox.seed import initial_state  # only when a note needs it

    collections = initial_state().get(api, {})
    return [
        str(key)
        for collection in (collections.values() if isinstance(collections, dict) else ())
        if isinstance(collection, dict)
        for key in collection
    ]

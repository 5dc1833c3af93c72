"""An editor's view: yaml-language-server, driven over stdio as VS Code or Neovim drive it,
checks each provider's files against the schema their first line names. A clean file has
no diagnostic; a typo has exactly the right one, and nothing else (no false errors from a
schema that cannot tell the providers apart). `.ci/run` installs the server from the npm
registry; without it (or Node.js) these tests are skipped."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.editors.language_server import LanguageServer

REPO = Path(__file__).parent.parent.parent
SERVER = Path(
    os.environ.get(
        "SEQSYNC_YAML_LANGUAGE_SERVER",
        REPO
        / ".ci"
        / "tools"
        / "node_modules"
        / "yaml-language-server"
        / "bin"
        / "yaml-language-server",
    )
)

pytestmark = pytest.mark.skipif(
    not (SERVER.is_file() and shutil.which("node")),
    reason="yaml-language-server is installed by .ci/run (npm registry)",
)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("editor") / "project"
    shutil.copytree(REPO / "examples", root, ignore=shutil.ignore_patterns(".seqsync"))
    return root


@pytest.fixture(scope="module")
def server(project: Path) -> Iterator[LanguageServer]:
    running = LanguageServer(["node", str(SERVER), "--stdio"], project)
    yield running
    running.close()


def edited(project: Path, source: str, name: str, old: str, new: str) -> Path:
    """A copy of an example sequence file with one edit (a new file: a new document)."""
    text = (project / "sequences" / source).read_text(encoding="utf-8")
    assert old in text
    path = project / "sequences" / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def shown(diagnostics: list[dict[str, object]]) -> list[tuple[int, str]]:
    return [(d["range"]["start"]["line"] + 1, str(d["message"])) for d in diagnostics]  # type: ignore[index]


@pytest.mark.parametrize(
    "name", sorted(path.name for path in (REPO / "examples" / "sequences").glob("*.yaml"))
)
def test_the_examples_have_no_diagnostics(server: LanguageServer, project: Path, name: str) -> None:
    assert server.diagnostics(project / "sequences" / name) == []


@pytest.mark.parametrize(
    ("source", "old", "new", "expected"),
    [
        (
            "webinar-followup.yaml",
            "type: call",
            "type: phone_call",
            (
                18,
                'Value is not accepted. Valid values: "auto_email", "manual_email", "call", "task", "linkedin_send_message".',
            ),
        ),
        (
            "founders-q4.yaml",
            "channel: linkedin_connection_request",
            "channel: linkedin_conection_request",
            (16, "Value is not accepted."),
        ),
        (
            "founders-q4.yaml",
            "    day: 5\n",
            "    day: 5\n    task_note: not on an email\n",
            (24, "Property task_note is not allowed."),
        ),
        (
            "webinar-followup.yaml",
            "delay: 2d",
            "delay: 2D",
            (13, "String does not match the pattern"),
        ),
        (
            "x-founders.yaml",
            "name: x-founders",
            "name: x-founders\nstpes: []",
            (3, "Property stpes is not allowed."),
        ),
    ],
    ids=[
        "supaglue-type",
        "saleshandy-channel",
        "saleshandy-email-task-note",
        "duration",
        "inbox-key",
    ],
)
def test_a_typo_gets_exactly_its_diagnostic(
    server: LanguageServer,
    project: Path,
    source: str,
    old: str,
    new: str,
    expected: tuple[int, str],
) -> None:
    path = edited(project, source, f"typo-{len(old)}-{len(new)}-{source}", old, new)
    found = shown(server.diagnostics(path))
    assert len(found) == 1, found
    line, message = found[0]
    assert line == expected[0], found
    assert message.startswith(expected[1]), found

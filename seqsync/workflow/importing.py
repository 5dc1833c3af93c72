"""``seqsync import``: read live sequences, write files that plan to zero changes."""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from pathlib import Path

from seqsync.config.connections import ConnectionBase
from seqsync.config.discovery import sequence_files
from seqsync.config.yaml_reader import read_yaml_file
from seqsync.errors import SeqsyncError, UsageError
from seqsync.importer.check import representation_problems
from seqsync.importer.files import FileCreator, encoded
from seqsync.importer.names import NameBook, slug
from seqsync.importer.writer import loads_back, schema_reference, written_yaml
from seqsync.model.live import LiveSequence
from seqsync.project.config import ProjectConfig
from seqsync.providers.base import Kind, Provider
from seqsync.providers.registry import kind_of_connection
from seqsync.workflow.event_loop import run_to_end
from seqsync.workflow.session import ProviderSession


@dataclass
class ImportOutcome:
    written: list[tuple[str, Path, int]] = field(
        default_factory=list
    )  # (name, yaml, content files)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (sequence id, why)


@dataclass(frozen=True)
class ImportRequest:
    connection: str
    ids: tuple[str, ...]
    everything: bool
    folder: Path
    force: bool
    parallelism: int = 8


def run_import(config: ProjectConfig, root: Path, request: ImportRequest) -> ImportOutcome:
    connection = config.connections.get(request.connection)
    if connection is None:
        known = ", ".join(sorted(config.connections))
        raise UsageError(f"connection {request.connection!r} is not in seqsync.yaml ({known})")
    if not request.ids and not request.everything:
        raise UsageError("name the sequences to import with --id ID (repeatable), or pass --all")
    kind = kind_of_connection(connection)
    documents = _project_documents(root)
    names = NameBook(name for name, _, _ in documents)
    managed = {(conn, sequence_id): name for name, conn, sequence_id in documents}
    outcome = ImportOutcome()
    writer = _Writer(root, request, kind, connection, outcome)

    async def run() -> None:
        async with ProviderSession.for_project(config, root) as session:
            provider = session.provider(request.connection)
            titles = await _titles(provider, request)
            ids = list(dict.fromkeys([*request.ids, *(titles if request.everything else [])]))
            limit = asyncio.Semaphore(request.parallelism)

            async def read(sequence_id: str) -> tuple[str, LiveSequence | SeqsyncError]:
                async with limit:
                    try:
                        return sequence_id, await provider.read(
                            sequence_id, context=f"reading {sequence_id}"
                        )
                    except SeqsyncError as exc:
                        return sequence_id, exc

            for sequence_id, live in await asyncio.gather(*(read(i) for i in ids)):
                if isinstance(live, SeqsyncError):
                    outcome.skipped.append((sequence_id, str(live)))
                    continue
                owner = managed.get((request.connection, sequence_id))
                if owner is not None and not request.force:
                    outcome.skipped.append(
                        (sequence_id, f"already managed by sequence {owner!r} in this project")
                    )
                    continue
                title = titles.get(sequence_id) or live.title or sequence_id
                name = names.claim(slug(title, f"{kind.name}-{sequence_id}"))
                writer.write(name, title, live)

    run_to_end(run())
    return outcome


async def _titles(provider: Provider, request: ImportRequest) -> dict[str, str]:
    """Titles by id from one listing (Saleshandy's step read carries no title)."""
    if not provider.capabilities.list_sequences:
        if request.everything:
            raise UsageError(f"{provider.kind} has no way to list sequences: name them with --id")
        return {}
    if not request.everything and provider.capabilities.titles_in_read:
        return {}
    return {summary.id: summary.title for summary in await provider.list_sequences()}


class _Writer:
    """Checks and writes one import's documents; what is the same for all of them (the
    schema line, the folders already made) is worked out once."""

    def __init__(
        self,
        root: Path,
        request: ImportRequest,
        kind: Kind,
        connection: ConnectionBase,
        outcome: ImportOutcome,
    ) -> None:
        self.root, self.request, self.kind = root, request, kind
        self.connection, self.outcome = connection, outcome
        self._schema: str | None = None
        self._files = FileCreator()
        # Paths as text: making and hashing a Path per file was a measurable share of the
        # user CPU an import spends on a sequence.
        self._folder = os.fspath(request.folder)

    def schema(self) -> str:
        """The schema line's path (the schema files written first if missing)."""
        if self._schema is None:
            self._schema = schema_reference(self.request.folder, self.root, self.kind.name)
        return self._schema

    def write(self, name: str, title: str, live: LiveSequence) -> None:
        request, kind, outcome = self.request, self.kind, self.outcome
        document = kind.import_document(name, request.connection, title, live)
        sequence_id = live.id
        problems = representation_problems(document, kind, self.connection, live)
        text, direct = written_yaml(document.data, self.schema())
        if not direct and loads_back(text) != document.data:
            problems.append("the YAML writer could not express a value exactly")
        if problems:
            outcome.skipped.append((sequence_id, "; ".join(problems)))
            return
        join, folder = os.path.join, self._folder
        target = join(folder, f"{name}.yaml")
        # The content files first and the document last, so that a document is never
        # on disk without the files it names.
        files = [(join(folder, path), encoded(content)) for path, content in document.files.items()]
        files.append((target, encoded(text)))
        existing = self._files.create(files, overwrite=request.force)
        if existing:
            # The document named first, then its content files.
            named = ", ".join(str(Path(path)) for path in sorted(existing, key=target.__ne__))
            outcome.skipped.append(
                (sequence_id, f"{named} already exist(s); pass --force to overwrite")
            )
            return
        outcome.written.append((name, request.folder / f"{name}.yaml", len(document.files)))


def _project_documents(root: Path) -> list[tuple[str, str, str]]:
    """(name, connection, id) of the project's documents, read leniently."""
    found = []
    for file in sequence_files([root], root / "seqsync.yaml"):
        for document in read_yaml_file(file, str(file)).documents:
            data = document.data
            if isinstance(data, dict) and isinstance(data.get("name"), str):
                found.append((data["name"], str(data.get("connection")), str(data.get("id"))))
    return found

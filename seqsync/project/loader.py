"""Load a project: seqsync.yaml plus every sequence document, validated, with diagnostics.

This is the whole of ``seqsync validate`` and the first step of every other command:
it reads only local files, never the network, and reports every problem it finds.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, StrictStr, TypeAdapter, ValidationError

from seqsync.config.diagnostics import Diagnostic
from seqsync.config.discovery import CONFIG_NAME, display_path, find_config, sequence_files
from seqsync.config.environments import ENV_VARIABLE, ValueName, merged
from seqsync.config.pydantic_errors import problems_from_validation_error
from seqsync.config.snippets import Snippet, SnippetName
from seqsync.config.yaml_reader import Loc, SourceDocument, load_plain, read_yaml_file
from seqsync.errors import UsageError
from seqsync.model.common import SequenceBase, merge_tag_problem
from seqsync.model.problems import Problem
from seqsync.project.references import check_cross_file, read_referenced_files
from seqsync.project.snippets import (
    Included,
    expanded,
    expanded_data,
    line_and_column,
    snippet_names_in,
    unknown_message,
)
from seqsync.providers.base import ProviderKind
from seqsync.providers.registry import CONNECTION, KINDS, ProjectConfig

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class LoadedSequence:
    """A valid sequence document, where it came from, and the files it refers to."""

    model: SequenceBase
    document: SourceDocument
    kind: ProviderKind
    files: dict[str, str]
    includes: frozenset[str] = frozenset()  # the snippets it includes, by name

    @property
    def provider(self) -> str:
        return self.kind.name


@dataclass
class Project:
    root: Path
    config_path: Path
    config: ProjectConfig | None
    sequences: list[LoadedSequence] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class _ConnectionInfo:
    kind: ProviderKind
    engine: str


def load_project(
    paths: Sequence[Path],
    cwd: Path,
    connections_from: Path | None = None,
    env: str | None = None,
) -> Project:
    """Read and validate everything under ``paths``; problems land in ``Project.diagnostics``.

    ``connections_from`` is a trusted seqsync.yaml (say, the base branch's) whose
    connections replace the project's own: a pull request's plan must not send keys
    where the pull request says. ``env`` is the environment in use (``--env``; by
    default the SEQSYNC_ENV variable): its connections and values apply."""
    env = env if env is not None else (os.environ.get(ENV_VARIABLE) or None)
    config_path = find_config(paths or [cwd])
    project = Project(root=config_path.parent, config_path=config_path, config=None)
    source = connections_from if connections_from is not None else config_path
    config_name = display_path(source, cwd) if connections_from is not None else CONFIG_NAME
    connections = _load_config(project, source, display_path(source, cwd), env)
    parts = _included(project, cwd, env, project.diagnostics)
    loaded: list[LoadedSequence] = []
    documents: list[SourceDocument] = []
    # Every check runs on every document, whatever else failed: a document that fails its
    # model is still checked for the files it names and against its siblings, so one
    # run reports every problem (a broken project is not fixed in rounds).
    named = {path.resolve() for path in paths if path.is_file()}
    for file in sequence_files(paths or [cwd], config_path):
        result = read_yaml_file(file, display_path(file, cwd))
        if (
            file.resolve() not in named
            and not result.diagnostics
            and not any(is_sequence_document(document.data) for document in result.documents)
        ):
            continue  # a folder's other YAML (docker-compose.yml, CI files) is not ours
        project.diagnostics.extend(result.diagnostics)
        for document in result.documents:
            documents.append(document)
            includes = set(snippet_names_in(json.dumps(document.data, default=str)))
            document.data, unknown = expanded_data(document.data, parts)
            project.diagnostics += [
                document.diagnostic(loc, unknown_message(kind, name, parts))
                for loc, kind, name in unknown
            ]
            for copy, account in per_account(document, project.diagnostics):
                kind, sequence = _load_sequence(copy, connections, config_name, project.diagnostics)
                if kind is None:
                    continue
                files = read_referenced_files(
                    kind.referenced_files(copy.data), copy, project.root, project.diagnostics
                )
                if files is not None and includes_used(files.values()):
                    used = includes | {n for text in files.values() for n in snippet_names_in(text)}
                    files = _with_includes(files, copy, parts, project.diagnostics)
                else:
                    used = includes
                if sequence is not None and files is not None:
                    if account is not None:
                        sequence = sequence.model_copy(
                            update={"name": f"{sequence.name}[{account}]"}
                        )
                    loaded.append(LoadedSequence(sequence, copy, kind, files, frozenset(used)))
    project.diagnostics.extend(check_cross_file(documents))
    project.sequences = loaded
    project.diagnostics = sorted(set(project.diagnostics))
    return project


SNIPPETS: TypeAdapter[dict[str, Snippet]] = TypeAdapter(dict[SnippetName, Snippet])
VALUES: TypeAdapter[dict[str, str]] = TypeAdapter(dict[ValueName, StrictStr])


def _included(
    project: Project, cwd: Path, env: str | None, diagnostics: list[Diagnostic]
) -> Included:
    """The project's snippets and values (the environment's over the top-level ones),
    from its own seqsync.yaml, also when connections come from a trusted one: they are
    content, and belong to the change."""
    result = read_yaml_file(project.config_path, display_path(project.config_path, cwd))
    document = result.documents[0] if result.documents else None
    data = document.data if document is not None and isinstance(document.data, dict) else None
    if document is None or data is None:
        return Included()
    if env is not None and env in (data.get("environments") or {}):
        data = merged(data, env, _file_values(project, document, env, diagnostics))
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
            [(("snippets", name, "file"), snippet.file)], document, project.root, diagnostics
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
    project: Project, document: SourceDocument, env: str, diagnostics: list[Diagnostic]
) -> dict[str, Any]:
    """The environment's values_file, read as a YAML mapping of names to text."""
    environment = (document.data.get("environments") or {}).get(env) or {}
    written = environment.get("values_file") if isinstance(environment, dict) else None
    if not isinstance(written, str):
        return {}
    loc: Loc = ("environments", env, "values_file")
    read = read_referenced_files([(loc, written)], document, project.root, diagnostics)
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


def _with_includes(
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


ACCOUNT = re.compile(r"^[^.\[\]\s]+$")


def per_account(
    document: SourceDocument, diagnostics: list[Diagnostic]
) -> Iterator[tuple[SourceDocument, str | None]]:
    """The document once, or, with ``for_each``, once per connection it names: with that
    connection, its id from ``ids``, and the connection's name to address it by."""
    data = document.data
    accounts = data.get("for_each") if isinstance(data, dict) else None
    if accounts is None:
        yield document, None
        return
    problems = _for_each_problems(data, accounts)
    for loc, message in problems:
        diagnostics.append(document.diagnostic(loc, message))
    if problems:
        return
    ids = data.get("ids") or {}
    shared = {key: value for key, value in data.items() if key not in ("for_each", "ids")}
    for account in accounts:
        copy = {**shared, "connection": account}
        if account in ids:
            copy["id"] = ids[account]
        yield dataclasses.replace(document, data=copy), account


def _for_each_problems(data: dict[str, Any], accounts: Any) -> list[tuple[Loc, str]]:
    if not isinstance(accounts, list) or not accounts:
        return [(("for_each",), "for_each must list the connections to manage this sequence in")]
    problems: list[tuple[Loc, str]] = []
    if "connection" in data:
        problems.append((("connection",), "give connection or for_each, not both"))
    if "id" in data:
        problems.append(
            (("id",), "with for_each, give each connection's id in ids: {connection: id}")
        )
    seen: set[str] = set()
    for index, account in enumerate(accounts):
        if not isinstance(account, str) or not ACCOUNT.match(account) or account in seen:
            problems.append(
                (("for_each", index), "each for_each entry must be a connection name, once")
            )
        seen.add(str(account))
    ids = data.get("ids")
    for name in ids if isinstance(ids, dict) else ():
        if name not in seen:
            problems.append((("ids", name), f"{name!r} is not in for_each"))
    for index, step in enumerate(data.get("steps") or []):
        if isinstance(step, dict) and "id" in step:
            # A step's id differs in every account: content, not ids, matches them.
            problems.append(
                (
                    ("steps", index, "id"),
                    "steps of a for_each sequence cannot be pinned by id: "
                    "each account has its own; remove it (steps are matched by content)",
                )
            )
    return problems


def is_sequence_document(data: Any) -> bool:
    """Whether a YAML document found in a folder is a sequence file's: it names a
    connection, or has steps or a title. Anything else there (docker-compose.yml, a playbook) is
    someone else's YAML and is left alone; a file named on the command line is always
    checked, and so is a file that does not parse (its error is reported), so a broken
    sequence file is never skipped."""
    return isinstance(data, dict) and bool(data.keys() & {"connection", "steps", "title"})


def _load_config(
    project: Project, source: Path, shown_as: str, env: str | None = None
) -> dict[str, _ConnectionInfo | None]:
    result = read_yaml_file(source, shown_as)
    project.diagnostics.extend(result.diagnostics)
    documents = result.documents
    if not documents:
        if not result.diagnostics:
            project.diagnostics.append(
                Diagnostic(shown_as, 1, 1, "seqsync.yaml is empty; it needs a connections: mapping")
            )
        return {}
    document = documents[0]
    for extra in documents[1:]:
        project.diagnostics.append(
            extra.diagnostic(
                (), "seqsync.yaml holds one document; move sequences to their own files"
            )
        )
    if env is not None:
        found = document.data.get("environments") if isinstance(document.data, dict) else None
        if not isinstance(found, dict) or env not in found:
            known = ", ".join(sorted(found or {})) or "none are defined"
            raise UsageError(f"no environment {env!r} in {shown_as} (environments: {known})")
        document = dataclasses.replace(document, data=merged(document.data, env, {}))
    config = _validate(ProjectConfig, document, project.diagnostics)
    if config is None:
        # Keep the connections that are valid on their own, so their other problems and
        # the sequences that use them are still checked in this run.
        config = ProjectConfig.model_construct(connections=_valid_connections(document.data))
    else:
        project.config = config
    for name, connection in config.connections.items():
        _report(document, connection.problems(name), project.diagnostics)
    return _connection_infos(document.data)


def _valid_connections(data: Any) -> dict[str, Any]:
    raw = data.get("connections") if isinstance(data, dict) else None
    valid = {}
    for name, entry in raw.items() if isinstance(raw, dict) else ():
        try:
            valid[name] = CONNECTION.validate_python(entry)
        except ValidationError:
            continue
    return valid


def _connection_infos(data: Any) -> dict[str, _ConnectionInfo | None]:
    """Provider per connection name, read leniently so one bad connection hides no other's
    files; None for a connection whose provider is unknown."""
    connections = data.get("connections") if isinstance(data, dict) else None
    infos: dict[str, _ConnectionInfo | None] = {}
    for name, entry in connections.items() if isinstance(connections, dict) else ():
        provider = entry.get("provider") if isinstance(entry, dict) else None
        kind = KINDS.get(provider) if isinstance(provider, str) else None
        infos[str(name)] = (
            _ConnectionInfo(kind, kind.engine_of(entry))
            if kind is not None and isinstance(entry, dict)
            else None
        )
    return infos


def _load_sequence(
    document: SourceDocument,
    connections: dict[str, _ConnectionInfo | None],
    config_name: str,
    diagnostics: list[Diagnostic],
) -> tuple[ProviderKind | None, SequenceBase | None]:
    """The document's provider kind (when its connection names one) and its model (when
    it is valid in every respect); every problem found goes into ``diagnostics``."""
    data = document.data
    if not isinstance(data, dict):
        diagnostics.append(
            document.diagnostic(
                (), "a sequence document must be a mapping with name, connection and steps"
            )
        )
        return None, None
    name = data.get("connection")
    if name is None:
        diagnostics.append(document.diagnostic((), "missing required key 'connection'"))
        return None, None
    info = connections.get(name) if isinstance(name, str) else None
    if isinstance(name, str) and name in connections and info is None:
        diagnostics.append(
            document.diagnostic(
                ("connection",),
                f"connection {name!r} has no valid provider in {config_name}; fix it there first",
            )
        )
        return None, None
    if info is None:
        diagnostics.append(
            document.diagnostic(
                ("connection",), _unknown_connection(name, connections, config_name)
            )
        )
        return None, None
    sequence = _validate(info.kind.document_model, document, diagnostics)
    if sequence is None:
        return info.kind, None
    before = len(diagnostics)
    _report(document, info.kind.document_problems(sequence, info.engine), diagnostics)
    return info.kind, (sequence if len(diagnostics) == before else None)


def _unknown_connection(
    name: object, connections: dict[str, _ConnectionInfo | None], config_name: str
) -> str:
    known = sorted(connections)
    if not isinstance(name, str):
        return f"connection must be the name of a connection in {config_name}"
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    listed = ", ".join(known) if known else "none are defined"
    return f"connection {name!r} is not in {config_name}{hint} (connections: {listed})"


def _validate(
    model: type[ModelT], document: SourceDocument, diagnostics: list[Diagnostic]
) -> ModelT | None:
    try:
        return model.model_validate(document.data)
    except ValidationError as exc:
        _report(document, problems_from_validation_error(exc, model), diagnostics)
        return None


def _report(
    document: SourceDocument, problems: Iterable[Problem], diagnostics: list[Diagnostic]
) -> None:
    for problem in problems:
        diagnostics.append(document.diagnostic(problem.loc, problem.message, at_key=problem.at_key))

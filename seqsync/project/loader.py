"""Load a project: seqsync.yaml plus every sequence document, validated, with diagnostics.

This is the whole of ``seqsync validate`` and the first step of every other command:
it reads only local files, never the network, and reports every problem it finds.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from seqsync.config.connections import ConnectionBase
from seqsync.config.discovery import CONFIG_NAME, display_path, find_config, sequence_files
from seqsync.config.environments import ENV_VARIABLE, left_out, merged, shared_problems
from seqsync.config.pydantic_errors import problems_from_validation_error
from seqsync.config.yaml_reader import SourceDocument, read_yaml_file
from seqsync.errors import UsageError
from seqsync.model.common import SequenceBase
from seqsync.model.diagnostics import Diagnostic
from seqsync.model.problems import Problem
from seqsync.project.accounts import per_account
from seqsync.project.config import ProjectConfig
from seqsync.project.identity import deceptive_titles, same_live_sequence, without_pins
from seqsync.project.included import included, includes_used, with_includes
from seqsync.project.partial import duplicate_ids, parsed_part, rules_on_part
from seqsync.project.references import check_cross_file, read_referenced_files
from seqsync.project.snippets import (
    expanded_data,
    snippet_names_in,
    unknown_message,
)
from seqsync.providers.base import Kind
from seqsync.providers.registry import CONNECTION, KINDS

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class LoadedSequence:
    """A valid sequence document, where it came from, and the files it refers to."""

    model: SequenceBase
    document: SourceDocument
    kind: Kind
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
    # Worth a look, not wrong: the project stays valid (severity "warning").
    warnings: list[Diagnostic] = field(default_factory=list)
    # Under --env: the environment, and the connections it neither defines nor shares.
    left_out: tuple[str, frozenset[str]] | None = None
    # Under --env: connections the environment points at another account than the
    # top level's; the ids written in files are the top level's accounts', so documents
    # on these are matched by title and content (and pin refuses to write theirs).
    other_accounts: frozenset[str] = frozenset()


class LoadWatcher(Protocol):
    """Told, as loading goes, what is already valid: so a plan's reads (GETs) can start
    before the last document is checked (seqsync.workflow.prefetch). Whether the whole
    project is valid is known only at the end."""

    def config_valid(self, config: ProjectConfig, root: Path) -> None: ...

    def sequence_valid(self, loaded: LoadedSequence) -> None: ...


@dataclass(frozen=True)
class _ConnectionInfo:
    kind: Kind
    settings: ConnectionBase | None  # read leniently: what its documents' rules can use
    account: str = ""  # which account it reaches (its identity); "" when unknown


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
    steps = loading(paths, cwd, connections_from, env)
    while (project := next_file(steps)) is None:
        pass
    return project


def next_file(steps: Generator[None, None, Project]) -> Project | None:
    """Load the next file of ``loading``; the project once the last is loaded."""
    try:
        next(steps)
    except StopIteration as done:
        loaded: Project = done.value
        return loaded
    return None


def loading(
    paths: Sequence[Path],
    cwd: Path,
    connections_from: Path | None = None,
    env: str | None = None,
    watcher: LoadWatcher | None = None,
) -> Generator[None, None, Project]:
    """``load_project`` a file at a time: it yields after each file, so a caller can do
    other work between them (a plan's reads), and returns the project. ``watcher`` is
    told of seqsync.yaml once it is valid, then of each sequence as it is found valid."""
    env = env if env is not None else (os.environ.get(ENV_VARIABLE) or None)
    config_path = find_config(paths or [cwd])
    project = Project(root=config_path.parent, config_path=config_path, config=None)
    source = connections_from if connections_from is not None else config_path
    config_name = display_path(source, cwd) if connections_from is not None else CONFIG_NAME
    connections = _load_config(project, source, display_path(source, cwd), env)
    if watcher is not None and project.config is not None and not project.diagnostics:
        watcher.config_valid(project.config, project.root)
    else:
        watcher = None  # no read may start before every connection is valid
    parts = included(project.config_path, project.root, cwd, env, project.diagnostics)
    loaded: list[LoadedSequence] = []
    documents: list[SourceDocument] = []
    copies: list[tuple[SourceDocument, str | None]] = []  # every document per account
    # Every check runs on every document, whatever else failed: a document that fails its
    # model is still checked for the files it names and against its siblings, so one
    # run reports every problem (a broken project is not fixed in rounds).
    named = {path.resolve() for path in paths if not path.is_dir()}
    for file in sequence_files(paths or [cwd], config_path):
        result = read_yaml_file(file, display_path(file, cwd))
        if (
            (not named or file.resolve() not in named)  # resolving costs a stat a folder
            and not result.diagnostics
            and not any(is_sequence_document(document.data) for document in result.documents)
        ):
            continue  # a folder's other YAML (docker-compose.yml, CI files) is not ours
        project.diagnostics.extend(result.diagnostics)
        for document in result.documents:
            documents.append(document)
            raw = json.dumps(document.data, default=str)
            includes = set(snippet_names_in(raw))
            if "{%" in raw:  # nothing to include otherwise: the common case, kept cheap
                document.data, unknown = expanded_data(document.data, parts)
                project.diagnostics += [
                    document.diagnostic(loc, unknown_message(kind, name, parts))
                    for loc, kind, name in unknown
                ]
            for copy, account in per_account(document, project.diagnostics):
                copies.append((copy, account))
                kind, sequence = _load_sequence(
                    copy, connections, config_name, project.diagnostics, project.left_out
                )
                if kind is None:
                    continue
                if sequence is not None and sequence.connection in project.other_accounts:
                    sequence = _as_unpinned(kind, sequence, copy)
                files = read_referenced_files(
                    kind.referenced_files(copy.data), copy, project.root, project.diagnostics
                )
                if files is not None and includes_used(files.values()):
                    used = includes | {n for text in files.values() for n in snippet_names_in(text)}
                    files = with_includes(files, copy, parts, project.diagnostics)
                else:
                    used = includes
                if sequence is not None and files is not None:
                    if account is not None:
                        sequence = sequence.model_copy(
                            update={"name": f"{sequence.name}[{account}]"}
                        )
                    loaded.append(LoadedSequence(sequence, copy, kind, files, frozenset(used)))
                    if watcher is not None:
                        watcher.sequence_valid(loaded[-1])
        yield
    project.diagnostics.extend(check_cross_file(documents))
    accounts = {name: info.account for name, info in connections.items() if info is not None}
    project.diagnostics.extend(same_live_sequence(copies, accounts))
    project.warnings = sorted(set(deceptive_titles(documents)))
    project.sequences = loaded
    project.diagnostics = sorted(set(project.diagnostics))
    return project


# Keys only a sequence's step has. Other tools' top-level `steps:` (cloudbuild.yaml,
# azure-pipelines.yml, Buildkite) hold steps with none of them (name/args, script, task,
# command), so a `steps:` list alone does not make a file a sequence file.
_STEP_KEYS = frozenset(
    {"channel", "day", "variants", "priority", "task_note", "type", "delay", "date"}
    | {"is_reply", "like_tweet", "message", "segments", "keep"}
)


def is_sequence_document(data: Any) -> bool:
    """Whether a YAML document found in a folder is a sequence file's: it names a
    connection (or for_each) or has a title, or steps that are not plainly another tool's.
    Anything else there (docker-compose.yml, a playbook, a CI pipeline) is someone else's
    YAML and is left alone; a file named on the command line is always checked, and so is
    a file that does not parse (its error is reported), so a broken sequence file is never
    skipped."""
    if not isinstance(data, dict):
        return False
    if data.keys() & {"connection", "for_each", "title"}:
        return True
    steps = data.get("steps")
    if "steps" not in data:
        return False
    foreign = (
        isinstance(steps, list)
        and bool(steps)
        and all(isinstance(step, dict) and not (step.keys() & _STEP_KEYS) for step in steps)
    )
    return not foreign


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
    _report(document, shared_problems(document.data), project.diagnostics)
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
        project.left_out = (env, left_out(document.data, env))
        project.other_accounts = _other_accounts(document.data, env)
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


def _other_accounts(data: Any, env: str) -> frozenset[str]:
    """The connections environment ``env`` redefines to reach another account."""
    top = data.get("connections") if isinstance(data, dict) else None
    environment = (data.get("environments") or {}).get(env) if isinstance(data, dict) else None
    own = environment.get("connections") if isinstance(environment, dict) else None
    if not isinstance(top, dict) or not isinstance(own, dict):
        return frozenset()
    return frozenset(
        str(name)
        for name, entry in own.items()
        if name in top and _account_of(entry) != _account_of(top[name])
    )


def _as_unpinned(kind: Kind, sequence: SequenceBase, document: SourceDocument) -> SequenceBase:
    """The document as another account sees it: its ids (pinned in the top level's
    account) set aside, so it is matched by title and its steps by content."""
    outline = kind.outline_of(sequence)
    pins = [
        loc
        for step in outline.steps
        for loc in ((step.ids.step,) if step.ids.step is not None else ()) + step.ids.variants
    ]
    data = without_pins(document.data, (), pins)
    try:
        unpinned: SequenceBase = kind.document_model.model_validate(data)
    except ValidationError:
        return sequence  # a kept step's id is its identity: nothing else to set aside
    return unpinned


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
            _ConnectionInfo(kind, kind.lenient_connection(entry), _account_of(entry))
            if kind is not None and isinstance(entry, dict)
            else None
        )
    return infos


def _account_of(entry: Any) -> str:
    """The account a connection reaches, as a saved plan records it (provider, base URL,
    key variable, workspace or customer and engine, sandbox account); "" when the entry
    is invalid (its own problems are reported)."""
    try:
        return str(CONNECTION.validate_python(entry).identity())
    except ValidationError:
        return ""


def _load_sequence(
    document: SourceDocument,
    connections: dict[str, _ConnectionInfo | None],
    config_name: str,
    diagnostics: list[Diagnostic],
    left: tuple[str, frozenset[str]] | None = None,
) -> tuple[Kind | None, SequenceBase | None]:
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
    if left is not None and name in left[1]:
        env = left[0]
        diagnostics.append(
            document.diagnostic(
                ("connection",),
                f"environment {env!r} does not define connection {name!r}, so --env {env} "
                f"would reach its default account: define it under environments.{env}."
                f"connections, or list it in environments.{env}.shared to use the same "
                "account in every environment",
            )
        )
        return None, None
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
    model = info.kind.document_model
    try:
        sequence = model.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation_error(exc, model)
        _report(document, problems, diagnostics)
        # The rules still run on the steps that parsed: one round reports everything.
        part = parsed_part(model, data, problems)
        if part is not None:
            _report(document, rules_on_part(info.kind, part, info.settings, data), diagnostics)
        return info.kind, None
    before = len(diagnostics)
    _report(document, info.kind.problems(sequence, info.settings), diagnostics)
    _report(document, duplicate_ids(info.kind, sequence, data), diagnostics)
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

"""What the plan and show commands do, below the CLI: load, plan, render, save."""

from __future__ import annotations

import contextlib
import dataclasses
import difflib
import hashlib
import json
import os
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seqsync import collector
from seqsync.apply.executor import Read, Reads
from seqsync.config.discovery import find_config
from seqsync.errors import (
    InternalError,
    PlanFileError,
    UsageError,
)
from seqsync.plan.digests import LiveDigests
from seqsync.plan.model import (
    FORMAT_VERSION,
    Operation,
    Plan,
    SequencePlan,
    plan_from_data,
)
from seqsync.project.loader import Project, load_project
from seqsync.project.pinning import PinnedFile, PinRefused, pinned_files
from seqsync.render.markdown import ConfigChange
from seqsync.workflow.event_loop import run_to_end
from seqsync.workflow.lock import project_lock
from seqsync.workflow.plan import PlanMaker, Selection
from seqsync.workflow.planning import (
    PlanRequest,
    planned_project,
    project_config,
    refuse_invalid,
    trusted_file,
)
from seqsync.workflow.session import ProviderSession


def valid_project(paths: Sequence[Path], connections_from: Path | None = None) -> Project:
    """The project, or InvalidInput carrying every diagnostic (nothing read from providers);
    with ``connections_from``, connections come from that trusted file instead."""
    trusted_file(connections_from)
    project = load_project(list(paths), Path.cwd(), connections_from)
    refuse_invalid(project)
    collector.outlive(project)
    return project


def untrusted_connections_note(project: Project, trusted: Path) -> str | None:
    """What to tell the reviewer when the change edits seqsync.yaml but the plan used the
    trusted connections: the edit takes effect only once merged."""
    mine = project.config_path.read_bytes()
    if mine == trusted.read_bytes():
        return None
    return (
        f"Note: this change's seqsync.yaml differs from the trusted {trusted}; the plan uses "
        "the trusted connections (the change to seqsync.yaml takes effect once merged)."
    )


def config_change(paths: Sequence[Path], project: Project, trusted: Path) -> ConfigChange | None:
    """The change's seqsync.yaml beside the trusted one, for the comment: its diff, and
    the connections its sequences use whose account or key it moves (the reviewed plan
    is refused for those after merge, since it was made with the trusted ones)."""
    mine = project.config_path.read_text(encoding="utf-8")
    theirs = trusted.read_text(encoding="utf-8")
    if mine == theirs:
        return None
    diff = "".join(
        difflib.unified_diff(
            theirs.splitlines(keepends=True),
            mine.splitlines(keepends=True),
            "base branch: seqsync.yaml",
            "this change: seqsync.yaml",
        )
    )
    own = load_project(list(paths), Path.cwd())
    used = {loaded.model.connection for loaded in project.sequences}
    before = project.config.connections if project.config else {}
    after = own.config.connections if own.config else {}
    moved = tuple(
        sorted(
            name
            for name in used
            if name in after
            and (name not in before or after[name].identity() != before[name].identity())
        )
    )
    return ConfigChange(diff, moved)


def apply_hint(project: Project, plan_file: Path) -> str:
    """The command that applies a saved plan from where the user is: `apply PLANFILE`
    takes the project of the current folder, so elsewhere it must change folder first."""
    here = Path.cwd().resolve()
    root = project.root.resolve()
    if here == root or here.is_relative_to(root):
        return f"seqsync apply {shlex.quote(str(plan_file))}"
    plan = plan_file.resolve()
    shown = plan.relative_to(root) if plan.is_relative_to(root) else plan
    folder = os.path.relpath(root, here)
    return f"cd {shlex.quote(folder)} && seqsync apply {shlex.quote(str(shown))}"


def make_plan(
    project: Project,
    targets: tuple[str, ...],
    excludes: tuple[str, ...],
    parallelism: int,
    base: Project | None = None,
    show_unmanaged: bool = False,
    reads: dict[tuple[str, str], Read] | None = None,
) -> Plan:
    """The plan for the selected sequences; with ``base`` (the base branch's project),
    changes that undo edits made outside seqsync are named as drift. ``reads`` is given
    what each read found, for apply to use instead of a re-read while it is fresh."""
    config = project_config(project)

    async def run() -> Plan:
        async with ProviderSession.for_project(config, project.root) as session:
            maker = PlanMaker(
                project,
                session,
                parallelism,
                base=base,
                show_unmanaged=show_unmanaged,
                reads=reads,
            )
            return await maker.plan(Selection(targets, excludes))

    return run_to_end(run())


def is_plan_file(paths: Sequence[Path]) -> bool:
    """One JSON file given to apply is a saved plan, not a folder of sequences."""
    return len(paths) == 1 and paths[0].is_file() and paths[0].suffix == ".json"


@dataclass(frozen=True)
class PlanToApply:
    """What apply works from: a saved plan (checked against live state before each
    sequence) or a fresh one made now, and the project it belongs to."""

    plan: Plan
    project: Project
    saved: bool
    reads: Reads = dataclasses.field(default_factory=dict)  # what planning read, and when


def plan_to_apply(
    paths: Sequence[Path], targets: tuple[str, ...], excludes: tuple[str, ...], parallelism: int
) -> PlanToApply:
    """One JSON file is a saved plan (the project is the current folder's); anything else
    is planned afresh."""
    reads: dict[tuple[str, str], Read] = {}
    if is_plan_file(paths):
        saved = _selected(load_plan(paths[0]), Selection(targets, excludes))
        saved_names = {sequence.name for sequence in saved.sequences}

        def choose(project: Project) -> Selection | None:
            known = {loaded.model.name for loaded in project.sequences}
            known |= {entry.name for entry in project_config(project).removed}
            names = tuple(s.name for s in saved.sequences if s.name in known)
            return Selection(names) if names else None  # no selection would choose all

        project, fresh = planned_project(
            [Path.cwd()],
            PlanRequest(parallelism=parallelism, choose=choose, wanted=saved_names.__contains__),
            reads=reads,
        )
        return PlanToApply(verified(saved, fresh, paths[0]), project, saved=True, reads=reads)
    request = PlanRequest(Selection(targets, excludes), parallelism)
    project, plan = planned_project(list(paths), request, reads=reads)
    return PlanToApply(plan, project, saved=False, reads=reads)


def locked(paths: Sequence[Path], timeout: float) -> contextlib.AbstractContextManager[None]:
    """The project's apply lock, held from before planning until the last write (a saved
    plan belongs to the project of the current folder, as it is applied there)."""
    root = find_config([Path.cwd()] if is_plan_file(paths) or not paths else list(paths)).parent
    return project_lock(root, timeout)


def _selected(plan: Plan, selection: Selection) -> Plan:
    """The saved plan's sequences that --target / --exclude choose."""
    chosen = selection.choose_names([sequence.name for sequence in plan.sequences])
    return dataclasses.replace(plan, sequences=tuple(s for s in plan.sequences if s.name in chosen))


def verified(saved: Plan, fresh: Plan, path: Path) -> Plan:
    """The saved plan, checked by making it again: for every sequence whose live state
    has not moved, the files and live state must give exactly the saved operations, and
    the fresh ones (requests derived by the provider, never read from the file) are what
    is applied. A sequence whose live state moved goes to the executor, which re-reads
    it and refuses it, naming what moved (``_moved``: nothing of the saved entry is sent).
    A sequence listed twice, or anything else, refuses the whole plan."""
    now = {sequence.name: sequence for sequence in fresh.sequences}
    chosen: list[SequencePlan] = []
    problems: list[str] = []
    seen: set[str] = set()
    for sequence in saved.sequences:
        current = now.get(sequence.name)
        if sequence.name in seen:
            # Each entry is checked alone, so a copy would pass and be applied twice.
            problems.append(f"{sequence.name}: listed more than once in the plan")
            continue
        seen.add(sequence.name)
        if sequence.errors:
            # Blocked when planned: nothing of it was reviewed, so nothing of it is sent;
            # it stays in the plan, for apply to refuse or (--skip-blocked) to name.
            chosen.append(dataclasses.replace(sequence, operations=()))
        elif current is None:
            problems.append(f"{sequence.name}: no such sequence in this project")
        elif current.connection_identity != sequence.connection_identity:
            problems.append(
                f"{sequence.name}: the plan was made for {sequence.connection_identity or 'another connection'}, "
                f"but connection {current.connection!r} is now {current.connection_identity}"
            )
        elif current.fingerprint != sequence.fingerprint:
            moved = _moved(sequence, current)
            if moved is None:
                problems.append(
                    f"{sequence.name}: the plan says it was made from live state that a "
                    "sequence not yet created cannot have"
                )
            else:
                chosen.append(moved)
        elif current.errors:
            problems.append(f"{sequence.name}: it cannot be planned now ({current.errors[0]})")
        elif (difference := _first_difference(sequence, current)) is not None:
            problems.append(f"{sequence.name}: {difference}")
        else:
            chosen.append(current)
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise PlanFileError(
            f"{path} does not match what the files and live state give now, so nothing was "
            f"applied:\n{listed}\nRun seqsync plan --out again and review the new plan."
        )
    return dataclasses.replace(saved, sequences=tuple(chosen))


MOVED = "moved-since-the-plan:"
"""Prefix of the fingerprint given to a sequence whose live state moved: no live state
has it, so the executor's re-read always refuses the sequence."""


def _moved(saved: SequencePlan, fresh: SequencePlan) -> SequencePlan | None:
    """The sequence to hand the executor when its live state moved since the plan, for it
    to re-read and refuse, naming what moved; None when no re-read can refuse it.

    The saved entry is never sent as it stands: its operations, sequence id or
    fingerprint may have been edited (the checksum is no signature), and an entry aimed
    at another live sequence with that sequence's fingerprint would otherwise pass the
    re-read. Only what names the move (the live steps and version it was made from)
    comes from the file; what is read is the fresh plan's sequence (or, where the files
    now give a create, the saved one), and the fingerprint can match no live state, so
    the re-read refuses it whatever it finds."""
    sequence_id = fresh.sequence_id or saved.sequence_id
    if sequence_id is None:
        return None  # both create it: only the title would be checked, which proves nothing
    return dataclasses.replace(
        fresh,
        sequence_id=sequence_id,
        digests=LiveDigests.known(MOVED + saved.fingerprint, saved.live_steps),
        live_version=saved.live_version,
    )


def _first_difference(saved: SequencePlan, fresh: SequencePlan) -> str | None:
    # What would be sent, and why: drift notes are for the review, not part of it.
    before = [_sent(operation) for operation in saved.operations]
    after = [_sent(operation) for operation in fresh.operations]
    if before == after:
        return None
    # Operations are compared by what they act on, not by position: an edit that adds an
    # operation before others must name that one, not the next one shifted into its place.
    now = {(op["kind"], op["address"]): op for op in after}
    for index, old in enumerate(before):
        new = now.get((old["kind"], old["address"]))
        if new is None:
            return (
                f"operation {index + 1} ({old['kind']} {old['address']}) is not in the plan "
                "the files give now"
            )
        if old != new:
            keys = sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
            return (
                f"operation {index + 1} ({old['kind']} {old['address']}) differs in "
                f"{', '.join(keys)} from the plan the files give now"
            )
    was = {(op["kind"], op["address"]) for op in before}
    for new in after:
        if (new["kind"], new["address"]) not in was:
            return (
                f"the files now also give {new['kind']} {new['address']}, which the saved "
                "plan does not have"
            )
    return (
        f"the saved plan has {len(before)} operation(s) in another order than the files and "
        "live state give now"
    )


def pin_files(project: Project, plan: Plan) -> list[PinnedFile]:
    """Write the ids ``plan`` matched into the project's files, then check the project
    still validates; if a write fails, or the files no longer validate (a bug), every
    file is put back byte for byte as it was (bytes, so line endings and a byte order
    mark come back too)."""
    pinned = pinned_files(project, plan)
    originals = {item.path: item.path.read_bytes() for item in pinned}
    try:
        for item in pinned:
            item.path.write_bytes(item.data)
    except OSError as exc:
        _put_back(originals)
        raise PinRefused(
            f"cannot write {exc.filename}: {exc.strerror or exc}; nothing was pinned "
            "(the files are as they were)"
        ) from None
    after = load_project([project.root], project.root)
    if after.diagnostics:
        _put_back(originals)
        raise InternalError(
            "pinning made the files invalid, so they were put back: "
            + "; ".join(str(diagnostic) for diagnostic in after.diagnostics[:3])
        )
    return pinned


def _put_back(originals: dict[Path, bytes]) -> None:
    for path, data in originals.items():
        with contextlib.suppress(OSError):  # one that cannot be written was not changed
            path.write_bytes(data)


def _sent(operation: Operation) -> dict[str, Any]:
    data = operation.to_data()
    data.pop("drifted")
    data.pop("unkept")
    return data


def base_project(folder: Path) -> tuple[Project | None, str | None]:
    """The base branch's project in ``folder`` (a checkout of it), or None and why not:
    drift is a note for reviewers, so a base that cannot be read only loses the note."""
    if not folder.is_dir():
        raise UsageError(f"--base {folder}: no such folder; check out the base branch there")
    project = load_project([folder], folder)
    if project.diagnostics or project.config is None:
        return None, (
            f"Note: the base project in {folder} has problems ({len(project.diagnostics)}); "
            "drift is not called out in this plan."
        )
    return project, None


def save_plan(plan: Plan, path: Path) -> None:
    """The plan's JSON with a checksum over it, so an edited file is refused."""
    data = plan.to_data()
    data["checksum"] = checksum_of(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def load_plan(path: Path) -> Plan:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise PlanFileError(
            f"{path} is not a plan file (its JSON nests too deeply); run seqsync plan --out again"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise PlanFileError(
            f"{path} is not a readable plan file ({exc}); run seqsync plan --out again"
        ) from None
    if not isinstance(data, dict):
        raise PlanFileError(f"{path} is not a plan file; run seqsync plan --out again")
    version = data.get("format_version")
    if version != FORMAT_VERSION:
        raise PlanFileError(
            f"{path} has plan format version {version!r}; this seqsync reads version "
            f"{FORMAT_VERSION}: make the plan again with this version"
        )
    checksum = data.pop("checksum", None)
    if checksum != checksum_of(data):
        raise PlanFileError(
            f"{path} was changed after it was made (checksum mismatch); run seqsync plan --out again"
        )
    try:
        return plan_from_data(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise PlanFileError(
            f"{path} is not a valid plan ({exc}); run seqsync plan --out again"
        ) from None


def checksum_of(data: dict[str, object]) -> str:
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()

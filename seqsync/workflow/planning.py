"""Load a project and plan it, the pinned documents' reads overlapping the validation.

What plan and apply start from. The project loads a file at a time on the event loop
(``loader.loading``); each pinned document's read starts as soon as it is found valid
(``prefetch.Prefetch``); once every file is valid the plan is made, those reads taken
first. An invalid project raises InvalidInput with every diagnostic, as ``validate``
reports them, and its early reads are dropped unseen.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from pathlib import Path

from seqsync import __version__
from seqsync.apply.executor import Read
from seqsync.errors import InternalError, InvalidInput, UsageError
from seqsync.model.diagnostics import Diagnostic
from seqsync.plan.model import Plan
from seqsync.project.config import ProjectConfig
from seqsync.project.loader import Project, loading, next_file
from seqsync.providers.slots import ConnectionSlots
from seqsync.workflow.event_loop import run_to_end
from seqsync.workflow.plan import PlanMaker, Selection
from seqsync.workflow.prefetch import Prefetch
from seqsync.workflow.session import ProviderSession
from seqsync.workflow.turns import after_the_wire


@dataclass(frozen=True)
class PlanRequest:
    """What to plan: the selection, or (``choose``) one made from the valid project,
    None for nothing; ``wanted`` says which documents' reads may start before it is
    known (by default, those the selection selects)."""

    selection: Selection = dataclasses.field(default_factory=Selection)
    parallelism: int = 8
    choose: Callable[[Project], Selection | None] | None = None
    wanted: Callable[[str], bool] | None = None
    base: Project | None = None
    show_unmanaged: bool = False


def planned_project(
    paths: Sequence[Path],
    request: PlanRequest,
    connections_from: Path | None = None,
    reads: dict[tuple[str, str], Read] | None = None,
) -> tuple[Project, Plan]:
    """The valid project and its plan (of nothing when ``choose`` chose nothing).
    ``connections_from``: a trusted seqsync.yaml whose connections are used; ``reads``
    is given what each read found, and when, for apply."""
    trusted_file(connections_from)

    async def run() -> tuple[Project, Plan]:
        prefetch = Prefetch(
            ConnectionSlots(request.parallelism), request.wanted or request.selection.selects
        )
        try:
            project = await _between_files(
                loading(list(paths), Path.cwd(), connections_from, watcher=prefetch)
            )
            refuse_invalid(project)
            if prefetch.session is None:
                prefetch.session = ProviderSession.for_project(
                    project_config(project), project.root
                )
            maker = PlanMaker(
                project,
                prefetch.session,
                request.parallelism,
                base=request.base,
                show_unmanaged=request.show_unmanaged,
                reads=reads,
                prefetch=prefetch,
            )
            selection = request.choose(project) if request.choose else request.selection
            if selection is None:
                return project, Plan(sequences=(), seqsync_version=__version__, created_at="")
            return project, await maker.plan(selection)
        finally:
            await prefetch.drop()
            if prefetch.session is not None:
                await prefetch.session.aclose()

    return run_to_end(run())


async def _between_files(steps: Generator[None, None, Project]) -> Project:
    """The project, loaded a file at a time with the event loop run between files: the
    reads already started go on while the rest is validated."""
    while (project := next_file(steps)) is None:
        await after_the_wire()
    return project


def trusted_file(connections_from: Path | None) -> None:
    """``--connections-from`` must name a file: a missing one is a usage error, said
    before anything is read."""
    if connections_from is not None and not connections_from.is_file():
        raise UsageError(f"--connections-from {connections_from}: no such file")


def refuse_invalid(project: Project) -> None:
    """InvalidInput carrying every diagnostic, when the project has any."""
    if project.diagnostics or project.config is None:
        raise InvalidInput(project.diagnostics or [Diagnostic("seqsync.yaml", 1, 1, "invalid")])


def project_config(project: Project) -> ProjectConfig:
    if project.config is None:
        raise InternalError("a project with no valid seqsync.yaml was not refused as invalid")
    return project.config

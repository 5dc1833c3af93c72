"""apply, below the CLI: plan (or load and verify a saved plan), gate, confirm, execute.

Every gate is here, so a library caller meets the refusals the command line does, in
the same order and before the first request: a plan with errors, a --pin that could not
be written, destructive operations without ``allow_destructive``, a plan over the safety
limits without ``force``, and no confirmation. The caller supplies only what is its own:
how to show the plan, how to ask, how to show progress and interruptions (``ApplyUi``).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from seqsync.apply.executor import Executor, ExecutorOptions, Progress
from seqsync.apply.report import ApplyReport, SequenceOutcome
from seqsync.config.safety import Safety
from seqsync.errors import ApplyRefused, PlanFailed
from seqsync.plan.model import Plan
from seqsync.plan.thresholds import exceeded
from seqsync.project.loader import Project
from seqsync.project.pinning import pin_blockers
from seqsync.workflow.commands import PlanToApply, plan_to_apply
from seqsync.workflow.event_loop import run_to_end
from seqsync.workflow.interrupt import interruptible
from seqsync.workflow.planning import project_config
from seqsync.workflow.readback import replanner
from seqsync.workflow.session import ProviderSession
from seqsync.workflow.unkept_memory import remember


@dataclass(frozen=True)
class ApplyOptions:
    targets: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    parallelism: int = 8
    allow_destructive: bool = False  # pauses and active-campaign replaces
    force: bool = False  # a plan over seqsync.yaml's safety limits
    pin_after: bool = False  # the ids are written into the files afterwards
    # A plan in which some sequences cannot be planned is applied for the others.
    skip_blocked: bool = False


class ApplyUi(Protocol):
    """What only the caller knows: how to show, ask and report progress."""

    def show_plan(self, plan: Plan) -> None: ...

    def confirm(self, plan: Plan) -> bool:
        """Whether to go ahead (raise ApplyRefused to refuse with a reason of its own)."""
        ...

    def progress(self, total: int) -> contextlib.AbstractContextManager[Progress | None]: ...

    def announce(self, message: str) -> None: ...


@dataclass(frozen=True)
class Applied:
    project: Project
    plan: Plan
    report: ApplyReport

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sequence.name for sequence in self.plan.sequences)


def apply_paths(paths: Sequence[Path], options: ApplyOptions, ui: ApplyUi) -> Applied:
    """Plan ``paths`` (or load the saved plan they name), pass every gate, ask, apply."""
    chosen = plan_to_apply(paths, options.targets, options.excludes, options.parallelism)
    plan = chosen.plan
    ui.show_plan(plan)
    chosen, blocked = without_blocked(chosen, options.skip_blocked)
    plan = chosen.plan
    if options.pin_after:
        refuse_unpinnable(chosen.project, plan)
    if not plan.operations:
        return Applied(chosen.project, plan, ApplyReport(sequences=blocked))
    refuse_unsafe(chosen, options)
    if not ui.confirm(plan):
        raise ApplyRefused("apply cancelled: nothing was changed")
    with ui.progress(len(plan.operations)) as progress:
        executor_options = ExecutorOptions(
            allow_destructive=options.allow_destructive,
            parallelism=options.parallelism,
            progress=progress,
        )
        report = execute(chosen, executor_options, ui.announce, force=options.force)
    report.sequences[:0] = blocked
    return Applied(chosen.project, plan, report)


def without_blocked(
    chosen: PlanToApply, skip_blocked: bool
) -> tuple[PlanToApply, list[SequenceOutcome]]:
    """The plan without the sequences that could not be planned, and a refused outcome
    naming each for the report; without ``skip_blocked`` such a plan is refused whole
    (PlanFailed): applying only part of a reviewed change is a choice, never a default."""
    blocked = [sequence for sequence in chosen.plan.sequences if sequence.errors]
    if not blocked:
        return chosen, []
    names = tuple(sequence.name for sequence in blocked)
    if not skip_blocked:
        raise PlanFailed(
            len(names),
            names,
            ", so nothing was applied; fix them, or apply the others with --skip-blocked",
        )
    others = tuple(sequence for sequence in chosen.plan.sequences if not sequence.errors)
    plan = dataclasses.replace(chosen.plan, sequences=others)
    refused = [
        SequenceOutcome(
            sequence.name,
            refused=f"not applied: it could not be planned ({sequence.errors[0]})",
        )
        for sequence in blocked
    ]
    return dataclasses.replace(chosen, plan=plan), refused


def refuse_unsafe(chosen: PlanToApply, options: ApplyOptions) -> None:
    """ApplyRefused for a destructive plan without ``allow_destructive`` or one over the
    safety limits without ``force``."""
    refusal = chosen.plan.unsafe_because(allow_destructive=options.allow_destructive)
    if refusal is not None:
        raise ApplyRefused(refusal)
    over = over_thresholds(chosen.plan, chosen.project)
    if over and not options.force:
        raise ApplyRefused(
            "the plan goes over seqsync.yaml's safety limits: "
            + "; ".join(over)
            + ". Check that this is the plan you meant (the right folder, the right branch), "
            "then run again with --force"
        )


def refuse_unpinnable(project: Project, plan: Plan) -> None:
    """apply --pin: a pin that cannot be done is said before the first request."""
    blockers = pin_blockers(project, {sequence.name for sequence in plan.sequences})
    if blockers:
        listed = "\n".join(f"  {blocker}" for blocker in blockers)
        raise ApplyRefused(
            f"--pin could not write the ids into the files, so nothing was applied:\n{listed}"
        )


def over_thresholds(plan: Plan, project: Project) -> list[str]:
    """The safety limits the plan goes over (seqsync.yaml `safety`, a connection's own
    `safety` first), each with its figures."""
    config = project_config(project)

    def safety_of(connection: str) -> Safety:
        own = config.connections.get(connection)
        return own.safety if own is not None and own.safety is not None else config.safety

    return [str(limit) for limit in exceeded(plan, safety_of)]


def execute(
    chosen: PlanToApply,
    options: ExecutorOptions,
    announce: Callable[[str], None] = print,
    *,
    force: bool = False,
) -> ApplyReport:
    """Apply the plan, every write read back; Ctrl-C as :mod:`seqsync.workflow.interrupt`
    says. Refuses (ApplyRefused, before any request) a plan over the safety limits
    without ``force``; the executor refuses a destructive one unless
    ``options.allow_destructive``. Every sequence is re-read right before its first
    write and refused if it moved since planning: a fresh plan is seconds old, but not
    protected by a lock against edits made in the provider's own app. The read the plan
    was made from serves as that re-read while fresh (``FRESH_FOR``)."""
    refuse_unsafe(chosen, ApplyOptions(allow_destructive=options.allow_destructive, force=force))
    config = project_config(chosen.project)
    options.check_stale = True
    options.reads = chosen.reads

    async def run() -> ApplyReport:
        options.stop = options.stop or asyncio.Event()
        with interruptible(options.stop, announce):
            async with ProviderSession.for_project(config, chosen.project.root) as session:
                options.replan = replanner(chosen.project, session)
                report = await Executor(session.provider, options).run(chosen.plan)
            remember(chosen.project.root, chosen.plan, report)
            return report

    return run_to_end(run())

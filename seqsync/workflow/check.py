"""`seqsync check` below the CLI: each connection's first contact, read-only.

Every chosen connection's provider is built as plan builds it (the embedded sandbox for
``sandbox: true``), and its own check lists, reads a few sequences and compares the raw
responses with what its client relies on. Nothing is written, so it is safe in CI.
"""

from __future__ import annotations

import asyncio
import difflib
from collections.abc import Sequence

from seqsync.errors import SeqsyncError, UsageError
from seqsync.project.loader import Project
from seqsync.providers.checking import CheckReport, Wanted
from seqsync.providers.registry import kind_of_connection
from seqsync.workflow.event_loop import run_to_end
from seqsync.workflow.planning import project_config
from seqsync.workflow.session import ProviderSession


def chosen_connections(project: Project, names: Sequence[str]) -> list[str]:
    """The connections named (all of seqsync.yaml's without a name), in that order; an
    unknown name is a usage error naming the closest ones."""
    known = sorted(project_config(project).connections)
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UsageError(f"--connection {name!r} is not in seqsync.yaml{hint}")
    return list(dict.fromkeys(names)) if names else known


def wanted_for(project: Project, connection: str, sample: int) -> Wanted:
    """The sequences the project's files pin (or name by title) on ``connection``: those
    are the ones plan will read, so they are read first."""
    ids: list[str] = []
    titles: list[str] = []
    for loaded in project.sequences:
        model = loaded.model
        if model.connection != connection:
            continue
        if model.live_id is not None:
            ids.append(model.live_id)
        else:
            titles.append(model.effective_title)
    return Wanted(tuple(dict.fromkeys(ids)), tuple(dict.fromkeys(titles)), sample)


def run_check(project: Project, connections: Sequence[str], sample: int) -> list[CheckReport]:
    """One report per chosen connection, checked concurrently; a connection that cannot
    even be built (a missing key variable) gets a report that says why."""
    config = project_config(project)
    names = chosen_connections(project, connections)

    async def one(session: ProviderSession, name: str) -> CheckReport:
        settings = config.connections[name]
        service = kind_of_connection(settings).capabilities_of(settings).service
        try:
            provider = session.provider(name)
            report = await provider.check(wanted_for(project, name, sample))
        except SeqsyncError as exc:
            report = CheckReport(name, service)
            report.error("", exc)
        report.service = service
        return report

    async def run() -> list[CheckReport]:
        async with ProviderSession.for_project(config, project.root) as session:
            return list(await asyncio.gather(*(one(session, name) for name in names)))

    return run_to_end(run())


def failure_summary(reports: Sequence[CheckReport]) -> str | None:
    """The error to exit with when any connection failed, else None."""
    failed = [report for report in reports if report.failed]
    if not failed:
        return None
    count = sum(finding.failure for report in failed for finding in report.findings)
    return (
        f"check found {count} mismatch{'es' if count != 1 else ''} on "
        f"{', '.join(report.connection for report in failed)}; seqsync would misread or "
        "mis-send there: see above"
    )

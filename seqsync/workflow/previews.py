"""`seqsync preview`: the pages, offline from the files, or with --changed from a plan's
reads (live beside after)."""

from __future__ import annotations

import asyncio
import hashlib
import re
from pathlib import Path

from seqsync.errors import SeqsyncError
from seqsync.model.common import SequenceBase
from seqsync.plan.common import Target
from seqsync.plan.preview import PreviewStep
from seqsync.project.loader import LoadedSequence, Project
from seqsync.render import preview
from seqsync.render.preview_index import Entry, index
from seqsync.workflow.event_loop import run_to_end
from seqsync.workflow.plan import PlanMaker, ReadResult, Selection, plan_one
from seqsync.workflow.planning import project_config
from seqsync.workflow.session import ProviderSession


def write_previews(
    project: Project,
    targets: tuple[str, ...],
    folder: Path,
    *,
    changed: bool = False,
    parallelism: int = 8,
) -> tuple[list[str], list[str]]:
    """One standalone HTML page per selected sequence (and an index) in ``folder``; the
    terminal rendering, and a warning per merge tag left unfilled. With ``changed``, only
    the sequences the plan changes, each as it is live beside how it will be (this reads
    the live sequences; without it, preview is offline)."""
    config = project_config(project)
    folder.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    warnings: list[str] = []
    entries: list[Entry] = []
    for loaded, target, before in _to_preview(project, targets, changed, parallelism):
        samples = {**loaded.kind.samples, **config.samples}
        steps = loaded.kind.preview_of(target)
        title = loaded.model.effective_title
        if before is None:
            html_page, unfilled = preview.page(title, steps, samples)
        else:
            html_page, unfilled = preview.side_by_side(title, before, steps, samples)
        name = page_name(loaded.model.name)
        (folder / name).write_text(html_page, encoding="utf-8")
        entries.append(
            Entry(loaded.model.name, title, name, loaded.provider, loaded.model.connection, steps)
        )
        lines += [*preview.text(title, steps, samples), ""]
        warnings += [
            f"{loaded.model.name}: {{{{{tag}}}}} has no sample and no fallback; add it to "
            "samples: in seqsync.yaml (or it reaches the prospect as written)"
            for tag in dict.fromkeys(unfilled)
        ]
    (folder / INDEX).write_text(index(entries, changed=changed), encoding="utf-8")
    return lines, warnings


INDEX = "index.html"


def page_name(name: str) -> str:
    """A sequence's page file: its name when that is already a plain, lower-case file name
    other than the index's; otherwise that name made plain (and short), then a dot and a
    hash of the name. Names are distinct, so pages are: plain names have no dot, and
    ``adv[sa]`` (a for_each copy) no longer lands on the page of a sequence ``adv_sa_``,
    nor ``index`` (or ``Index`` on a case-blind disk) on the index."""
    plain = re.sub(r"[^a-z0-9_-]", "_", name.lower())
    if plain == name and len(name) <= 100 and f"{name}.html" != INDEX:
        return f"{name}.html"
    return f"{plain[:80]}.{hashlib.sha256(name.encode()).hexdigest()[:16]}.html"


def _to_preview(
    project: Project, targets: tuple[str, ...], changed: bool, parallelism: int
) -> list[tuple[LoadedSequence, Target[SequenceBase], list[PreviewStep] | None]]:
    """(sequence, its target, its live touches or None) for each sequence to preview."""
    chosen = Selection(targets, ()).choose(project.sequences)
    if not changed:
        config = project_config(project)
        return [
            (
                loaded,
                Target.for_document(
                    loaded.model,
                    loaded.provider,
                    settings=config.connections[loaded.model.connection],
                    files=loaded.files,
                ),
                None,
            )
            for loaded in chosen
        ]

    async def read() -> list[ReadResult]:
        async with ProviderSession.for_project(project_config(project), project.root) as session:
            maker = PlanMaker(project, session, parallelism)
            return list(await asyncio.gather(*(maker.read(loaded) for loaded in chosen)))

    found: list[tuple[LoadedSequence, Target[SequenceBase], list[PreviewStep] | None]] = []
    for loaded, result in zip(chosen, run_to_end(read()), strict=True):
        if result.error is not None:  # the same words plan would print
            raise SeqsyncError(f"{loaded.model.name}: {result.error}")
        if plan_one(result).operations:
            live = [] if result.live is None else loaded.kind.preview_live_of(result.live)
            found.append((loaded, result.target, live))
    return found

"""plan, show and apply: the commands that read live sequences and change them."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from seqsync.cli.app import cli
from seqsync.cli.options import (
    NO_COLOR,
    PATHS,
    VERBOSE,
    format_option,
    selection_options,
    use_color,
)
from seqsync.errors import EXIT_CHANGES, PlanFailed

if TYPE_CHECKING:  # the commands import their modules when run: a fast --help
    from seqsync.apply.executor import Progress
    from seqsync.plan.model import Plan
    from seqsync.project.loader import Project


@cli.command()
@PATHS
@selection_options
@format_option("text", "json", "markdown")
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the plan for `apply`.",
)
@click.option(
    "--detailed-exitcode", is_flag=True, help="Exit 2 when there are changes (0 none, 1 error)."
)
@click.option(
    "--connections-from",
    "connections_from",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Take connections from this trusted seqsync.yaml (the base branch's, in CI), "
    "not the project's: a pull request cannot change where keys are sent.",
)
@click.option(
    "--base",
    "base_folder",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="FOLDER",
    help="The project as on the base branch (a checkout of it): changes that undo edits "
    "made outside seqsync are called out as drift.",
)
@click.option(
    "--show-unmanaged",
    is_flag=True,
    help="Also list the live sequences no file manages (one listing per connection).",
)
@click.option(
    "--full-plan-url",
    metavar="URL",
    help="markdown: where the whole plan is published, linked when the comment leaves "
    "sequences out (in CI, the run whose summary holds it).",
)
@NO_COLOR
@VERBOSE
def plan(
    paths: tuple[Path, ...],
    targets: tuple[str, ...],
    excludes: tuple[str, ...],
    parallelism: int,
    output_format: str,
    out_file: Path | None,
    detailed_exitcode: bool,
    connections_from: Path | None,
    base_folder: Path | None,
    show_unmanaged: bool,
    full_plan_url: str | None,
    no_color: bool,
    verbose: bool,
) -> None:
    """Show what apply would change: read live sequences, compare them with the files."""
    from seqsync.render.plans import render_plan
    from seqsync.workflow.applying import over_thresholds
    from seqsync.workflow.commands import (
        apply_hint,
        base_project,
        config_change,
        save_plan,
        untrusted_connections_note,
    )
    from seqsync.workflow.plan import Selection
    from seqsync.workflow.planning import PlanRequest, planned_project

    base = None
    if base_folder is not None:
        base, why_not = base_project(base_folder)
        if why_not:
            click.echo(why_not, err=True)
    selection = Selection(targets, excludes)
    request = PlanRequest(selection, parallelism, base=base, show_unmanaged=show_unmanaged)
    project, result = planned_project(list(paths), request, connections_from)
    change = None
    if connections_from is not None:
        note = untrusted_connections_note(project, connections_from)
        if note:
            click.echo(note, err=True)
            # The reviewer reads the comment, not the log: the edit goes into it.
            change = config_change(list(paths), project, connections_from)
    color = use_color(no_color)
    rendered = render_plan(
        result,
        output_format,
        color=color,
        verbose=verbose,
        full_plan_url=full_plan_url,
        config_change=change,
    )
    click.echo(rendered, nl=False, color=color)
    for limit in over_thresholds(result, project):
        click.echo(f"Warning: {limit}; apply refuses it without --force.", err=True)
    # A sequence that cannot be planned blocks only itself: the others' plan is still
    # saved for review, and applying it needs --skip-blocked (exit 1 all the same).
    blocked = tuple(dict.fromkeys(name for name, _ in result.errors))
    if out_file is not None:
        save_plan(result, out_file)
        skip = " --skip-blocked" if blocked else ""
        click.echo(
            f"Saved the plan to {out_file}; apply it with: {apply_hint(project, out_file)}{skip}",
            err=True,
        )
    if blocked:
        others = len(result.sequences) > len(blocked)
        raise PlanFailed(len(blocked), blocked, "; the others are planned above" if others else "")
    if detailed_exitcode and result.operations:
        sys.exit(EXIT_CHANGES)


@cli.command()
@PATHS
@selection_options
@click.option("--auto-approve", is_flag=True, help="Apply without asking (for CI).")
@click.option(
    "--allow-destructive",
    is_flag=True,
    help="Allow pauses, channel changes and active-campaign replaces.",
)
@click.option(
    "--pin",
    "pin_after",
    is_flag=True,
    help="Then write the ids of what was applied into the files (as `seqsync pin`).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Apply a plan that pauses or replaces more of an account than seqsync.yaml's "
    "safety limits allow.",
)
@click.option(
    "--skip-blocked",
    is_flag=True,
    help="Apply the other sequences of a plan in which some cannot be planned; those are "
    "left as they are and named in the report.",
)
@format_option("text", "json", help="json: the report as JSON on stdout (the plan goes to stderr).")
@click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    default=0.0,
    show_default=True,
    help="Seconds to wait for another apply on this project to finish.",
)
@NO_COLOR
def apply(
    paths: tuple[Path, ...],
    targets: tuple[str, ...],
    excludes: tuple[str, ...],
    parallelism: int,
    auto_approve: bool,
    allow_destructive: bool,
    pin_after: bool,
    force: bool,
    skip_blocked: bool,
    output_format: str,
    lock_timeout: float,
    no_color: bool,
) -> None:
    """Apply the plan for PATHS, or a plan saved with `seqsync plan --out` (PLANFILE).

    Shows the plan and asks for confirmation unless --auto-approve. A saved plan is
    applied only to sequences whose live state has not moved since it was made.
    """
    from seqsync.workflow.commands import locked

    with locked(paths, lock_timeout):
        applied = _apply(
            paths,
            targets,
            excludes,
            parallelism,
            auto_approve,
            allow_destructive,
            force,
            output_format,
            no_color,
            pin_after,
            skip_blocked,
        )
        if pin_after and applied is not None:
            _pin_after_apply(*applied, parallelism)


def _pin_after_apply(project: Project, names: tuple[str, ...], parallelism: int) -> None:
    """Pin what was applied. The apply has happened by now, so whatever goes wrong here
    is said as such: which files were not pinned and why, never as if nothing happened
    (what could be known before the first request was checked then)."""
    from seqsync.errors import InternalError, SeqsyncError
    from seqsync.project.pinning import PinFailed
    from seqsync.workflow.commands import make_plan

    files = sorted(
        {loaded.document.display_path for loaded in project.sequences if loaded.model.name in names}
    )
    try:
        _pin(project, make_plan(project, names, (), parallelism))
    except (SeqsyncError, InternalError) as exc:
        bug = " (a bug in seqsync: please report it)" if isinstance(exc, InternalError) else ""
        raise PinFailed(
            f"the apply above happened, but its ids were not pinned into "
            f"{', '.join(files) or 'the files'}: {exc}{bug}. Run `seqsync pin` once that "
            "is fixed; until then a plan matches the applied sequences by title"
        ) from None


def _apply(
    paths: tuple[Path, ...],
    targets: tuple[str, ...],
    excludes: tuple[str, ...],
    parallelism: int,
    auto_approve: bool,
    allow_destructive: bool,
    force: bool,
    output_format: str,
    no_color: bool,
    pin_after: bool = False,
    skip_blocked: bool = False,
) -> tuple[Project, tuple[str, ...]] | None:
    """Apply (the library passes every gate); the project and the names of its applied
    sequences, when all went well."""
    from seqsync.errors import ApplyFailed, Interrupted
    from seqsync.render.report import render_report_json, render_report_text
    from seqsync.workflow.applying import ApplyOptions, apply_paths

    options = ApplyOptions(
        targets,
        excludes,
        parallelism,
        allow_destructive,
        force,
        pin_after=pin_after,
        skip_blocked=skip_blocked,
    )
    applied = apply_paths(paths, options, _TerminalUi(output_format, no_color, auto_approve))
    report = applied.report
    if report.sequences or output_format == "json":
        render = render_report_json if output_format == "json" else render_report_text
        click.echo(render(report), nl=False)
    if report.interrupted:
        raise Interrupted("interrupted: the report above lists what was applied")
    if report.failed:
        raise ApplyFailed("some operations failed; the report above lists them")
    return applied.project, applied.names


class _TerminalUi:
    """apply on a terminal or in CI: the plan on stdout (stderr with --format json), a
    yes/no prompt unless --auto-approve, a progress bar on a terminal."""

    def __init__(self, output_format: str, no_color: bool, auto_approve: bool) -> None:
        self.to_stderr = output_format == "json"
        self.color = use_color(no_color)
        self.auto_approve = auto_approve

    def show_plan(self, plan: Plan) -> None:
        from seqsync.render.plans import render_plan

        text = render_plan(plan, "text", color=self.color)
        click.echo(text, nl=False, err=self.to_stderr, color=self.color)

    def confirm(self, plan: Plan) -> bool:
        from seqsync.errors import ApplyRefused

        if self.auto_approve:
            return True
        if not sys.stdin.isatty():
            raise ApplyRefused(
                "no terminal to confirm on: review the plan, then pass --auto-approve"
            )
        answer = click.prompt(
            "Apply these changes? (yes/no)", default="", show_default=False, err=True
        )
        return bool(answer.strip().lower() == "yes")

    def progress(self, total: int) -> contextlib.AbstractContextManager[Progress | None]:
        return _progress_bar(total)

    def announce(self, message: str) -> None:
        click.echo(f"\n{message}", err=True)


@contextlib.contextmanager
def _progress_bar(total: int) -> Iterator[Progress | None]:
    """One line that fills as operations finish, on a terminal only (click's own bar:
    no extra dependency, nothing on cold start); logs and CI get the report alone."""
    if not sys.stderr.isatty():
        yield None
        return
    with click.progressbar(length=total, label="Applying", file=sys.stderr) as bar:
        yield lambda name, done, of: bar.update(1)


@cli.command()
@PATHS
@selection_options
def pin(
    paths: tuple[Path, ...], targets: tuple[str, ...], excludes: tuple[str, ...], parallelism: int
) -> None:
    """Write the live ids of sequences, steps and variants into the files, matched as plan
    matches them; comments, quoting and layout are kept."""
    from seqsync.workflow.commands import make_plan, valid_project

    project = valid_project(list(paths))
    _pin(project, make_plan(project, targets, excludes, parallelism))


def _pin(project: Project, plan_: Plan) -> None:
    from seqsync.config.discovery import display_path
    from seqsync.workflow.commands import pin_files

    for name, error in plan_.errors:
        click.echo(f"not pinned: {name}: {error}", err=True)
    pinned = pin_files(project, plan_)
    for item in pinned:
        click.echo(f"pinned {item.count} id(s) in {display_path(item.path, Path.cwd())}", err=True)
    if not pinned:
        click.echo("Nothing to pin: every matched sequence, step and variant has its id.", err=True)
    if plan_.errors:
        raise PlanFailed(len({name for name, _ in plan_.errors}))


@cli.command()
@PATHS
@click.option("--target", "targets", multiple=True, metavar="GLOB", help="Only these sequences.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("preview"),
    show_default=True,
    help="Folder for the HTML pages (one per sequence, and index.html).",
)
@click.option(
    "--changed",
    is_flag=True,
    help="Only what the plan changes, as it is live beside how it will be (reads live).",
)
def preview(
    paths: tuple[Path, ...], targets: tuple[str, ...], out_dir: Path, changed: bool
) -> None:
    """Each sequence as the prospect would get it, offline: merge tags filled from sample
    data, variations shown, day by day; HTML pages in --out, text here."""
    from seqsync.workflow.commands import valid_project
    from seqsync.workflow.previews import write_previews

    lines, warnings = write_previews(valid_project(list(paths)), targets, out_dir, changed=changed)
    click.echo("\n".join(lines), nl=False)
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Wrote the pages to {out_dir}/ (open index.html).", err=True)


@cli.command()
@click.argument("plan_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option("text", "json", "markdown")
@click.option(
    "--timeline",
    is_flag=True,
    help="The cadence day by day, before and after, instead of the operations.",
)
@NO_COLOR
@VERBOSE
def show(
    plan_file: Path, output_format: str, timeline: bool, no_color: bool, verbose: bool
) -> None:
    """Render a plan saved with `seqsync plan --out`."""
    from seqsync.render.plans import render_plan
    from seqsync.workflow.commands import load_plan

    if timeline:
        from seqsync.render.text import render_timeline

        click.echo(render_timeline(load_plan(plan_file)), nl=False)
        return
    color = use_color(no_color)
    click.echo(
        render_plan(load_plan(plan_file), output_format, color=color, verbose=verbose),
        nl=False,
        color=color,
    )

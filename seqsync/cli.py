"""The seqsync command line: parse options, call the library, pick a renderer, map errors
to exit codes — nothing else. Heavy modules are imported inside commands so that
``seqsync --help`` starts fast.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from seqsync import __version__
from seqsync.errors import (
    EXIT_CHANGES,
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    InvalidInput,
    PlanFailed,
    SeqsyncError,
)

log = logging.getLogger("seqsync")

PATHS = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def format_option(
    *choices: str, help: str = ""
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """--format, the same everywhere: the first choice is the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help or None,
    )


NO_COLOR = click.option("--no-color", is_flag=True, help="No colour, even on a terminal.")
VERBOSE = click.option(
    "-v", "--verbose", is_flag=True, help="Show why each file step matched its live step."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seqsync")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Manage sales-engagement sequences as code: validate, plan, apply."""
    ctx.obj = {"debug": debug}
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@cli.command()
@PATHS
@format_option(
    "text", "json", "github", help="text: file:line:col lines; json: a list; github: annotations."
)
def validate(paths: tuple[Path, ...], output_format: str) -> None:
    """Check sequence files offline: YAML, schema, provider rules, cross-file rules.

    PATHS are files or folders (default: the current folder). Every problem is reported
    at once. Exits 0 when the files are valid and 1 when they are not.
    """
    from seqsync.config.project import load_project
    from seqsync.render.diagnostics import RENDERERS

    project = load_project(list(paths), Path.cwd())
    click.echo(RENDERERS[output_format](project.diagnostics), nl=False)
    if project.diagnostics:
        raise InvalidInput(project.diagnostics, shown=True)
    count = len(project.sequences)
    click.echo(f"{count} sequence{'s' if count != 1 else ''} valid.", err=True)


@cli.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder to write the schema files into.",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file is out of date.")
def schema(out_dir: Path, check: bool) -> None:
    """Write JSON Schema (Draft 2020-12) for sequence files and seqsync.yaml."""
    from seqsync.model.schema import SCHEMAS, render_schema

    stale = []
    for name in SCHEMAS:
        target = out_dir / name
        text = render_schema(name)
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == text:
            continue
        stale.append(str(target))
        if not check:
            out_dir.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            click.echo(f"wrote {target}", err=True)
    if check and stale:
        raise SeqsyncError(f"out of date: {', '.join(stale)}; run `seqsync schema`")


def selection_options(command: Callable[..., None]) -> Callable[..., None]:
    """--target / --exclude / --parallelism, shared by plan and apply."""
    command = click.option(
        "--parallelism",
        type=click.IntRange(1, 64),
        default=8,
        show_default=True,
        help="Sequences read (and applied) at once.",
    )(command)
    command = click.option(
        "--exclude",
        "excludes",
        multiple=True,
        metavar="GLOB",
        help="Skip sequences whose name matches.",
    )(command)
    return click.option(
        "--target",
        "targets",
        multiple=True,
        metavar="GLOB",
        help="Only sequences whose name matches.",
    )(command)


def use_color(no_color: bool) -> bool:
    return not no_color and not os.environ.get("NO_COLOR") and sys.stdout.isatty()


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
@click.option("--no-color", is_flag=True, help="No colour, even on a terminal.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Show why each file step matched its live step."
)
def plan(
    paths: tuple[Path, ...],
    targets: tuple[str, ...],
    excludes: tuple[str, ...],
    parallelism: int,
    output_format: str,
    out_file: Path | None,
    detailed_exitcode: bool,
    no_color: bool,
    verbose: bool,
) -> None:
    """Show what apply would change: read live sequences, compare them with the files."""
    from seqsync.workflow.commands import make_plan, render_plan, save_plan, valid_project

    result = make_plan(valid_project(list(paths)), targets, excludes, parallelism)
    click.echo(
        render_plan(result, output_format, color=use_color(no_color), verbose=verbose), nl=False
    )
    if result.errors:
        raise PlanFailed(len({name for name, _ in result.errors}))
    if out_file is not None:
        save_plan(result, out_file)
        click.echo(
            f"Saved the plan to {out_file}; apply it with: seqsync apply {out_file}", err=True
        )
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
@format_option("text", "json", help="json: the report as JSON on stdout (the plan goes to stderr).")
@NO_COLOR
def apply(
    paths: tuple[Path, ...],
    targets: tuple[str, ...],
    excludes: tuple[str, ...],
    parallelism: int,
    auto_approve: bool,
    allow_destructive: bool,
    output_format: str,
    no_color: bool,
) -> None:
    """Apply the plan for PATHS, or a plan saved with `seqsync plan --out` (PLANFILE).

    Shows the plan and asks for confirmation unless --auto-approve. A saved plan is
    applied only to sequences whose live state has not moved since it was made.
    """
    from seqsync.apply.executor import ExecutorOptions
    from seqsync.apply.report import ApplyReport
    from seqsync.errors import ApplyFailed, ApplyRefused, Interrupted
    from seqsync.render.report import render_report_json, render_report_text
    from seqsync.render.text import render_text
    from seqsync.workflow.commands import (
        destructive_refusal,
        execute,
        is_plan_file,
        load_plan,
        make_plan,
        valid_project,
    )

    saved = is_plan_file(paths)
    if saved:
        plan_ = load_plan(paths[0])
        project = valid_project([Path.cwd()])
    else:
        project = valid_project(list(paths))
        plan_ = make_plan(project, targets, excludes, parallelism)
    to_stderr = output_format == "json"
    click.echo(render_text(plan_, color=use_color(no_color)), nl=False, err=to_stderr)
    if plan_.errors:
        raise PlanFailed(len({name for name, _ in plan_.errors}))
    if not plan_.operations:
        if output_format == "json":
            click.echo(render_report_json(ApplyReport()), nl=False)
        return
    if plan_.destructive and not allow_destructive:
        raise ApplyRefused(destructive_refusal(plan_))
    if not auto_approve:
        if not sys.stdin.isatty():
            raise ApplyRefused(
                "no terminal to confirm on: review the plan, then pass --auto-approve"
            )
        answer = click.prompt(
            "Apply these changes? (yes/no)", default="", show_default=False, err=True
        )
        if answer.strip().lower() != "yes":
            raise ApplyRefused("apply cancelled: nothing was changed")
    progress = _progress_printer() if sys.stderr.isatty() else None
    report = execute(
        plan_,
        project,
        ExecutorOptions(parallelism=parallelism, check_stale=saved, progress=progress),
    )
    render = render_report_json if output_format == "json" else render_report_text
    click.echo(render(report), nl=False)
    if report.interrupted:
        raise Interrupted("interrupted: the report above lists what was applied")
    if report.failed:
        raise ApplyFailed("some operations failed; the report above lists them")


def _progress_printer() -> Callable[[str, int, int], None]:
    def show(name: str, done: int, total: int) -> None:
        click.echo(f"  {name}: {done}/{total} applied", err=True)

    return show


@cli.command()
@click.argument("plan_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option("text", "json", "markdown")
@click.option("--no-color", is_flag=True, help="No colour, even on a terminal.")
@click.option(
    "-v", "--verbose", is_flag=True, help="Show why each file step matched its live step."
)
def show(plan_file: Path, output_format: str, no_color: bool, verbose: bool) -> None:
    """Render a plan saved with `seqsync plan --out`."""
    from seqsync.workflow.commands import load_plan, render_plan

    click.echo(
        render_plan(
            load_plan(plan_file), output_format, color=use_color(no_color), verbose=verbose
        ),
        nl=False,
    )


@cli.command(name="import")
@click.option("--connection", required=True, help="The connection in seqsync.yaml to import from.")
@click.option(
    "--id", "ids", multiple=True, metavar="ID", help="A live sequence to import (repeatable)."
)
@click.option("--all", "everything", is_flag=True, help="Every sequence of the connection.")
@click.option(
    "--dir",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("sequences"),
    show_default=True,
    help="Where to write the YAML (content files go below it, in emails/).",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def import_(
    connection: str, ids: tuple[str, ...], everything: bool, folder: Path, force: bool
) -> None:
    """Write YAML (and one .html file per email body) from live sequences.

    Every step and variant is pinned by id, and each file is checked to validate and to
    plan to zero changes before it is written; what cannot be represented is reported.
    """
    from seqsync.config.discovery import find_config
    from seqsync.config.project import load_project
    from seqsync.workflow.importing import ImportRequest, run_import

    config_path = find_config([Path.cwd()])
    project = load_project([config_path.parent / "seqsync.yaml"], Path.cwd())
    if project.config is None:
        raise InvalidInput(project.diagnostics)
    outcome = run_import(
        project.config, project.root, ImportRequest(connection, ids, everything, folder, force)
    )
    for name, path, files in outcome.written:
        extra = f" and {files} content file{'s' if files != 1 else ''}" if files else ""
        click.echo(f"wrote {path}{extra} ({name})")
    for sequence_id, why in outcome.skipped:
        click.echo(f"not imported: {sequence_id}: {why}", err=True)
    if outcome.skipped:
        raise SeqsyncError(f"{len(outcome.skipped)} sequence(s) not imported; see above")


@cli.group()
def sandbox() -> None:
    """Run the embedded Saleshandy, Supaglue and Inbox emulators."""


STATE_OPTION = click.option(
    "--state",
    "state_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".seqsync/sandbox.json"),
    show_default=True,
    help="The sandbox's state file.",
)


@sandbox.command()
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8080,
    show_default=True,
    help="0 picks a free port.",
)
@STATE_OPTION
@click.option(
    "--latency-ms", type=click.FloatRange(min=0), default=0.0, help="Added to every response."
)
@click.option(
    "--error-rate", type=click.FloatRange(0, 1), default=0.0, help="Share of requests answered 5xx."
)
@click.option(
    "--burst-429-every",
    type=click.IntRange(min=0),
    default=0,
    help="Every Nth request starts a 429 burst.",
)
@click.option(
    "--burst-429-length", type=click.IntRange(min=1), default=3, help="Requests per 429 burst."
)
@click.option(
    "--drop-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    help="Share of connections dropped unanswered.",
)
@click.option(
    "--lost-response-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    help="Share of writes applied whose response is then lost.",
)
@click.option(
    "--slow-rate",
    type=click.FloatRange(0, 1),
    default=0.0,
    help="Share answered after --slow-seconds.",
)
@click.option(
    "--slow-seconds", type=click.FloatRange(min=0), default=35.0, help="Delay of a slow response."
)
@click.option(
    "--seed", type=int, default=None, help="Seed for the fault dice, for repeatable runs."
)
@click.option(
    "--record",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append every request to this JSON-lines file.",
)
@click.option("--no-rate-limits", is_flag=True, help="Switch off Inbox's per-token rate limits.")
def serve(
    port: int, state_file: Path, record: Path | None, no_rate_limits: bool, **faults: float
) -> None:
    """Serve the emulators over HTTP on 127.0.0.1 until interrupted.

    Base URLs: http://127.0.0.1:PORT/saleshandy, /supaglue and /inbox.
    """
    from seqsync.sandbox.core import Sandbox
    from seqsync.sandbox.faults import Faults
    from seqsync.sandbox.recorder import Recorder
    from seqsync.sandbox.server import make_server

    sandbox_ = Sandbox.at(
        state_file,
        faults=Faults(**faults),  # type: ignore[arg-type]
        recorder=Recorder(record),
        inbox_rate_limits=not no_rate_limits,
    )
    server = make_server(sandbox_, port)
    bound = server.server_address[1]
    click.echo(f"sandbox serving on http://127.0.0.1:{bound} (state: {state_file})")
    sys.stdout.flush()
    try:
        server.serve_forever()
    finally:
        server.server_close()


@sandbox.command()
@STATE_OPTION
def reset(state_file: Path) -> None:
    """Put the sandbox back in its seeded state."""
    from seqsync.sandbox.core import Sandbox

    Sandbox.at(state_file).store.reset()
    click.echo(f"sandbox state reset: {state_file}", err=True)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and turn every outcome into an exit code: 0, 1, 2 (changes) or 130."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        code = cli.main(args=argv, prog_name="seqsync", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.UsageError as exc:
        # click uses exit 2 for usage errors; 2 is reserved for "changes present".
        exc.show()
        code = EXIT_ERROR
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        click.echo("Interrupted.", err=True)
        code = EXIT_INTERRUPTED
    except InvalidInput as exc:
        if not exc.shown:
            from seqsync.render.diagnostics import render_text

            click.echo(render_text(exc.diagnostics), nl=False, err=True)
        click.echo(f"Error: {exc}.", err=True)
        code = exc.exit_code
    except PlanFailed as exc:
        click.echo(f"Error: {exc}.", err=True)
        code = exc.exit_code
    except SeqsyncError as exc:
        if debug:
            traceback.print_exc()
        click.echo(f"Error: {exc}", err=True)
        code = exc.exit_code
    except Exception:  # a bug: say so plainly, show the traceback only on request
        if debug:
            traceback.print_exc()
        exc_type = sys.exc_info()[0]
        click.echo(
            f"Internal error ({exc_type.__name__ if exc_type else 'unknown'}): this is a bug "
            "in seqsync. Run again with --debug and report the traceback.",
            err=True,
        )
        code = EXIT_ERROR
    sys.exit(code if isinstance(code, int) else 0)

"""The command group, the offline commands, and ``main``: where errors become exit codes."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

import click

from seqsync import __version__, collector
from seqsync.cli.options import PATHS, Commands, complete_connections, format_option, group_options
from seqsync.errors import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    InvalidInput,
    PlanFailed,
    SeqsyncError,
)

if TYPE_CHECKING:
    from seqsync.project.loader import Project

log = logging.getLogger("seqsync")


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="seqsync")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@group_options
def cli(debug: bool) -> None:
    """Manage sales-engagement sequences as code: validate, plan, apply."""
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
@click.option(
    "--lint",
    "with_lint",
    is_flag=True,
    help="Also run the content rules of `seqsync lint` (at their seqsync.yaml severities).",
)
def validate(paths: tuple[Path, ...], output_format: str, with_lint: bool) -> None:
    """Check sequence files offline: YAML, schema, provider rules, cross-file rules.

    PATHS are files or folders (default: the current folder). Every problem is reported
    at once. Exits 0 when the files are valid and 1 when they are not.
    """
    from seqsync.project.loader import load_project
    from seqsync.render.diagnostics import RENDERERS

    project = load_project(list(paths), Path.cwd())
    # Warnings (look-alike titles, …) are shown beside the errors; only errors fail.
    click.echo(RENDERERS[output_format](project.diagnostics + project.warnings), nl=False)
    if project.diagnostics:
        raise InvalidInput(project.diagnostics, shown=True)
    count = len(project.sequences)
    click.echo(f"{count} sequence{'s' if count != 1 else ''} valid.", err=True)
    if with_lint:  # stdout keeps validate's own document; findings join it only as text
        json_out = output_format == "json"
        _lint(project, "text" if json_out else output_format, to_stderr=json_out)


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
    from seqsync.render.schemas import SCHEMAS, render_schema

    stale: list[str] = []
    missing: list[str] = []
    for name in SCHEMAS:
        target = out_dir / name
        text = render_schema(name)
        current = target.read_text(encoding="utf-8") if target.is_file() else None
        if current == text:
            continue
        # A file that is not there is not "out of date": saying so sends a user looking
        # for an old file instead of at the folder.
        (stale if current is not None else missing).append(str(target))
        if not check:
            out_dir.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            click.echo(f"wrote {target}", err=True)
    if check and (stale or missing):
        problems = [
            f"{what}: {', '.join(files)}"
            for what, files in (("missing", missing), ("out of date", stale))
            if files
        ]
        raise SeqsyncError(f"{'; '.join(problems)}; run `seqsync schema --out {out_dir}`")


@cli.command()
@PATHS
@format_option("text", "json", "github", help="github: workflow annotations on the lines.")
def lint(paths: tuple[Path, ...], output_format: str) -> None:
    """Content rules beyond what the APIs refuse: broken HTML, template logic sent raw,
    risky links, images without alt, clipped emails, long subjects, empty task notes,
    merge-tag typos and other providers' spellings, spintax where there is none.
    Severities per rule in seqsync.yaml `lint:`; exit 1 on any error."""
    from seqsync.workflow.commands import valid_project

    _lint(valid_project(list(paths)), output_format)


def _lint(project: Project, output_format: str, *, to_stderr: bool = False) -> None:
    """Print the project's lint findings; raise when any is an error."""
    import json

    from seqsync.project.lint import RULES, lint_project

    severities = project.config.lint if project.config is not None else {}
    unknown = sorted(set(severities) - set(RULES))
    if unknown:
        raise SeqsyncError(
            f"seqsync.yaml lint: no rule is named {', '.join(unknown)} (rules: {', '.join(RULES)})"
        )
    findings = lint_project(project, severities)
    if output_format == "json":
        click.echo(json.dumps([finding.to_data() for finding in findings], indent=2), err=to_stderr)
    else:
        for finding in findings:
            if output_format == "github":
                level = "error" if finding.severity == "error" else "warning"
                click.echo(
                    f"::{level} file={finding.path},line={finding.line},col={finding.col},"
                    f"title={finding.rule}::{finding.message}",
                    err=to_stderr,
                )
            else:
                click.echo(str(finding), err=to_stderr)
    errors = sum(finding.severity == "error" for finding in findings)
    click.echo(f"{len(findings)} finding(s), {errors} error(s).", err=True)
    if errors:
        raise SeqsyncError(f"{errors} lint error(s); fix them or set their rule's severity")


@cli.command()
@PATHS
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a file is not formatted.")
@format_option("text", "github", help="github: an annotation at each file's first line to change.")
def fmt(paths: tuple[Path, ...], check: bool, output_format: str) -> None:
    """Rewrite sequence files in canonical form: key order, quoting, indentation
    (comments kept). --check for CI."""
    from seqsync.project.formatting import format_project

    results, problems = format_project(list(paths), Path.cwd(), write=not check)
    changed = [result.path for result in results if result.changed]
    for path in changed:
        click.echo(f"{'would reformat' if check else 'formatted'} {path}", err=True)
    for problem in problems:
        click.echo(f"error: {problem}", err=True)
    if output_format == "github" and check:
        # On the file's first line to change, so the annotation shows in the diff view.
        for result in results:
            if result.changed:
                line = _first_changed_line(result.path.read_text(encoding="utf-8"), result.text)
                click.echo(
                    f"::error file={result.path},line={line},title=seqsync fmt::"
                    "not in canonical form from this line on; run `seqsync fmt`"
                )
        for problem in problems:
            where, _, why = problem.partition(": ")
            click.echo(f"::error file={where},line=1,title=seqsync fmt::{why}")
    if problems or (check and changed):
        raise SeqsyncError(
            f"{len(changed)} file(s) not formatted; run `seqsync fmt`"
            if check and changed and not problems
            else f"{len(problems)} file(s) could not be formatted"
        )
    if not changed:
        click.echo(f"{len(results)} file(s) already formatted.", err=True)


def _first_changed_line(current: str, canonical: str) -> int:
    """The 1-based number of the first line ``fmt`` would change."""
    lines = current.splitlines()
    pairs = zip(lines, canonical.splitlines(), strict=False)
    first = next((index for index, (a, b) in enumerate(pairs) if a != b), None)
    # Otherwise one text is the other plus lines or a line ending: the file's last line.
    return first + 1 if first is not None else max(1, len(lines))


@cli.command()
@click.argument(
    "folder", type=click.Path(file_okay=False, path_type=Path), default=Path("."), required=False
)
def init(folder: Path) -> None:
    """Start a project in FOLDER (default: here): seqsync.yaml with a sandbox connection
    and a starter sequence per provider, their schemas, and .gitignore for the sandbox."""
    from seqsync.workflow.starter import init_project

    folder.mkdir(parents=True, exist_ok=True)
    written, notes = init_project(folder)
    for path in written:
        click.echo(f"wrote {path}", err=True)
    for note in notes:
        click.echo(f"note: {note}", err=True)
    where = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder} && "
    click.echo(
        f"Next: {where}seqsync validate && seqsync plan   (the sandbox needs no account)",
        err=True,
    )


@cli.command(name="import")
@click.option(
    "--connection",
    required=True,
    shell_complete=complete_connections,
    help="The connection in seqsync.yaml to import from.",
)
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
    from seqsync.project.loader import load_project
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


def _degrade_unencodable_output() -> None:
    """A terminal whose encoding lacks a character (``→``, ``⏸`` under cp1252) gets a
    replacement instead of a crash halfway through a plan."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _leave_out_httpx_command_line() -> None:
    """httpx imports its own command line (``httpx._main``: rich, pygments) whenever
    those happen to be installed, about 35 ms of every command's start-up for a client
    seqsync never runs. A None entry makes that import fail as it does when they are
    missing, which httpx expects (httpx/__init__.py: ``try: from ._main import main``
    ``except ImportError``)."""
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and turn every outcome into an exit code: 0, 1, 2 (changes) or 130."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    if argv is None:  # run as the command: the process and its collector are ours
        collector.take_over()
        _leave_out_httpx_command_line()
    _degrade_unencodable_output()
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
    code = code if isinstance(code, int) else 0
    collector.ending(code)
    sys.exit(code)

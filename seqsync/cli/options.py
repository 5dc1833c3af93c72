"""Options shared by several commands, defined once."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from click.shell_completion import CompletionItem

from seqsync.errors import SeqsyncError

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


def _config_data(context: click.Context) -> dict[str, Any]:
    """seqsync.yaml above the command's first path (or here) as plain data, for completion;
    {} when there is none or it does not parse: completion never fails a shell."""
    from seqsync.config.discovery import find_config
    from seqsync.config.yaml_reader import load_plain

    paths = context.params.get("paths") or (Path.cwd(),)
    try:
        documents = load_plain(find_config(list(paths)).read_text(encoding="utf-8")) or [None]
    except (OSError, ValueError, click.ClickException, SeqsyncError):
        return {}
    return documents[0] if isinstance(documents[0], dict) else {}


def _names(mapping: Any, incomplete: str) -> list[CompletionItem]:
    names = mapping if isinstance(mapping, dict) else {}
    return [CompletionItem(str(name)) for name in names if str(name).startswith(incomplete)]


def complete_connections(
    context: click.Context, parameter: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The connection names of seqsync.yaml."""
    return _names(_config_data(context).get("connections"), incomplete)


def complete_environments(
    context: click.Context, parameter: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The environment names of seqsync.yaml."""
    return _names(_config_data(context).get("environments"), incomplete)


def complete_sequences(
    context: click.Context, parameter: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The project's sequence names (for_each copies as ``name[connection]`` too)."""
    from seqsync.project.loader import load_project

    paths = list(context.params.get("paths") or (Path.cwd(),))
    try:
        project = load_project(paths, Path.cwd())
    except (OSError, ValueError, click.ClickException, SeqsyncError):
        return []
    names = sorted({loaded.model.name for loaded in project.sequences})
    return [CompletionItem(name) for name in names if name.startswith(incomplete)]


def selection_options(command: Callable[..., None]) -> Callable[..., None]:
    """--target / --exclude / --parallelism, shared by plan and apply."""
    command = click.option(
        "--parallelism",
        type=click.IntRange(1, 64),
        default=8,
        show_default=True,
        help="Sequences of one connection read (and applied) at once.",
    )(command)
    command = click.option(
        "--exclude",
        "excludes",
        multiple=True,
        metavar="GLOB",
        shell_complete=complete_sequences,
        help="Skip sequences whose name matches.",
    )(command)
    return click.option(
        "--target",
        "targets",
        multiple=True,
        metavar="GLOB",
        shell_complete=complete_sequences,
        help="Only sequences whose name matches.",
    )(command)


def use_color(no_color: bool) -> bool:
    """Colour on a terminal; never with --no-color or NO_COLOR (no-color.org); always
    with FORCE_COLOR (other than "0"), as CI logs that render ANSI ask."""
    context = click.get_current_context(silent=True)
    before_the_command = context is not None and context.meta.get(_NO_COLOR_KEY, False)
    if no_color or before_the_command or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return sys.stdout.isatty()


def _environment(context: click.Context, parameter: click.Parameter, value: str | None) -> None:
    """--env NAME is SEQSYNC_ENV for the rest of the command (the project loader reads it)."""
    if value:
        from seqsync.config.environments import ENV_VARIABLE  # not on --help's cold path

        os.environ[ENV_VARIABLE] = value


_NO_COLOR_KEY = "seqsync.no_color"


def _no_color(context: click.Context, parameter: click.Parameter, value: bool) -> None:
    """--no-color before the command's name: every command's use_color sees it (click
    shares ``meta`` between a group's context and its command's)."""
    if value:
        context.meta[_NO_COLOR_KEY] = True


def group_options(command: Callable[..., None]) -> Callable[..., None]:
    """--env and --no-color before the command's name (``seqsync --env staging plan``),
    as the README says every command takes them."""
    command = click.option(
        "--no-color",
        is_flag=True,
        expose_value=False,
        callback=_no_color,
        help="No colour, even on a terminal.",
    )(command)
    return click.option(
        "--env",
        metavar="NAME",
        expose_value=False,
        callback=_environment,
        shell_complete=complete_environments,
        help="The environment in seqsync.yaml to use (default: $SEQSYNC_ENV).",
    )(command)


def _debug(context: click.Context, parameter: click.Parameter, value: bool) -> bool:
    if value:
        logging.getLogger().setLevel(logging.DEBUG)
    return value


def _global_options() -> list[tuple[click.Option, bool]]:
    """The options every command takes after its name (and whether groups take them)."""
    return [
        (
            click.Option(
                ["--debug"],
                is_flag=True,
                expose_value=False,
                callback=_debug,
                help="Show tracebacks and debug logs.",
            ),
            True,
        ),
        (
            click.Option(
                ["--env"],
                metavar="NAME",
                expose_value=False,
                callback=_environment,
                shell_complete=complete_environments,
                help="The environment in seqsync.yaml to use (default: $SEQSYNC_ENV).",
            ),
            False,
        ),
        (
            click.Option(
                ["--no-color"],
                is_flag=True,
                expose_value=False,
                callback=_no_color,
                help="No colour (this command prints none; accepted everywhere).",
            ),
            False,
        ),
    ]


class Commands(click.Group):
    """A command group whose every command also takes the global options after its
    name (``seqsync plan --debug``), as kubectl's and terraform's do: ``--debug``, and
    ``--no-color`` (accepted where nothing is coloured, so scripts can pass it always)."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        known = {parameter.name for parameter in cmd.params}
        for option, on_groups in _global_options():
            if option.name not in known and (on_groups or not isinstance(cmd, click.Group)):
                cmd.params.append(option)
        super().add_command(cmd, name)

"""Options shared by several commands, defined once."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

import click

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
    """Colour on a terminal; never with --no-color or NO_COLOR (no-color.org); always
    with FORCE_COLOR (other than "0"), as CI logs that render ANSI ask."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return sys.stdout.isatty()


def _environment(context: click.Context, parameter: click.Parameter, value: str | None) -> None:
    """--env NAME is SEQSYNC_ENV for the rest of the command (the project loader reads it)."""
    if value:
        from seqsync.config.environments import ENV_VARIABLE  # not on --help's cold path

        os.environ[ENV_VARIABLE] = value


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
                help="The environment in seqsync.yaml to use (default: $SEQSYNC_ENV).",
            ),
            False,
        ),
        (
            click.Option(
                ["--no-color"],
                is_flag=True,
                expose_value=False,
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

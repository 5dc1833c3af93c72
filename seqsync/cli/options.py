"""Options shared by several commands, defined once."""

from __future__ import annotations

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
    return not no_color and not os.environ.get("NO_COLOR") and sys.stdout.isatty()

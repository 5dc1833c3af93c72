"""check: first contact with each connection's account, without a write."""

from __future__ import annotations

from pathlib import Path

import click

from seqsync.cli.app import cli
from seqsync.cli.options import PATHS, complete_connections, format_option
from seqsync.errors import SeqsyncError


@cli.command()
@PATHS
@click.option(
    "--connection",
    "connections",
    multiple=True,
    metavar="NAME",
    shell_complete=complete_connections,
    help="Only this connection of seqsync.yaml (repeatable; default: all of them).",
)
@click.option(
    "--sample",
    type=click.IntRange(0, 100),
    default=3,
    show_default=True,
    help="Sequences read per connection: those the files pin first, then the listing's.",
)
@click.option(
    "--connections-from",
    "connections_from",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="Take connections from this trusted seqsync.yaml (the base branch's, in CI).",
)
@format_option("text", "json")
def check(
    paths: tuple[Path, ...],
    connections: tuple[str, ...],
    sample: int,
    connections_from: Path | None,
    output_format: str,
) -> None:
    """Check each connection's account without writing: authenticate, list and read a few
    sequences, and compare the raw responses with what seqsync relies on.

    Reports what the account does where the API allows more than one answer. Exits 0
    when everything matches and 1 on any mismatch, naming the request and the field.
    """
    from seqsync.render.check import render_check_json, render_check_text
    from seqsync.workflow.check import failure_summary, run_check
    from seqsync.workflow.commands import valid_project

    project = valid_project(list(paths), connections_from)
    reports = run_check(project, connections, sample)
    render = render_check_json if output_format == "json" else render_check_text
    click.echo(render(reports), nl=False)
    summary = failure_summary(reports)
    if summary is not None:
        raise SeqsyncError(summary)

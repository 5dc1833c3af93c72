"""``seqsync sandbox serve | reset``: the embedded emulators."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import click

from seqsync.cli.app import cli
from seqsync.cli.options import Commands
from seqsync.errors import UsageError


@cli.group(cls=Commands)
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
    "--latency-ms",
    type=click.FloatRange(min=0),
    default=0.0,
    help="Each response is sent this long after its request arrived (the emulator's own "
    "work included, as a real server's is in its response time).",
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
@click.option(
    "--world",
    "world_settings",
    multiple=True,
    metavar="SWITCH=VALUE",
    help="Answer an open provider question one way (repeatable; over $SEQSYNC_SANDBOX_WORLD); "
    "see docs/sandbox-worlds.md.",
)
def serve(
    port: int,
    state_file: Path,
    record: Path | None,
    no_rate_limits: bool,
    world_settings: tuple[str, ...],
    **faults: float,
) -> None:
    """Serve the emulators over HTTP on 127.0.0.1 until interrupted.

    Base URLs: http://127.0.0.1:PORT/saleshandy, /supaglue and /inbox.
    """
    from seqsync.sandbox.core import Sandbox
    from seqsync.sandbox.faults import Faults
    from seqsync.sandbox.recorder import Recorder
    from seqsync.sandbox.server import make_server
    from seqsync.sandbox.worlds import World

    try:
        world = World.from_text(",".join(world_settings), base=World.from_environment())
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    sandbox_ = Sandbox.at(
        state_file,
        faults=Faults(**faults),  # type: ignore[arg-type]
        recorder=Recorder(record),
        inbox_rate_limits=not no_rate_limits,
        world=world,
    )
    server = make_server(sandbox_, port)
    bound = server.server_address[1]
    click.echo(
        f"sandbox serving on http://127.0.0.1:{bound} (state: {state_file}; {world.describe()})"
    )
    sys.stdout.flush()
    # A stop by SIGTERM (a container, a supervisor) ends like Ctrl-C: the state's pending
    # writes are flushed at exit, not lost with the process.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
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

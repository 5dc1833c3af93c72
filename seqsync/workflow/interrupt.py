"""What Ctrl-C does during apply, in one place: the first sets the stop flag, so the
operations in flight finish and the report is accurate; a second stops the process at
once, as Terraform's does (the operating system releases the apply lock)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator

from seqsync.errors import EXIT_INTERRUPTED

FIRST_INTERRUPT = (
    "Interrupted: the operations in flight finish, nothing new starts, and the report "
    "lists what was applied. Press Ctrl-C again to stop at once."
)
SECOND_INTERRUPT = (
    "Stopped at once: operations in flight may or may not have been applied. Run "
    "`seqsync plan` to see where things stand."
)


@contextlib.contextmanager
def interruptible(stop: asyncio.Event, announce: Callable[[str], None]) -> Iterator[None]:
    """Within the running event loop: Ctrl-C sets ``stop``, twice ends the process;
    ``announce`` tells the user which happened."""
    loop = asyncio.get_running_loop()

    def interrupted() -> None:
        if stop.is_set():
            announce(SECOND_INTERRUPT)
            _flush_embedded_sandbox()  # the writes it accepted happened, as on a real API
            os._exit(EXIT_INTERRUPTED)
        stop.set()
        announce(FIRST_INTERRUPT)

    loop.add_signal_handler(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        loop.remove_signal_handler(signal.SIGINT)


def _flush_embedded_sandbox() -> None:
    sandbox_state = sys.modules.get("seqsync.sandbox.state")
    if sandbox_state is not None:  # only if this process runs the embedded sandbox
        sandbox_state.flush_all()
